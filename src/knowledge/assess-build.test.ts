// Pins assessBuild to the facts of microsoft-anchors.md §2.3–§2.5 and issue 2's "Must show".
import { describe, expect, it } from 'vitest';
import { assessBuild, tryAssessBuild, campaignStatuses } from './assess-build.js';
import { parseBuild } from './build-parse.js';
import { catalogue } from './catalogue.js';

const AS_OF = { asOf: '2026-11-27' };
const status = (build: string, cve: string) => assessBuild(build, undefined, AS_OF).vulnerabilities[cve];

describe('issue 2 pins', () => {
  it('15.1.2176.2 is vulnerable to CVE-2021-26855', () => {
    expect(status('15.1.2176.2', 'CVE-2021-26855')).toBe('vulnerable');
  });
  it('15.1.2176.9 is patched for 26855 but vulnerable to ProxyShell CVE-2021-34473', () => {
    expect(status('15.1.2176.9', 'CVE-2021-26855')).toBe('patched');
    expect(status('15.1.2176.9', 'CVE-2021-34473')).toBe('vulnerable');
  });
  it('15.2.858.5 (2019 CU9) is patched for 26855', () => {
    expect(status('15.2.858.5', 'CVE-2021-26855')).toBe('patched');
  });
  it('15.2.1118.7 is vulnerable to CVE-2022-41040, 15.2.1118.20 is patched', () => {
    expect(status('15.2.1118.7', 'CVE-2022-41040')).toBe('vulnerable');
    expect(status('15.2.1118.20', 'CVE-2022-41040')).toBe('patched');
  });
  it('15.0.1497.12 is patched for 26855', () => {
    expect(status('15.0.1497.12', 'CVE-2021-26855')).toBe('patched');
  });
  it('14.3.513.0 is not-affected by 26855 and patched for 26857 (Exchange 2010 SP3 RU32)', () => {
    expect(status('14.3.513.0', 'CVE-2021-26855')).toBe('not-affected');
    expect(status('14.3.513.0', 'CVE-2021-26857')).toBe('patched');
    expect(status('14.3.509.0', 'CVE-2021-26857')).toBe('vulnerable');
  });
});

// Fixed builds per CU from microsoft-anchors.md §2.5: [update, cves, fixed builds].
const PROXYLOGON = ['CVE-2021-26855', 'CVE-2021-26857', 'CVE-2021-26858', 'CVE-2021-27065'];
const FIXED: [string, string[], string[]][] = [
  [
    'Mar21SU',
    PROXYLOGON,
    [
      '15.0.847.64',
      '15.0.1395.12',
      '15.0.1473.6',
      '15.0.1497.12',
      '15.1.1415.10',
      '15.1.1466.16',
      '15.1.1531.12',
      '15.1.1591.18',
      '15.1.1713.10',
      '15.1.1779.8',
      '15.1.1847.12',
      '15.1.1913.12',
      '15.1.1979.8',
      '15.1.2044.13',
      '15.1.2106.13',
      '15.1.2176.9',
      '15.2.221.18',
      '15.2.330.11',
      '15.2.397.11',
      '15.2.464.15',
      '15.2.529.13',
      '15.2.595.8',
      '15.2.659.12',
      '15.2.721.13',
      '15.2.792.10',
    ],
  ],
  [
    'Apr21SU',
    ['CVE-2021-34473', 'CVE-2021-34523'],
    ['15.0.1497.15', '15.1.2176.12', '15.1.2242.8', '15.2.792.13', '15.2.858.10'],
  ],
  [
    'May21SU',
    ['CVE-2021-31207'],
    ['15.0.1497.18', '15.1.2176.14', '15.1.2242.10', '15.2.792.15', '15.2.858.12'],
  ],
  [
    'Jul21SU',
    ['CVE-2021-33766'],
    ['15.0.1497.23', '15.1.2242.12', '15.1.2308.14', '15.2.858.15', '15.2.922.13'],
  ],
  [
    'Aug22SU',
    ['CVE-2022-24516'],
    ['15.0.1497.40', '15.1.2375.31', '15.1.2507.12', '15.2.986.29', '15.2.1118.12'],
  ],
  [
    'Nov22SU',
    ['CVE-2022-41040', 'CVE-2022-41082', 'CVE-2022-41080'],
    ['15.0.1497.44', '15.1.2375.37', '15.1.2507.16', '15.2.986.36', '15.2.1118.20'],
  ],
  ['Nov23SU', [], ['15.1.2507.35', '15.2.1118.40', '15.2.1258.28']],
  ['Mar24SU', ['CVE-2024-26198'], ['15.1.2507.37', '15.2.1258.32', '15.2.1544.9']],
  ['Nov24SUv2', ['CVE-2024-49040'], ['15.1.2507.44', '15.2.1258.39', '15.2.1544.14']],
  ['Aug25SU', ['CVE-2025-25005'], ['15.1.2507.58', '15.2.1544.33', '15.2.1748.36', '15.2.2562.20']],
  ['Feb26SU', ['CVE-2026-21527'], ['15.1.2507.66', '15.2.1544.39', '15.2.1748.43', '15.2.2562.37']],
];

