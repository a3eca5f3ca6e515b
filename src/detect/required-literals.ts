/**
 * @module detect/required-literals
 * What every line a rule can match must contain, for the parser's prefilter (see
 * parsers/line-needs.ts): a conjunction of clauses (a clause: any of several literal sequences)
 * derived from the rule's condition, and the *anchors*, the clause whose literals are searched for
 * first. The parser never splits the fields of a line that satisfies no rule's need. Deriving
 * this from the rule (rather than having authors list literals) keeps the prefilter and the rule
 * from drifting apart.
 */
import type { LineNeed, LiteralSeq } from '../parsers/index.js';
import type { Condition, FieldTest } from './rule-types.js';
import { likeLiterals } from './like-pattern.js';
import { regexLiterals } from './regex-literals.js';

/** Shorter anchors would let most lines through and slow the search of every line. */
const MIN_LITERAL = 3;

/**
 * Strings most lines of some Exchange or IIS log contain (protocol paths, the normal back-end
 * cookie, HTTP verbs, encoded addresses). A rule can still require one, but when it offers a
 * rarer literal that one is the anchor, because a frequent anchor sends most of a log to the
 * verification step.
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
  '%40',
];

/** In practically every line: HTTP verbs, browser names, short numbers (status codes, ports). */
const UBIQUITOUS = ['post', 'get', 'mozilla'];
const SHORT_NUMBER = /^[0-9.]{1,5}$/;

/** 0: rare enough to prefilter on; 1: frequent in some logs; 2: in nearly every line. */
export function literalRank(l: string): number {
  if (SHORT_NUMBER.test(l) || UBIQUITOUS.some((u) => u.includes(l))) return 2;
  return FREQUENT_LITERALS.some((f) => f.includes(l)) ? 1 : 0;
}

/** Pseudo-fields whose values are not in the line. */
const NOT_IN_LINE = new Set(['@path', '@subkind', '@kind', '@time']);

type Clause = LiteralSeq[];

/**
 * A rule's need, or null when some line can match it without any literal worth searching for
 * (then its log kind cannot be prefiltered). `spaceSplit`: the rule reads only logs whose fields
 * are split on single spaces (IIS W3C), so no value contains a space and excluded values of a
 * field can be blanked as whole words (see `LineNeed.blank`).
 */
export function lineNeed(cond: Condition, spaceSplit = false): LineNeed | null {
  const clauses = cnf(cond);
  const best = bestClause(clauses);
  if (best === null) return null;
  const blank = spaceSplit ? blankWords(cond) : null;
  return blank ? { anchors: best.anchors, clauses, blank } : { anchors: best.anchors, clauses };
}

/**
 * For `all: [tests on field F…, not: {field: F, in: [values]}]` (one field, case-insensitive):
 * the excluded values, which a line's clauses may be checked without. Any test on another field,
 * or any other shape, and there are none: blanking a word could then hide what another test
 * needs.
 */
function blankWords(cond: Condition): string[] | null {
  if (!('all' in cond)) return null;
  let field: string | null = null;
  const words: string[] = [];
  const sameField = (f: FieldTest['field']): boolean => {
    if (Array.isArray(f) || f.startsWith('@')) return false;
    field ??= f.toLowerCase();
    return field === f.toLowerCase();
  };
  for (const c of cond.all) {
    if ('not' in c) {
      const n = c.not;
      if ('all' in n || 'any' in n || 'not' in n) continue; // requires nothing; blanks nothing
      const values = n.in ?? n.equals;
      if (values === undefined || n.cased || !sameField(n.field)) return null;
      words.push(...(Array.isArray(values) ? values : [values]).map((v) => v.toLowerCase()));
    } else if ('all' in c || 'any' in c || !sameField(c.field)) return null;
  }
  return words.length && !words.some((w) => w.includes(' ') || w === '') ? words : null;
}

/**
 * The anchors of a rule: literals one of which any line matching `cond` contains, or null when
 * no such set exists.
 */
export function requiredLiterals(cond: Condition): string[] | null {
  const need = lineNeed(cond);
  return need === null ? null : [...need.anchors];
}

