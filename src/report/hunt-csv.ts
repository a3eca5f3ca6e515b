/**
 * @module report/hunt-csv
 * `--format csv`: one row per finding, for spreadsheets. Every cell goes through escapeCsvCell, so
 * a user agent like `=cmd|' /C calc'!A0` stays text.
 */
import type { HuntResult } from '../hunt/index.js';
import { csvLine } from '../escape/index.js';

const HEADER = [
  'time',
  'severity',
  'outcome',
  'rule',
  'title',
  'cves',
  'campaign',
  'source_path',
  'source_line',
  'client_ip',
  'method',
  'url',
  'status',
  'user_agent',
  'evidence',
  'author',
  'licence',
];

export function huntCsv(r: HuntResult): string {
  const rows = [csvLine(HEADER)];
  for (const f of r.findings) {
    rows.push(
      csvLine([
        f.time,
        f.severity,
        f.outcome,
        f.rule,
        f.title,
        f.cves.join(' '),
        f.campaign,
        f.source.path,
        f.source.line,
        f.facts.clientIp ?? null,
        f.facts.method ?? null,
        f.facts.url ?? null,
        f.facts.status ?? null,
        f.facts.userAgent ?? null,
        f.evidence,
        f.author,
        f.licence,
      ]),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
