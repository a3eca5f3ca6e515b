/**
 * @module detect/yara/partition-plan
 * Which rules of a compile unit a given file needs, so the YARA-X backend can scan it with a
 * smaller unit. YARA-X skips its pattern search only when no rule in the unit can need it: one
 * rule that applies to a file (say `filesize < 5MB`) makes it search the patterns of every rule,
 * including those whose `filesize < 20KB` or `uint16(0) == 0x5a4d` already rules the file out.
 *
 * A file is put in a class — its size class (the largest breakpoint not above its size) and the
 * set of known leading-byte values it has — and the class selects every rule whose prerequisites
 * (rule-prerequisites.ts) the class does not exclude. A size class stands for files of at least
 * its breakpoint, so it keeps every rule that any file in it could match: the selection is a
 * superset of what the file needs, and the scan gives exactly the hits of the whole unit.
 *
 * Kept whole and in every class: sources this reader cannot split, sources with `global` rules
 * (they gate every rule), and rules that name another rule or are named by one (the compiler
 * needs both ends).
 */
import { ruleNames } from './rule-meta.js';
import { prerequisitesOf, namesIn, type Magic } from './rule-prerequisites.js';
import { readSource } from './source-reader.js';
import type { RuleSource } from './types.js';

/** A rule that some files can skip. */
export interface PlannedRule {
  name: string;
  sizeBelow: number;
  /** Indexes into `PartitionPlan.magics`; all must hold. */
  magics: number[];
}

/** A piece of a source's text: kept in every unit (`rule` -1) or only with that planned rule. */
interface Segment {
  text: string;
  rule: number;
}

export interface PlanOptions {
  /** At most this many size breakpoints besides 0 (each can mean one more compiled unit). */
  maxBreakpoints: number;
  /**
   * At most this many leading-byte values take part in a file's class, the ones gating the most
   * rules, and only those gating at least `minMagicShare` of the unit's rules. The rules of the
   * others are kept in every class: a rare magic would otherwise cost a unit of its own for the
   * few files that have it, to drop a handful of rules.
   */
  maxMagics: number;
  minMagicShare: number;
}

function magicKey(m: Magic): string {
  return `${m.width}${m.bigEndian ? 'be' : ''}=${m.value}`;
}

function readMagic(head: Uint8Array, m: Magic): number | null {
  if (head.length < m.width) return null;
  if (m.width === 1) return head[0]!;
  if (m.width === 2) return m.bigEndian ? (head[0]! << 8) | head[1]! : head[0]! | (head[1]! << 8);
  const v = m.bigEndian
    ? (head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!
    : head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24);
  return v >>> 0;
}

/** Files above this size are not YARA-scanned by the file hunt (its `maxScanBytes`). */
const LARGEST_SCANNED = 100 * 1024 * 1024;

/**
 * Breakpoints for the size classes: 0 and up to `max` of the rules' size bounds. With fewer
 * slots than bounds, the ones kept maximise the rules dropped for file sizes spread evenly on a
 * log scale up to 100 MiB (real trees have files of every order of magnitude; few large ones):
 * a breakpoint b drops every rule bounded at or below b for files from b to the next breakpoint.
 * Greedy, one breakpoint at a time.
 */
export function chooseBreakpoints(bounds: readonly number[], max: number): number[] {
  const finite = bounds.filter((b) => Number.isFinite(b) && b > 0 && b <= LARGEST_SCANNED);
  const distinct = [...new Set(finite)].sort((a, b) => a - b);
  if (distinct.length <= max) return [0, ...distinct];
  const droppedAt = (b: number) => finite.reduce((n, x) => n + (x <= b ? 1 : 0), 0);
  const value = (kept: readonly number[]) => {
    const s = [...kept].sort((a, b) => a - b);
    let v = 0;
    s.forEach((b, i) => {
      const next = s[i + 1] ?? LARGEST_SCANNED;
      v += droppedAt(b) * Math.log(Math.max(next, b + 1) / b);
    });
    return v;
  };
  const kept: number[] = [];
  while (kept.length < max) {
    let best = -1;
    let bestValue = value(kept);
    for (const b of distinct) {
      if (kept.includes(b)) continue;
      const v = value([...kept, b]);
      if (v > bestValue) {
        bestValue = v;
        best = b;
      }
    }
    if (best < 0) break;
    kept.push(best);
  }
  return [0, ...kept.sort((a, b) => a - b)];
}

/** The magics (old index → new index) that take part in classes; see PlanOptions.maxMagics. */
function trackedMagics(
  rules: readonly PlannedRule[],
  count: number,
  totalRules: number,
  options: PlanOptions,
): Map<number, number> {
  const gated = new Array<number>(count).fill(0);
  for (const r of rules) for (const j of r.magics) gated[j]!++;
  const chosen = gated
    .map((n, j) => ({ n, j }))
    .filter((x) => x.n > 0 && x.n >= options.minMagicShare * totalRules)
    .sort((a, b) => b.n - a.n || a.j - b.j)
    .slice(0, options.maxMagics)
    .map((x) => x.j)
    .sort((a, b) => a - b);
  return new Map(chosen.map((j, i) => [j, i]));
}

