/**
 * @module detect/yara/unit-selector
 * Picks, for each file, the compiled unit a YARA-X scan uses: the unit of the file's class
 * (partition-plan.ts), compiled on first use and cached, or — when compiling one more unit is not
 * worth it — the smallest already compiled unit that holds every rule the class needs (the unit
 * of all rules always does). A class that needs no rule at all is not scanned.
 *
 * Compiling costs: milliseconds for a few rule files, seconds per unit and worker for a set like
 * signature-base (741 files, ~6 s for all of them here). So a large set gets few size classes,
 * only its most common leading-byte value in the class, and units only up to a budget of
 * compiled rules (`policyFor`, with the measurements).
 */
import { PartitionPlan, type PlanOptions } from './partition-plan.js';

export interface SelectorPolicy extends PlanOptions {
  /** Compiled units besides the one with every rule, per compile group and worker. */
  maxUnits: number;
  /**
   * Rules compiled into those units, in all: the compile cost (YARA-X, here: ~1 ms per rule of
   * signature-base and per worker) must stay below what the smaller scans save.
   */
  maxUnitRules: number;
}

/**
 * Below this many rules a unit compiles in a few milliseconds (exhunt's 10 rules: 5-20 ms), so
 * every class may have its own.
 */
const CHEAP_RULES = 300;

/**
 * Measured on the bench tree (`ab` runs of one worker over every 4th file, load ~2):
 *
 * - exhunt's 10 rules: YARA-X time over all 25,863 files 8.3 s -> 2.5 s with 10 units of
 *   5-20 ms each; the 1-4 MB files 12.6 -> 0.5 ms each (only the one rule with `filesize < 5MB`
 *   is left for them, and its patterns are searched alone).
 * - signature-base (5,883 rules; 3,892 with a size bound or leading bytes, 3,011 of them `MZ`):
 *   a unit for small files without `MZ` keeps 43 % of the rules but scans them only ~18 % faster
 *   (1.43 -> 1.17 ms per file: the rules it drops are the cheap ones, whose condition fails on
 *   its first test; the per-file cost is in the ~2,000 rules without prerequisites); the units
 *   for the 1-4 MB and 200 MB files save 0-20 %. Each costs 1.7-2.4 s to compile per worker, more
 *   than it saves on this 2.5 GB tree: with units the whole run took 28.6 s of CPU, without 24.4 s.
 *   So a large set gets no unit beyond 1,500 compiled rules in all (~1.5 s per worker), i.e.
 *   none for signature-base.
 */
export function policyFor(totalRules: number): SelectorPolicy {
  return totalRules <= CHEAP_RULES
    ? { maxBreakpoints: 32, maxMagics: 16, minMagicShare: 0, maxUnits: 64, maxUnitRules: Infinity }
    : { maxBreakpoints: 3, maxMagics: 2, minMagicShare: 0.05, maxUnits: 4, maxUnitRules: 1500 };
}

interface Compiled<R> {
  selection: Set<number>;
  rules: R;
}

export class UnitSelector<R> {
  private readonly byClass = new Map<string, R | null>();
  private readonly bySelection = new Map<string, R>();
  private readonly compiled: Compiled<R>[] = [];
  private unitRules = 0;
  /** Counters for tests and benchmarks: units compiled, classes seen, compile failures. */
  readonly stats = { units: 0, classes: 0, failures: 0 };

  constructor(
    private readonly plan: PartitionPlan,
    private readonly full: R,
    /** Compiles one unit's text; null if it does not compile (then the full unit is used). */
    private readonly compile: (text: string) => R | null,
    private readonly policy: SelectorPolicy,
  ) {}

  /** The unit to scan a file of `size` bytes starting with `head` with; null: nothing to scan. */
  forFile(size: number, head: Uint8Array): R | null {
    const key = this.plan.classOf(size, head);
    const known = this.byClass.get(key);
    if (known !== undefined) return known;
    const unit = this.unitFor(this.plan.selection(key));
    this.byClass.set(key, unit);
    this.stats.classes++;
    return unit;
  }

  private unitFor(selection: number[]): R | null {
    const { plan, policy } = this;
    if (selection.length === 0 && plan.alwaysRules === 0) return null;
    if (selection.length === plan.rules.length) return this.full;
    const setKey = selection.join(',');
    const same = this.bySelection.get(setKey);
    if (same) return same;
    const size = selection.length + plan.alwaysRules;
    if (this.compiled.length < policy.maxUnits && this.unitRules + size <= policy.maxUnitRules) {
      const rules = this.compile(plan.textsOf(selection).join('\n'));
      if (rules === null) {
        this.stats.failures++;
        this.bySelection.set(setKey, this.full);
        return this.full;
      }
      this.stats.units++;
      this.unitRules += size;
      this.compiled.push({ selection: new Set(selection), rules });
      this.bySelection.set(setKey, rules);
      return rules;
    }
    // The smallest compiled unit that holds every selected rule; the full unit holds all.
    let best: Compiled<R> | null = null;
    for (const c of this.compiled) {
      if (best && c.selection.size >= best.selection.size) continue;
      if (selection.every((i) => c.selection.has(i))) best = c;
    }
    return best ? best.rules : this.full;
  }
}

/**
 * A selector for `plan`, or null when it could never choose anything but the full unit: no rule
 * can be skipped, or the rules kept in every unit alone are over the compile budget (and, those
 * being there, no file goes unscanned either).
 */
export function selectorFor<R>(
  plan: PartitionPlan,
  full: R,
  compile: (text: string) => R | null,
  policy: SelectorPolicy,
): UnitSelector<R> | null {
  const never = plan.rules.length === 0 || (plan.alwaysRules > 0 && plan.alwaysRules >= policy.maxUnitRules);
  return never ? null : new UnitSelector(plan, full, compile, policy);
}
