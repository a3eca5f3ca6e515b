/**
 * @module parsers/evtx/testing/samples
 * Test helpers: where the copied EVTX samples live (test/fixtures/evtx, with SOURCES.md and
 * EXPECTED.md beside them) and how to read one whole for the pure reader.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readEvtxBytes } from '../read-evtx-bytes.js';
import {
  type EvtxRecord,
  type EvtxRecordError,
  type EvtxReadOptions,
  type EvtxSummary,
  emptySummary,
} from '../types.js';

export const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/evtx/', import.meta.url));

export function samplePath(rel: string): string {
  return FIXTURES + rel;
}

export interface SampleRead {
  records: EvtxRecord[];
  errors: EvtxRecordError[];
  summary: EvtxSummary;
}

const cache = new Map<string, SampleRead>();

/**
 * Read a sample (path relative to test/fixtures/evtx) completely with the pure reader. Results
 * are cached per test file: treat them as read-only.
 */
export function readSample(rel: string, options: EvtxReadOptions = {}): SampleRead {
  const key = `${rel}\0${JSON.stringify(options)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const read = readUncached(rel, options);
  cache.set(key, read);
  return read;
}

function readUncached(rel: string, options: EvtxReadOptions): SampleRead {
  const bytes = readFileSync(samplePath(rel));
  const summary = emptySummary(bytes.length);
  const records: EvtxRecord[] = [];
  const errors: EvtxRecordError[] = [];
  for (const r of readEvtxBytes(bytes, options, summary)) {
    if (r.ok) records.push(r.record);
    else {
      const { ok: _ok, ...e } = r;
      errors.push(e);
    }
  }
  return { records, errors, summary };
}
