import { describe, expect, it } from 'vitest';
import { RuleSet } from './rule-set.js';
import { loadLogRules, parseRuleText } from './load-rules.js';
import { memoryRecord } from './memory-record.js';
import { mergeAggregate, rareHits, emptyAggregate } from './aggregate-state.js';
import type { RuleIssue } from './rule-types.js';

const HEAD = `title: t\ndescription: d\nseverity: high\noutcome: attempt\ncves: []\ncategory: c\nauthor: a\nlicence: Apache-2.0\n`;
const EX = `examples:\n  positive: [{ fields: { a: x } }]\n  negative: [{ fields: { a: y } }]\n`;

function rulesFrom(text: string) {
  const issues: RuleIssue[] = [];
  const rules = parseRuleText(text, 'test.yaml', issues);
  return { rules, issues };
}

describe('RuleSet', () => {
  it('evaluates numeric, time, empty and absent tests', () => {
    const { rules, issues } = rulesFrom(
      `id: numeric-time\n${HEAD}select: { kinds: [iis] }\nmatch:\n  all:\n    - { field: sc-status, gte: 200, lt: 300 }\n    - { field: '@time', after: '2021-01-03T00:00:00Z', before: '2021-03-03T00:00:00Z' }\n    - { field: cs-username, empty: true }\n    - { field: cs(Cookie), absent: true }\n${EX}`,
    );
    expect(issues).toEqual([]);
    const set = new RuleSet(rules);
    const rec = (status: string, date: string, user = '-') =>
      memoryRecord({
        kind: 'iis',
        fields: { date, time: '10:00:00', 'sc-status': status, 'cs-username': user },
      });
    expect(set.match(rec('200', '2021-02-01'))).toHaveLength(1);
    expect(set.match(rec('302', '2021-02-01'))).toHaveLength(0);
    expect(set.match(rec('abc', '2021-02-01'))).toHaveLength(0);
    expect(set.match(rec('200', '2021-03-05'))).toHaveLength(0);
    expect(set.match(rec('200', '2021-02-01', 'alice'))).toHaveLength(0);
  });

  it('reports every problem of a bad rule at once and keeps the good ones', () => {
    const { rules, issues } = rulesFrom(
      `id: Bad Id\nseverity: huge\nselect: { kinds: [nope] }\nmatch: { field: x, like: '[ab', contains: y }\n---\nid: good-one\n${HEAD}select: { kinds: [iis] }\nmatch: { field: a, equals: x }\n${EX}`,
    );
    expect(rules.map((r) => r.id)).toEqual(['good-one']);
    const messages = issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/kebab-case/);
    expect(messages).toMatch(/severity/);
    expect(messages).toMatch(/unknown kind "nope"/);
    expect(messages).toMatch(/exactly one operator/);
    expect(messages).toMatch(/examples/);
  });

  it('counts a YAML syntax error as an issue', () => {
    const { rules, issues } = rulesFrom('id: [unclosed\n');
    expect(rules).toEqual([]);
    expect(issues[0]?.message).toMatch(/^YAML/);
  });

  it('keeps aggregate groups mergeable across workers and reports only rare ones', () => {
    const { rules } = rulesFrom(
      `id: rare-page\n${HEAD}select: { kinds: [iis] }\nmatch: { field: cs-uri-stem, like: '/owa/auth/*.aspx' }\naggregate: { by: cs-uri-stem, distinct: c-ip, maxDistinct: 1, report: { field: cs-method, equals: POST } }\n${EX}`,
    );
    const a = new RuleSet(rules);
    const b = new RuleSet(rules);
    const rec = (stem: string, ip: string, method = 'POST') =>
      memoryRecord({ kind: 'iis', fields: { 'cs-uri-stem': stem, 'c-ip': ip, 'cs-method': method } });
    a.match(rec('/owa/auth/shell.aspx', '1.1.1.1'));
    a.match(rec('/owa/auth/page.aspx', '2.2.2.2'));
    b.match(rec('/owa/auth/PAGE.aspx', '3.3.3.3', 'GET'));
    const merged = emptyAggregate();
    mergeAggregate(merged, a.aggregate, a.maxDistinct);
    mergeAggregate(merged, b.aggregate, a.maxDistinct);
    const hits = rareHits(merged, a.maxDistinct);
    expect(hits.map((h) => h.facts.url)).toEqual(['/owa/auth/shell.aspx']);
  });

  it('takes the line needs another set of the same rules derived (what a hunt worker is sent)', () => {
    const rules = loadLogRules().rules;
    const main = new RuleSet(rules);
    const needs = main.lineNeeds();
    expect(needs).toHaveLength(rules.length);
    expect(needs.filter((n) => n !== null).length).toBeGreaterThan(10);
    // Through a structured clone, as a worker message carries them.
    const worker = new RuleSet(rules, structuredClone(needs));
    for (const kind of ['httpproxy', 'iis', 'ecp-server', 'oabgen', 'rps', 'event'] as const) {
      expect(worker.prefilter(kind)).toEqual(main.prefilter(kind));
    }
    // Given needs are used as given; a list that is not one per rule is not.
    const marked = needs.map((n) => (n === null ? null : { ...n, anchors: [...n.anchors, 'given-marker'] }));
    const withMarked = new RuleSet(rules, marked);
    expect(JSON.stringify(withMarked.prefilter('iis'))).toContain('given-marker');
    expect(JSON.stringify(new RuleSet(rules, marked.slice(1)).prefilter('iis'))).not.toContain(
      'given-marker',
    );
  });
});
