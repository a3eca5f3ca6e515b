/**
 * @module report/inventory-render
 * `exhunt assess` output: one row per server, most urgent first, as a terminal table, JSON or CSV.
 */
import type { ServerAssessment } from '../assess/index.js';
import { campaigns } from '../knowledge/index.js';
import { orderCves } from './build-render.js';
import { csvLine, escapeTerminal } from '../escape/index.js';

export function inventoryJson(list: readonly ServerAssessment[]): Record<string, unknown>[] {
  return list.map((s) => ({
    name: s.name,
    input: s.input,
    error: s.error,
    build: s.assessment?.build ?? null,
    buildPrecision: s.assessment?.precision ?? 'unknown',
    product: s.assessment?.product ?? null,
    cu: s.assessment?.cu ?? null,
    update: s.assessment?.update ?? null,
    supported: s.assessment?.supported ?? null,
    campaigns: s.campaigns,
    openCves: orderCves(s.openCves),
    unknownCves: orderCves(s.unknownCves),
    missingUpdates: s.assessment?.missingUpdates.map((u) => u.name) ?? [],
    latest: s.assessment?.latest ?? null,
    vulnerabilities: s.assessment?.vulnerabilities ?? {},
  }));
}

const CSV_COLUMNS = [
  'name',
  'build',
  'precision',
  'product',
  'cu',
  'update',
  'supported',
  'open_campaigns',
  'undecided_campaigns',
  'open_cves',
  'missing_updates',
  'install_next',
  'error',
];

export function inventoryCsv(list: readonly ServerAssessment[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of list) {
    const a = s.assessment;
    lines.push(
      csvLine([
        s.name,
        a?.build ?? s.input,
        a?.precision ?? '',
        a?.product ?? '',
        a?.cu ?? '',
        a?.update ?? '',
        a ? (a.supported ? 'yes' : 'no') : '',
        campaignsWith(s, 'vulnerable').join(' '),
        campaignsWith(s, 'unknown').join(' '),
        orderCves(s.openCves).join(' '),
        a?.missingUpdates.map((u) => u.name).join('; ') ?? '',
        a?.latest?.name ?? '',
        s.error ?? '',
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

function campaignsWith(s: ServerAssessment, status: string): string[] {
  return campaigns()
    .filter((c) => s.campaigns[c.id] === status)
    .map((c) => c.id);
}

export function inventoryTable(list: readonly ServerAssessment[]): string {
  const header = ['SERVER', 'BUILD', 'RELEASE', 'OPEN CAMPAIGNS', 'OPEN CVEs', 'INSTALL NEXT'];
  const rows = list.map((s) => {
    const a = s.assessment;
    if (!a) return [s.name, s.input, `error: ${s.error}`, '', '', ''];
    const open = campaignsWith(s, 'vulnerable');
    const undecided = campaignsWith(s, 'unknown').map((c) => `${c}?`);
    return [
      s.name,
      `${a.build}${a.precision === 'exact' ? '' : ' (CU)'}`,
      `${a.product} ${a.cu ?? '?'}${a.update ? ` ${a.update}` : ''}${a.supported ? '' : ' (unsupported)'}`,
      [...open, ...undecided].join(' ') || '-',
      String(s.openCves.length) + (s.unknownCves.length > 0 ? ` (+${s.unknownCves.length}?)` : ''),
      a.latest ? a.latest.name.replace(/^Exchange Server /, '') : 'up to date',
    ];
  });
  const all = [header, ...rows].map((r) => r.map((c) => escapeTerminal(c)));
  const widths = header.map((_, i) => Math.min(48, Math.max(...all.map((r) => r[i]!.length))));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const legend =
    "campaign? = cannot be decided: the build is CU precision (read ExSetup.exe's version) or Microsoft no longer assessed that product";
  return `${all.map(fmt).join('\n')}\n\n${legend}\n`;
}
