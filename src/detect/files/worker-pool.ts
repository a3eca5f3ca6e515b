/**
 * @module detect/files/worker-pool
 * Spreads file batches over worker threads (one per core by default), each with its own
 * evidence handle and compiled rules, keeping every worker busy until the queue is empty.
 * The pool is started before the files are listed, so the workers compile the rules (seconds
 * with a large third-party set) while the main thread walks the evidence.
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker, type RuleIssue } from '../yara/index.js';
import type { InitMessage } from './scan-worker.js';
import type { FileJob, ScannedFile } from './types.js';

type Reply =
  | { type: 'ready'; loaded: number; issues: RuleIssue[] }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; results: ScannedFile[] };

export interface PoolReady {
  loaded: number;
  issues: RuleIssue[];
}

interface Slot {
  worker: Worker;
  /** Resolves when the worker compiled its rules; rejects if it failed or died first. */
  ready: Promise<PoolReady>;
  /** Where the worker's next reply goes once batches run. */
  onReply: (m: Reply) => void;
  onFailure: (err: Error) => void;
}

export class ScanPool {
  private constructor(private readonly slots: Slot[]) {}

  /** Spawns `count` workers and has them open the root and compile the rules right away. */
  static start(count: number, init: Omit<InitMessage, 'type'>): ScanPool {
    const slots = Array.from({ length: Math.max(1, count) }, () => {
      const worker = spawnWorker(import.meta.url, 'scan-worker');
      let settle: { resolve: (r: PoolReady) => void; reject: (e: Error) => void } | null = null;
      const ready = new Promise<PoolReady>((resolve, reject) => (settle = { resolve, reject }));
      // A start-up failure is reported when batches run, not as an unhandled rejection before.
      ready.catch(() => undefined);
      const slot: Slot = { worker, ready, onReply: () => undefined, onFailure: () => undefined };
      const fail = (err: Error) => {
        settle?.reject(err);
        slot.onFailure(err);
      };
      worker.on('message', (m: Reply) => {
        if (m.type === 'ready') settle?.resolve({ loaded: m.loaded, issues: m.issues });
        else if (m.type === 'failed') fail(new Error(`file scan worker failed to start: ${m.message}`));
        else slot.onReply(m);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`file scan worker exited (${code})`)));
      worker.postMessage({ type: 'init', ...init });
      return slot;
    });
    return new ScanPool(slots);
  }

  /**
   * Runs the batches of `queue` as they arrive (the caller may still be walking the evidence);
   * `onResults` is called as batches finish.
   * @returns the compile report of the first worker (all compile the same sources).
   */
  async run(queue: BatchQueue, onResults: (results: ScannedFile[]) => void): Promise<PoolReady> {
    let id = 0;
    const runs = this.slots.map(
      (slot) =>
        new Promise<void>((resolve, reject) => {
          let inFlight = 0;
          const send = () => {
            inFlight++;
            queue.next().then((jobs) => {
              if (!jobs) {
                if (--inFlight === 0) resolve();
                return;
              }
              slot.worker.postMessage({ type: 'batch', id: id++, jobs });
            }, reject);
          };
          slot.onFailure = (err) => reject(err);
          slot.onReply = (m) => {
            if (m.type !== 'done') return;
            inFlight--;
            // The next batch first, then our own work on these results.
            send();
            onResults(m.results);
          };
          // Two batches per worker in flight: a worker finds its next batch waiting instead of
          // idling while the main thread (busy, or not scheduled on a loaded machine) answers.
          slot.ready.then(() => {
            send();
            send();
          }, reject);
        }),
    );
    await Promise.all(runs);
    return this.slots[0]!.ready;
  }

  async close(): Promise<void> {
    for (const s of this.slots) s.onFailure = () => undefined;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** Batches handed to the pool while they are being made; `close` says no more will come. */
export class BatchQueue {
  private readonly items: FileJob[][] = [];
  private closed = false;
  private waiters: (() => void)[] = [];

  /** `first`: ahead of every batch waiting (large files, so no core idles at the end). */
  push(batch: FileJob[], first = false): void {
    if (first) this.items.unshift(batch);
    else this.items.push(batch);
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  /** The next batch, or null once the queue is closed and empty. */
  async next(): Promise<FileJob[] | null> {
    while (this.items.length === 0 && !this.closed) await new Promise<void>((r) => this.waiters.push(r));
    return this.items.shift() ?? null;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
