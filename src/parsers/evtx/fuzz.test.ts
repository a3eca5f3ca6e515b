/**
 * Fuzzing: random mutations of the sample files for a bounded time must never make the reader
 * throw, hang, or return malformed results. A few seconds in `npm test`; set
 * EXHUNT_FUZZ_SECONDS for a longer run. A failure prints the seed that reproduces it
 * (EXHUNT_FUZZ_SEED).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEvtxBytes } from './read-evtx-bytes.js';
import { samplePath } from './testing/samples.js';
import { emptySummary } from './types.js';

const SECONDS = Number(process.env.EXHUNT_FUZZ_SECONDS ?? 3);
const SEED = Number(process.env.EXHUNT_FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Small, seedable PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CORPUS = [
  'omerbenamram-evtx/MSExchange_Management_wec.evtx',
  'omerbenamram-evtx/Application_no_crc32.evtx',
  'omerbenamram-evtx/new-user-security.evtx',
  'omerbenamram-evtx/Security_short_selected.evtx',
  'velocidex-evtx/Microsoft-Windows-CAPI2_Operational_EventID70.evtx',
  'python-evtx/dns_log_malformed.evtx',
].map((f) => new Uint8Array(readFileSync(samplePath(f))));

// Two multi-chunk samples, cut to the header plus 2 chunks so one iteration stays fast.
for (const f of [
  'omerbenamram-evtx/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx',
  'omerbenamram-evtx/sysmon.evtx',
]) {
  CORPUS.push(new Uint8Array(readFileSync(samplePath(f))).slice(0, 4096 + 2 * 65536));
}

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x200, 0x1000, 0x10000, 0xffffffff, 0x7fffffff];

function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  let b = src.slice();
  const n = 1 + Math.floor(rand() * 16);
  const at = () => Math.floor(rand() * b.length);
  for (let i = 0; i < n; i++) {
    const op = rand();
    if (op < 0.4) b[at()] = Math.floor(rand() * 256);
    else if (op < 0.7) {
      const v = INTERESTING[Math.floor(rand() * INTERESTING.length)]!;
      if (b.length >= 4)
        new DataView(b.buffer, b.byteOffset, b.length).setUint32(Math.min(at(), b.length - 4), v, true);
    } else if (op < 0.8) {
      // Copy a run of bytes over another place (moves offsets and tokens around).
      const from = at();
      const len = Math.floor(rand() * 256);
      b.copyWithin(at(), from, Math.min(b.length, from + len));
    } else if (op < 0.9) {
      b = b.slice(0, Math.max(0, at()));
    } else {
      // Zero a run (an unflushed or wiped region).
      const o = at();
      b.fill(0, o, Math.min(b.length, o + Math.floor(rand() * 4096)));
    }
    if (b.length === 0) break;
  }
  return b;
}

describe('fuzz: mutated samples never crash or hang the reader', () => {
  it(`runs for ${SECONDS}s (seed ${SEED})`, { timeout: SECONDS * 1000 + 60_000 }, () => {
    const rand = rng(SEED);
    const end = performance.now() + SECONDS * 1000;
    let iterations = 0;
    let records = 0;
    let errors = 0;
    while (performance.now() < end || iterations < 20) {
      const input = mutate(CORPUS[iterations % CORPUS.length]!, rand);
      const started = performance.now();
      const summary = emptySummary(input.length);
      let seen = 0;
      try {
        for (const r of readEvtxBytes(input, { xml: true }, summary)) {
          seen++;
          if (r.ok) {
            records++;
            expect(typeof r.record.recordId).toBe('number');
            JSON.stringify(r.record);
          } else {
            errors++;
            expect(r.error).toMatch(/\S/);
            expect(r.error).not.toMatch(/^internal/);
          }
        }
      } catch (err) {
        throw new Error(`reader threw on iteration ${iterations} (EXHUNT_FUZZ_SEED=${SEED}): ${String(err)}`);
      }
      const took = performance.now() - started;
      expect(
        took,
        `iteration ${iterations} took ${took.toFixed(0)} ms (EXHUNT_FUZZ_SEED=${SEED})`,
      ).toBeLessThan(5000);
      // Every result is counted in the summary, once.
      expect(summary.records + summary.errors).toBe(seen);
      iterations++;
    }
    // The mutations must leave plenty decodable, or the fuzzer tests nothing.
    expect(records).toBeGreaterThan(iterations);
    expect(errors).toBeGreaterThan(0);
  });
});
