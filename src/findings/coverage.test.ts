import { describe, expect, it } from 'vitest';
import { summarizeCoverage } from './coverage.js';
import { buildTimeline } from './timeline.js';
import type { Finding } from './types.js';

describe('coverage per source', () => {
  it('sums files, finds first/last and gaps of more than a day', () => {
    const f = (path: string, kind: string, subkind: string | null, first: string, last: string) => ({
      path,
      kind,
      subkind,
      records: 5,
      first: Date.parse(first),
      last: Date.parse(last),
      bytes: 10,
      issues: 1,
    });
    const cov = summarizeCoverage([
      f('a', 'httpproxy', 'Owa', '2021-01-01T00:00:00Z', '2021-01-01T23:00:00Z'),
      f('b', 'httpproxy', 'Owa', '2021-01-05T00:00:00Z', '2021-01-05T23:00:00Z'),
      f('c', 'iis', 'W3SVC1', '2021-01-02T00:00:00Z', '2021-01-02T23:00:00Z'),
      { path: 'd', kind: 'iis', subkind: 'W3SVC1', records: 0, first: null, last: null, bytes: 0, issues: 3 },
    ]);
    expect(cov.map((c) => c.source)).toEqual(['HttpProxy/Owa', 'IIS/W3SVC1']);
    expect(cov[0]).toMatchObject({
      files: 2,
      records: 10,
      issues: 2,
      first: '2021-01-01T00:00:00.000Z',
      last: '2021-01-05T23:00:00.000Z',
    });
    expect(cov[0]?.gaps).toEqual([{ from: '2021-01-01T23:00:00.000Z', to: '2021-01-05T00:00:00.000Z' }]);
    expect(cov[1]).toMatchObject({ files: 2, issues: 4, gaps: [] });
  });
});

describe('timeline', () => {
  it('orders attacker activity, counts addresses and leaves context out', () => {
    const base = {
      title: 't',
      category: 'x',
      severity: 'high',
      cves: [],
      attack: [],
      campaign: null,
      evidence: '',
      author: '',
      licence: '',
      references: [],
    } as const;
    const mk = (rule: string, time: string | null, ip: string, outcome: Finding['outcome']): Finding => ({
      ...base,
      cves: [],
      attack: [],
      references: [],
      rule,
      time,
      outcome,
      source: { path: 'p', line: 3, kind: 'iis' },
      facts: { clientIp: ip },
    });
    const t = buildTimeline([
      mk('b', '2021-03-03T00:00:00.000Z', '1.1.1.1', 'compromise'),
      mk('a', '2021-01-06T00:00:00.000Z', '1.1.1.1', 'attempt'),
      mk('c', '2020-01-01T00:00:00.000Z', '9.9.9.9', 'context'),
      mk('d', null, '2.2.2.2', 'attempt'),
    ]);
    expect(t.first).toBe('2021-01-06T00:00:00.000Z');
    expect(t.last).toBe('2021-03-03T00:00:00.000Z');
    expect(t.entries.map((e) => e.rule)).toEqual(['a', 'b']);
    expect(t.attackerIps).toEqual([
      { ip: '1.1.1.1', count: 2, first: '2021-01-06T00:00:00.000Z', last: '2021-03-03T00:00:00.000Z' },
      { ip: '2.2.2.2', count: 1, first: null, last: null },
    ]);
  });
});
