/**
 * @module detect/yara/source-reader
 * Splits one YARA source into its imports and rule blocks, and each rule's condition into tokens,
 * so the YARA-X backend can compile a unit with only the rules that can still match a file (see
 * rule-prerequisites.ts and partition-plan.ts). It is a tokenizer plus the top-level grammar of
 * a rule file, not a YARA parser: comments, quoted strings (braces and escapes inside), regexes
 * and hex strings are read as single tokens so a `}` or `and` inside them is never mistaken for
 * structure. Anything at the top level it does not know (an `include`, a stray token, an
 * unbalanced brace) makes the whole source unreadable, and the caller then keeps it whole.
 */

export type TokenKind = 'ident' | 'number' | 'string' | 'regex' | 'hex' | 'var' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offsets into the source text ([start, end)). */
  start: number;
  end: number;
}

export interface RuleBlock {
  name: string;
  isPrivate: boolean;
  isGlobal: boolean;
  /** The block's extent in the source, from its first modifier to its closing brace. */
  start: number;
  end: number;
  /** Tokens between `condition:` and the closing brace (comments dropped). */
  condition: Token[];
  /** Tokens between `strings:` and `condition:`; empty for a rule without strings. */
  strings: Token[];
}

export interface SourceOutline {
  imports: string[];
  rules: RuleBlock[];
}

export type ReadResult = { ok: true; outline: SourceOutline } | { ok: false; reason: string };

// Sticky expressions read a whole token at the current offset (much faster in V8 than testing
// character by character: signature-base is 8.5 MB of rule text).
const BLANKS = /\s*/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F]+|0o[0-7]+|[0-9]+(?:\.[0-9]+)?)(?:KB|MB)?/y;
const VAR = /[$#@!][A-Za-z0-9_]*/y;

/** End of the match of sticky `re` at `at` (`at` itself when it matches nothing). */
function matchEnd(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : at;
}

const TWO_CHAR_OPS = new Set(['==', '!=', '<=', '>=', '<<', '>>', '..']);

class Lexer {
  private pos = 0;
  /** The previous token, which decides whether `/` opens a regex and `{` a hex string. */
  private prev: Token | null = null;

  constructor(private readonly text: string) {}

  /** The next token, null at the end, or an error message. */
  next(): Token | null | string {
    const skipped = this.skipSpaceAndComments();
    if (skipped) return skipped;
    const { text } = this;
    const start = this.pos;
    if (start >= text.length) return null;
    const ch = text[start]!;
    let kind: TokenKind;
    if (ch === '"') {
      const end = this.scanQuoted(start);
      if (end < 0) return `unterminated string at offset ${start}`;
      this.pos = end;
      kind = 'string';
    } else if (ch === '/' && this.regexAllowed()) {
      const end = this.scanRegex(start);
      if (end < 0) return `unterminated regular expression at offset ${start}`;
      this.pos = end;
      kind = 'regex';
    } else if (ch === '{' && this.prev?.text === '=') {
      const end = this.scanHex(start);
      if (end < 0) return `unterminated hex string at offset ${start}`;
      this.pos = end;
      kind = 'hex';
    } else if (ch >= '0' && ch <= '9') {
      // A float's fraction needs a digit after the dot, so a range `1..3` stays a range.
      this.pos = matchEnd(NUMBER, text, start);
      kind = 'number';
    } else if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch === '_') {
      this.pos = matchEnd(IDENT, text, start);
      kind = 'ident';
    } else if ('$#@!'.includes(ch) && (ch === '$' || text[start + 1] !== '=')) {
      // `$=` opens an anonymous string; `!=` is an operator.
      this.pos = matchEnd(VAR, text, start);
      kind = 'var';
    } else {
      const two = text.slice(start, start + 2);
      this.pos = start + (TWO_CHAR_OPS.has(two) ? 2 : 1);
      kind = 'punct';
    }
    const token: Token = { kind, text: text.slice(start, this.pos), start, end: this.pos };
    this.prev = token;
    return token;
  }

  private regexAllowed(): boolean {
    const p = this.prev;
    return p !== null && (p.text === '=' || (p.kind === 'ident' && p.text === 'matches'));
  }

  /** Skips blanks and comments; an error message for an unterminated block comment. */
  private skipSpaceAndComments(): string | null {
    const { text } = this;
    for (;;) {
      this.pos = matchEnd(BLANKS, text, this.pos);
      if (text.startsWith('//', this.pos)) {
        const nl = text.indexOf('\n', this.pos);
        this.pos = nl < 0 ? text.length : nl + 1;
      } else if (text.startsWith('/*', this.pos)) {
        const close = text.indexOf('*/', this.pos + 2);
        if (close < 0) return `unterminated comment at offset ${this.pos}`;
        this.pos = close + 2;
      } else {
        return null;
      }
    }
  }

  /** End offset (exclusive) of the quoted string opening at `start`, or -1. */
  private scanQuoted(start: number): number {
    const { text } = this;
    for (let i = start + 1; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\\') i++;
      else if (c === '"') return i + 1;
      else if (c === '\n') return -1;
    }
    return -1;
  }

  /** A regex ends at the first unescaped `/`, then its modifier letters. */
  private scanRegex(start: number): number {
    const { text } = this;
    for (let i = start + 1; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\\') i++;
      else if (c === '\n') return -1;
      else if (c === '/') {
        let j = i + 1;
        while (j < text.length && /[a-zA-Z]/.test(text[j]!)) j++;
        return j;
      }
    }
    return -1;
  }

  /** A hex string has no nested braces; comments inside it are skipped. */
  private scanHex(start: number): number {
    const { text } = this;
    for (let i = start + 1; i < text.length; i++) {
      if (text.startsWith('//', i)) {
        const nl = text.indexOf('\n', i);
        if (nl < 0) return -1;
        i = nl;
      } else if (text.startsWith('/*', i)) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) return -1;
        i = close + 1;
      } else if (text[i] === '}') {
        return i + 1;
      }
    }
    return -1;
  }
}

