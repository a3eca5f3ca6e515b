/**
 * @module parsers/evtx/read-evtx-files
 * Many `.evtx` files on a small pool of worker threads (one per core by default). Each file's
 * results arrive in order, in batches; files interleave. Each file ends with one `done` item
 * carrying its summary and failure, so nothing is lost silently. A worker sends its next batch
 * only a few batches ahead of the consumer, which bounds memory.
 *
 * Measured (bench:evtx, on 2 cores shared with other work): the pool did NOT beat one thread.
 * Each worker starts with a cold JIT and records cross threads; `select` and `lines` keep what
 * crosses small. Use it where cores are idle and file sets are large; measure before relying
 * on it.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LineFormat } from './record-line.js';
import type { EvtxReadOptions, EvtxRecordError, EvtxResult, EvtxSummary } from './types.js';
import type { PoolRequest, PoolResponse } from './worker-messages.js';

export type EvtxFilesItem =
  | { type: 'results'; path: string; results: EvtxResult[] }
  /** With the `lines` option: rendered output lines (each ends with a newline) and the errors. */
  | { type: 'lines'; path: string; text: string; records: number; errors: EvtxRecordError[] }
  | { type: 'done'; path: string; summary: EvtxSummary | null; failure: string | null };

export interface EvtxFilesOptions extends EvtxReadOptions {
  /** Worker threads; default: available cores, at most the number of files. */
  workers?: number;
  /**
   * Have the workers render each record as a line (`recordLine`) and send text instead of
   * objects: for dumps, where the main thread would only print them. `xml` needs `xml: 'line'`.
   */
  lines?: LineFormat;
  /** In `lines` mode with `jsonl`, put the file's path in every line. */
  tagPath?: boolean;
}

function spawn(): Worker {
  const built = new URL('./evtx-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return new Worker(built);
  // Running from source (tests, tsx): the worker is TypeScript, so register tsx inside it first.
  const source = new URL('./evtx-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true });
}

/**
 * Read `paths` in parallel.
 *
 * @example
 * for await (const item of readEvtxFiles(paths)) {
 *   if (item.type === 'results') for (const r of item.results) handle(r);
 *   else console.log(item.path, item.summary?.records, item.failure);
 * }
 */
export async function* readEvtxFiles(
  paths: string[],
  options: EvtxFilesOptions = {},
): AsyncGenerator<EvtxFilesItem> {
  if (paths.length === 0) return;
  const { workers: wanted, lines, tagPath, ...readOptions } = options;
  const count = Math.max(1, Math.min(wanted ?? availableParallelism(), paths.length));
  const queue: { item: EvtxFilesItem; from: Worker }[] = [];
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  let next = 0;
  let reported = 0;
  let alive = 0;
  const pool: Worker[] = [];
  const give = (w: Worker): number => {
    if (next >= paths.length) return -1;
    const id = next++;
    w.postMessage({
      type: 'file',
      id,
      path: paths[id]!,
      options: readOptions,
      lines,
      tagPath,
    } satisfies PoolRequest);
    return id;
  };
  for (let i = 0; i < count; i++) {
    const w = spawn();
    alive++;
    // Two files queued per worker, so it never waits for this thread between files.
    const assigned = new Set<number>();
    for (let k = 0; k < 2; k++) {
      const id = give(w);
      if (id >= 0) assigned.add(id);
    }
    w.on('message', (msg: PoolResponse) => {
      if (msg.type === 'results') {
        const results = JSON.parse(msg.json) as EvtxResult[];
        queue.push({ item: { type: 'results', path: paths[msg.id]!, results }, from: w });
      } else if (msg.type === 'lines') {
        const { id, ...rest } = msg;
        queue.push({ item: { ...rest, path: paths[id]! }, from: w });
      } else {
        queue.push({
          item: { type: 'done', path: paths[msg.id]!, summary: msg.summary, failure: msg.failure },
          from: w,
        });
        assigned.delete(msg.id);
        const id = give(w);
        if (id >= 0) assigned.add(id);
      }
      notify();
    });
    w.on('error', (err) => {
      // The worker died (a bug, or out of memory): its file is reported as failed, the rest go on.
      const failure = `worker failed: ${err.message.split('\n')[0]}`;
      for (const id of assigned)
        queue.push({ item: { type: 'done', path: paths[id]!, summary: null, failure }, from: w });
      assigned.clear();
      notify();
    });
    w.on('exit', () => {
      alive--;
      notify();
    });
    pool.push(w);
  }
  try {
    while (reported < paths.length) {
      const entry = queue.shift();
      if (!entry) {
        if (alive === 0) {
          // Every worker is gone: whatever was never handed out is reported, not dropped.
          while (next < paths.length) {
            const path = paths[next++]!;
            reported++;
            yield { type: 'done', path, summary: null, failure: 'no worker left to read it' };
          }
          break;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (entry.item.type === 'done') reported++;
      yield entry.item;
      if (entry.item.type !== 'done') entry.from.postMessage({ type: 'more' } satisfies PoolRequest);
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
