/**
 * @module detect/yara/string-literals
 * For each string a rule defines, byte sequences of which every match must contain at least
 * one: the whole text of a text string (its `ascii` and `wide` forms), the longest run of fixed
 * bytes of a hex string, a set of literals of a regular expression (regex-literals.ts). The
 * no-match filter (no-match-filter.ts) searches files for them: a string none of whose literals
 * occurs in a file cannot match it. Literals are ASCII case-folded, so one search serves `nocase`
 * and exact strings alike (folding only finds more, never fewer).
 *
 * `base64` strings give the stable middle of their three encodings; `xor` strings give the XOR of
 * neighbouring bytes, which no single-byte key changes (literal-index.ts searches that view).
 *
 * Whatever this reader is not sure of (a custom base64 alphabet, an escape it does not know, a
 * regex some match of which can avoid every literal, a run shorter than MIN_LITERAL) gives null: the
 * string is taken to be present in every file, which only ever costs a scan.
 */
import { regexLiterals } from './regex-literals.js';
import type { Token } from './source-reader.js';

/** A single byte is too common to rule anything out (and the index keys 2 to 8 bytes). */
export const MIN_LITERAL = 2;

/** A match contains one of `folded` (case-folded) or, in the xor-diff view, one of `diffs`. */
export interface StringLiterals {
  folded: Uint8Array[];
  diffs: Uint8Array[];
}

export interface StringDef {
  /** `$name` without the `$`; '' for an anonymous string. */
  name: string;
  /** null: assume the string matches every file. */
  literals: StringLiterals | null;
}

const FOLD = new Uint8Array(256).map((_, i) => (i >= 0x41 && i <= 0x5a ? i + 0x20 : i));

/** ASCII case folding, the same as the search applies to file bytes. */
export function foldByte(b: number): number {
  return FOLD[b]!;
}

function utf8(codePoint: number): number[] {
  return [...Buffer.from(String.fromCodePoint(codePoint), 'utf8')];
}

/** Bytes of a quoted text string's body, or null for an escape YARA may read otherwise. */
function textBytes(quoted: string): number[] | null {
  const body = quoted.slice(1, -1);
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      if (cp > 0xffff) i++;
      out.push(...utf8(cp));
      continue;
    }
    const e = body[++i];
    if (e === '\\' || e === '"') out.push(e.charCodeAt(0));
    else if (e === 'n') out.push(0x0a);
    else if (e === 't') out.push(0x09);
    else if (e === 'r') out.push(0x0d);
    else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else return null;
  }
  return out;
}

/** Longest run of fixed bytes of a hex string `{ … }` (jumps, wildcards, alternatives and `~` end a run). */
function hexRun(token: string): number[] {
  const body = token
    .slice(1, -1)
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ');
  let best: number[] = [];
  let run: number[] = [];
  const end = () => {
    if (run.length > best.length) best = run;
    run = [];
  };
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (/\s/.test(c)) continue;
    if (c === '(') {
      depth++;
      end();
    } else if (c === ')') {
      depth--;
      end();
    } else if (c === '[') {
      end();
      i = body.indexOf(']', i);
      if (i < 0) return [];
    } else if (c === '~') {
      end();
      i += 2;
    } else if (c === '|') {
      end();
    } else {
      const pair = body.slice(i, i + 2);
      i++;
      if (depth === 0 && /^[0-9a-fA-F]{2}$/.test(pair)) run.push(parseInt(pair, 16));
      else end();
    }
  }
  end();
  return best;
}

function wideOf(bytes: readonly number[]): number[] {
  return bytes.flatMap((b) => [b, 0]);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The parts of the base64 encodings of `run` that do not depend on the bytes around it, at
 * each of the three alignments (what YARA's `base64` modifier searches for).
 */
export function base64Forms(run: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < 3; k++) {
    const bytes = [...new Array<number>(k).fill(0), ...run];
    let enc = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
      const chars = bytes.length - i >= 3 ? 4 : bytes.length - i + 1;
      for (let c = 0; c < chars; c++) enc += B64[(n >> (18 - 6 * c)) & 63];
    }
    // Leading characters mix in the k bytes before; the last one, if partial, the byte after.
    const head = k === 0 ? 0 : k + 1;
    const tail = bytes.length % 3 === 0 ? 0 : 1;
    out.push([...enc.slice(head, enc.length - tail)].map((c) => c.charCodeAt(0)));
  }
  return out;
}