describe('every fixed build of microsoft-anchors.md §2.5 round-trips', () => {
  for (const [update, cves, builds] of FIXED) {
    for (const build of builds) {
      it(`${build} is ${update}, patched for ${cves.join(', ') || 'its CVEs'}, and the release before it is not`, () => {
        const a = assessBuild(build, undefined, AS_OF);
        expect(a.known).toBe(true);
        expect(a.update).toBe(update);
        for (const cve of cves) expect(a.vulnerabilities[cve], cve).toBe('patched');
        const prev = previousInLine(build);
        if (prev) for (const cve of cves) expect(status(prev, cve), `${prev} ${cve}`).toBe('vulnerable');
      });
    }
  }
  it('the 2016 CU20 and 2019 CU9 releases include the March 2021 fixes, as EOMT assumes', () => {
    expect(status('15.1.2242.4', 'CVE-2021-26855')).toBe('patched');
    expect(status('15.2.858.5', 'CVE-2021-27065')).toBe('patched');
  });
});

function previousInLine(build: string): string | null {
  const r = catalogue().byBuild.get(build)!;
  const line = catalogue().releases.filter(
    (x) => x.product === r.product && x.cu === r.cu && x.parsed.build === r.parsed.build,
  );
  const i = line.indexOf(r);
  return i > 0 ? line[i - 1]!.build : null;
}

describe('what HealthChecker leaves out', () => {
  it('the March 2021 update on an out-of-support CU fixes only ProxyLogon', () => {
    const a = assessBuild('15.1.1415.10', undefined, AS_OF);
    for (const cve of PROXYLOGON) expect(a.vulnerabilities[cve]).toBe('patched');
    expect(a.vulnerabilities['CVE-2021-26412']).toBe('vulnerable');
    expect(status('15.1.2176.9', 'CVE-2021-26412')).toBe('patched');
  });
  it('Exchange 2010 is not affected by ProxyShell; SE carries every 2019 fix', () => {
    expect(status('14.3.513.0', 'CVE-2021-34473')).toBe('not-affected');
    expect(status('15.2.2562.17', 'CVE-2022-41040')).toBe('patched');
    expect(status('15.2.2562.17', 'CVE-2025-59249')).toBe('vulnerable');
    expect(status('15.2.2562.29', 'CVE-2025-59249')).toBe('patched');
  });
  it('Exchange 2019 is not affected by a 2016-only CVE fixed before 2019 existed', () => {
    expect(status('15.2.221.12', 'CVE-2018-0941')).toBe('not-affected');
  });
  it('a product Microsoft still supported but did not list is not affected (HealthChecker semantics)', () => {
    expect(status('15.2.221.12', 'CVE-2018-8604')).toBe('not-affected'); // Dec18SU lists 2016 only
  });
  it('Exchange 2010 is unknown for CVEs whose data does not name it (the source does not cover 2010)', () => {
    expect(status('14.3.513.0', 'CVE-2018-8302')).toBe('unknown');
  });
  it('fixes shipped only inside CUs (Feb 2019, PrivExchange) count from the first CU of that month', () => {
    expect(status('15.1.1713.5', 'CVE-2019-0686')).toBe('patched'); // 2016 CU12, 2019-02-12
    expect(status('15.1.1591.13', 'CVE-2019-0686')).toBe('vulnerable'); // CU11 Jan19SU
    expect(status('15.2.330.5', 'CVE-2019-0724')).toBe('patched'); // 2019 CU1
  });
  it('Exchange 2013 left support before CVE-2024-26198 was fixed: unknown, not a guess', () => {
    expect(status('15.0.1497.48', 'CVE-2024-26198')).toBe('unknown');
  });
});