export class PartitionPlan {
  private constructor(
    readonly rules: readonly PlannedRule[],
    readonly magics: readonly Magic[],
    readonly breakpoints: readonly number[],
    /** Rules kept in every unit; with none, a class that selects no planned rule needs no scan. */
    readonly alwaysRules: number,
    private readonly segments: readonly Segment[][],
  ) {}

  /** The plan for one compile unit's sources (all of which compile). */
  static of(sources: readonly RuleSource[], options: PlanOptions): PartitionPlan {
    const outlines = sources.map((s) => readSource(s.text));
    // Every rule name of the unit, and every name some condition mentions (a source we cannot
    // read counts as mentioning every word in it).
    const allNames = new Set<string>();
    const mentioned = new Set<string>();
    const prefixes: string[] = [];
    sources.forEach((s, i) => {
      const r = outlines[i]!;
      if (!r.ok) {
        for (const n of ruleNames(s.text)) allNames.add(n);
        for (const w of s.text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) mentioned.add(w);
        return;
      }
      for (const rule of r.outline.rules) {
        allNames.add(rule.name);
        for (const n of namesIn(rule.condition)) {
          if (n.endsWith('*')) prefixes.push(n.slice(0, -1));
          else mentioned.add(n);
        }
      }
    });
    const referenced = (name: string) => mentioned.has(name) || prefixes.some((p) => name.startsWith(p));

    const rules: PlannedRule[] = [];
    const magics: Magic[] = [];
    const magicIndex = new Map<string, number>();
    let alwaysRules = 0;
    const segments = sources.map((s, i): Segment[] => {
      const r = outlines[i]!;
      if (!r.ok || r.outline.rules.some((rule) => rule.isGlobal)) {
        alwaysRules += ruleNames(s.text).length;
        return [{ text: s.text, rule: -1 }];
      }
      const out: Segment[] = [];
      let at = 0;
      for (const rule of r.outline.rules) {
        const p = prerequisitesOf(rule.condition);
        const refers = namesIn(rule.condition).some(
          (n) =>
            n !== rule.name &&
            (n.endsWith('*') ? [...allNames].some((a) => a.startsWith(n.slice(0, -1))) : allNames.has(n)),
        );
        if ((p.sizeBelow === Infinity && p.magics.length === 0) || refers || referenced(rule.name)) {
          alwaysRules++;
          continue;
        }
        const idx = p.magics.map((m) => {
          const key = magicKey(m);
          let j = magicIndex.get(key);
          if (j === undefined) {
            j = magics.push(m) - 1;
            magicIndex.set(key, j);
          }
          return j;
        });
        out.push({ text: s.text.slice(at, rule.start), rule: -1 });
        out.push({ text: s.text.slice(rule.start, rule.end), rule: rules.length });
        rules.push({ name: rule.name, sizeBelow: p.sizeBelow, magics: [...new Set(idx)] });
        at = rule.end;
      }
      out.push({ text: s.text.slice(at), rule: -1 });
      return out;
    });
    const tracked = trackedMagics(rules, magics.length, rules.length + alwaysRules, options);
    for (const r of rules) r.magics = r.magics.filter((j) => tracked.has(j)).map((j) => tracked.get(j)!);
    const breakpoints = chooseBreakpoints(
      rules.map((r) => r.sizeBelow),
      options.maxBreakpoints,
    );
    const kept = magics.filter((_, j) => tracked.has(j));
    return new PartitionPlan(rules, kept, breakpoints, alwaysRules, segments);
  }

  /** The class of a file of `size` bytes whose first bytes are `head` (4 are enough). */
  classOf(size: number, head: Uint8Array): string {
    let cls = 0;
    const bp = this.breakpoints;
    while (cls + 1 < bp.length && bp[cls + 1]! <= size) cls++;
    let key = String(cls);
    for (let j = 0; j < this.magics.length; j++) {
      const m = this.magics[j]!;
      if (readMagic(head, m) === m.value) key += `,${j}`;
    }
    return key;
  }

  /** The planned rules a class keeps (indexes, ascending). */
  selection(classKey: string): number[] {
    const [clsText, ...held] = classKey.split(',');
    const floor = this.breakpoints[Number(clsText)]!;
    const has = new Set(held.map(Number));
    const out: number[] = [];
    this.rules.forEach((r, i) => {
      if (r.sizeBelow > floor && r.magics.every((j) => has.has(j))) out.push(i);
    });
    return out;
  }

  /** Source texts (one per source, in order) with only the selected planned rules. */
  textsOf(selection: readonly number[]): string[] {
    const keep = new Set(selection);
    return this.segments.map((segs) =>
      segs
        .filter((s) => s.rule < 0 || keep.has(s.rule))
        .map((s) => s.text)
        .join(''),
    );
  }
}