function diffsOf(bytes: readonly number[]): Uint8Array {
  const out = new Uint8Array(bytes.length - 1);
  for (let i = 0; i + 1 < bytes.length; i++) out[i] = bytes[i]! ^ bytes[i + 1]!;
  return out;
}

/**
 * The literals of a string with these modifiers whose matches each contain one of `alts`
 * (one alternative for text and hex strings, one or more for a regex).
 */
function forms(
  alts: readonly (readonly number[])[] | null,
  modifiers: ReadonlySet<string>,
  customAlphabet: boolean,
): StringLiterals | null {
  if (alts === null || alts.length === 0) return null;
  const wide = modifiers.has('wide');
  const plainOf = (run: readonly number[]) => [
    ...(!wide || modifiers.has('ascii') ? [[...run]] : []),
    ...(wide ? [wideOf(run)] : []),
  ];
  const plain = alts.flatMap(plainOf);
  if (modifiers.has('base64') || modifiers.has('base64wide')) {
    if (customAlphabet || modifiers.has('xor') || alts.length !== 1) return null;
    // With `wide`, YARA encodes the wide form; the wide form of the encoding is kept too, so
    // either reading of the modifier is covered (more literals only find more).
    const enc = plain.flatMap(base64Forms);
    const encodings = wide ? [...enc, ...base64Forms(alts[0]!).map(wideOf)] : enc;
    const out = [
      ...(modifiers.has('base64') ? encodings : []),
      ...(modifiers.has('base64wide') ? enc.map(wideOf) : []),
    ];
    if (out.some((f) => f.length < MIN_LITERAL)) return null;
    return { folded: out.map((b) => Uint8Array.from(b, foldByte)), diffs: [] };
  }
  if (modifiers.has('xor')) {
    // Every key, 0 included, leaves the XOR of neighbouring bytes as it is.
    if (plain.some((f) => f.length - 1 < MIN_LITERAL)) return null;
    return { folded: [], diffs: plain.map(diffsOf) };
  }
  if (alts.some((a) => a.length < MIN_LITERAL)) return null;
  return { folded: plain.map((b) => Uint8Array.from(b, foldByte)), diffs: [] };
}

/**
 * The string definitions of a rule's `strings:` tokens, in order; null if the section is not
 * read as `$name = value modifiers…` throughout (the caller then assumes any rule may match).
 */
export function readStringDefs(tokens: readonly Token[]): StringDef[] | null {
  const defs: StringDef[] = [];
  let i = 0;
  while (i < tokens.length) {
    const v = tokens[i];
    const eq = tokens[i + 1];
    const value = tokens[i + 2];
    if (v?.kind !== 'var' || !v.text.startsWith('$') || eq?.text !== '=' || !value) return null;
    i += 3;
    const modifiers = new Set<string>();
    let customAlphabet = false;
    while (i < tokens.length && tokens[i]!.kind !== 'var') {
      const t = tokens[i]!;
      if (t.kind === 'ident') modifiers.add(t.text);
      else if (t.text === '(') {
        // Modifier arguments: xor(1-255), base64("alphabet").
        if (tokens[i - 1]?.text.startsWith('base64')) customAlphabet = true;
        while (i < tokens.length && tokens[i]!.text !== ')') i++;
      } else return null;
      i++;
    }
    let alts: number[][] | null;
    if (value.kind === 'string') {
      const bytes = textBytes(value.text);
      alts = bytes && [bytes];
    } else if (value.kind === 'hex') alts = [hexRun(value.text)];
    else if (value.kind === 'regex') {
      const close = value.text.lastIndexOf('/');
      // A regex's own flags (`/…/i`) only widen what it matches; literals are folded anyway.
      alts = regexLiterals(value.text.slice(1, close));
    } else return null;
    defs.push({ name: v.text.slice(1), literals: forms(alts, modifiers, customAlphabet) });
  }
  return defs;
}
