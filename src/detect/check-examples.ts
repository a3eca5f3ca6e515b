/**
 * @module detect/check-examples
 * Runs a rule's own examples through the compiled engine: every positive must fire (and pass the
 * parser prefilter the rule implies), every negative must stay quiet. The test suite runs this
 * for every shipped rule, so a rule without working examples cannot ship.
 */
import type { LogRule, RuleExample } from './rule-types.js';
import { RuleSet } from './rule-set.js';
import { memoryRecord } from './memory-record.js';
import { compilePrefilter } from '../parsers/index.js';

export function exampleRecord(rule: LogRule, ex: RuleExample, index: number) {
  const init: Parameters<typeof memoryRecord>[0] = {
    kind: ex.kind ?? (rule.select.kinds[0] as LogRule['select']['kinds'][number]),
    subkind: ex.subkind ?? rule.select.subkinds?.[0] ?? null,
    fields: ex.fields,
    path: `examples/${rule.id}.log`,
    line: index + 1,
  };
  if (ex.raw !== undefined) init.raw = ex.raw;
  return memoryRecord(init);
}

/** Problems with the rule's examples (empty when all behave). */
export function checkRuleExamples(rule: LogRule): string[] {
  const problems: string[] = [];
  const set = new RuleSet([rule]);
  rule.examples.positive.forEach((ex, i) => {
    const rec = exampleRecord(rule, ex, i);
    const fired = fires(set, rule, rec);
    if (!fired) problems.push(`positive example ${i + 1} does not fire`);
    // Events are not byte-prefiltered (they come decoded from EVTX or JSON); logs are.
    const entries = rec.kind === 'event' ? null : set.prefilter(rec.kind);
    const pf = compilePrefilter(entries ?? undefined);
    const line = Buffer.from(`${rec.raw()}\n`, 'utf8');
    if (pf && pf.find(line, 0, line.length, []) === 0) {
      problems.push(
        `positive example ${i + 1} would be dropped by the prefilter (anchors ${pf.literals.join(' | ')})`,
      );
    }
  });
  rule.examples.negative.forEach((ex, i) => {
    if (fires(set, rule, exampleRecord(rule, ex, i))) problems.push(`negative example ${i + 1} fires`);
  });
  return problems;
}

/** Whether the record fires the rule; an aggregate rule fires when a lone record would be rare and reportable. */
function fires(set: RuleSet, rule: LogRule, rec: ReturnType<typeof memoryRecord>): boolean {
  set.aggregate = { rules: {}, groupCount: {}, droppedGroups: 0 };
  const direct = set.match(rec).length > 0;
  if (!rule.aggregate) return direct;
  return Object.values(set.aggregate.rules[rule.id] ?? {}).some((g) => g.hits.length > 0);
}
