/**
 * @module findings/coverage
 * How far the evidence reaches, per log source: files, records, first and last record, counted
 * problems, and gaps (days inside the covered range with no file). A clean result is only as good
 * as this.
 */
import type { Coverage } from './types.js';
import { ordinal } from './code-unit-order.js';

/** Per-file coverage as the parsers report it (structurally the parsers' FileCoverage). */
export interface FileCoverageLike {
  path: string;
  kind: string;
  subkind: string | null;
  records: number;
  first: number | null;
  last: number | null;
  bytes: number;
  issues: number;
}

export const DAY_MS = 86_400_000;

/** The log source a file belongs to, as shown to people ("HttpProxy/Ecp", "IIS/W3SVC1" …). */
export function sourceOf(kind: string, subkind: string | null): string {
  switch (kind) {
    case 'httpproxy':
      return `HttpProxy/${subkind ?? '?'}`;
    case 'ecp-server':
      return 'ECP/Server';
    case 'oabgen':
      return 'OABGeneratorLog';
    case 'rps':
      return subkind ? `RPS/${subkind}` : 'RPS';
    case 'iis':
      return `IIS/${subkind ?? 'W3SVC'}`;
    case 'event':
      return `evtx/${subkind ?? '?'}`;
    default:
      return subkind ? `${kind}/${subkind}` : kind;
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Summarise files per source, sorted by source name; gaps longer than `gapMs` are listed. */
export function summarizeCoverage(files: readonly FileCoverageLike[], gapMs = DAY_MS): Coverage[] {
  const bySource = new Map<string, FileCoverageLike[]>();
  for (const f of files) {
    const s = sourceOf(f.kind, f.subkind);
    const list = bySource.get(s) ?? [];
    list.push(f);
    bySource.set(s, list);
  }
  const out: Coverage[] = [];
  for (const [source, list] of bySource) {
    let first: number | null = null;
    let last: number | null = null;
    let records = 0;
    let issues = 0;
    let bytes = 0;
    for (const f of list) {
      records += f.records;
      issues += f.issues;
      bytes += f.bytes;
      if (f.first !== null && (first === null || f.first < first)) first = f.first;
      if (f.last !== null && (last === null || f.last > last)) last = f.last;
    }
    out.push({
      source,
      files: list.length,
      first: iso(first),
      last: iso(last),
      records,
      issues,
      bytes,
      gaps: gapsOf(list, gapMs).map(([a, b]) => ({
        from: new Date(a).toISOString(),
        to: new Date(b).toISOString(),
      })),
    });
  }
  return out.sort((a, b) => ordinal(a.source, b.source));
}

/** Intervals (epoch ms) covered by files with times, merged. */
export function coveredIntervals(list: readonly FileCoverageLike[], gapMs = DAY_MS): [number, number][] {
  const spans = list
    .filter((f) => f.first !== null && f.last !== null)
    .map((f) => [f.first as number, f.last as number] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const top = merged[merged.length - 1];
    if (top && s[0] - top[1] <= gapMs) top[1] = Math.max(top[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

function gapsOf(list: readonly FileCoverageLike[], gapMs: number): [number, number][] {
  const merged = coveredIntervals(list, gapMs);
  const gaps: [number, number][] = [];
  for (let i = 1; i < merged.length; i++)
    gaps.push([(merged[i - 1] as [number, number])[1], (merged[i] as [number, number])[0]]);
  return gaps;
}
