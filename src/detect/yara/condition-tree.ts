/**
 * @module detect/yara/condition-tree
 * A rule condition read as far as the no-match filter needs: its `and`/`or`/`not` structure and
 * the parts it can decide for a file without YARA — string presence (`$a`, `2 of them`,
 * `all of ($x*)`), comparisons of integer and string expressions (condition-expr.ts: `filesize`,
 * `uint32(@a + 4) == 0x…`, `#a > #b`, `filename iequals "x"`), `pe.…` on a file that is not a
 * PE, `true`/`false`, other rules by name. Everything else is `unknown`. Evaluation is
 * three-valued (Kleene): a rule the filter calls false cannot match; true or unknown means YARA
 * must look.
 *
 * `and` and `or` bind looser than anything else in YARA's grammar, and `not` binds tighter than
 * both, so a part is read from the tokens between two top-level `and`/`or`; a part the reader
 * does not recognise whole (a `for` loop over strings, `math.…`, a float, an unknown identifier)
 * is unknown. Mistaking a part's shape only makes it unknown, never false.
 */
import {
  compareValues,
  evaluateExpr,
  isAscii,
  parseExpr,
  parseInteger,
  peFalsy,
  regexFor,
  STRING_OPS,
  UNDEF,
  UNKNOWN_VALUE,
  type Expr,
  type ExprFacts,
} from './condition-expr.js';
import type { Token } from './source-reader.js';

export const FALSE = 0;
export const UNKNOWN = 1;
export const TRUE = 2;
export type Truth = typeof FALSE | typeof UNKNOWN | typeof TRUE;

export type CondNode =
  | { k: 'and' | 'or'; c: CondNode[] }
  | { k: 'not'; c: CondNode }
  /** At least `min` (≥ 1) of these strings (indexes into the rule's strings) match. */
  | { k: 'some'; min: number; s: number[] }
  /** `a op b` for comparison and string operators. */
  | { k: 'cmp'; op: string; a: Expr; b: Expr }
  /** `a matches /re/` on an external variable. */
  | { k: 'match'; a: Expr; re: RegExp }
  /** An expression used as a boolean (`pe.exports("x")`, `#a`). */
  | { k: 'expr'; a: Expr }
  /** `for … in (lo .. hi) : (…)`: only whether a bound is undefined is read. */
  | { k: 'for'; lo: Expr; hi: Expr }
  | { k: 'rule'; name: string }
  | { k: 'const'; v: Truth };

const UNKNOWN_NODE: CondNode = { k: 'const', v: UNKNOWN };

/** What evaluation needs to know about a file. */
export interface FileFacts extends ExprFacts {
  /** The truth of another rule by name (unknown if the filter does not know it). */
  rule(name: string): Truth;
}

