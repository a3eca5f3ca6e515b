/**
 * @module detect/rule-set
 * The engine: compiles all log rules once, answers "which literals may the parser prefilter on
 * for this log kind", and evaluates every rule for a record in one pass. Engine code never names
 * a CVE or a path; all of that is in the rules.
 */
import type { LineNeed, LogKind, LogRecord, PrefilterEntry } from '../parsers/index.js';
import type { LogRule } from './rule-types.js';
import { compileCondition, type Test } from './compile-condition.js';
import { EvalContext } from './eval-context.js';
import { lineNeed } from './required-literals.js';
import { makeHit, type RuleHit } from './rule-hit.js';
import { addToAggregate, emptyAggregate, type AggregatePartial } from './aggregate-state.js';
import { LiteralPlan } from './literal-plan.js';

interface CompiledRule {
  ord: number;
  rule: LogRule;
  test: Test;
  report: Test | null;
  subkinds: Set<string> | null;
  need: LineNeed | null;
}

export class RuleSet {
  private readonly byKind = new Map<LogKind, CompiledRule[]>();
  private readonly byId = new Map<string, LogRule>();
  /** Each rule's line need, in rule order. */
  private readonly needs: (LineNeed | null)[] = [];
  private readonly plans = new Map<string, LiteralPlan<CompiledRule>>();
  /** Aggregate state of this rule set's records (per worker; merged by the caller). */
  aggregate: AggregatePartial = emptyAggregate();

  /**
   * `needs`: each rule's line need as another RuleSet of the same rules computed it
   * (`lineNeeds()`), so a worker thread does not derive them again (~20 ms for the shipped rules,
   * at the start of its scan); computed here when absent or not one per rule.
   */
  constructor(
    readonly rules: readonly LogRule[],
    needs?: readonly (LineNeed | null)[],
  ) {
    const given = needs?.length === rules.length ? needs : null;
    rules.forEach((rule, ord) => {
      this.byId.set(rule.id, rule);
      const compiled: CompiledRule = {
        ord,
        rule,
        test: compileCondition(rule.match),
        report: rule.aggregate ? compileCondition(rule.aggregate.report) : null,
        subkinds: rule.select.subkinds ? new Set(rule.select.subkinds.map((s) => s.toLowerCase())) : null,
        need:
          given !== null
            ? (given[ord] as LineNeed | null)
            : lineNeed(
                rule.match,
                rule.select.kinds.every((k) => k === 'iis'),
              ),
      };
      this.needs.push(compiled.need);
      for (const kind of rule.select.kinds) {
        const list = this.byKind.get(kind) ?? [];
        list.push(compiled);
        this.byKind.set(kind, list);
      }
    });
  }

  /** Each rule's line need, in rule order (plain data: it can be posted to a worker). */
  lineNeeds(): (LineNeed | null)[] {
    return [...this.needs];
  }

  /** The literal plan of the rules that apply to a kind and subkind (built once, cached). */
  private plan(kind: LogKind, sub: string): LiteralPlan<CompiledRule> {
    const key = `${kind}\u0000${sub}`;
    let p = this.plans.get(key);
    if (!p) {
      const rules = (this.byKind.get(kind) ?? []).filter((c) => !c.subkinds || c.subkinds.has(sub));
      p = new LiteralPlan(rules);
      this.plans.set(key, p);
    }
    return p;
  }

  /** The rule with this id. */
  rule(id: string): LogRule | undefined {
    return this.byId.get(id);
  }

  /** Whether any rule looks at this kind (files of other kinds need not be parsed at all). */
  wants(kind: LogKind): boolean {
    return this.byKind.has(kind);
  }

  /**
   * What a line of `kind` (from a file of `subkind`, when given) must contain to be worth
   * parsing: each rule's need (anchors, plus literals checked where an anchor is found), or null
   * when some rule for it has none (then every line must be parsed). Rules selecting other
   * subkinds do not weaken the prefilter.
   */
  prefilter(kind: LogKind, subkind?: string | null): PrefilterEntry[] | null {
    const out: PrefilterEntry[] = [];
    const seen = new Set<string>();
    const sub = subkind?.toLowerCase();
    for (const c of this.byKind.get(kind) ?? []) {
      if (sub !== undefined && c.subkinds && !c.subkinds.has(sub)) continue;
      if (c.need === null) return null;
      const key = JSON.stringify(c.need);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c.need);
    }
    return out;
  }

  /** The anchor literals of a kind's prefilter (what a plain literal search would look for). */
  anchors(kind: LogKind, subkind?: string | null): string[] | null {
    const entries = this.prefilter(kind, subkind);
    return entries && [...new Set(entries.flatMap((e) => (typeof e === 'string' ? [e] : e.anchors)))];
  }

  /** Evaluate every rule for one record; aggregate rules update `this.aggregate` instead. */
  match(rec: LogRecord): RuleHit[] {
    const list = this.byKind.get(rec.kind);
    if (!list) return [];
    const ctx = new EvalContext(rec);
    const sub = rec.subkind?.toLowerCase() ?? '';
    // Events are decoded records, not lines (their raw text is JSON): every rule is evaluated.
    // A log line is evaluated only against the rules owning a literal it contains.
    const candidates =
      rec.kind === 'event'
        ? list.filter((c) => !c.subkinds || c.subkinds.has(sub))
        : this.plan(rec.kind, sub).candidates(rec.raw());
    let hits: RuleHit[] | null = null;
    for (const c of candidates) {
      if (!c.test(ctx)) continue;
      const agg = c.rule.aggregate;
      if (agg && c.report) {
        const key = (ctx.lower(agg.by) ?? '').trim();
        const distinct = ctx.lower(agg.distinct) ?? '';
        const hit = c.report(ctx) ? makeHit(c.rule, rec) : null;
        addToAggregate(this.aggregate, c.rule.id, agg.maxDistinct, key, distinct, hit);
        continue;
      }
      (hits ??= []).push(makeHit(c.rule, rec));
    }
    return hits ?? [];
  }

  /** maxDistinct of an aggregate rule (for merging and finalising partial states). */
  maxDistinct = (id: string): number => this.byId.get(id)?.aggregate?.maxDistinct ?? 0;
}
