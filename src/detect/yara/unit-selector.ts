/**
 * @module detect/yara/unit-selector
 * Picks, for each file, the compiled unit a YARA-X scan uses: the unit of the file's class
 * (partition-plan.ts), compiled on first use and cached, or — when compiling one more unit is not
 * worth it — the smallest already compiled unit that holds every rule the class needs (the unit
 * of all rules always does). A class that needs no rule at all is not scanned.
 *
 * Compiling costs: milliseconds for a few rule files, seconds per unit and worker for a set like
 * signature-base (741 files, ~6 s for all of them here). So a large set gets few size classes,
 * only its most common leading-byte value in the class, and a unit of its own only for classes
 * that drop a large share of the rules (`policyFor`).
 */
import { PartitionPlan, type PlanOptions } from './partition-plan.js';

export interface SelectorPolicy extends PlanOptions {
  /** Compiled units besides the one with every rule, per compile group and worker. */
  maxUnits: number;
  /** A class gets its own unit only if that unit keeps at most this share of the rules. */
  maxShare: number;
}

/**
 * Below this many rules a unit compiles in a few milliseconds (exhunt's 10 rules: 5-20 ms), so
 * every class may have its own.
 */
const CHEAP_RULES = 300;

/**
 * Measured on the bench tree with signature-base (5,883 rules, 3,892 with a size bound or
 * leading bytes; 3,011 need `MZ`): a unit for small files without `MZ` keeps 43 % of the rules,
 * compiles in ~2.4 s and scans them ~25 % faster; one for files of 500 KB and more keeps ~36 %
 * and scans the 1-4 MB files ~45 % faster; a unit for small `MZ` files keeps 94 %, would cost
 * ~5 s to compile and scans only ~15 % faster, so `MZ` files use the full unit.
 */
export function policyFor(totalRules: number): SelectorPolicy {
  return totalRules <= CHEAP_RULES
    ? { maxBreakpoints: 32, maxMagics: 16, minMagicShare: 0, maxUnits: 64, maxShare: 1 }
    : { maxBreakpoints: 3, maxMagics: 2, minMagicShare: 0.05, maxUnits: 4, maxShare: 0.6 };
}

interface Compiled<R> {
  selection: Set<number>;
  rules: R;
}

export class UnitSelector<R> {
  private readonly byClass = new Map<string, R | null>();
  private readonly bySelection = new Map<string, R>();
  private readonly compiled: Compiled<R>[] = [];
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
    const total = plan.rules.length + plan.alwaysRules;
    const share = (selection.length + plan.alwaysRules) / total;
    if (this.compiled.length < policy.maxUnits && share <= policy.maxShare) {
      const rules = this.compile(plan.textsOf(selection).join('\n'));
      if (rules === null) {
        this.stats.failures++;
        this.bySelection.set(setKey, this.full);
        return this.full;
      }
      this.stats.units++;
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

/** A selector for `plan`, or null when no file could skip any rule. */
export function selectorFor<R>(
  plan: PartitionPlan,
  full: R,
  compile: (text: string) => R | null,
  policy: SelectorPolicy,
): UnitSelector<R> | null {
  return plan.rules.length === 0 ? null : new UnitSelector(plan, full, compile, policy);
}