/** Every token of `text`, or the reason it cannot be tokenized. */
export function tokenize(text: string): Token[] | string {
  const lexer = new Lexer(text);
  const out: Token[] = [];
  for (;;) {
    const t = lexer.next();
    if (t === null) return out;
    if (typeof t === 'string') return t;
    out.push(t);
  }
}

/** Reads the body tokens of a rule from its `{` at `open` to the matching `}`. */
function readBody(
  tokens: Token[],
  open: number,
): { close: number; condition: Token[]; strings: Token[] } | string {
  let condAt = -1;
  let stringsAt = -1;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    // Braces inside a rule appear only as hex strings (single tokens), so the first bare `}`
    // closes the rule.
    if (t.kind === 'punct' && t.text === '{') return `unexpected '{' at offset ${t.start}`;
    if (t.kind === 'punct' && t.text === '}') {
      if (condAt < 0) return `rule without condition at offset ${tokens[open]!.start}`;
      const strings = stringsAt < 0 ? [] : tokens.slice(stringsAt, condAt - 2);
      return { close: i, condition: tokens.slice(condAt, i), strings };
    }
    if (t.kind === 'ident' && t.text === 'strings' && tokens[i + 1]?.text === ':' && condAt < 0) {
      stringsAt = i + 2;
      i++;
      continue;
    }
    if (t.kind === 'ident' && t.text === 'condition' && tokens[i + 1]?.text === ':') {
      // `condition:` is the last section of a rule.
      if (condAt >= 0) return `second condition at offset ${t.start}`;
      condAt = i + 2;
      i++;
    }
  }
  return `unterminated rule at offset ${tokens[open]!.start}`;
}

/** Splits a YARA source into imports and rule blocks (see the module comment). */
export function readSource(text: string): ReadResult {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, reason: tokens };
  const imports: string[] = [];
  const rules: RuleBlock[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === 'ident' && t.text === 'import' && tokens[i + 1]?.kind === 'string') {
      imports.push(tokens[i + 1]!.text.slice(1, -1));
      i += 2;
      continue;
    }
    const start = t.start;
    let isPrivate = false;
    let isGlobal = false;
    while (tokens[i]?.kind === 'ident' && (tokens[i]!.text === 'private' || tokens[i]!.text === 'global')) {
      if (tokens[i]!.text === 'private') isPrivate = true;
      else isGlobal = true;
      i++;
    }
    const kw = tokens[i];
    const name = tokens[i + 1];
    if (kw?.kind !== 'ident' || kw.text !== 'rule' || name?.kind !== 'ident')
      return { ok: false, reason: `unexpected '${(kw ?? t).text}' at offset ${(kw ?? t).start}` };
    i += 2;
    if (tokens[i]?.text === ':') {
      i++;
      while (tokens[i]?.kind === 'ident') i++;
    }
    if (tokens[i]?.text !== '{')
      return {
        ok: false,
        reason: `rule ${name.text}: expected '{' at offset ${tokens[i]?.start ?? text.length}`,
      };
    const body = readBody(tokens, i);
    if (typeof body === 'string') return { ok: false, reason: `rule ${name.text}: ${body}` };
    rules.push({
      name: name.text,
      isPrivate,
      isGlobal,
      start,
      end: tokens[body.close]!.end,
      condition: body.condition,
      strings: body.strings,
    });
    i = body.close + 1;
  }
  return { ok: true, outline: { imports, rules } };
}