describe('parsing and precision', () => {
  it('long forms and AdminDisplayVersion parse', () => {
    expect(parseBuild('15.01.2176.002')).toMatchObject({
      ok: true,
      precision: 'exact',
      build: { minor: 1, build: 2176, revision: 2 },
    });
    expect(parseBuild('Version 15.1 (Build 2176.2)')).toMatchObject({ ok: true, precision: 'cu' });
    expect(assessBuild('15.01.2176.002', undefined, AS_OF).build).toBe('15.1.2176.2');
  });
  it('AdminDisplayVersion is CU precision, because it does not change with a security update', () => {
    const a = assessBuild('Version 15.1 (Build 2176.2)', undefined, AS_OF);
    expect(a.precision).toBe('cu');
    expect(a.vulnerabilities['CVE-2021-26855']).toBe('unknown');
  });
  it('CU precision gives unknown exactly where the fix came as an SU on that CU', () => {
    const a = assessBuild('15.1.2176', undefined, AS_OF);
    expect(a.cu).toBe('CU19');
    expect(a.vulnerabilities['CVE-2021-26855']).toBe('unknown'); // CU19 Mar21SU
    expect(a.vulnerabilities['CVE-2022-41040']).toBe('vulnerable'); // CU19 never got Nov22SU
    expect(a.vulnerabilities['CVE-2020-0688']).toBe('patched'); // fixed before CU19 shipped
    expect(assessBuild('15.2.858', undefined, AS_OF).vulnerabilities['CVE-2021-26855']).toBe('patched');
    expect(assessBuild('15.2.1118', undefined, AS_OF).vulnerabilities['CVE-2022-41040']).toBe('unknown');
  });
  it('a 4-part build assessed at CU precision ignores its revision', () => {
    expect(assessBuild('15.1.2176.9', 'cu', AS_OF).vulnerabilities['CVE-2021-26855']).toBe('unknown');
  });
  it('malformed and foreign builds are clear errors, as values', () => {
    for (const bad of ['', 'abc', '15.1', '8.3.83.6', '16.0.1.1', '15.7.1.1', '15.1.2176.2; DROP TABLE']) {
      const r = tryAssessBuild(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/build|release/);
    }
    expect(() => assessBuild('nonsense')).toThrow(/not an Exchange build/);
  });
  it('builds newer than the catalogue are flagged, not misread', () => {
    const a = assessBuild('15.2.1748.60', undefined, AS_OF);
    expect(a.newerThanCatalogue).toBe(true);
    expect(a.cu).toBe('CU15');
    expect(a.notes.join(' ')).toMatch(/Newer than every/);
    const se = assessBuild('15.2.2700.1', undefined, AS_OF);
    expect(se.product).toBe('SE');
    expect(se.newerThanCatalogue).toBe(true);
    expect(se.cu).toBeNull();
    expect(assessBuild('15.1.2507.72', undefined, AS_OF).newerThanCatalogue).toBe(false);
  });
  it('an uncatalogued revision inside a known CU is judged by number', () => {
    const a = assessBuild('15.1.2176.5', undefined, AS_OF);
    expect(a.known).toBe(false);
    expect(a.vulnerabilities['CVE-2021-26855']).toBe('vulnerable');
  });
});

describe('support, missing updates and the next update', () => {
  it('SE on an old update: supported, lists the missing updates oldest first, latest is the newest SE update', () => {
    const a = assessBuild('15.2.2562.20', undefined, AS_OF);
    expect(a.supported).toBe(true);
    expect(a.missingUpdates.map((u) => u.build)[0]).toBe('15.2.2562.27');
    expect(a.missingUpdates.at(-1)!.build).toBe('15.2.2562.46');
    expect(a.latest?.build).toBe('15.2.2562.46');
    expect(a.missingUpdates.find((u) => u.build === '15.2.2562.29')!.cves).toContain('CVE-2025-59249');
  });
  it('an old CU is pointed to the newest supported CU; an up-to-date build has no next update', () => {
    expect(assessBuild('15.1.2176.2', undefined, AS_OF).latest?.name).toMatch(/2016 CU23/);
    expect(assessBuild('15.2.2562.46', undefined, AS_OF).latest).toBeNull();
  });
  it('2016 and 2019 are out of extended support after 2025-10-14', () => {
    expect(assessBuild('15.2.1748.49', undefined, { asOf: '2025-06-01' }).supported).toBe(true);
    const late = assessBuild('15.2.1748.49', undefined, AS_OF);
    expect(late.supported).toBe(false);
    expect(late.notes.join(' ')).toMatch(/extended support/);
  });
  it('campaign status is the worst over the CVEs that affect the product', () => {
    const c = campaignStatuses(assessBuild('15.2.1118.7', undefined, AS_OF));
    expect(c).toMatchObject({ proxylogon: 'patched', proxyshell: 'patched', proxynotshell: 'vulnerable' });
    expect(campaignStatuses(assessBuild('14.3.513.0', undefined, AS_OF)).proxyshell).toBe('not-affected');
  });
});