function integer(text: string): number | null {
  const v = parseInteger(text);
  return v === null ? null : Number(v);
}

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Reader {
  constructor(
    private readonly t: readonly Token[],
    private readonly strings: readonly string[],
    private readonly rules: ReadonlySet<string>,
  ) {}

  /** Indexes of the strings `$name` or `$prefix*` names. */
  private stringSet(name: string, prefix: boolean): number[] {
    const out: number[] = [];
    this.strings.forEach((s, i) => {
      if (prefix ? s.startsWith(name) : s === name && s !== '') out.push(i);
    });
    return out;
  }

  /** End (exclusive) of the part starting at `from`: the next top-level `and`/`or` or `)`. */
  private partEnd(from: number, to: number): number {
    let depth = 0;
    for (let i = from; i < to; i++) {
      const x = this.t[i]!;
      if (x.kind === 'punct') {
        if (x.text === '(') depth++;
        else if (x.text === ')') {
          if (depth === 0) return i;
          depth--;
        }
      } else if (depth === 0 && x.kind === 'ident' && (x.text === 'and' || x.text === 'or')) return i;
    }
    return to;
  }

  /** Whether `[from, to)` is one parenthesised group. */
  private wrapped(from: number, to: number): boolean {
    if (this.t[from]?.text !== '(' || this.t[to - 1]?.text !== ')') return false;
    let depth = 0;
    for (let i = from; i < to; i++) {
      const x = this.t[i]!.text;
      if (this.t[i]!.kind !== 'punct') continue;
      if (x === '(') depth++;
      else if (x === ')' && --depth === 0) return i === to - 1;
    }
    return false;
  }

  /** `[from, to)` as an `or` of `and`s of parts. */
  expr(from: number, to: number): CondNode {
    const ors: CondNode[] = [];
    let ands: CondNode[] = [];
    let i = from;
    for (;;) {
      const end = this.partEnd(i, to);
      if (end === i) return UNKNOWN_NODE; // an empty part: not a condition we read
      ands.push(this.part(i, end));
      if (end >= to) break;
      const op = this.t[end]!;
      if (op.kind !== 'ident') return UNKNOWN_NODE; // a stray `)`
      if (op.text === 'or') {
        ors.push(ands.length === 1 ? ands[0]! : { k: 'and', c: ands });
        ands = [];
      }
      i = end + 1;
    }
    ors.push(ands.length === 1 ? ands[0]! : { k: 'and', c: ands });
    return ors.length === 1 ? ors[0]! : { k: 'or', c: ors };
  }

  private part(from: number, to: number): CondNode {
    const t = this.t;
    if (t[from]?.kind === 'ident' && t[from]!.text === 'not') {
      return from + 1 < to ? { k: 'not', c: this.part(from + 1, to) } : UNKNOWN_NODE;
    }
    if (this.wrapped(from, to)) return this.expr(from + 1, to - 1);
    const n = to - from;
    const a = t[from]!;
    const b = t[from + 1];
    const c = t[from + 2];
    // $a, $a at …, $a in (…)
    if (a.kind === 'var' && a.text.startsWith('$') && a.text.length > 1) {
      if (n === 1 || (b?.kind === 'ident' && (b.text === 'at' || b.text === 'in'))) {
        const s = this.stringSet(a.text.slice(1), false);
        return s.length === 1 ? { k: 'some', min: 1, s } : UNKNOWN_NODE;
      }
      return UNKNOWN_NODE;
    }
    // any/all/N of them, … of ($a, $b*), optionally followed by `at …` / `in (…)`
    if (b?.kind === 'ident' && b.text === 'of' && c) return this.of(from, to);
    if (a.kind === 'ident' && a.text === 'for') return this.forRange(from, to);
    if (n === 1 && a.kind === 'ident') {
      if (a.text === 'true') return { k: 'const', v: TRUE };
      if (a.text === 'false') return { k: 'const', v: FALSE };
      if (this.rules.has(a.text)) return { k: 'rule', name: a.text };
    }
    return this.comparison(from, to);
  }

  /** `a op b`, `a matches /re/` or an expression used as a boolean; unknown otherwise. */
  private comparison(from: number, to: number): CondNode {
    const t = this.t;
    let at = -1;
    let depth = 0;
    for (let i = from; i < to; i++) {
      const x = t[i]!;
      if (x.kind === 'punct' && (x.text === '(' || x.text === '[')) depth++;
      else if (x.kind === 'punct' && (x.text === ')' || x.text === ']')) depth--;
      else if (
        depth === 0 &&
        ((x.kind === 'punct' && COMPARE.has(x.text)) ||
          (x.kind === 'ident' && (STRING_OPS.has(x.text) || x.text === 'matches')))
      ) {
        if (at >= 0) return UNKNOWN_NODE;
        at = i;
      }
    }
    const index = (name: string) => {
      const found = this.stringSet(name, false);
      return found.length === 1 ? found[0]! : null;
    };
    if (at < 0) {
      const a = parseExpr(t, from, to, index);
      return a ? { k: 'expr', a } : UNKNOWN_NODE;
    }
    const a = parseExpr(t, from, at, index);
    if (!a) return UNKNOWN_NODE;
    const op = t[at]!.text;
    if (op === 'matches') {
      const re = at + 2 === to && t[at + 1]!.kind === 'regex' ? regexFor(t[at + 1]!.text) : null;
      return re && a.e === 'external' ? { k: 'match', a, re } : UNKNOWN_NODE;
    }
    const b = parseExpr(t, at + 1, to, index);
    return b ? { k: 'cmp', op, a, b } : UNKNOWN_NODE;
  }

  /** `for <quantifier> <var> in (lo .. hi) : (…)`; unknown for any other loop. */
  private forRange(from: number, to: number): CondNode {
    const t = this.t;
    const q = t[from + 1];
    if (!q || !(q.kind === 'number' || ['any', 'all', 'none'].includes(q.text))) return UNKNOWN_NODE;
    if (t[from + 2]?.kind !== 'ident' || t[from + 3]?.text !== 'in' || t[from + 4]?.text !== '(') {
      return UNKNOWN_NODE;
    }
    let dots = -1;
    let close = -1;
    let depth = 0;
    for (let i = from + 4; i < to; i++) {
      const x = t[i]!;
      if (x.kind !== 'punct') continue;
      if (x.text === '(') depth++;
      else if (x.text === ')' && --depth === 0) {
        close = i;
        break;
      } else if (x.text === '..' && depth === 1) dots = i;
    }
    if (dots < 0 || close < 0 || t[close + 1]?.text !== ':') return UNKNOWN_NODE;
    const index = () => null;
    const lo = parseExpr(t, from + 5, dots, index);
    const hi = parseExpr(t, dots + 1, close, index);
    return lo && hi ? { k: 'for', lo, hi } : UNKNOWN_NODE;
  }

  private of(from: number, to: number): CondNode {
    const t = this.t;
    const q = t[from]!;
    let set: number[];
    let end: number;
    if (t[from + 2]!.kind === 'ident' && t[from + 2]!.text === 'them') {
      set = this.strings.map((_, i) => i);
      end = from + 3;
    } else if (t[from + 2]!.text === '(') {
      set = [];
      let i = from + 3;
      for (;;) {
        const v = t[i];
        if (v?.kind !== 'var' || !v.text.startsWith('$')) return UNKNOWN_NODE; // a set of rules
        const prefix = t[i + 1]?.text === '*';
        const found = this.stringSet(v.text.slice(1), prefix);
        if (found.length === 0) return UNKNOWN_NODE;
        set.push(...found);
        i += prefix ? 2 : 1;
        if (t[i]?.text === ',') i++;
        else if (t[i]?.text === ')') break;
        else return UNKNOWN_NODE;
      }
      end = i + 1;
    } else return UNKNOWN_NODE;
    // `… of set at x` and `… of set in (a..b)` only narrow where the strings may match.
    if (end < to && !(t[end]!.kind === 'ident' && (t[end]!.text === 'at' || t[end]!.text === 'in'))) {
      return UNKNOWN_NODE;
    }
    set = [...new Set(set)];
    let min: number | null = null;
    if (q.kind === 'ident' && q.text === 'any') min = 1;
    else if (q.kind === 'ident' && q.text === 'all') min = set.length;
    else if (q.kind === 'number') min = integer(q.text);
    if (min === null || min < 1 || set.length === 0) return UNKNOWN_NODE;
    return { k: 'some', min, s: set };
  }
}

