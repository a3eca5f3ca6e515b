import { describe, expect, it } from 'vitest';
import { loadLogRules } from './load-rules.js';
import { checkRuleExamples } from './check-examples.js';
import { RuleSet } from './rule-set.js';

const { rules, issues } = loadLogRules();

describe('shipped log rules (rules/logs)', () => {
  it('all load without issues', () => {
    expect(issues).toEqual([]);
    expect(rules.length).toBeGreaterThan(20);
  });

  it.each(rules.map((r) => [r.id, r] as const))(
    '%s: examples fire and stay quiet as documented',
    (_id, rule) => {
      expect(rule.examples.positive.length).toBeGreaterThan(0);
      expect(rule.examples.negative.length).toBeGreaterThan(0);
      expect(checkRuleExamples(rule)).toEqual([]);
    },
  );

  it('never names a CVE outside rule data: every CVE-bearing rule carries a campaign or category', () => {
    for (const r of rules) expect(r.category).not.toBe('');
  });

  it('gives the IIS and HttpProxy logs a prefilter (all their rules have required literals)', () => {
    const set = new RuleSet(rules);
    expect(set.prefilter('iis')).not.toBeNull();
    expect(set.prefilter('httpproxy')).not.toBeNull();
  });
});
