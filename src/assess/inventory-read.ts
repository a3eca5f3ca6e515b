/**
 * @module assess/inventory-read
 * Reads a server inventory as admins export it: CSV from `Get-ExchangeServer | Export-Csv`
 * (with or without the `#TYPE` line, comma, semicolon or tab separated), a spreadsheet export with
 * name and version columns, or JSON (an array of objects, `{servers: [...]}`, or HealthChecker's
 * VulnerabilityReport with `Servers[]`). Bad rows are counted, never fatal.
 */
import { parseCsvRows } from '../knowledge/index.js';

export interface InventoryRow {
  /** 1-based line (CSV) or array index + 1 (JSON). */
  line: number;
  name: string;
  /** The build text as found, and the column it came from. */
  buildText: string;
  buildColumn: string;
  /** Other columns kept for the report (site, role …). */
  extra: Record<string, string>;
}

export type InventoryRead =
  | {
      ok: true;
      rows: InventoryRow[];
      skipped: { line: number; reason: string }[];
      columns: { name: string; build: string[] };
    }
  | { ok: false; error: string };

const NAME_KEYS = [
  'name',
  'server',
  'servername',
  'computername',
  'fqdn',
  'identity',
  'host',
  'hostname',
  'dnshostname',
];
/** Build columns, most precise first: ExSetup's file version beats AdminDisplayVersion. */
const BUILD_KEYS = [
  'exsetupversion',
  'exsetup',
  'fileversion',
  'productversion',
  'buildversion',
  'build',
  'exchangebuild',
  'exchangeversion',
  'version',
  'admindisplayversion',
];

export function readInventory(text: string, fileName = ''): InventoryRead {
  const body = text.replace(/^\uFEFF/, '');
  const looksJson = /\.json$/i.test(fileName) || /^\s*[[{]/.test(body);
  return looksJson ? readJson(body) : readCsv(body);
}

function pickColumns(headers: string[]): { name: string | undefined; builds: string[] } {
  const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');
  const name = NAME_KEYS.map((k) => headers.find((h) => norm(h) === k)).find((h) => h !== undefined);
  const builds = BUILD_KEYS.flatMap((k) => headers.filter((h) => norm(h) === k));
  return { name, builds };
}

function firstBuild(
  record: Record<string, string>,
  builds: string[],
): { text: string; column: string } | null {
  for (const c of builds) {
    const v = (record[c] ?? '').trim();
    if (v !== '') return { text: v, column: c };
  }
  return null;
}

function readCsv(text: string): InventoryRead {
  const lines = text.split(/\r?\n/);
  let skip = 0;
  while (skip < lines.length && (lines[skip]!.startsWith('#TYPE') || lines[skip]!.trim() === '')) skip++;
  const headerLine = lines[skip] ?? '';
  const sep = [',', ';', '\t'].reduce(
    (best, s) => (count(headerLine, s) > count(headerLine, best) ? s : best),
    ',',
  );
  const rows = parseCsvRows(lines.slice(skip).join('\n'), sep);
  const header = rows.shift()?.map((h) => h.trim());
  if (!header || header.length === 0 || header.every((h) => h === ''))
    return { ok: false, error: 'the inventory is empty' };
  const { name, builds } = pickColumns(header);
  if (builds.length === 0) {
    return {
      ok: false,
      error: `no build or version column in the inventory (columns: ${header.slice(0, 8).join(', ')})`,
    };
  }
  const out: InventoryRow[] = [];
  const skipped: { line: number; reason: string }[] = [];
  rows.forEach((cells, i) => {
    const line = skip + i + 2;
    if (cells.length === 1 && cells[0]!.trim() === '') return;
    const record = Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
    const b = firstBuild(record, builds);
    if (!b) {
      skipped.push({ line, reason: 'no build in this row' });
      return;
    }
    const extra = Object.fromEntries(
      Object.entries(record).filter(([k]) => k !== name && !builds.includes(k)),
    );
    out.push({
      line,
      name: name ? (record[name] ?? '').trim() || `row ${line}` : `row ${line}`,
      buildText: b.text,
      buildColumn: b.column,
      extra,
    });
  });
  return { ok: true, rows: out, skipped, columns: { name: name ?? '', build: builds } };
}

function readJson(text: string): InventoryRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `the inventory is not valid JSON (${(e as Error).message.split('\n')[0]})` };
  }
  const list = Array.isArray(data)
    ? data
    : data && typeof data === 'object'
      ? ((data as Record<string, unknown>).servers ?? (data as Record<string, unknown>).Servers)
      : undefined;
  if (!Array.isArray(list))
    return { ok: false, error: 'JSON inventory must be an array of servers or {"servers": [...]}' };
  const out: InventoryRow[] = [];
  const skipped: { line: number; reason: string }[] = [];
  const allKeys = new Set<string>();
  list.forEach((item, i) => {
    if (!item || typeof item !== 'object') {
      skipped.push({ line: i + 1, reason: 'not an object' });
      return;
    }
    const record = Object.fromEntries(
      Object.entries(item as Record<string, unknown>).map(([k, v]) => [k, flatten(v)]),
    );
    Object.keys(record).forEach((k) => allKeys.add(k));
    const { name, builds } = pickColumns(Object.keys(record));
    const b = firstBuild(record, builds);
    if (!b) {
      skipped.push({ line: i + 1, reason: 'no build field' });
      return;
    }
    const extra = Object.fromEntries(
      Object.entries(record).filter(([k]) => k !== name && !builds.includes(k)),
    );
    out.push({
      line: i + 1,
      name: (name && record[name]) || `server ${i + 1}`,
      buildText: b.text,
      buildColumn: b.column,
      extra,
    });
  });
  if (out.length === 0 && skipped.length > 0 && pickColumns([...allKeys]).builds.length === 0) {
    return { ok: false, error: 'no build or version field in the JSON inventory' };
  }
  return { ok: true, rows: out, skipped, columns: { name: '', build: [] } };
}

function flatten(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    // ExSetup as PowerShell serialises it: { FileVersion: "15.01.2176.002", ... }
    const o = v as Record<string, unknown>;
    for (const k of ['FileVersion', 'ProductVersion', 'Version'])
      if (typeof o[k] === 'string') return o[k] as string;
    return JSON.stringify(v);
  }
  return String(v);
}

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}
