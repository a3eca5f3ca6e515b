import { describe, expect, it } from 'vitest';
import { campaigns, campaignStatuses, tryAssessBuild } from '../knowledge/index.js';
import { exposureWindows } from './exposure.js';
import { decideVerdict } from './verdict.js';
import { summarizeCoverage, type FileCoverageLike } from './coverage.js';
import type { BuildSighting } from './build-history.js';
import type { Finding } from './types.js';

const statusOf = (b: string) => {
  const r = tryAssessBuild(b);
  return r.ok ? campaignStatuses(r.assessment) : null;
};
const ms = (iso: string) => Date.parse(iso);
const day = (d: string) => ms(`${d}T00:00:00Z`);

/** Daily HttpProxy files from `from` to `to` (inclusive). */
function dailyFiles(from: string, to: string, skip: string[] = []): FileCoverageLike[] {
  const out: FileCoverageLike[] = [];
  for (let t = day(from); t <= day(to); t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (skip.includes(d)) continue;
    out.push({
      path: `HttpProxy/Owa/HttpProxy_${d}.log`,
      kind: 'httpproxy',
      subkind: 'Owa',
      records: 100,
      first: t + 60_000,
      last: t + 86_000_000,
      bytes: 1,
      issues: 0,
    });
  }
  return out;
}

function finding(time: string, outcome: Finding['outcome'] = 'compromise'): Finding {
  return {
    rule: 'proxylogon-ssrf-serverinfo',
    title: 'ProxyLogon SSRF',
    severity: 'critical',
    outcome,
    category: 'exploitation',
    cves: ['CVE-2021-26855'],
    attack: ['T1190'],
    campaign: 'proxylogon',
    time,
    source: { path: 'x.log', line: 1, kind: 'httpproxy/Ecp' },
    evidence: '',
    facts: { clientIp: '5.254.43.18' },
    author: 'exhunt',
    licence: 'Apache-2.0',
    references: [],
  };
}

const sight = (build: string, from: string, to: string): BuildSighting => ({
  build,
  first: ms(from),
  last: ms(to),
  records: 10,
});

describe('verdict and exposure windows', () => {
  it('a server patched in March 2021 with January 2021 hits is compromised', () => {
    const sightings = [
      sight('15.1.2176.2', '2020-12-01T00:00:00Z', '2021-03-04T23:00:00Z'),
      sight('15.1.2176.9', '2021-03-05T02:00:00Z', '2021-04-30T00:00:00Z'),
    ];
    const windows = exposureWindows({ campaigns: campaigns(), statusOf, sightings });
    const pl = windows.find((w) => w.campaign === 'proxylogon');
    expect(pl?.end).toBe('2021-03-05T02:00:00.000Z');
    const r = decideVerdict({
      findings: [finding('2021-01-06T05:12:00.000Z')],
      coverage: summarizeCoverage(dailyFiles('2020-12-01', '2021-04-30')),
      windows,
    });
    expect(r.verdict).toBe('compromised');
  });

  it('clean logs that start 2021-03-20 on a server unpatched until then are insufficient-evidence', () => {
    const sightings = [
      sight('15.1.2176.2', '2021-03-20T00:01:00Z', '2021-03-20T12:00:00Z'),
      sight('15.1.2176.9', '2021-03-20T13:00:00Z', '2021-04-20T00:00:00Z'),
    ];
    const windows = exposureWindows({ campaigns: campaigns(), statusOf, sightings });
    const r = decideVerdict({
      findings: [],
      coverage: summarizeCoverage(dailyFiles('2021-03-20', '2021-04-20')),
      windows,
    });
    expect(r.verdict).toBe('insufficient-evidence');
    expect(r.uncovered[0]).toMatchObject({ campaign: 'proxylogon', from: '2021-01-03T00:00:00.000Z' });
    expect(r.uncovered[0]?.to.slice(0, 10)).toBe('2021-03-20');
  });

  it('the same clean logs with --patched-on before the exploitation began are no-evidence for ProxyLogon', () => {
    const windows = exposureWindows({
      campaigns: campaigns(),
      statusOf,
      sightings: [],
      patchedOn: '2020-12-15',
    });
    expect(windows.every((w) => !w.exposed)).toBe(true);
    const r = decideVerdict({
      findings: [],
      coverage: summarizeCoverage(dailyFiles('2021-03-20', '2021-04-20')),
      windows,
    });
    expect(r.verdict).toBe('no-evidence');
  });

  it('clean logs covering the whole window are no-evidence; a week missing inside it is not', () => {
    const sightings = [
      sight('15.1.2176.2', '2020-12-20T00:00:00Z', '2021-03-04T23:00:00Z'),
      sight('15.2.1258.12', '2021-03-05T02:00:00Z', '2023-04-30T00:00:00Z'),
    ];
    const windows = exposureWindows({ campaigns: campaigns(), statusOf, sightings });
    expect(
      decideVerdict({
        findings: [],
        coverage: summarizeCoverage(dailyFiles('2020-12-20', '2021-03-10')),
        windows,
      }).verdict,
    ).toBe('no-evidence');
    const holes = ['2021-02-01', '2021-02-02', '2021-02-03', '2021-02-04'];
    const r = decideVerdict({
      findings: [],
      coverage: summarizeCoverage(dailyFiles('2020-12-20', '2021-03-10', holes)),
      windows,
    });
    expect(r.verdict).toBe('insufficient-evidence');
  });

  it('an unknown build is assumed exposed until the fix shipped; no web logs at all is insufficient', () => {
    const windows = exposureWindows({ campaigns: campaigns(), statusOf, sightings: [] });
    const pl = windows.find((w) => w.campaign === 'proxylogon');
    expect(pl).toMatchObject({ end: '2021-03-02T00:00:00.000Z', exposed: true });
    // ProxyShell's fix shipped (May 2021) before its exploitation began (August 2021).
    expect(windows.find((w) => w.campaign === 'proxyshell')?.exposed).toBe(false);
    expect(decideVerdict({ findings: [], coverage: [], windows }).verdict).toBe('insufficient-evidence');
  });

  it('attempts alone are suspicious; context findings change nothing', () => {
    const windows = exposureWindows({
      campaigns: campaigns(),
      statusOf,
      sightings: [],
      patchedOn: '2020-01-01',
    });
    const coverage = summarizeCoverage(dailyFiles('2021-03-01', '2021-03-03'));
    expect(
      decideVerdict({ findings: [finding('2021-03-02T00:00:00Z', 'attempt')], coverage, windows }).verdict,
    ).toBe('suspicious');
    expect(
      decideVerdict({ findings: [finding('2021-03-02T00:00:00Z', 'context')], coverage, windows }).verdict,
    ).toBe('no-evidence');
  });
});
