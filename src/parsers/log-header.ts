/**
 * @module parsers/log-header
 * A log's field layout: names in order, a case-insensitive name → column map, the delimiter, and
 * where the time and (for Exchange logs) the build columns are. Built from a `#Fields:` line, a
 * bare header line, or a default layout.
 */

export interface LogHeader {
  names: readonly string[];
  /** Lowercased name → column. */
  index: ReadonlyMap<string, number>;
  /** 0x2c (CSV) or 0x20 (W3C). */
  delimiter: number;
  /** Column of an ISO timestamp (DateTime, TimeStamp), or -1. */
  isoTime: number;
  /** IIS `date` and `time` columns, or -1. */
  date: number;
  time: number;
  /** MajorVersion, MinorVersion, BuildVersion, RevisionVersion columns, or null. */
  build: readonly [number, number, number, number] | null;
  /** Where the header came from. */
  source: 'fields' | 'bare' | 'default';
}

const ISO_TIME_NAMES = ['datetime', 'timestamp', 'date-time', 'creationtime'];

export function makeHeader(
  names: readonly string[],
  delimiter: number,
  source: LogHeader['source'],
): LogHeader {
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    const key = n.toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  const col = (n: string): number => index.get(n) ?? -1;
  let isoTime = -1;
  for (const n of ISO_TIME_NAMES) if (isoTime < 0) isoTime = col(n);
  const b = [col('majorversion'), col('minorversion'), col('buildversion'), col('revisionversion')] as const;
  return {
    names,
    index,
    delimiter,
    isoTime,
    date: col('date'),
    time: col('time'),
    build: b.every((i) => i >= 0) ? b : null,
    source,
  };
}

/** Field names from the text after `#Fields:` (comma- or space-separated). */
export function parseFieldsDirective(text: string): { names: string[]; delimiter: number } {
  const trimmed = text.trim();
  const delimiter = trimmed.includes(',') ? 0x2c : 0x20;
  const names = trimmed
    .split(delimiter === 0x2c ? ',' : ' ')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  return { names, delimiter };
}

const NAME = /^[A-Za-z][A-Za-z0-9_\-().]*$/;

/** Whether split values look like a bare header line (identifiers only, at least two). */
export function looksLikeHeader(values: readonly string[]): boolean {
  return values.length >= 2 && values.every((v) => NAME.test(v));
}

/** Whether data lines of this layout begin with a digit (a date): then anything else is not data. */
export function dataStartsWithDigit(header: LogHeader | null): boolean {
  return header === null || header.isoTime === 0 || header.date === 0 || header.time === 0;
}
