/**
 * @module probe/schedule/run-workers
 * Probing on several worker threads (DESIGN.md "worker threads across cores"): the main thread
 * pulls targets lazily and keeps each worker at `concurrency / workers` targets in flight, so
 * memory stays O(concurrency) however many targets there are; results are yielded as they
 * arrive. A worker that dies turns its in-flight targets into error results, never a lost row.
 */
import { Worker } from 'node:worker_threads';
import { emptyResult } from '../probe-target.js';
import type { ProbeOptions } from '../options.js';
import type { ProbeResult, Target } from '../types.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-messages.js';

// Under tsx (development, tests) this file is .ts and a worker does not inherit tsx's loader
// hooks, so it registers them first; shipped, it is plain .js next to probe-worker.js.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./probe-worker${FROM_SOURCE ? '.ts' : '.js'}`, import.meta.url);

function startWorker(workerData: WorkerInit): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(WORKER_URL.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

export async function* runProbeInWorkers(
  targets: AsyncIterable<Target> | Iterable<Target>,
  opts: ProbeOptions,
  workers: number,
): AsyncGenerator<ProbeResult> {
  const { assess: _a, exclude, limiter: _l, ...plain } = opts;
  const init: WorkerInit = {
    options: { ...plain, ratePerSecond: plain.ratePerSecond > 0 ? plain.ratePerSecond / workers : 0 },
    exclude: exclude ? exclude.serialize() : null,
  };
  const capacity = Math.max(1, Math.ceil(opts.concurrency / workers));
  const it = (
    Symbol.asyncIterator in targets
      ? targets[Symbol.asyncIterator]()
      : (targets as Iterable<Target>)[Symbol.iterator]()
  ) as AsyncIterator<Target> | Iterator<Target>;
  const ready: ProbeResult[] = [];
  let wake: (() => void) | null = null;
  const signal = (): void => {
    wake?.();
    wake = null;
  };
  let seq = 0;
  let exhausted = false;
  let pulling = false;
  const pool = Array.from({ length: workers }, () => ({
    worker: startWorker(init),
    inFlight: new Map<number, Target>(),
    dead: false,
  }));
  const fill = async (): Promise<void> => {
    if (pulling) return;
    pulling = true;
    try {
      for (const w of pool) {
        while (!exhausted && !w.dead && w.inFlight.size < capacity) {
          const n = await it.next();
          if (n.done) {
            exhausted = true;
            break;
          }
          const s = seq++;
          w.inFlight.set(s, n.value);
          w.worker.postMessage({ seq: s, target: n.value } satisfies WorkerRequest);
        }
      }
    } finally {
      pulling = false;
    }
  };
  for (const w of pool) {
    w.worker.on('message', (m: WorkerReply) => {
      w.inFlight.delete(m.seq);
      ready.push(m.result);
      signal();
    });
    const die = (why: string): void => {
      if (w.dead) return;
      w.dead = true;
      for (const t of w.inFlight.values()) {
        const r = emptyResult(t);
        r.error = { code: 'other', message: `probe worker stopped: ${why}` };
        ready.push(r);
      }
      w.inFlight.clear();
      signal();
    };
    w.worker.on('error', (e) => die(String(e.message).split('\n')[0] ?? 'error'));
    w.worker.on('exit', (code) => die(`exit ${code}`));
  }
  try {
    await fill();
    while (true) {
      while (ready.length > 0) yield ready.shift() as ProbeResult;
      await fill();
      const busy = pool.some((w) => w.inFlight.size > 0);
      if (!busy && (exhausted || pool.every((w) => w.dead))) break;
      if (ready.length === 0) await new Promise<void>((r) => (wake = r));
    }
    // Targets left when every worker died still get a row each.
    if (!exhausted) {
      for (let n = await it.next(); !n.done; n = await it.next()) {
        const r = emptyResult(n.value);
        r.error = { code: 'other', message: 'no probe worker left' };
        yield r;
      }
    }
  } finally {
    await Promise.all(pool.map((w) => w.worker.terminate()));
  }
}
