/**
 * @module report/build-render
 * `exhunt build` output: a human summary and the JSON of DESIGN.md's contract
 * (build, product, cu, update, vulnerabilities, latest — plus precision and reasoning).
 */
import { campaignStatuses, campaigns, security, type BuildAssessment } from '../knowledge/index.js';
import { escapeTerminal } from '../escape/index.js';

export function buildJson(a: BuildAssessment): Record<string, unknown> {
  return {
    build: a.build,
    buildPrecision: a.precision,
    product: a.product,
    cu: a.cu,
    update: a.update,
    name: a.name,
    releaseDate: a.releaseDate,
    known: a.known,
    newerThanCatalogue: a.newerThanCatalogue,
    supported: a.supported,
    campaigns: campaignStatuses(a),
    vulnerabilities: a.vulnerabilities,
    missingUpdates: a.missingUpdates,
    latest: a.latest,
    notes: a.notes,
  };
}

const PRODUCT_NAME: Record<string, string> = {
  '2010': 'Exchange Server 2010',
  '2013': 'Exchange Server 2013',
  '2016': 'Exchange Server 2016',
  '2019': 'Exchange Server 2019',
  SE: 'Exchange Server Subscription Edition',
};

/** Campaign CVEs first, then the rest newest first. */
export function orderCves(ids: readonly string[]): string[] {
  const campaignCves = new Set(campaigns().flatMap((c) => c.cves));
  return [...ids].sort(
    (a, b) => Number(campaignCves.has(b)) - Number(campaignCves.has(a)) || b.localeCompare(a),
  );
}

export function buildText(a: BuildAssessment): string {
  const cves = Object.entries(a.vulnerabilities);
  const open = orderCves(cves.filter(([, s]) => s === 'vulnerable').map(([c]) => c));
  const unknown = orderCves(cves.filter(([, s]) => s === 'unknown').map(([c]) => c));
  const camp = campaignStatuses(a);
  const rows: [string, string][] = [
    [
      'Build',
      `${a.build} (${a.precision === 'exact' ? 'exact' : a.precision === 'cu' ? 'CU precision' : 'precision unknown'})`,
    ],
    ['Product', PRODUCT_NAME[a.product] ?? a.product],
    ['Release', a.name ?? (a.cu ? `${a.cu}, uncatalogued revision` : 'not in the catalogue')],
    ['Released', a.releaseDate ?? '-'],
    ['Supported', a.supported ? 'yes' : 'no'],
    [
      'Campaigns',
      campaigns()
        .map((c) => `${c.name.split(' (')[0]}: ${camp[c.id]}`)
        .join(', '),
    ],
    ['Open CVEs', open.length === 0 ? 'none known' : `${open.length}: ${open.map(titled).join(', ')}`],
  ];
  if (unknown.length > 0) rows.push(['Undecided', `${unknown.length}: ${unknown.join(', ')}`]);
  if (a.missingUpdates.length > 0)
    rows.push([
      'Missing',
      a.missingUpdates.map((u) => u.name.replace(/^Exchange Server \S+ /, '')).join(', '),
    ]);
  rows.push([
    'Install next',
    a.latest
      ? `${a.latest.name} (${a.latest.build}${a.latest.date ? `, ${a.latest.date}` : ''})`
      : 'nothing: up to date',
  ]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${escapeTerminal(v)}`);
  for (const n of a.notes) lines.push(`note: ${escapeTerminal(n)}`);
  return `${lines.join('\n')}\n`;
}

function titled(id: string): string {
  const c = security().byId.get(id);
  return c?.campaign ? `${id} (${c.campaign})` : id;
}
