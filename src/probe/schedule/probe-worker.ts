/**
 * @module probe/schedule/probe-worker
 * Worker-thread side of `runProbeInWorkers`: receives plain options once and then targets, probes
 * each (many at once, up to the capacity the main thread keeps it at), posts results back. The
 * build assessor is knowledge's default (functions cannot cross threads); the global rate limit
 * arrives already divided by the number of workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { probeTarget, emptyResult } from '../probe-target.js';
import { probeOptions } from '../run-probe.js';
import { ExcludeList } from '../targets/exclude-list.js';
import type { WorkerInit, WorkerRequest, WorkerReply } from './worker-messages.js';

const init = workerData as WorkerInit;
const opts = probeOptions({
  ...init.options,
  exclude: init.exclude ? ExcludeList.deserialize(init.exclude) : null,
});

parentPort?.on('message', (m: WorkerRequest) => {
  probeTarget(m.target, opts)
    .catch((e: unknown) => {
      const r = emptyResult(m.target);
      r.error = {
        code: 'other',
        message: `internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}`,
      };
      return r;
    })
    .then((result) => parentPort?.postMessage({ seq: m.seq, result } satisfies WorkerReply));
});
