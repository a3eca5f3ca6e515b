/**
 * @module hunt/worker-pool
 * Runs hunt tasks on worker threads (one per core by default), largest file first, one task per
 * worker at a time. A worker that dies costs only its current file (counted as an issue); the
 * others carry on, and if none are left the rest runs in this thread.
 *
 * While the workers start (importing the modules and compiling the rules takes a few hundred ms,
 * about what rg needs for a whole GB), this thread scans files itself, one at a time, until every
 * worker has said it is ready. Its results and aggregate state go through the same callbacks.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { AggregatePartial, RuleSet } from '../detect/index.js';
import type { EvidenceRoot } from '../evidence/index.js';
import { failedTask, runTaskSafely, type HuntTask, type TaskResult } from './scan-task.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';

export interface PoolRun {
  onResult: (r: TaskResult) => void;
  onAggregate: (a: AggregatePartial) => void;
  /** Every worker died with `remaining` files left; they are scanned in this thread. */
  onWorkersLost?: (remaining: number) => void;
}

/**
 * Start a worker on hunt-worker next to this file. From the build it is plain `.js`; from source
 * (tests, `tsx`) the worker first registers tsx's loader, which `--import` in a worker's execArgv
 * does not do on Node 20.
 */
function startWorker(init: WorkerInit): Worker {
  if (!fileURLToPath(import.meta.url).endsWith('.ts')) {
    return new Worker(new URL('./hunt-worker.js', import.meta.url), { workerData: init });
  }
  const target = JSON.stringify(new URL('./hunt-worker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${target}); })`;
  return new Worker(boot, { eval: true, workerData: init });
}

export async function runOnWorkers(
  tasks: readonly HuntTask[],
  threads: number,
  init: WorkerInit,
  fallback: { root: EvidenceRoot; set: RuleSet },
  run: PoolRun,
): Promise<void> {
  const queue = [...tasks];
  const alive = new Set<Worker>();
  let starting = Math.min(threads, queue.length);
  const workersDone = new Promise<void>((resolve) => {
    let pending = Math.min(threads, queue.length);
    if (pending === 0) return resolve();
    const done = (): void => {
      if (--pending === 0) resolve();
    };
    for (let i = 0; i < Math.min(threads, queue.length); i++) {
      const w = startWorker(init);
      alive.add(w);
      let current: HuntTask | null = null;
      let finished = false;
      let ready = false;
      const next = (): void => {
        current = queue.shift() ?? null;
        w.postMessage((current ? { type: 'task', task: current } : { type: 'finish' }) satisfies ToWorker);
      };
      const end = (): void => {
        if (finished) return;
        finished = true;
        if (!ready) starting--;
        alive.delete(w);
        done();
      };
      w.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          ready = true;
          starting--;
          next();
        } else if (m.type === 'result') {
          current = null;
          run.onResult(m.result);
          next();
        } else if (m.type === 'aggregate') {
          run.onAggregate(m.aggregate);
          end();
        } else if (m.type === 'fatal') {
          void w.terminate();
        }
      });
      const lost = (why: string): void => {
        if (current)
          run.onResult(failedTask(current, 'internal-error', `worker thread failed on this file: ${why}`));
        current = null;
        end();
      };
      w.on('error', (err) => lost(err.message.split('\n')[0] ?? 'error'));
      w.on('exit', (code) => lost(`exit ${code}`));
    }
  });
  // Scan here while workers start. Each task yields to the event loop first, so a worker's
  // 'ready' is seen between files; the largest files go first, so this is a few files at most.
  let scannedHere = false;
  while (starting > 0 && queue.length > 0) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (starting === 0) break;
    const task = queue.shift();
    if (!task) break;
    scannedHere = true;
    run.onResult(await runTaskSafely(fallback.root, fallback.set, task, init.filter));
  }
  await workersDone;
  // Files no worker took (every worker died): scan them here so nothing is silently skipped.
  for (const task of queue.splice(0)) {
    scannedHere = true;
    run.onResult(await runTaskSafely(fallback.root, fallback.set, task, init.filter));
  }
  // What this thread scanned counts for the rare-page rules like any worker's share.
  if (scannedHere) run.onAggregate(fallback.set.aggregate);
}
