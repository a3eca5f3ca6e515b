/**
 * @module detect/yara/rule-prerequisites
 * What a file must be for a rule to have any chance of matching, read from the rule's condition:
 * an upper bound on its size (`filesize < N`, `filesize <= N`) and fixed leading bytes
 * (`uint16(0) == 0x5a4d` and the other `uintN`/`uintNbe` forms at offset 0). Only conjuncts of
 * the condition's top level count (split on `and` outside parentheses), so each one is required
 * by the condition: a file that fails one cannot match, whatever the rest of the rule says. A
 * top-level `or`, or a condition whose structure is not understood, gives no prerequisite; any
 * other conjunct (strings, modules, `not …`) simply adds none. Exact, never a heuristic: a rule
 * is skipped only where it could not have matched.
 */
import type { Token } from './source-reader.js';

/** `uintW(0) == value`, read little-endian unless `bigEndian`. */
export interface Magic {
  width: 1 | 2 | 4;
  bigEndian: boolean;
  value: number;
}

export interface Prerequisites {
  /** The rule cannot match a file of this many bytes or more (Infinity: no bound). */
  sizeBelow: number;
  /** Every one of these must hold for the file's first bytes. */
  magics: Magic[];
}

export const NO_PREREQUISITES: Prerequisites = { sizeBelow: Infinity, magics: [] };

/** An integer literal as YARA reads it (decimal, hex, octal, with KB/MB), or null. */
export function integerValue(text: string): number | null {
  const m = /^(?:0x([0-9a-fA-F]+)|0o([0-7]+)|([0-9]+))(KB|MB)?$/.exec(text);
  if (!m) return null;
  const base =
    m[1] !== undefined ? parseInt(m[1], 16) : m[2] !== undefined ? parseInt(m[2], 8) : Number(m[3]);
  const scale = m[4] === 'KB' ? 1024 : m[4] === 'MB' ? 1024 * 1024 : 1;
  const v = base * scale;
  return Number.isSafeInteger(v) ? v : null;
}

const OPEN = new Set(['(', '[']);
const CLOSE = new Set([')', ']']);

/**
 * The top-level conjuncts of `tokens`, or null if the top level is not a plain conjunction
 * (an `or` outside parentheses, unbalanced brackets, an empty conjunct).
 */
function conjuncts(tokens: readonly Token[]): Token[][] | null {
  const parts: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && OPEN.has(t.text)) depth++;
    else if (t.kind === 'punct' && CLOSE.has(t.text) && --depth < 0) return null;
    if (depth === 0 && t.kind === 'ident' && (t.text === 'or' || t.text === 'and')) {
      if (t.text === 'or' || current.length === 0) return null;
      parts.push(current);
      current = [];
      continue;
    }
    current.push(t);
  }
  if (depth !== 0 || current.length === 0) return null;
  parts.push(current);
  return parts;
}

/** Whether the first token is a `(` whose matching `)` is the last token. */
function wrapped(tokens: readonly Token[]): boolean {
  if (tokens[0]?.text !== '(' || tokens[tokens.length - 1]?.text !== ')') return false;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (OPEN.has(t.text)) depth++;
    else if (CLOSE.has(t.text) && --depth === 0) return i === tokens.length - 1;
  }
  return false;
}

const MAGIC_FUNCTION = /^uint(8|16|32)(be)?$/;

function readConjunct(c: readonly Token[], into: Prerequisites): void {
  const text = c.map((t) => t.text);
  // filesize < N | filesize <= N
  if (c.length === 3 && text[0] === 'filesize' && (text[1] === '<' || text[1] === '<=')) {
    const n = c[2]!.kind === 'number' ? integerValue(text[2]!) : null;
    if (n !== null) into.sizeBelow = Math.min(into.sizeBelow, text[1] === '<' ? n : n + 1);
    return;
  }
  // uintW[be] ( 0 ) == K
  const fn = MAGIC_FUNCTION.exec(text[0] ?? '');
  if (fn && c.length === 6 && text[1] === '(' && text[3] === ')' && text[4] === '==') {
    const offset = c[2]!.kind === 'number' ? integerValue(text[2]!) : null;
    const value = c[5]!.kind === 'number' ? integerValue(text[5]!) : null;
    const width = (Number(fn[1]) / 8) as 1 | 2 | 4;
    // A value wider than the read can never be equal; such a rule is left alone, not skipped.
    if (offset === 0 && value !== null && value < 2 ** (8 * width))
      into.magics.push({ width, bigEndian: fn[2] === 'be', value });
  }
}

function collect(tokens: readonly Token[], into: Prerequisites): boolean {
  const parts = conjuncts(tokens);
  if (!parts) return false;
  for (const part of parts) {
    // `(a and b)` as a conjunct: its own conjuncts are required too. One with an `or` inside
    // is required as a whole but yields nothing.
    if (wrapped(part)) collect(part.slice(1, -1), into);
    else readConjunct(part, into);
  }
  return true;
}

/** The prerequisites of a rule whose condition is `condition` (see the module comment). */
export function prerequisitesOf(condition: readonly Token[]): Prerequisites {
  const found: Prerequisites = { sizeBelow: Infinity, magics: [] };
  return collect(condition, found) ? found : NO_PREREQUISITES;
}

/**
 * Identifiers a condition may use as rule names: every identifier, and `Prefix*` patterns
 * (`any of (Prefix*)`) as `Prefix*`. Over-inclusive on purpose (module fields, loop variables):
 * a false reference only keeps a rule whole.
 */
export function namesIn(condition: readonly Token[]): string[] {
  const out: string[] = [];
  condition.forEach((t, i) => {
    if (t.kind !== 'ident') return;
    const star = condition[i + 1];
    // Spacing is ignored: `Prefix *` read as a pattern only keeps more rules whole.
    out.push(star?.text === '*' ? `${t.text}*` : t.text);
  });
  return out;
}
