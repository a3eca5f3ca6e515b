/**
 * @module detect/aggregate-state
 * Per-run state of aggregate ("rare") rules. Each worker fills its own state; the main thread
 * merges them (plain data, so they cross thread boundaries) and then decides which groups were
 * rare over the whole run. Memory is bounded: distinct values stop counting one past the limit,
 * kept hits and groups are capped, and what the caps drop is counted.
 */
import type { RuleHit } from './rule-hit.js';

const MAX_GROUPS = 20_000;
const MAX_HITS_PER_GROUP = 25;

export interface AggregateGroup {
  key: string;
  distinct: string[];
  hits: RuleHit[];
  /** Reportable records seen, including those beyond the kept hits. */
  hitCount: number;
}

/** Serializable partial state: rule id → group key → group. */
export interface AggregatePartial {
  rules: Record<string, Record<string, AggregateGroup>>;
  /** Groups per rule (kept alongside so the cap check is O(1)). */
  groupCount: Record<string, number>;
  droppedGroups: number;
}

export function emptyAggregate(): AggregatePartial {
  return { rules: {}, groupCount: {}, droppedGroups: 0 };
}

/** Count one record into a rule's group; `hit` is set when the record is reportable. */
export function addToAggregate(
  state: AggregatePartial,
  ruleId: string,
  maxDistinct: number,
  key: string,
  distinctValue: string,
  hit: RuleHit | null,
): void {
  const groups = (state.rules[ruleId] ??= {});
  let g = groups[key];
  if (!g) {
    const n = state.groupCount[ruleId] ?? 0;
    if (n >= MAX_GROUPS) {
      state.droppedGroups++;
      return;
    }
    state.groupCount[ruleId] = n + 1;
    g = groups[key] = { key, distinct: [], hits: [], hitCount: 0 };
  }
  if (g.distinct.length <= maxDistinct && !g.distinct.includes(distinctValue)) g.distinct.push(distinctValue);
  if (hit) {
    g.hitCount++;
    if (g.hits.length < MAX_HITS_PER_GROUP) g.hits.push(hit);
  }
}

/** Merge `from` into `into` (both partials of the same rules). */
export function mergeAggregate(
  into: AggregatePartial,
  from: AggregatePartial,
  maxDistinct: (rule: string) => number,
): void {
  into.droppedGroups += from.droppedGroups;
  for (const [ruleId, groups] of Object.entries(from.rules)) {
    const max = maxDistinct(ruleId);
    for (const g of Object.values(groups)) {
      for (const d of g.distinct) addToAggregate(into, ruleId, max, g.key, d, null);
      const target = into.rules[ruleId]?.[g.key];
      if (!target) continue;
      target.hitCount += g.hitCount;
      for (const h of g.hits) if (target.hits.length < MAX_HITS_PER_GROUP) target.hits.push(h);
    }
  }
}

/** The hits of rare groups: at most `maxDistinct` distinct values over the run. */
export function rareHits(state: AggregatePartial, maxDistinct: (rule: string) => number): RuleHit[] {
  const out: RuleHit[] = [];
  for (const [ruleId, groups] of Object.entries(state.rules)) {
    const max = maxDistinct(ruleId);
    for (const g of Object.values(groups)) if (g.hits.length && g.distinct.length <= max) out.push(...g.hits);
  }
  return out;
}
