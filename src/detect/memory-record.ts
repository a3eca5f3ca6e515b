/**
 * @module detect/memory-record
 * A LogRecord built from a field map, for rule examples and tests: the same contract the parsers
 * produce, without a file. The raw line is the values joined the way the log kind writes them.
 */
import type { LogKind, LogRecord } from '../parsers/index.js';

export interface MemoryRecordInit {
  kind: LogKind;
  subkind?: string | null;
  fields: Record<string, string>;
  raw?: string;
  path?: string;
  line?: number | null;
}

/** IIS W3C writes space-separated fields; Exchange's own logs are CSV. */
function joinRaw(kind: LogKind, values: string[]): string {
  if (kind === 'iis') return values.join(' ');
  if (kind === 'event') return JSON.stringify(values);
  return values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}

/** The record time from the usual fields of each kind (IIS date+time, Exchange DateTime/TimeStamp). */
function timeOf(kind: LogKind, get: (f: string) => string | undefined): number | null {
  const text =
    kind === 'iis'
      ? get('date') && get('time')
        ? `${get('date')}T${get('time')}Z`
        : undefined
      : (get('DateTime') ?? get('TimeStamp') ?? get('TimeCreated'));
  if (!text) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
}

export function memoryRecord(init: MemoryRecordInit): LogRecord {
  const names = Object.keys(init.fields);
  const lower = new Map(names.map((n) => [n.toLowerCase(), init.fields[n] as string]));
  const get = (f: string): string | undefined => lower.get(f.toLowerCase());
  const raw = init.raw ?? joinRaw(init.kind, Object.values(init.fields));
  return {
    kind: init.kind,
    subkind: init.subkind ?? null,
    path: init.path ?? `example/${init.kind}.log`,
    line: init.line ?? 1,
    time: timeOf(init.kind, get),
    get,
    fields: () => names,
    raw: () => raw,
  };
}
