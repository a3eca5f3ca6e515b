// Cross-checks the catalogue against righel/ms-exchange-version-nse's Apache-2.0 build dictionary
// and fails on any disagreement that data/knowledge/sources/dictionary-differences.json does not explain.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readKnowledgeJson } from './data-files.js';
import { catalogue } from './catalogue.js';
import { parseBuild, formatBuild } from './build-parse.js';
import { classifyReleaseName, productOfBuild } from './release-name.js';

const dict = readKnowledgeJson<Record<string, { name: string; release_date: string }>>(
  'sources/righel-unique-versions-dict.json',
);
const diffs = readKnowledgeJson<{
  outOfScopeProducts: { majors: number[] };
  excluded: Record<string, string>;
  catalogueOnly: { builds: string[] };
  dateDiffers: Record<string, string>;
}>('sources/dictionary-differences.json');
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function dictDate(text: string): { iso: string; month: boolean } | null {
  const full = /^([A-Za-z]+) (\d{1,2}), (\d{4})$/.exec(text);
  if (full)
    return {
      iso: `${full[3]}-${String(MONTHS.indexOf(full[1]!) + 1).padStart(2, '0')}-${full[2]!.padStart(2, '0')}`,
      month: false,
    };
  const m = /^([A-Za-z]+),? (\d{4})$/.exec(text);
  if (m) return { iso: `${m[2]}-${String(MONTHS.indexOf(m[1]!) + 1).padStart(2, '0')}`, month: true };
  return null;
}

describe('catalogue vs righel dictionary (Apache-2.0)', () => {
  const entries = Object.entries(dict).map(([k, v]) => ({ key: k, parsed: parseBuild(k), ...v }));
  const inScope = entries.filter(
    (e) => e.parsed.ok && !diffs.outOfScopeProducts.majors.includes(e.parsed.build.major),
  );

  it('everything outside scope is an explained older product', () => {
    for (const e of entries.filter((x) => !inScope.includes(x))) {
      const major = Number(e.key.split('.')[0]);
      expect(diffs.outOfScopeProducts.majors, e.key).toContain(major);
    }
  });

  it('every in-scope dictionary build is catalogued with the same product, line and date, or explained', () => {
    const unexplained: string[] = [];
    for (const e of inScope) {
      if (!e.parsed.ok) continue;
      const short = formatBuild(e.parsed.build);
      if (diffs.excluded[short] !== undefined) {
        expect(catalogue().byBuild.has(short), `${short} is excluded but catalogued`).toBe(false);
        continue;
      }
      const r = catalogue().byBuild.get(short);
      if (!r) {
        unexplained.push(`${short}: in the dictionary, missing from the catalogue`);
        continue;
      }
      const product = productOfBuild(e.parsed.build.major, e.parsed.build.minor, e.parsed.build.build)!;
      expect(r.product, short).toBe(product);
      const cls = classifyReleaseName(e.name, product);
      if (cls?.cu !== r.cu) unexplained.push(`${short}: line ${cls?.cu} in the dictionary, ${r.cu} here`);
      const d = dictDate(e.release_date);
      if (d && r.date && diffs.dateDiffers[short] === undefined) {
        const ours = d.month ? r.date.slice(0, 7) : r.date;
        if (ours !== d.iso) unexplained.push(`${short}: dated ${d.iso} in the dictionary, ${r.date} here`);
      }
    }
    expect(unexplained).toEqual([]);
  });

  it('every catalogued build is in the dictionary or explained', () => {
    const keys = new Set(
      inScope.filter((e) => e.parsed.ok).map((e) => (e.parsed.ok ? formatBuild(e.parsed.build) : '')),
    );
    const extra = catalogue()
      .releases.map((r) => r.build)
      .filter((b) => !keys.has(b) && !diffs.catalogueOnly.builds.includes(b));
    expect(extra).toEqual([]);
  });

  it('explanations do not go stale: every explained build still differs', () => {
    const keys = new Set(inScope.flatMap((e) => (e.parsed.ok ? [formatBuild(e.parsed.build)] : [])));
    for (const b of diffs.catalogueOnly.builds) expect(keys.has(b), b).toBe(false);
    for (const b of Object.keys(diffs.excluded)) expect(keys.has(b), b).toBe(true);
  });
});

describe('catalogue data', () => {
  it('has every product, unique builds, and the conflicts of microsoft-anchors.md §5 resolved', () => {
    const c = catalogue();
    expect(new Set(c.releases.map((r) => r.product))).toEqual(
      new Set(['2010', '2013', '2016', '2019', 'SE']),
    );
    expect(c.byBuild.size).toBe(c.releases.length);
    expect(c.byBuild.get('15.1.1415.10')?.update).toBe('Mar21SU');
    expect(c.byBuild.get('15.1.1466.16')?.update).toBe('Mar21SU');
    expect(c.byBuild.get('14.2.328.5')?.cu).toBe('SP2');
    expect(c.byBuild.has('14.3.328.5')).toBe(false);
    for (const b of ['14.1.289.3', '14.1.323.1', '14.3.266.1', '14.3.339.0'])
      expect(c.byBuild.has(b), b).toBe(true);
    expect(c.byBuild.get('15.2.1118.37')?.update).toBe('Aug23SUv2');
    expect(c.byBuild.get('15.2.1544.25')?.kind).toBe('HU');
  });

  it('builds.csv is exactly what the generator makes of its sources (npm run data:check)', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/knowledge/build-catalogue.ts', '--check'],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/valid and up to date/);
  });
});
