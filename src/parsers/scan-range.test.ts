// Ranges let workers share one big file: the union of the ranges must be exactly the whole scan.
import { describe, expect, it } from 'vitest';
import { memoryReader } from '../evidence/index.js';
import { scanLog } from './scan-log.js';
import type { ScanOptions, ScanResult } from './scan-types.js';
import { proxyLogonSsrf } from './testing/attack-lines.js';
import { generateHttpProxyLog } from './testing/httpproxy-log.js';
import { generateIisLog } from './testing/iis-log.js';
import { DEFAULT_START } from './testing/log-options.js';

async function run(
  data: Buffer,
  opts: Omit<ScanOptions, 'onRecord'>,
): Promise<{ r: ScanResult; got: string[] }> {
  const got: string[] = [];
  const r = await scanLog(memoryReader(data), {
    ...opts,
    onRecord: (rec) => got.push(`${rec.line}|${rec.get(rec.fields()[0]!)}|${rec.raw().length}`),
  });
  return { r, got };
}

describe('scanLog with byte ranges', () => {
  const data = generateHttpProxyLog({
    lines: 3000,
    repeatHeaderEvery: 700,
    plant: [5, 1500, 2999].map((at) => ({ at, fields: proxyLogonSsrf(DEFAULT_START + at * 1500) })),
  });

  for (const parts of [2, 3, 7]) {
    it(`${parts} ranges cover every record exactly once, with exact line numbers`, async () => {
      const whole = await run(data, { kind: 'httpproxy', chunkBytes: 16 * 1024 });
      const got: string[] = [];
      let records = 0;
      let lines = 0;
      let bytes = 0;
      const step = Math.ceil(data.length / parts);
      for (let i = 0; i < parts; i++) {
        const range = { start: i * step, end: Math.min(data.length, (i + 1) * step) };
        const part = await run(data, { kind: 'httpproxy', chunkBytes: 16 * 1024, range });
        got.push(...part.got);
        records += part.r.coverage.records;
        lines += part.r.coverage.lines;
        bytes += part.r.coverage.bytes;
        expect(part.r.issues).toEqual([]);
      }
      expect(got).toEqual(whole.got);
      expect(records).toBe(3000);
      expect(lines).toBe(whole.r.coverage.lines);
      expect(bytes).toBe(data.length);
    });
  }

  it('a range that starts mid-line leaves that line to the previous range', async () => {
    const second = data.indexOf('\n', 5000) + 1;
    const a = await run(data, {
      kind: 'httpproxy',
      prefilter: ['ServerInfo~'],
      range: { start: 0, end: second - 10 },
    });
    const b = await run(data, {
      kind: 'httpproxy',
      prefilter: ['ServerInfo~'],
      range: { start: second - 10, end: data.length },
    });
    expect(a.r.coverage.records + b.r.coverage.records).toBe(3000);
    expect(a.got.length + b.got.length).toBe(3);
  });

  it('IIS: the layout of a range comes from the header block before it', async () => {
    const iis = generateIisLog({ lines: 2000, repeatHeaderEvery: 500 });
    const tail = await run(iis, {
      kind: 'iis',
      range: { start: Math.floor(iis.length * 0.9), end: iis.length },
    });
    expect(tail.r.issues).toEqual([]);
    expect(tail.got.length).toBeGreaterThan(100);
    expect(
      tail.got.every((g) => g.split('|')[1] === new Date(DEFAULT_START).toISOString().slice(0, 10)),
    ).toBe(true);
  });
});
