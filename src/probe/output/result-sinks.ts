/**
 * @module probe/output/result-sinks
 * Probe results → text, one sink per format of the DESIGN.md contract: `jsonl` (one object per
 * line, streamed), `json` (one array, streamed element by element), `csv` (one row per target,
 * formula-safe) and `table` (aligned terminal columns, control characters escaped). Each sink
 * returns the text to write for each event, so it works with any writable and in tests.
 */
import { escapeCsv, escapeTerminal } from './escape.js';
import type { ProbeResult } from '../types.js';

export type ProbeFormat = 'table' | 'jsonl' | 'json' | 'csv';

export interface ResultSink {
  begin(): string;
  write(r: ProbeResult): string;
  end(): string;
}

/** Contract keys first (target, exchange, build, buildPrecision, vulnerabilities), then the rest. */
export function contractOrder(r: ProbeResult): Record<string, unknown> {
  const { target, exchange, build, buildPrecision, vulnerabilities, ...rest } = r;
  return { target, exchange, build, buildPrecision, vulnerabilities, ...rest };
}

// JSON.stringify escapes C0 controls; these are the other characters a terminal would act on.
const TERMINAL_UNSAFE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One JSON text that is also safe to print on a terminal. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    TERMINAL_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const CAMPAIGN_COLUMNS = ['proxylogon', 'proxyshell', 'proxynotshell', 'owassrf', 'proxytoken'];

const CSV_HEADER = [
  'target',
  'url',
  'exchange',
  'build',
  'buildPrecision',
  'buildSource',
  'product',
  'cu',
  'update',
  'serverName',
  ...CAMPAIGN_COLUMNS,
  'vulnerableCves',
  'mitigatedCves',
  'tlsSubjectCN',
  'tlsOrganization',
  'tlsIssuerCN',
  'tlsValidTo',
  'tlsFingerprint256',
  'errorCode',
  'error',
];

function csvRow(r: ProbeResult): string {
  const byStatus = (s: string): string =>
    Object.entries(r.vulnerabilities)
      .filter(([, v]) => v === s)
      .map(([k]) => k)
      .join(' ');
  const cells = [
    r.target,
    r.url ?? '',
    String(r.exchange),
    r.build ?? '',
    r.buildPrecision,
    r.buildSource ?? '',
    r.product ?? '',
    r.cu ?? '',
    r.update ?? '',
    r.serverName ?? '',
    ...CAMPAIGN_COLUMNS.map((c) => r.campaigns[c] ?? ''),
    byStatus('vulnerable'),
    byStatus('mitigated'),
    r.tls?.subject.CN ?? '',
    r.tls?.subject.O ?? '',
    r.tls?.issuer.CN ?? '',
    r.tls?.validTo ?? '',
    r.tls?.fingerprint256 ?? '',
    r.error?.code ?? '',
    r.error?.message ?? '',
  ];
  return cells.map(escapeCsv).join(',');
}

const SHORT: Record<string, string> = {
  vulnerable: 'VULN',
  patched: 'ok',
  mitigated: 'mitig',
  'not-affected': 'n/a',
  unknown: '?',
};

const TABLE_COLUMNS: [string, number][] = [
  ['TARGET', 24],
  ['EXCH', 5],
  ['BUILD', 16],
  ['PREC', 5],
  ['RELEASE', 22],
  ['PLOGON', 6],
  ['PSHELL', 6],
  ['PNSHELL', 7],
  ['OWASSRF', 7],
  ['NOTE', 0],
];

function cell(text: string, width: number): string {
  const t = escapeTerminal(text);
  if (width === 0) return t.length > 100 ? `${t.slice(0, 99)}…` : t;
  return t.length > width ? `${t.slice(0, width - 1)}…` : t.padEnd(width);
}

function tableRow(r: ProbeResult): string {
  const c = (id: string): string => SHORT[r.campaigns[id] ?? ''] ?? '-';
  const release = [r.product, r.cu, r.update].filter(Boolean).join(' ');
  const note = r.error
    ? `error ${r.error.code}: ${r.error.message}`
    : (r.disagreements[0] ?? (r.webshells.length ? `web shells: ${r.webshells.join(' ')}` : ''));
  const vals = [
    r.target,
    r.exchange ? 'yes' : 'no',
    r.build ?? '-',
    r.build ? r.buildPrecision : '-',
    release || '-',
    c('proxylogon'),
    c('proxyshell'),
    c('proxynotshell'),
    c('owassrf'),
    note,
  ];
  return TABLE_COLUMNS.map(([, w], i) => cell(vals[i] ?? '', w))
    .join(' ')
    .trimEnd();
}

export function createSink(format: ProbeFormat): ResultSink {
  switch (format) {
    case 'jsonl':
      return { begin: () => '', write: (r) => `${safeJson(contractOrder(r))}\n`, end: () => '' };
    case 'json': {
      let n = 0;
      return {
        begin: () => '[',
        write: (r) => `${n++ === 0 ? '\n' : ',\n'}${safeJson(contractOrder(r))}`,
        end: () => (n === 0 ? ']\n' : '\n]\n'),
      };
    }
    case 'csv':
      return { begin: () => `${CSV_HEADER.join(',')}\n`, write: (r) => `${csvRow(r)}\n`, end: () => '' };
    case 'table':
      return {
        begin: () => `${TABLE_COLUMNS.map(([h, w]) => (w ? h.padEnd(w) : h)).join(' ')}\n`,
        write: (r) => `${tableRow(r)}\n`,
        end: () => '',
      };
  }
}
