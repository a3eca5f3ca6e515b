/**
 * @module probe/census/census-text
 * A census as terminal text, CSV (one section per table: `section,key,count…`, formula-safe)
 * and JSON. Group names come from certificates and IP data and are escaped for each medium.
 */
import { escapeCsv, escapeTerminal } from '../output/escape.js';
import { ranked, type CensusSummary, type GroupCount } from './census.js';

const TOP = 20;

function section(title: string, rows: [string, string][]): string {
  if (rows.length === 0) return '';
  const w = Math.min(60, Math.max(...rows.map(([k]) => k.length)));
  return `\n${title}\n${rows.map(([k, v]) => `  ${escapeTerminal(k).slice(0, 60).padEnd(w)}  ${v}`).join('\n')}\n`;
}

const groupRows = (m: Record<string, GroupCount>): [string, string][] =>
  ranked(m, (g) => g.exchange)
    .slice(0, TOP)
    .map(([k, g]) => [k, `${g.exchange} Exchange, ${g.vulnerable} vulnerable`]);

export function censusText(s: CensusSummary): string {
  const pct = (n: number): string => (s.exchange ? `${((100 * n) / s.exchange).toFixed(1)}%` : '-');
  let out = `exhunt census: ${s.targets} targets, ${s.answered} answered, ${s.exchange} Exchange servers, ${s.vulnerableAny} (${pct(s.vulnerableAny)}) vulnerable to at least one campaign\n`;
  out += section(
    'Campaigns (Exchange servers)',
    ranked(s.campaigns, (c) => c.vulnerable).map(([id, c]) => [
      id,
      `vulnerable ${c.vulnerable} (${pct(c.vulnerable)}), mitigated ${c.mitigated}, patched ${c.patched}, unknown ${c.unknown}, not affected ${c.notAffected}`,
    ]),
  );
  out += section(
    'Build precision',
    ranked(s.precision, (n) => n).map(([k, n]) => [k, String(n)]),
  );
  out += section(
    'By product',
    ranked(s.byProduct, (n) => n).map(([k, n]) => [k, String(n)]),
  );
  out += section(
    'By release (product, CU, update)',
    ranked(s.byRelease, (n) => n)
      .slice(0, TOP)
      .map(([k, n]) => [k, String(n)]),
  );
  out += section('By country', groupRows(s.byCountry));
  out += section('By network (ASN)', groupRows(s.byNetwork));
  out += section('By certificate organisation', groupRows(s.byCertOrganization));
  out += section(
    'Errors',
    ranked(s.errors, (n) => n).map(([k, n]) => [k, String(n)]),
  );
  if (s.ipData) out += `\n${s.ipData}\n`;
  return out;
}

export function censusCsv(s: CensusSummary): string {
  const lines = ['section,key,count,vulnerable,mitigated,patched,unknown,notAffected'];
  const row = (...cells: (string | number)[]): void => {
    lines.push(cells.map((c) => escapeCsv(String(c))).join(','));
  };
  row('total', 'targets', s.targets);
  row('total', 'answered', s.answered);
  row('total', 'exchange', s.exchange, s.vulnerableAny);
  for (const [id, c] of ranked(s.campaigns, (c) => c.vulnerable))
    row('campaign', id, s.exchange, c.vulnerable, c.mitigated, c.patched, c.unknown, c.notAffected);
  for (const [k, n] of ranked(s.precision, (n) => n)) row('precision', k, n);
  for (const [k, n] of ranked(s.byProduct, (n) => n)) row('product', k, n);
  for (const [k, n] of ranked(s.byRelease, (n) => n)) row('release', k, n);
  for (const [name, m] of [
    ['country', s.byCountry],
    ['network', s.byNetwork],
    ['certificate-organisation', s.byCertOrganization],
  ] as const) {
    for (const [k, g] of ranked(m, (g) => g.exchange)) row(name, k, g.exchange, g.vulnerable);
  }
  for (const [k, n] of ranked(s.errors, (n) => n)) row('error', k, n);
  if (s.ipData) row('attribution', s.ipData, '');
  return `${lines.join('\n')}\n`;
}
