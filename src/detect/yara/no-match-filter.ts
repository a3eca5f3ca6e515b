/**
 * @module detect/yara/no-match-filter
 * Decides, before YARA-X is called, that no rule of a compiled unit can match a file, so the scan
 * can be skipped. A YARA-X scan has a fixed cost that grows with the number of rules (~0.9 ms for
 * a 200-byte buffer with signature-base's 5,883 rules, more than `yara` pays), and most files of
 * a real web root match nothing.
 *
 * For a file the filter (1) searches it once for the literals of every string of the unit
 * (string-literals.ts, regex-literals.ts; the search is literal-index.ts, in WebAssembly), (2)
 * takes as possibly matching every string one of whose literals occurs, and every string it could
 * not derive literals for, and (3) evaluates the conditions of the rules that could be true
 * (condition-tree.ts): rules with a string found among those their condition needs, and rules
 * whose condition needs no string. The scan is skipped only if every public rule is false.
 * Each step can only err towards scanning: the filter never hides a match YARA-X would report.
 *
 * Rules the reader cannot follow (a source it cannot split, a string section it cannot read, a
 * condition part it does not know) count as possibly true on every file, so a unit with many of
 * them simply gets no benefit; `stats` says how many there are.
 */
import {
  FALSE,
  UNKNOWN,
  evaluate,
  neededStrings,
  readCondition,
  type CondNode,
  type FileFacts,
  type Truth,
} from './condition-tree.js';
import { EMPTY_VARIABLES } from './externals.js';
import { LiteralSearch, literalSearchAvailable, type IndexView } from './literal-index.js';
import { readSource } from './source-reader.js';
import { groupByUniqueNames } from './compile-groups.js';
import { ruleNames } from './rule-meta.js';
import { readStringDefs, type StringLiterals } from './string-literals.js';
import type { RuleSource, ScanVariables } from './types.js';

interface FilterRule {
  name: string;
  isPrivate: boolean;
  cond: CondNode;
  /** Unit-wide id of the rule's first string; its strings are `first … first + count - 1`. */
  first: number;
}

export interface FilterStats {
  rules: number;
  strings: number;
  /** Strings taken to match every file (no literal derived). */
  stringsWithoutLiteral: number;
  literals: number;
  /** Public rules evaluated on every file (their condition needs no string the filter can search). */
  rulesAlwaysEvaluated: number;
}

const NOTHING = new Uint8Array(0);

/**
 * Below this many rules a YARA-X scan's fixed cost (~0.15 µs per rule) is smaller than the
 * filter's search (~5 ns per byte for both of its views), so the filter would slow the hunt.
 */
export const NO_MATCH_FILTER_MIN_RULES = 1000;

/**
 * Whether a unit of these sources gets a filter: `option` when given (tests, benchmarks), else
 * from NO_MATCH_FILTER_MIN_RULES rules on.
 */
export function wantsFilter(sources: readonly RuleSource[], option?: boolean): boolean {
  return option ?? sources.reduce((n, s) => n + ruleNames(s.text).length, 0) >= NO_MATCH_FILTER_MIN_RULES;
}

/**
 * Filters for a set of sources compiled with namespaces (the `yara` CLI, libyara-wasm): one per
 * group of sources whose rule names do not clash, so that a rule named in a condition is the one
 * its own source sees. Null when the set does not want one (see wantsFilter).
 */
export class NoMatchFilters {
  private constructor(private readonly groups: (NoMatchFilter | null)[]) {}

  static of(sources: readonly RuleSource[], option?: boolean): NoMatchFilters | null {
    if (!wantsFilter(sources, option) || !literalSearchAvailable()) return null;
    return new NoMatchFilters(groupByUniqueNames(sources).map((g) => NoMatchFilter.of(g.sources)));
  }

  /** False only if no rule of any group can match `data`. */
  mayMatch(data: Uint8Array, externals: Readonly<ScanVariables>): boolean {
    return this.groups.some((f) => f === null || f.mayMatch(data, externals));
  }
}

export class NoMatchFilter {
  /** Per unit-wide string id: 1 if it may match the file being checked. */
  private readonly present: Uint8Array;
  private readonly alwaysPresent: Uint8Array;
  private readonly search: LiteralSearch;
  /** Per view of the search: the strings each literal stands for, and the rules it wakes. */
  private readonly views: { strings: number[][]; wakes: number[][] }[];
  private readonly always: number[];
  private readonly ruleIndex: Map<string, number>;
  private readonly memo: Int8Array;
  private readonly woken: Uint8Array;
  readonly stats: FilterStats;

