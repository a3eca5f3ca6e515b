import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvtxFile, readEvtxReader } from './read-evtx-file.js';
import { readEvtxFiles } from './read-evtx-files.js';
import { readSample, samplePath } from './testing/samples.js';
import type { EvtxResult } from './types.js';

async function collect(path: string) {
  const file = readEvtxFile(path);
  const results: EvtxResult[] = [];
  for await (const r of file) results.push(r);
  return { file, results };
}

const tmp = mkdtempSync(join(tmpdir(), 'exhunt-evtx-'));

describe('readEvtxFile (streaming from disk)', () => {
  it('gives the same records as the in-memory reader, across 1 MiB read batches', async () => {
    const rel = 'omerbenamram-evtx/security.evtx';
    const { file, results } = await collect(samplePath(rel));
    const mem = readSample(rel);
    expect(file.failure).toBeNull();
    expect(results.filter((r) => r.ok).map((r) => r.ok && r.record.recordId)).toEqual(
      mem.records.map((r) => r.recordId),
    );
    expect(file.summary).toEqual(mem.summary);
  });

  it('a missing file ends with a one-line failure, not a throw', async () => {
    const { file, results } = await collect(join(tmp, 'nope.evtx'));
    expect(results).toEqual([]);
    expect(file.failure).toMatch(/^cannot open: ENOENT/);
  });

  it('a folder is unreadable, reported as a failure', async () => {
    const { file } = await collect(tmp);
    expect(file.failure).toMatch(/EISDIR/);
  });

  it('a file that is not EVTX says so', async () => {
    const p = join(tmp, 'text.evtx');
    writeFileSync(p, 'hello, this is not an event log\n'.repeat(4000));
    const { file, results } = await collect(p);
    expect(results).toEqual([]);
    expect(file.failure).toMatch(/not an EVTX file/);
  });

  it('a truncated file keeps every record before the cut and counts the cut one', async () => {
    const bytes = readFileSync(samplePath('omerbenamram-evtx/security.evtx'));
    const p = join(tmp, 'truncated.evtx');
    // Cut in the middle of the third chunk.
    writeFileSync(p, bytes.subarray(0, 4096 + 2 * 65536 + 30000));
    const { file, results } = await collect(p);
    const ok = results.filter((r) => r.ok).length;
    expect(file.failure).toBeNull();
    expect(ok).toBeGreaterThan(150);
    expect(ok).toBeLessThan(2261);
    const full = readSample('omerbenamram-evtx/security.evtx').records.slice(0, ok);
    expect(results.filter((r) => r.ok).map((r) => r.ok && r.record.recordId)).toEqual(
      full.map((r) => r.recordId),
    );
    expect(file.summary.errors).toBeLessThanOrEqual(1);
  });

  it('a file without its header still yields its chunks', async () => {
    const bytes = new Uint8Array(readFileSync(samplePath('omerbenamram-evtx/new-user-security.evtx')));
    bytes.fill(0, 0, 4096);
    const p = join(tmp, 'no-header.evtx');
    writeFileSync(p, bytes);
    const { file, results } = await collect(p);
    expect(file.summary.header).toBeNull();
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    expect(file.failure).toBeNull();
  });
});

describe('readEvtxFiles (worker pool)', { timeout: 120_000 }, () => {
  it('reads several files on two workers; each file ends with its summary; failures are reported', async () => {
    const files = [
      samplePath('omerbenamram-evtx/sysmon.evtx'),
      samplePath('omerbenamram-evtx/system.evtx'),
      join(tmp, 'missing.evtx'),
      samplePath('omerbenamram-evtx/MSExchange_Management_wec.evtx'),
    ];
    const counts = new Map<string, number>();
    const done = new Map<string, { records: number | undefined; failure: string | null }>();
    for await (const item of readEvtxFiles(files, { workers: 2 })) {
      if (item.type === 'results')
        counts.set(item.path, (counts.get(item.path) ?? 0) + item.results.filter((r) => r.ok).length);
      else if (item.type === 'done')
        done.set(item.path, { records: item.summary?.records, failure: item.failure });
    }
    expect(counts.get(files[0]!)).toBe(358);
    expect(counts.get(files[1]!)).toBe(1881);
    expect(counts.get(files[3]!)).toBe(1);
    expect(done.get(files[0]!)).toEqual({ records: 358, failure: null });
    expect(done.get(files[2]!)?.failure).toMatch(/ENOENT/);
    expect(done.size).toBe(4);
  });
});

