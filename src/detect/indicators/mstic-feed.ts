/**
 * @module detect/indicators/mstic-feed
 * Microsoft's MSTIC IoC feed for the March 2021 Exchange attacks (Azure-Sentinel "Sample Data/
 * Feeds"), as CSV (`DateAdded,FirstSeen,Indicator,IndicatorType,TLP`) or JSON (the same rows as
 * objects, hashes with `AdditionalMetadata.FileMd5/FileSha1`). Also reads the derived
 * `sha256,md5,sha1` map so one feed row yields all three hashes.
 */
import { splitCsvLine } from './csv-line.js';
import { hashAlgo } from './hash-algo.js';
import { pathKey } from './windows-path.js';
import { emptySet, type IndicatorSet, type Provenance } from './types.js';

const MSTIC_SCORE = 100;

interface Row {
  indicator: string;
  type: string;
  firstSeen: string;
  md5?: string;
  sha1?: string;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function addRow(set: IndicatorSet, row: Row, line: number, source: Provenance): void {
  const type = row.type.toLowerCase();
  const comment = `MSTIC ${row.type}${row.firstSeen ? `, first seen ${row.firstSeen}` : ''}`;
  if (type === 'sha256' || type === 'md5' || type === 'sha1' || type === 'filehash') {
    for (const value of [row.indicator, row.md5, row.sha1]) {
      if (!value) continue;
      const algo = hashAlgo(value.trim());
      if (!algo) {
        set.issues.push({ origin: source.origin, line, message: `bad hash "${value.slice(0, 80)}"` });
        continue;
      }
      set.hashes.push({ hash: value.trim().toLowerCase(), algo, comment, score: MSTIC_SCORE, source });
    }
  } else if (type === 'filepath' || type === 'filename') {
    // Compared through pathKey so the Exchange install folder and drive may differ.
    const key = pathKey(row.indicator.trim());
    set.paths.push({
      pattern: new RegExp(`${escapeRegex(key)}$`, 'i'),
      on: 'path-key',
      falsePositive: null,
      score: 90,
      comment: `${comment}: ${row.indicator.trim()}`,
      source,
    });
  } else if (
    type === 'domainname' ||
    type === 'domain' ||
    type === 'ipaddress' ||
    type === 'ip' ||
    type === 'url'
  ) {
    const kind = type.startsWith('domain') ? 'domain' : type === 'url' ? 'url' : 'ip';
    set.network.push({ value: row.indicator.trim().toLowerCase(), kind, comment, source });
  } else {
    set.ignored[`mstic:${row.type}`] = (set.ignored[`mstic:${row.type}`] ?? 0) + 1;
  }
}

export function parseMsticCsv(text: string, source: Provenance): IndicatorSet {
  const set = emptySet();
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [iInd, iType, iSeen] = [col('indicator'), col('indicatortype'), col('firstseen')];
  if (iInd < 0 || iType < 0) {
    set.issues.push({
      origin: source.origin,
      line: 1,
      message: 'not an MSTIC feed: no Indicator/IndicatorType columns',
    });
    return set;
  }
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    const f = splitCsvLine(lines[i]!);
    addRow(
      set,
      { indicator: f[iInd] ?? '', type: f[iType] ?? '', firstSeen: iSeen >= 0 ? (f[iSeen] ?? '') : '' },
      i + 1,
      source,
    );
  }
  return set;
}

export function parseMsticJson(text: string, source: Provenance): IndicatorSet {
  const set = emptySet();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    set.issues.push({ origin: source.origin, line: null, message: `not JSON: ${(err as Error).message}` });
    return set;
  }
  // The feed exists both as an array and as JSON lines; accept an array or {value|data: [...]}.
  const rows = Array.isArray(doc) ? doc : ((doc as { value?: unknown[]; data?: unknown[] })?.value ?? []);
  rows.forEach((r, i) => {
    const o = r as Record<string, unknown>;
    const meta = (o.AdditionalMetadata ?? {}) as Record<string, unknown>;
    addRow(
      set,
      {
        indicator: String(o.Indicator ?? ''),
        type: String(o.IndicatorType ?? ''),
        firstSeen: String(o.FirstSeen ?? ''),
        md5: typeof meta.FileMd5 === 'string' ? meta.FileMd5 : undefined,
        sha1: typeof meta.FileSha1 === 'string' ? meta.FileSha1 : undefined,
      },
      i + 1,
      source,
    );
  });
  return set;
}

/** The derived `sha256,md5,sha1` map: every column becomes a hash indicator. */
export function parseHashMap(text: string, source: Provenance): IndicatorSet {
  const set = emptySet();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || /^sha256\s*,/i.test(line)) return;
    for (const value of splitCsvLine(line)) {
      const algo = hashAlgo(value.trim());
      if (algo)
        set.hashes.push({
          hash: value.trim().toLowerCase(),
          algo,
          comment: 'MSTIC sha256/md5/sha1 map',
          score: MSTIC_SCORE,
          source,
        });
      else
        set.issues.push({ origin: source.origin, line: i + 1, message: `bad hash "${value.slice(0, 80)}"` });
    }
  });
  return set;
}