/**
 * Reads a condition. `strings` are the rule's string names in order ('' for anonymous ones),
 * `rules` the names of the other rules the condition may refer to.
 */
export function readCondition(
  tokens: readonly Token[],
  strings: readonly string[],
  rules: ReadonlySet<string>,
): CondNode {
  if (tokens.length === 0) return UNKNOWN_NODE;
  return new Reader(tokens, strings, rules).expr(0, tokens.length);
}

function truthOfValue(v: ReturnType<typeof evaluateExpr>): Truth {
  if (v === UNDEF) return FALSE;
  if (v === UNKNOWN_VALUE) return UNKNOWN;
  return (typeof v === 'bigint' ? v !== 0n : v !== '') ? TRUE : FALSE;
}

export function evaluate(node: CondNode, f: FileFacts): Truth {
  switch (node.k) {
    case 'const':
      return node.v;
    case 'and': {
      let out: Truth = TRUE;
      for (const c of node.c) {
        const v = evaluate(c, f);
        if (v === FALSE) return FALSE;
        if (v === UNKNOWN) out = UNKNOWN;
      }
      return out;
    }
    case 'or': {
      let out: Truth = FALSE;
      for (const c of node.c) {
        const v = evaluate(c, f);
        if (v === TRUE) return TRUE;
        if (v === UNKNOWN) out = UNKNOWN;
      }
      return out;
    }
    case 'not':
      return (TRUE - evaluate(node.c, f)) as Truth;
    case 'some': {
      let maybe = 0;
      for (const i of node.s) if (f.present(i) && ++maybe >= node.min) return UNKNOWN;
      return FALSE;
    }
    case 'cmp': {
      const a = evaluateExpr(node.a, f);
      const r = compareValues(a, node.op, evaluateExpr(node.b, f));
      // `#a + #b > #c + 1` with none of a, b: 0 is not above a sum of counts and non-negatives.
      if (r === null && a === 0n && node.op === '>' && countsOnly(node.b)) return FALSE;
      return r === null ? UNKNOWN : r ? TRUE : FALSE;
    }
    case 'match': {
      const v = evaluateExpr(node.a, f);
      if (v === UNDEF) return FALSE;
      // Non-ASCII text: JavaScript's UTF-16 and YARA's bytes could disagree.
      if (typeof v !== 'string' || !isAscii(v)) return UNKNOWN;
      return node.re.test(v) ? TRUE : FALSE;
    }
    case 'expr':
      // `pe.exports("x")` alone: false or undefined on a file that is not a PE, false either way.
      return peFalsy(node.a, f.data) ? FALSE : truthOfValue(evaluateExpr(node.a, f));
    case 'for': {
      // A loop over a range with an undefined bound is false, whatever its quantifier.
      const lo = evaluateExpr(node.lo, f);
      const hi = evaluateExpr(node.hi, f);
      return lo === UNDEF || hi === UNDEF ? FALSE : UNKNOWN;
    }
    case 'rule':
      return f.rule(node.name);
  }
}

