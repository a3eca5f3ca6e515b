/**
 * @module detect/literal-plan
 * Which rules a line can possibly fire, from the literals it contains. Built once per log kind
 * and subkind: one case-insensitive alternation of every rule's required literals. A line that
 * passed the parser's prefilter is searched once; only the rules owning a literal found in it
 * (or owning none) are evaluated. On a busy log this turns "every rule for every candidate line"
 * into "one or two rules per line".
 */

export interface PlannedRule {
  /** Position in the rule set, for stable order and de-duplication. */
  ord: number;
  literals: string[] | null;
}

export class LiteralPlan<R extends PlannedRule> {
  /** Rules without required literals: evaluated for every record. */
  readonly always: R[];
  private readonly re: RegExp | null;
  private readonly index = new Map<string, number>();
  /** Literal index → rules that a line containing it may fire (containment included). */
  private readonly byLiteral: R[][];
  private readonly stamp: Uint32Array;
  private epoch = 0;

  constructor(readonly rules: readonly R[]) {
    this.always = rules.filter((r) => r.literals === null);
    const lits = [...new Set(rules.flatMap((r) => r.literals ?? []))].sort((a, b) => b.length - a.length);
    lits.forEach((l, i) => this.index.set(l, i));
    this.byLiteral = lits.map((l) => rules.filter((r) => r.literals?.some((x) => l.includes(x))));
    this.re = lits.length ? new RegExp(lits.map(escape).join('|'), 'gi') : null;
    this.stamp = new Uint32Array(Math.max(1, ...rules.map((r) => r.ord + 1)));
  }

  /** The rules worth evaluating for this line, in rule-set order. */
  candidates(line: string): R[] {
    if (!this.re) return this.always.slice();
    this.epoch = (this.epoch + 1) >>> 0 || 1;
    const out: R[] = [];
    for (const r of this.always) {
      this.stamp[r.ord] = this.epoch;
      out.push(r);
    }
    const re = this.re;
    re.lastIndex = 0;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      const i = this.index.get(m[0].toLowerCase());
      if (i !== undefined) {
        for (const r of this.byLiteral[i] as R[]) {
          if (this.stamp[r.ord] === this.epoch) continue;
          this.stamp[r.ord] = this.epoch;
          out.push(r);
        }
      }
      // Step one character, not past the match: literals may overlap.
      re.lastIndex = m.index + 1;
    }
    return out.length > 1 ? out.sort((a, b) => a.ord - b.ord) : out;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
