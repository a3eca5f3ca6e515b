/**
 * Regenerates and validates exhunt's build catalogue, data/knowledge/builds.csv.
 *
 *   npm run data:build    rewrite builds.csv from the sources below
 *   npm run data:check    fail (exit 1) if builds.csv is invalid or differs from what the sources give
 *
 * Sources, in precedence order (all under data/knowledge/sources/):
 *   1. exchange-builds.reference.csv — facts compiled from Microsoft's build table, the
 *      OfficeDocs-Exchange history, Get-ExchangeBuildNumber and HealthChecker, conflicts resolved.
 *   2. local-additions.csv — same columns; where next month's update goes (see README, "Adding an update").
 *   3. righel-unique-versions-dict.json (Apache-2.0) — fills builds and dates the others lack;
 *      its known disagreements are explained in dictionary-differences.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsvTable, formatCsvTable } from '../../src/knowledge/csv-table.js';
import { classifyReleaseName, productOfBuild } from '../../src/knowledge/release-name.js';
import { parseBuild, formatBuildLong, compareBuilds } from '../../src/knowledge/build-parse.js';
import type { Product } from '../../src/knowledge/types.js';

const dir = (p: string) => fileURLToPath(new URL(`../../data/knowledge/${p}`, import.meta.url));
const COLUMNS = ['product', 'name', 'kind', 'cu', 'update', 'date', 'build', 'build_long', 'source'] as const;
const PRODUCTS: Product[] = ['2010', '2013', '2016', '2019', 'SE'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RIGHEL = 'righel/ms-exchange-version-nse';

type Row = Record<(typeof COLUMNS)[number], string>;

function dictDate(text: string): string {
  const full = /^([A-Za-z]+) (\d{1,2}), (\d{4})$/.exec(text.trim());
  const month = /^([A-Za-z]+),? (\d{4})$/.exec(text.trim());
  const m = full ?? month;
  if (!m) return '';
  const mi = MONTHS.findIndex((x) => m[1]!.startsWith(x)) + 1;
  if (mi === 0) return '';
  const year = full ? m[3]! : m[2]!;
  const mm = String(mi).padStart(2, '0');
  return full ? `${year}-${mm}-${m[2]!.padStart(2, '0')}` : `${year}-${mm}`;
}

function dateFromUpdateName(update: string): string {
  const m = /^([A-Z][a-z]{2})(\d{2})(?:SU|HU)/.exec(update);
  if (!m) return '';
  return `20${m[2]}-${String(MONTHS.indexOf(m[1]!) + 1).padStart(2, '0')}`;
}

export function buildCatalogue(): { rows: Row[]; problems: string[] } {
  const problems: string[] = [];
  const ref = parseCsvTable(readFileSync(dir('sources/exchange-builds.reference.csv'), 'utf8'));
  const local = parseCsvTable(readFileSync(dir('sources/local-additions.csv'), 'utf8'));
  const dict = JSON.parse(readFileSync(dir('sources/righel-unique-versions-dict.json'), 'utf8')) as Record<
    string,
    { name: string; release_date: string }
  >;
  const diffs = JSON.parse(readFileSync(dir('sources/dictionary-differences.json'), 'utf8')) as {
    excluded: Record<string, string>;
  };
  const byBuild = new Map<string, Row>();
  const add = (product: string, name: string, date: string, buildText: string, source: string) => {
    const parsed = parseBuild(buildText);
    if (!parsed.ok || parsed.precision !== 'exact') {
      problems.push(`${buildText}: not a 4-part build (${name})`);
      return;
    }
    const b = parsed.build;
    const short = `${b.major}.${b.minor}.${b.build}.${b.revision}`;
    if (byBuild.has(short)) return; // earlier sources take precedence
    const derived = productOfBuild(b.major, b.minor, b.build);
    if (derived !== product) problems.push(`${short}: product ${product} but the build says ${derived}`);
    const cls = classifyReleaseName(name, product as Product);
    if (!cls) {
      problems.push(`${short}: cannot classify the name "${name}"`);
      return;
    }
    let d = date;
    let src = source;
    if (d === '' && cls.update) {
      d = dateFromUpdateName(cls.update);
      if (d) src += '|date:month-of-update-name';
    }
    byBuild.set(short, {
      product,
      name,
      kind: cls.kind,
      cu: cls.cu,
      update: cls.update ?? '',
      date: d,
      build: short,
      build_long: formatBuildLong(b),
      source: src,
    });
  };
  for (const r of [...ref, ...local]) add(r.product!, r.name!, r.release_date!, r.build_short!, r.source!);
  for (const [key, v] of Object.entries(dict)) {
    const p = parseBuild(key);
    if (!p.ok || p.precision !== 'exact') continue; // out-of-scope products (4.0 … 2007)
    const b = p.build;
    const short = `${b.major}.${b.minor}.${b.build}.${b.revision}`;
    if (diffs.excluded[short] !== undefined || byBuild.has(short)) continue;
    const product = productOfBuild(b.major, b.minor, b.build);
    if (!product) continue;
    const cls = classifyReleaseName(v.name, product);
    if (!cls) {
      problems.push(`${short}: cannot classify righel's name "${v.name}"`);
      continue;
    }
    const label = product === 'SE' ? 'Exchange Server SE' : `Exchange Server ${product}`;
    const name = [label, cls.cu, cls.update].filter(Boolean).join(' ');
    add(product, name, dictDate(v.release_date), short, RIGHEL);
  }
  const rows = [...byBuild.values()].sort(
    (a, b) =>
      PRODUCTS.indexOf(a.product as Product) - PRODUCTS.indexOf(b.product as Product) ||
      compareBuilds(parseOk(a.build), parseOk(b.build)),
  );
  problems.push(...validate(rows));
  return { rows, problems };
}

function parseOk(text: string) {
  const p = parseBuild(text);
  if (!p.ok) throw new Error(p.error);
  return p.build;
}

/** Checks that hold for any correct catalogue; also run by the knowledge tests. */
export function validate(rows: readonly Row[]): string[] {
  const problems: string[] = [];
  const lines = new Map<string, Row[]>();
  for (const r of rows) {
    if (r.date !== '' && !/^\d{4}-\d{2}(-\d{2})?$/.test(r.date))
      problems.push(`${r.build}: bad date ${r.date}`);
    const key = `${r.product}/${r.cu}/${parseOk(r.build).build}`;
    lines.set(key, [...(lines.get(key) ?? []), r]);
  }
  for (const [key, rs] of lines) {
    const bases = rs.filter((r) => r.update === '');
    const minRev = Math.min(...rs.map((r) => parseOk(r.build).revision ?? 0));
    if (bases.length > 0 && bases.every((b) => (parseOk(b.build).revision ?? 0) > minRev)) {
      problems.push(`${key}: an update is older than the line's own release`);
    }
  }
  return problems;
}

function main() {
  const check = process.argv.includes('--check');
  const { rows, problems } = buildCatalogue();
  if (problems.length > 0) {
    for (const p of problems) console.error(`builds: ${p}`);
    process.exit(1);
  }
  const text = formatCsvTable(COLUMNS, rows);
  const target = dir('builds.csv');
  if (check) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      /* missing file: reported below */
    }
    if (current !== text) {
      console.error('builds: data/knowledge/builds.csv is out of date; run `npm run data:build`');
      process.exit(1);
    }
    console.log(`builds: ${rows.length} releases, valid and up to date`);
  } else {
    writeFileSync(target, text);
    console.log(`builds: wrote ${rows.length} releases to data/knowledge/builds.csv`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