describe('readEvtxReader (any sequential ByteReader, e.g. a zip entry)', () => {
  it('reads through short reads the same as from disk', async () => {
    const bytes = new Uint8Array(readFileSync(samplePath('omerbenamram-evtx/sysmon.evtx')));
    let position = 0;
    let closed = false;
    // Hands out at most 1000 bytes per call, like a decompressing stream.
    const reader = {
      read: async (into: Uint8Array, offset: number, length: number) => {
        const n = Math.min(length, 1000, bytes.length - position);
        into.set(bytes.subarray(position, position + n), offset);
        position += n;
        return n;
      },
      close: async () => {
        closed = true;
      },
    };
    const file = readEvtxReader(reader);
    let ok = 0;
    for await (const r of file) if (r.ok) ok++;
    expect(ok).toBe(358);
    expect(file.summary.bytes).toBe(bytes.length);
    expect(closed).toBe(true);
  });
});

describe('select: only the wanted records are yielded, all are counted', { timeout: 120_000 }, () => {
  it('sysmon.evtx: event 1 only, coverage still over every record', async () => {
    const all = readSample('omerbenamram-evtx/sysmon.evtx');
    const want = all.records.filter((r) => r.eventId === 1).length;
    const file = readEvtxFile(samplePath('omerbenamram-evtx/sysmon.evtx'), {
      select: { eventIds: [1], providers: ['microsoft-windows-sysmon'] },
    });
    const got = [];
    for await (const r of file) if (r.ok) got.push(r.record);
    expect(want).toBeGreaterThan(0);
    expect(got).toHaveLength(want);
    expect(got.every((r) => r.eventId === 1)).toBe(true);
    expect(file.summary.records).toBe(358);
    expect(file.summary.skipped).toBe(358 - want);
    expect([file.summary.first, file.summary.last]).toEqual([all.summary.first, all.summary.last]);
  });

  it('through the worker pool', async () => {
    let n = 0;
    let skipped = 0;
    for await (const item of readEvtxFiles([samplePath('omerbenamram-evtx/security.evtx')], {
      workers: 1,
      select: { channels: ['SECURITY'], eventIds: [4624] },
    })) {
      if (item.type === 'results') n += item.results.filter((r) => r.ok && r.record.eventId === 4624).length;
      else if (item.type === 'done') skipped = item.summary!.skipped;
    }
    expect(n).toBeGreaterThan(0);
    expect(n + skipped).toBe(2261);
  });
});

describe('readEvtxFiles lines mode (workers render the output)', { timeout: 120_000 }, () => {
  it('gives one JSON line per record with the path, and the errors as objects', async () => {
    const files = [
      samplePath('omerbenamram-evtx/sample-with-zero-data-size-event.evtx'),
      samplePath('python-evtx/issue_38.evtx'),
    ];
    let text = '';
    let records = 0;
    const errors = [];
    for await (const item of readEvtxFiles(files, { workers: 2, lines: 'jsonl', tagPath: true })) {
      if (item.type === 'lines') {
        text += item.text;
        records += item.records;
        errors.push(...item.errors);
      }
    }
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(450);
    expect(records).toBe(450);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ recordId: 3, chunk: 0 });
    const one = JSON.parse(lines.find((l) => l.includes('issue_38'))!);
    expect(one.path).toBe(files[1]);
    expect(BigInt(one.eventData.SubjectLogonId)).toBe(0x19d3afn);
  });
});
