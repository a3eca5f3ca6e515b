/**
 * @module detect/required-literals
 * For each rule, a set of lower-case strings of which every matching line must contain at least
 * one. The parser uses the union per log kind as a byte-level prefilter and never splits the
 * fields of a line that contains none of them. Deriving this from the rule (rather than having
 * authors list literals) keeps the prefilter and the rule from drifting apart.
 */
import type { Condition, FieldTest } from './rule-types.js';
import { likeLiterals } from './like-pattern.js';

/** Shorter literals would let most lines through and cost more than they save. */
const MIN_LITERAL = 3;

/**
 * Strings most lines of some Exchange or IIS log contain (protocol paths, the normal back-end
 * cookie, HTTP verbs). A rule can still require one, but when an `all` offers a rarer literal that
 * one is used, because a frequent literal lets most of a log past the prefilter.
 */
export const FREQUENT_LITERALS: readonly string[] = [
  '/autodiscover',
  'autodiscover.json',
  'server~',
  '/owa/',
  '/ecp/',
  '/ews/',
  '/mapi/',
  '/powershell',
  '/owa/auth/',
  '.aspx',
  '.js',
];

/** In practically every line: HTTP verbs, browser names, short numbers (status codes, ports). */
const UBIQUITOUS = ['post', 'get', 'mozilla'];
const SHORT_NUMBER = /^[0-9.]{1,5}$/;

/** 0: rare enough to prefilter on; 1: frequent in some logs; 2: in nearly every line. */
export function literalRank(l: string): number {
  if (SHORT_NUMBER.test(l) || UBIQUITOUS.some((u) => u.includes(l))) return 2;
  return FREQUENT_LITERALS.some((f) => f.includes(l)) ? 1 : 0;
}

/** The worst rank in a literal set: one frequent literal lets its lines through. */
const setRank = (lits: readonly string[]): number => Math.max(...lits.map(literalRank));

/** Whether a literal set lets through a large share of ordinary lines. */
export const isFrequent = (lits: readonly string[]): boolean => setRank(lits) > 0;

/** Pseudo-fields whose values are not in the line. */
const NOT_IN_LINE = new Set(['@path', '@subkind', '@kind', '@time']);

/**
 * The literals one of which any line matching `cond` contains, or null when no such set exists
 * (then the rule's log kind cannot be prefiltered).
 */
export function requiredLiterals(cond: Condition): string[] | null {
  if ('all' in cond) {
    let best: string[] | null = null;
    for (const c of cond.all) {
      const lits = requiredLiterals(c);
      if (lits && (best === null || better(lits, best))) best = lits;
    }
    return best;
  }
  if ('any' in cond) {
    const out = new Set<string>();
    for (const c of cond.any) {
      const lits = requiredLiterals(c);
      if (lits === null) return null;
      for (const l of lits) out.add(l);
    }
    return [...out];
  }
  if ('not' in cond) return null;
  return leafLiterals(cond);
}

function better(a: string[], b: string[]): boolean {
  const ra = setRank(a);
  const rb = setRank(b);
  if (ra !== rb) return ra < rb;
  const minA = Math.min(...a.map((s) => s.length));
  const minB = Math.min(...b.map((s) => s.length));
  return minA !== minB ? minA > minB : a.length < b.length;
}

function leafLiterals(t: FieldTest): string[] | null {
  const fields = Array.isArray(t.field) ? t.field : [t.field];
  if (fields.some((f) => NOT_IN_LINE.has(f))) return null;
  const values = t.equals ?? t.in ?? t.contains ?? t.startswith ?? t.endswith;
  if (values !== undefined) return usable(Array.isArray(values) ? values : [values]);
  if (t.like !== undefined) {
    const pats = Array.isArray(t.like) ? t.like : [t.like];
    const out: string[] = [];
    for (const p of pats) {
      // Every run must be in a matching value: take the rarest-looking, then the longest.
      const runs = likeLiterals(p)
        .filter((r) => r.length >= MIN_LITERAL && !r.includes('"'))
        .sort((x, y) => literalRank(x) - literalRank(y) || y.length - x.length);
      if (!runs[0]) return null;
      out.push(runs[0]);
    }
    return usable(out);
  }
  return null;
}

/**
 * Literals as they appear in the raw line. A `"` may be doubled by CSV quoting, so a literal with
 * one cannot be required; the part before it still can.
 */
function usable(values: string[]): string[] | null {
  const out: string[] = [];
  for (const v of values) {
    const cut = v.split('"').sort((x, y) => y.length - x.length)[0] ?? '';
    if (cut.length < MIN_LITERAL) return null;
    out.push(cut.toLowerCase());
  }
  return [...new Set(out)];
}
