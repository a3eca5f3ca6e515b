/**
 * @module parsers/evtx/record-line
 * One record as one line of text for analysts and pipelines: JSON that is safe to print on a
 * terminal (no raw control, C1 or bidi characters), or the record's one-line XML.
 */
import type { EvtxRecord } from './types.js';

// JSON.stringify escapes C0 controls; these are the other characters a terminal would act on.
const TERMINAL_UNSAFE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Any value as one JSON line that is safe to print on a terminal. */
export function safeJsonLine(value: unknown): string {
  return JSON.stringify(value).replace(
    TERMINAL_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export type LineFormat = 'jsonl' | 'xml';

/**
 * The record as one line: `jsonl` is the record without its XML (plus `path` when given); `xml`
 * is `record.xml`, which must have been rendered with `xml: 'line'`.
 */
export function recordLine(r: EvtxRecord, format: LineFormat, path: string | null = null): string {
  if (format === 'xml') return r.xml ?? '';
  const { xml: _xml, ...rest } = r;
  return safeJsonLine(path === null ? rest : { path, ...rest });
}