/**
 * Strings of which at least one must match for the node to be true or unknown, or null if no
 * such set is known (the filter then evaluates the rule on every file). `ruleNeeds` gives the
 * same for a referenced rule, in unit-wide string ids; `id` maps this rule's string indexes.
 */
export function neededStrings(
  node: CondNode,
  id: (i: number) => number,
  ruleNeeds: (name: string) => readonly number[] | null,
): readonly number[] | null {
  switch (node.k) {
    case 'some':
      return node.s.map(id);
    case 'rule':
      return ruleNeeds(node.name);
    case 'and': {
      let best: readonly number[] | null = null;
      for (const c of node.c) {
        const n = neededStrings(c, id, ruleNeeds);
        if (n && (!best || n.length < best.length)) best = n;
      }
      return best;
    }
    case 'or': {
      const all: number[] = [];
      for (const c of node.c) {
        const n = neededStrings(c, id, ruleNeeds);
        if (!n) return null;
        all.push(...n);
      }
      return [...new Set(all)];
    }
    case 'const':
      return node.v === FALSE ? [] : null;
    case 'expr': {
      const u = undefinedWithout(node.a);
      return u.length > 0 ? [id(u[0]!)] : null;
    }
    case 'cmp': {
      // Undefined (so false) if one of these strings did not match.
      const u = [...undefinedWithout(node.a), ...undefinedWithout(node.b)];
      if (u.length > 0) return [id(u[0]!)];
      // `#a > N` with N ≥ 0, `#a + #b > #c + 2`: 0 when none of the left's strings match.
      const left = countsOnly(node.a);
      if (node.op === '>' && left && left.length > 0 && countsOnly(node.b)) return left.map(id);
      if (
        (node.op === '>=' || node.op === '==') &&
        left &&
        left.length > 0 &&
        node.b.e === 'num' &&
        node.b.v >= 1n
      )
        return left.map(id);
      return null;
    }
    default:
      return null;
  }
}

/** Strings of which any one not matching makes `x` undefined. */
function undefinedWithout(x: Expr): number[] {
  switch (x.e) {
    case 'offset':
      return [x.s];
    case 'read':
      return undefinedWithout(x.at);
    case 'neg':
    case 'not':
      return undefinedWithout(x.a);
    case 'bin':
      return [...undefinedWithout(x.a), ...undefinedWithout(x.b)];
    default:
      return [];
  }
}

/** The strings of a sum of counts and non-negative numbers, or null for anything else. */
function countsOnly(x: Expr): number[] | null {
  if (x.e === 'count') return [x.s];
  if (x.e === 'num') return x.v >= 0n ? [] : null;
  if (x.e === 'bin' && x.op === '+') {
    const a = countsOnly(x.a);
    const b = countsOnly(x.b);
    return a && b ? [...a, ...b] : null;
  }
  return null;
}
