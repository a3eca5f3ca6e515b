/**
 * @module detect/yara/condition-expr
 * Integer and string expressions of YARA conditions, read and evaluated exactly where a file's
 * bytes, size and external variables decide them, for the no-match filter (condition-tree.ts).
 *
 * Values are 64-bit integers (BigInt, as YARA computes them: `uint32(…) << 16` overflows 32
 * bits), strings, `UNDEF` (YARA's undefined: a read past the end, `@a` of a string that did not
 * match, a `pe.…` field of a file that is not a PE) or `UNKNOWN` (the filter cannot tell). A
 * comparison with an undefined operand is false, as in YARA. Anything outside the known grammar
 * makes the reader give up on the whole part, which is then unknown.
 *
 * Operator precedence is YARA's, where bitwise operators bind tighter than comparisons:
 * `|` < `^` < `&` < shifts < `+ -` < `* \ %` < unary `- ~`.
 */
import type { Token } from './source-reader.js';
import type { ScanVariables } from './types.js';

export const UNDEF = Symbol('undefined');
export const UNKNOWN_VALUE = Symbol('unknown');
export type Value = bigint | string | typeof UNDEF | typeof UNKNOWN_VALUE;

export type Expr =
  | { e: 'num'; v: bigint }
  | { e: 'text'; v: string }
  | { e: 'external'; name: keyof ScanVariables }
  | { e: 'filesize' }
  | { e: 'read'; width: 1 | 2 | 4; signed: boolean; be: boolean; at: Expr }
  /** `#a`: 0 if the string cannot match, else unknown. */
  | { e: 'count'; s: number }
  /** `@a`, `@a[i]`, `!a`, `!a[i]`: undefined if the string cannot match, else unknown. */
  | { e: 'offset'; s: number }
  /** `pe.is_pe`, another `pe.…` field, or a `pe.…(…)` function call. */
  | { e: 'pe'; isPe: boolean; call: boolean }
  | { e: 'neg' | 'not'; a: Expr }
  | { e: 'bin'; op: string; a: Expr; b: Expr };

/** What evaluation needs to know of the file. */
export interface ExprFacts {
  data: Uint8Array;
  /** External variables (filename, filepath, …) as passed to the scan. */
  externals: Readonly<ScanVariables>;
  /** Whether string `i` of the rule being evaluated may match. */
  present(i: number): boolean;
}

const EXTERNALS: ReadonlySet<string> = new Set<keyof ScanVariables>([
  'filename',
  'filepath',
  'extension',
  'filetype',
  'owner',
]);
const READ = /^(u?)int(8|16|32)(be)?$/;
const BINARY: Record<string, number> = {
  '|': 1,
  '^': 2,
  '&': 3,
  '<<': 4,
  '>>': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '\\': 6,
  '%': 6,
};

export function parseInteger(text: string): bigint | null {
  const m = /^(0x[0-9a-f]+|0o[0-7]+|[0-9]+)(KB|MB)?$/i.exec(text);
  if (!m) return null;
  const base = m[1]!.toLowerCase();
  const n = base.startsWith('0o') ? BigInt(parseInt(base.slice(2), 8)) : BigInt(base);
  const unit = m[2]?.toUpperCase();
  return n * (unit === 'KB' ? 1024n : unit === 'MB' ? 1048576n : 1n);
}

/** A YARA text string literal's value, or null for an escape it does not know. */
function textValue(quoted: string): string | null {
  const body = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === '\\' || e === '"') out += e;
    else if (e === 'n') out += '\n';
    else if (e === 't') out += '\t';
    else if (e === 'r') out += '\r';
    else return null;
  }
  return out;
}

class GiveUp extends Error {}

