/**
 * @module probe/schedule/run-workers
 * Probing on several threads (DESIGN.md "worker threads across cores"): this thread and worker
 * threads. This thread pulls targets lazily and keeps each thread, itself included, at
 * `concurrency / threads` targets in flight, so memory stays O(concurrency) however many targets
 * there are; results are yielded as they arrive. A worker that dies turns its in-flight targets
 * into error results, never a lost row; this thread goes on with the rest.
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

// A worker's live data after a collection stays under 10 MB however many targets pass through it
// (measured over 100,000 targets); what its RSS shows is V8's heap capacity, mostly the young
// generation, which V8 sizes up to 48 MB per thread when allocation is fast. 16 MB keeps each
// worker's footprint down without costing measurable CPU, so peak RSS is set by the number of
// threads and the concurrency, not by how long the run is.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

function startWorker(workerData: WorkerInit): Worker {
  const resourceLimits = WORKER_LIMITS;
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData, resourceLimits });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(WORKER_URL.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    workerData,
    resourceLimits,
  });
}

/** One source of probing: a worker thread, or this thread (`local`). */
interface Lane {
  inFlight: Map<number, Target>;
  dead: boolean;
  send(seq: number, target: Target): void;
  stop(): Promise<unknown>;
}

/**
 * Probes on `threads` threads: this one and `threads - 1` worker threads. This thread probes its
 * share with `local` (results stay here; nothing is cloned) besides pulling targets and writing
 * results, which cost it little; a separate idle coordinator would add a V8 heap and a module
 * load for nothing.
 */
export async function* runProbeInWorkers(
  targets: AsyncIterable<Target> | Iterable<Target>,
  opts: ProbeOptions,
  threads: number,
  local: (t: Target) => Promise<ProbeResult>,
): AsyncGenerator<ProbeResult> {
  const { assess: _a, exclude, limiter: _l, ...plain } = opts;
  const init: WorkerInit = {
    options: { ...plain, ratePerSecond: plain.ratePerSecond > 0 ? plain.ratePerSecond / threads : 0 },
    exclude: exclude ? exclude.serialize() : null,
  };
  const capacity = Math.max(1, Math.ceil(opts.concurrency / threads));
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
  const here: Lane = {
    inFlight: new Map(),
    dead: false,
    send(s, target) {
      void local(target).then((r) => {
        here.inFlight.delete(s);
        ready.push(r);
        signal();
      });
    },
    stop: async () => undefined,
  };
  const pool: Lane[] = [here];
  for (let n = 1; n < threads; n++) {
    const worker = startWorker(init);
    const lane: Lane = {
      inFlight: new Map(),
      dead: false,
      send: (s, target) => worker.postMessage({ seq: s, target } satisfies WorkerRequest),
      stop: () => worker.terminate(),
    };
    worker.on('message', (m: WorkerReply) => {
      lane.inFlight.delete(m.seq);
      ready.push(m.result);
      signal();
    });
    const die = (why: string): void => {
      if (lane.dead) return;
      lane.dead = true;
      for (const t of lane.inFlight.values()) {
        const r = emptyResult(t);
        r.error = { code: 'other', message: `probe worker stopped: ${why}` };
        ready.push(r);
      }
      lane.inFlight.clear();
      signal();
    };
    worker.on('error', (e) => die(String(e.message).split('\n')[0] ?? 'error'));
    worker.on('exit', (code) => die(`exit ${code}`));
    pool.push(lane);
  }
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
          w.send(s, n.value);
        }
      }
    } finally {
      pulling = false;
    }
  };
  try {
    await fill();
    while (true) {
      while (ready.length > 0) yield ready.shift() as ProbeResult;
      await fill();
      const busy = pool.some((w) => w.inFlight.size > 0);
      if (!busy && (exhausted || pool.every((w) => w.dead))) break;
      if (ready.length === 0) await new Promise<void>((r) => (wake = r));
    }
  } finally {
    await Promise.all(pool.map((w) => w.stop()));
  }
}