/** Clauses that must all hold in a matching line (empty: nothing is required). */
function cnf(cond: Condition): Clause[] {
  if ('all' in cond) return dedupe(cond.all.flatMap(cnf));
  if ('any' in cond) {
    // One clause: each branch contributes the alternatives of its most selective clause.
    const out: Clause = [];
    for (const c of cond.any) {
      const clauses = cnf(c);
      if (clauses.length === 0) return [];
      const best = bestClause(clauses)?.clause ?? clauses[0]!;
      out.push(...best);
    }
    return [out];
  }
  if ('not' in cond) return [];
  const clause = leafClause(cond);
  return clause === null ? [] : [clause];
}

/** The alternatives one of which a value passing `t` contains, or null for "no requirement". */
function leafClause(t: FieldTest): Clause | null {
  const fields = Array.isArray(t.field) ? t.field : [t.field];
  if (fields.some((f) => NOT_IN_LINE.has(f))) return null;
  const values = t.equals ?? t.in ?? t.contains ?? t.startswith ?? t.endswith;
  let seqs: string[][];
  if (values !== undefined) seqs = (Array.isArray(values) ? values : [values]).map((v) => [v.toLowerCase()]);
  else if (t.like !== undefined) seqs = (Array.isArray(t.like) ? t.like : [t.like]).map(likeLiterals);
  else if (t.regex !== undefined) {
    const runs = regexLiterals(t.regex);
    if (runs === null) return null;
    seqs = [runs];
  } else return null;
  const clause = seqs.map(inRawLine);
  // An alternative that requires nothing makes the whole clause hold on any line.
  return clause.some((s) => s.length === 0) ? null : clause;
}

/**
 * Literals as they appear in the raw line: a `"` may be doubled by CSV quoting, so the parts
 * around it are required in order, not the quote.
 */
function inRawLine(seq: readonly string[]): string[] {
  return seq.flatMap((l) => l.split('"')).filter((l) => l.length > 0);
}

/**
 * The clause to anchor on (its anchors and rank), or null when no clause can be searched for.
 * Ranked by its worst anchor, then by how many of its anchors are frequent (each sends lines to
 * verification: "POST to /ecp/…js, /ecp/default.flt … or /owa/auth/x.js" anchors better on that
 * clause, one frequent `/ecp/` and rare `/owa/auth/x.js`, than on "/ecp/ or /owa/auth/", two
 * frequent; in an IIS log a third of the lines carry one of those two), then by its shortest
 * anchor, then by the number of anchors.
 */
function bestClause(clauses: readonly Clause[]): { clause: Clause; anchors: string[] } | null {
  let best: { clause: Clause; anchors: string[]; rank: number; frequent: number; min: number } | null = null;
  for (const clause of clauses) {
    const anchors: string[] = [];
    let rank = 0;
    let min = Infinity;
    for (const seq of clause) {
      const a = seqAnchor(seq);
      if (a === null) {
        anchors.length = 0;
        break;
      }
      anchors.push(a);
      rank = Math.max(rank, literalRank(a));
      min = Math.min(min, a.length);
    }
    if (anchors.length === 0) continue;
    const unique = [...new Set(anchors)];
    const frequent = unique.filter((a) => literalRank(a) > 0).length;
    if (
      best === null ||
      rank < best.rank ||
      (rank === best.rank &&
        (frequent < best.frequent ||
          (frequent === best.frequent &&
            (min > best.min || (min === best.min && unique.length < best.anchors.length)))))
    )
      best = { clause, anchors: unique, rank, frequent, min };
  }
  return best && { clause: best.clause, anchors: best.anchors };
}

/** The literal of a sequence to search for: the rarest-looking, then the longest. */
function seqAnchor(seq: readonly string[]): string | null {
  let best: string | null = null;
  for (const l of seq) {
    if (l.length < MIN_LITERAL) continue;
    if (best === null) best = l;
    else {
      const d = literalRank(l) - literalRank(best);
      if (d < 0 || (d === 0 && l.length > best.length)) best = l;
    }
  }
  return best;
}

function dedupe(clauses: Clause[]): Clause[] {
  const seen = new Set<string>();
  return clauses.filter((c) => {
    const k = JSON.stringify(c);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