/** Parses `[from, to)` of `t` as one expression; null if it is not all understood. */
export function parseExpr(
  t: readonly Token[],
  from: number,
  to: number,
  stringIndex: (name: string) => number | null,
): Expr | null {
  let i = from;
  const peek = () => (i < to ? t[i]! : null);
  const expect = (text: string) => {
    if (peek()?.text !== text) throw new GiveUp();
    i++;
  };
  const stringOf = (tok: Token): number => {
    const s = stringIndex(tok.text.slice(1));
    if (s === null) throw new GiveUp();
    return s;
  };
  const primary = (): Expr => {
    const x = peek();
    if (!x) throw new GiveUp();
    i++;
    if (x.kind === 'number') {
      const v = parseInteger(x.text);
      if (v === null) throw new GiveUp();
      return { e: 'num', v };
    }
    if (x.kind === 'string') {
      const v = textValue(x.text);
      if (v === null) throw new GiveUp();
      return { e: 'text', v };
    }
    if (x.kind === 'punct' && x.text === '(') {
      const inner = binary(0);
      expect(')');
      return inner;
    }
    if (x.kind === 'punct' && (x.text === '-' || x.text === '~')) {
      return { e: x.text === '-' ? 'neg' : 'not', a: unary() };
    }
    if (x.kind === 'var' && x.text.length > 1) {
      const s = stringOf(x);
      if (x.text[0] === '#') {
        // `#a in (lo..hi)` counts only part of the matches: still 0 if there are none.
        if (peek()?.text === 'in') {
          i++;
          skipGroup();
        }
        return { e: 'count', s };
      }
      if (x.text[0] === '@' || x.text[0] === '!') {
        if (peek()?.text === '[') skipGroup();
        return { e: 'offset', s };
      }
      throw new GiveUp();
    }
    if (x.kind === 'ident') {
      if (x.text === 'filesize') return { e: 'filesize' };
      if (EXTERNALS.has(x.text)) return { e: 'external', name: x.text as keyof ScanVariables };
      const read = READ.exec(x.text);
      if (read && peek()?.text === '(') {
        i++;
        const at = binary(0);
        expect(')');
        return {
          e: 'read',
          width: (Number(read[2]) / 8) as 1 | 2 | 4,
          signed: read[1] !== 'u',
          be: read[3] === 'be',
          at,
        };
      }
      if (x.text === 'pe' && peek()?.text === '.') {
        i++;
        const field = peek();
        if (field?.kind !== 'ident') throw new GiveUp();
        i++;
        // Upper-case names are the module's constants, defined for every file.
        if (/^[A-Z]/.test(field.text)) throw new GiveUp();
        // Indexes, calls and sub-fields of the value: undefined together with it.
        let call = false;
        for (;;) {
          const n = peek()?.text;
          if (n === '(') call = true;
          if (n === '[' || n === '(') skipGroup();
          else if (n === '.' && t[i + 1]?.kind === 'ident') i += 2;
          else break;
        }
        return { e: 'pe', isPe: field.text === 'is_pe' && t[i - 1] === field, call };
      }
    }
    throw new GiveUp();
  };
  /** Skips a balanced `(…)` or `[…]` group starting at the current token. */
  const skipGroup = () => {
    const open = peek()?.text;
    const close = open === '(' ? ')' : open === '[' ? ']' : null;
    if (!close) throw new GiveUp();
    let depth = 0;
    for (; i < to; i++) {
      const x = t[i]!;
      if (x.kind !== 'punct') continue;
      if (x.text === open) depth++;
      else if (x.text === close && --depth === 0) {
        i++;
        return;
      }
    }
    throw new GiveUp();
  };
  const unary = (): Expr => primary();
  const binary = (minPrec: number): Expr => {
    let left = unary();
    for (;;) {
      const op = peek();
      const prec = op && op.kind === 'punct' ? BINARY[op.text] : undefined;
      if (prec === undefined || prec <= minPrec - 1 || prec < minPrec) return left;
      i++;
      const right = binary(prec + 1);
      left = { e: 'bin', op: op!.text, a: left, b: right };
    }
  };
  try {
    const out = binary(0);
    return i === to ? out : null;
  } catch (err) {
    if (err instanceof GiveUp) return null;
    throw err;
  }
}

const I64 = (v: bigint) => BigInt.asIntN(64, v);

function isMz(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x4d && data[1] === 0x5a;
}

function read(data: Uint8Array, at: bigint, width: 1 | 2 | 4, signed: boolean, be: boolean): Value {
  if (at < 0n || at + BigInt(width) > BigInt(data.length)) return UNDEF;
  const o = Number(at);
  let v = 0;
  if (be) for (let k = 0; k < width; k++) v = v * 256 + data[o + k]!;
  else for (let k = width - 1; k >= 0; k--) v = v * 256 + data[o + k]!;
  let out = BigInt(v);
  if (signed) out = BigInt.asIntN(width * 8, out);
  return out;
}

