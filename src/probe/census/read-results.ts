/**
 * @module probe/census/read-results
 * Probe output files (jsonl, or json as exhunt writes it: one object per line inside `[ … ]`)
 * → results, streamed. Lines that are not a probe result are counted, not fatal.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ProbeResult } from '../types.js';

function isResult(v: unknown): v is ProbeResult {
  const r = v as ProbeResult;
  return (
    !!r &&
    typeof r.target === 'string' &&
    typeof r.exchange === 'boolean' &&
    typeof r.vulnerabilities === 'object'
  );
}

export async function* readResults(input: Readable, onBad: () => void): AsyncGenerator<ProbeResult> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    const t = line.trim().replace(/^,/, '').replace(/,$/, '');
    if (t === '' || t === '[' || t === ']') continue;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      onBad();
      continue;
    }
    if (!isResult(v)) {
      onBad();
      continue;
    }
    // Older or foreign results may lack the newer keys.
    v.campaigns ??= {};
    v.address ??= null;
    yield v;
  }
}

export function readResultsFile(path: string, onBad: () => void): AsyncGenerator<ProbeResult> {
  return readResults(path === '-' ? process.stdin : createReadStream(path), onBad);
}
