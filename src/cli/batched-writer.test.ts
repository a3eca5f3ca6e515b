import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batchedWriter } from './batched-writer.js';

/** A writable that records each write it receives; `slow` holds every callback until released. */
function recorder(opts: { highWaterMark?: number; slow?: boolean } = {}) {
  const writes: string[] = [];
  const held: (() => void)[] = [];
  const w = new Writable({
    highWaterMark: opts.highWaterMark ?? 16 * 1024,
    decodeStrings: false,
    write(chunk: string, _enc, cb) {
      writes.push(chunk);
      if (opts.slow) held.push(() => cb());
      else cb();
    },
  });
  return { w, writes, release: () => held.splice(0).forEach((f) => f()) };
}

describe('batchedWriter', () => {
  it('writes queued rows as one write on flush, in order', async () => {
    const { w, writes } = recorder();
    const rows = batchedWriter(w, { maxDelayMs: 10_000 });
    for (let i = 0; i < 5; i++) await rows.write(`row ${i}\n`);
    expect(writes).toEqual([]);
    await rows.flush();
    expect(writes).toEqual(['row 0\nrow 1\nrow 2\nrow 3\nrow 4\n']);
  });

  it('writes on its own after maxDelayMs, and at maxBytes at once', async () => {
    const { w, writes } = recorder();
    const rows = batchedWriter(w, { maxDelayMs: 20, maxBytes: 10 });
    await rows.write('abc');
    await new Promise((r) => setTimeout(r, 60));
    expect(writes).toEqual(['abc']);
    await rows.write('0123456789');
    expect(writes).toEqual(['abc', '0123456789']);
  });

  it('writes each row at once to a terminal', async () => {
    const { w, writes } = recorder();
    const rows = batchedWriter(Object.assign(w, { isTTY: true }));
    await rows.write('a\n');
    await rows.write('b\n');
    expect(writes).toEqual(['a\n', 'b\n']);
  });

  it('waits for a drain when the stream asks for one (back-pressure kept)', async () => {
    const { w, writes, release } = recorder({ highWaterMark: 4, slow: true });
    const rows = batchedWriter(w, { maxBytes: 8, maxDelayMs: 10_000 });
    const pending = rows.write('0123456789');
    expect(pending).toBeInstanceOf(Promise);
    let done = false;
    void (pending as Promise<void>).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    release();
    await pending;
    expect(writes).toEqual(['0123456789']);
  });
});
