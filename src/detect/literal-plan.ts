/**
 * @module detect/literal-plan
 * Which rules a line can possibly fire, from what it contains. Built once per log kind and
 * subkind from every rule's need (anchors plus the literals checked where an anchor is found, see
 * parsers/line-needs.ts). A line that passed the parser's prefilter is searched once; only the
 * rules whose need it satisfies (or that have none) are evaluated. On a busy log this turns
 * "every rule for every candidate line" into "one or two rules per line".
 */
import { NeedMatcher, type LineNeed } from '../parsers/index.js';

export interface PlannedRule {
  /** Position in the rule set, for stable order and de-duplication. */
  ord: number;
  need: LineNeed | null;
}

export class LiteralPlan<R extends PlannedRule> {
  /** Rules without a need: evaluated for every record. */
  readonly always: R[];
  private readonly needed: R[];
  private readonly matcher: NeedMatcher | null;
  private readonly found: number[] = [];

  constructor(readonly rules: readonly R[]) {
    this.always = rules.filter((r) => r.need === null);
    this.needed = rules.filter((r) => r.need !== null);
    this.matcher = this.needed.length
      ? new NeedMatcher(
          this.needed.map((r) => r.need!),
          false,
        )
      : null;
  }

  /** The rules worth evaluating for this line, in rule-set order. */
  candidates(line: string): R[] {
    const out = this.always.slice();
    if (this.matcher === null) return out;
    const n = this.matcher.satisfied(line, this.found);
    for (let i = 0; i < n; i++) out.push(this.needed[this.found[i]!]!);
    return out.length > 1 ? out.sort((a, b) => a.ord - b.ord) : out;
  }
}
