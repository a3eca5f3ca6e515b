/**
 * @module hunt/worker-pool
 * Runs hunt tasks on this thread and worker threads (one scanning thread per core by default),
 * largest file first. A worker that dies costs only the files it had queued (counted as issues);
 * the others carry on, and what is left runs in this thread.
 *
 * This thread is one of the scanning threads: worker start-up (modules, rules) costs about 0.1 s,
 * a tenth of what rg needs for a whole GB, and this thread has nothing else to do. It starts on
 * the largest file at once; its results and aggregate state go through the same callbacks.
 * Workers are started first of all (`startWorkers`, before the rules are loaded and the logs
 * located) and get the rules by message, so their start-up overlaps this thread's.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { AggregatePartial, LogRule, RuleSet } from '../detect/index.js';
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

/** Tasks sent ahead to a worker, so it never waits for this thread (busy scanning) to answer. */
const IN_FLIGHT = 2;

/** Workers started ahead of the work; `runOnWorkers` uses them, `stop` ends unused ones. */
export interface StartedWorkers {
  readonly workers: Worker[];
  /** Workers that exited before runOnWorkers took them (their 'exit' event has passed). */
  readonly exited: Set<Worker>;
  /** Ends the workers (when the hunt turns out too small to share, or failed before the scan). */
  stop(): Promise<void>;
}

/** Starts `count` hunt workers now; they load their code and open the root while rules load here. */
export function startWorkers(count: number, init: WorkerInit): StartedWorkers {
  const workers = Array.from({ length: Math.max(0, count) }, () => startWorker(init));
  const exited = new Set<Worker>();
  for (const w of workers) {
    // Until runOnWorkers listens, a worker that fails to start must not be an unhandled 'error',
    // and its exit must be remembered (the event will not come again).
    w.on('error', () => {});
    w.once('exit', () => exited.add(w));
  }
  return {
    workers,
    exited,
    stop: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Scan `tasks` with this thread and the started workers. This thread takes the next file
 * whenever it is free (from the start, while the workers are still loading); each worker has up
 * to two files queued from the start, so it does not idle while this thread is inside a file
 * (this thread reads its messages every few MB), and one near the end. Workers beyond
 * the number of files are stopped unused.
 */
export async function runOnWorkers(
  tasks: readonly HuntTask[],
  started: StartedWorkers,
  rules: LogRule[],
  fallback: { root: EvidenceRoot; set: RuleSet; filter: WorkerInit['filter'] },
  run: PoolRun,
): Promise<void> {
  const queue = [...tasks];
  // Derived once, here: each worker gets them with the rules instead of deriving them again.
  const needs = fallback.set.lineNeeds();
  const workers = Math.max(0, Math.min(started.workers.length, queue.length - 1));
  for (const w of started.workers.slice(workers)) void w.terminate();
  const workersDone = new Promise<void>((resolve) => {
    let pending = workers;
    if (pending === 0) return resolve();
    const done = (): void => {
      if (--pending === 0) resolve();
    };
    for (let i = 0; i < workers; i++) {
      const w = started.workers[i]!;
      w.postMessage({ type: 'rules', rules, needs } satisfies ToWorker);
      const current: HuntTask[] = [];
      let finished = false;
      let finishSent = false;
      const feed = (): void => {
        // Near the end one file at a time: a file queued there, not started, would leave this
        // thread idle at the end while the worker still has it to do.
        const ahead = queue.length > IN_FLIGHT * (workers + 1) ? IN_FLIGHT : 1;
        while (current.length < ahead && queue.length > 0) {
          const task = queue.shift()!;
          current.push(task);
          w.postMessage({ type: 'task', task } satisfies ToWorker);
        }
        if (current.length === 0 && !finishSent) {
          finishSent = true;
          w.postMessage({ type: 'finish' } satisfies ToWorker);
        }
      };
      const end = (): void => {
        if (finished) return;
        finished = true;
        done();
      };
      w.on('message', (m: FromWorker) => {
        if (m.type === 'ready') feed();
        else if (m.type === 'result') {
          // Results come back in the order the tasks were sent.
          current.shift();
          run.onResult(m.result);
          feed();
        } else if (m.type === 'aggregate') {
          run.onAggregate(m.aggregate);
          end();
        } else if (m.type === 'fatal') {
          void w.terminate();
        }
      });
      const lost = (why: string): void => {
        for (const task of current.splice(0))
          run.onResult(failedTask(task, 'internal-error', `worker thread failed on this file: ${why}`));
        end();
      };
      w.on('error', (err) => lost(err.message.split('\n')[0] ?? 'error'));
      w.on('exit', (code) => lost(`exit ${code}`));
      if (started.exited.has(w)) lost('exited before the scan began');
      // Its first files now, behind the rules (a worker handles messages in order): waiting for
      // its 'ready' left it idle until this thread, inside its first file, read the message
      // (~75 ms of a 1 GB hunt's ~1 s).
      else feed();
    }
  });
  // This thread scans too. It yields to the event loop before each file, so workers' messages
  // (ready, results) are answered between files; a worker dying leaves its queue to this loop.
  let scannedHere = false;
  for (;;) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const task = queue.shift();
    if (!task) break;
    scannedHere = true;
    run.onResult(await runTaskSafely(fallback.root, fallback.set, task, fallback.filter));
  }
  await workersDone;
  // Files no worker took (a worker died with files queued after this loop ended).
  for (const task of queue.splice(0)) {
    scannedHere = true;
    run.onResult(await runTaskSafely(fallback.root, fallback.set, task, fallback.filter));
  }
  // What this thread scanned counts for the rare-page rules like any worker's share.
  if (scannedHere) run.onAggregate(fallback.set.aggregate);
}