  private constructor(
    private readonly rules: FilterRule[],
    stringLiterals: (StringLiterals | null)[],
  ) {
    const nStrings = stringLiterals.length;
    this.present = new Uint8Array(nStrings);
    this.alwaysPresent = new Uint8Array(nStrings);
    this.ruleIndex = new Map(rules.map((r, i) => [r.name, i]));
    this.memo = new Int8Array(rules.length);
    this.woken = new Uint8Array(rules.length);
    stringLiterals.forEach((l, s) => {
      if (l === null) this.alwaysPresent[s] = 1;
    });

    // Which rules need which strings, through the rules they name too.
    const needs = new Map<number, readonly number[] | null>();
    const ruleNeeds = (i: number, seen: Set<number>): readonly number[] | null => {
      if (needs.has(i)) return needs.get(i)!;
      if (seen.has(i)) return null;
      seen.add(i);
      const r = rules[i]!;
      const n = neededStrings(
        r.cond,
        (k) => r.first + k,
        (name) => {
          const j = this.ruleIndex.get(name);
          return j === undefined ? null : ruleNeeds(j, seen);
        },
      );
      needs.set(i, n);
      return n;
    };
    this.always = [];
    const wakesOfString = new Map<number, number[]>();
    rules.forEach((r, i) => {
      if (r.isPrivate) return;
      const n = ruleNeeds(i, new Set());
      if (n === null || n.some((s) => this.alwaysPresent[s] === 1)) {
        this.always.push(i);
        return;
      }
      for (const s of n) (wakesOfString.get(s) ?? wakesOfString.set(s, []).get(s)!).push(i);
    });

    // One view per kind of literal, deduplicated by content, each with the strings it stands for.
    const build = (pick: (l: StringLiterals) => Uint8Array[], view: IndexView) => {
      const byText = new Map<string, number>();
      const literals: Uint8Array[] = [];
      const strings: number[][] = [];
      stringLiterals.forEach((l, s) => {
        if (l === null) return;
        for (const lit of pick(l)) {
          const text = Buffer.from(lit).toString('latin1');
          let id = byText.get(text);
          if (id === undefined) {
            id = literals.length;
            byText.set(text, id);
            literals.push(lit);
            strings.push([]);
          }
          strings[id]!.push(s);
        }
      });
      const wakes = strings.map((ss) => [...new Set(ss.flatMap((s) => wakesOfString.get(s) ?? []))]);
      return { literals, view, strings, wakes };
    };
    const views = [build((l) => l.folded, 'folded'), build((l) => l.diffs, 'xor-diff')].filter(
      (v) => v.literals.length > 0,
    );
    this.search = new LiteralSearch(views);
    this.views = views;

    this.stats = {
      rules: rules.length,
      strings: nStrings,
      stringsWithoutLiteral: this.alwaysPresent.reduce((n, x) => n + x, 0),
      literals: views.reduce((n, v) => n + v.literals.length, 0),
      rulesAlwaysEvaluated: this.always.length,
    };
  }

  /**
   * The filter for a unit compiled from `sources`, or null if a source cannot be read or the
   * runtime has no WebAssembly.
   */
  static of(sources: readonly RuleSource[]): NoMatchFilter | null {
    if (!literalSearchAvailable()) return null;
    const rules: FilterRule[] = [];
    const literals: (StringLiterals | null)[] = [];
    const outlines = [];
    for (const s of sources) {
      const read = readSource(s.text);
      if (!read.ok) return null;
      outlines.push(read.outline);
    }
    const names = new Set(outlines.flatMap((o) => o.rules.map((r) => r.name)));
    for (const o of outlines) {
      for (const r of o.rules) {
        const defs = readStringDefs(r.strings);
        const first = literals.length;
        const strings = defs ?? [];
        for (const d of strings) literals.push(d.literals);
        rules.push({
          name: r.name,
          isPrivate: r.isPrivate,
          // A string section it cannot read: the rule may match anything.
          cond: defs
            ? readCondition(
                r.condition,
                strings.map((d) => d.name),
                names,
              )
            : { k: 'const', v: UNKNOWN },
          first,
        });
      }
    }
    return new NoMatchFilter(rules, literals);
  }

  /** False only if no public rule of the unit can match `data` (see the module comment). */
  mayMatch(data: Uint8Array, externals: Readonly<ScanVariables>): boolean {
    this.facts.data = data;
    this.facts.externals = externals;
    this.memo.fill(-1);
    let possible: boolean;
    // Rules evaluated on every file first: if one may be true, more strings found cannot make
    // it false (evaluation is monotone in what is known), so the search is not needed.
    if (this.anyPossible(this.always)) possible = true;
    else {
      const woken = this.findStrings(data);
      this.memo.fill(-1);
      possible = this.anyPossible(this.always) || this.anyPossible(woken);
      this.present.set(this.alwaysPresent);
    }
    this.facts.data = NOTHING;
    return possible;
  }

  /** Unit-wide id of the first string of the rule being evaluated. */
  private current = 0;
  /** The file being checked, as condition evaluation sees it. */
  private readonly facts: FileFacts = {
    data: new Uint8Array(0),
    externals: EMPTY_VARIABLES,
    present: (i) => this.present[this.current + i] === 1,
    rule: (name) => {
      const j = this.ruleIndex.get(name);
      return j === undefined ? UNKNOWN : this.truthOf(j);
    },
  };

  private truthOf(i: number): Truth {
    const m = this.memo[i]!;
    if (m >= 0) return m as Truth;
    this.memo[i] = UNKNOWN; // a reference cycle (YARA refuses them) stays unknown
    const outer = this.current;
    this.current = this.rules[i]!.first;
    const v = evaluate(this.rules[i]!.cond, this.facts);
    this.current = outer;
    this.memo[i] = v;
    return v;
  }

  private anyPossible(list: readonly number[]): boolean {
    for (const i of list) if (this.truthOf(i) !== FALSE) return true;
    return false;
  }

  /** Marks the strings whose literals occur in `data`; returns the rules to evaluate. */
  private findStrings(data: Uint8Array): number[] {
    const woken: number[] = [];
    const mark = this.woken;
    this.search.search(data).forEach((ids, k) => {
      const { strings, wakes } = this.views[k]!;
      for (const id of ids) {
        for (const s of strings[id]!) this.present[s] = 1;
        for (const r of wakes[id]!) {
          if (mark[r] === 0) {
            mark[r] = 1;
            woken.push(r);
          }
        }
      }
    });
    for (const r of woken) mark[r] = 0;
    return woken;
  }
}