export function evaluateExpr(x: Expr, f: ExprFacts): Value {
  switch (x.e) {
    case 'num':
      return x.v;
    case 'text':
      return x.v;
    case 'external':
      return f.externals[x.name] ?? UNKNOWN_VALUE;
    case 'filesize':
      return BigInt(f.data.length);
    case 'count':
      return f.present(x.s) ? UNKNOWN_VALUE : 0n;
    case 'offset':
      return f.present(x.s) ? UNKNOWN_VALUE : UNDEF;
    case 'pe':
      // YARA-X's pe module parses only data that starts with a DOS header; otherwise it sets
      // is_pe to false and leaves every other field undefined. Its functions then return
      // false or undefined depending on the function: only falsy is known (see peFalsy).
      if (isMz(f.data) || x.call) return UNKNOWN_VALUE;
      return x.isPe ? 0n : UNDEF;
    case 'read': {
      const at = evaluateExpr(x.at, f);
      if (typeof at !== 'bigint') return at === UNDEF ? UNDEF : UNKNOWN_VALUE;
      return read(f.data, at, x.width, x.signed, x.be);
    }
    case 'neg':
    case 'not': {
      const a = evaluateExpr(x.a, f);
      if (typeof a !== 'bigint') return typeof a === 'string' ? UNKNOWN_VALUE : a;
      return x.e === 'neg' ? I64(-a) : I64(~a);
    }
    case 'bin': {
      const a = evaluateExpr(x.a, f);
      const b = evaluateExpr(x.b, f);
      if (a === UNDEF || b === UNDEF) return UNDEF;
      if (typeof a !== 'bigint' || typeof b !== 'bigint') return UNKNOWN_VALUE;
      switch (x.op) {
        case '+':
          return I64(a + b);
        case '-':
          return I64(a - b);
        case '*':
          return I64(a * b);
        case '\\':
          return b === 0n ? UNDEF : I64(a / b);
        case '%':
          return b === 0n ? UNDEF : a % b;
        case '&':
          return a & b;
        case '|':
          return a | b;
        case '^':
          return a ^ b;
        case '<<':
        case '>>':
          // Shift counts outside 0..63 are left to YARA.
          if (b < 0n || b > 63n) return UNKNOWN_VALUE;
          return x.op === '<<' ? I64(a << b) : a >> b;
        default:
          return UNKNOWN_VALUE;
      }
    }
  }
}

/** Whether `x` is a `pe` function call known to be false or undefined for this file. */
export function peFalsy(x: Expr, data: Uint8Array): boolean {
  return x.e === 'pe' && x.call && !isMz(data);
}

/** Whether `s` is ASCII only: where JavaScript strings and YARA bytes are sure to agree. */
export const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

/**
 * A YARA regex on an external variable as a JavaScript RegExp with the same meaning, or null
 * where the two could differ (non-ASCII, back-references, unknown flags, …).
 */
export function regexFor(token: string): RegExp | null {
  const close = token.lastIndexOf('/');
  const body = token.slice(1, close);
  const flags = token.slice(close + 1);
  if (!/^[is]*$/.test(flags) || !isAscii(body)) return null;
  let out = '';
  let inClass = false;
  for (let k = 0; k < body.length; k++) {
    const c = body[k]!;
    if (c === '\\') {
      const e = body[k + 1];
      if (e === undefined || /[1-9kpPuUcQE]/.test(e)) return null;
      out += e === '/' ? '\\/' : c + e;
      k++;
    } else if (c === '[' && !inClass) {
      inClass = true;
      out += c;
      if (body[k + 1] === '^') out += body[++k];
      if (body[k + 1] === ']') out += '\\' + body[++k];
    } else if (c === ']' && inClass) {
      inClass = false;
      out += c;
    } else if (c === '.' && !inClass) {
      // JavaScript's `.` also stops at \r and U+2028/9; YARA's only at \n.
      out += flags.includes('s') ? '[\\s\\S]' : '[^\\n]';
    } else if (c === '(' && body[k + 1] === '?') {
      return null;
    } else out += c;
  }
  try {
    return new RegExp(out, flags.includes('i') ? 'i' : '');
  } catch {
    return null;
  }
}

export type StringOp =
  'contains' | 'icontains' | 'startswith' | 'istartswith' | 'endswith' | 'iendswith' | 'iequals';
export const STRING_OPS: ReadonlySet<string> = new Set([
  'contains',
  'icontains',
  'startswith',
  'istartswith',
  'endswith',
  'iendswith',
  'iequals',
]);

/** `a op b` for the comparison and string operators; undefined operands give false. */
export function compareValues(a: Value, op: string, b: Value): boolean | null {
  if (a === UNDEF || b === UNDEF) return false;
  if (a === UNKNOWN_VALUE || b === UNKNOWN_VALUE) return null;
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    switch (op) {
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      default:
        return null;
    }
  }
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (!STRING_OPS.has(op)) return null;
  let x = a;
  let y = b;
  if (op.startsWith('i')) {
    // Case-insensitive operators fold ASCII only; leave anything else to YARA.
    if (!isAscii(x) || !isAscii(y)) return null;
    x = x.toLowerCase();
    y = y.toLowerCase();
  }
  const base = op.startsWith('i') ? op.slice(1) : op;
  if (base === 'contains') return x.includes(y);
  if (base === 'startswith') return x.startsWith(y);
  if (base === 'endswith') return x.endsWith(y);
  return x === y; // iequals
}
