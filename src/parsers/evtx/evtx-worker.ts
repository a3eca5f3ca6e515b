/**
 * @module parsers/evtx/evtx-worker
 * Worker-thread side of the file pool: reads the files it is sent and posts results back in
 * batches, waiting for a "more" credit after each so a slow consumer bounds memory.
 */
import { parentPort } from 'node:worker_threads';
import { readEvtxFile } from './read-evtx-file.js';
import type { PoolRequest, PoolResponse } from './worker-messages.js';

const BATCH = 512;
const port = parentPort;
let credit: (() => void) | null = null;

function waitForCredit(): Promise<void> {
  return new Promise((resolve) => (credit = resolve));
}

async function readOne(job: Extract<PoolRequest, { type: 'file' }>): Promise<void> {
  const file = readEvtxFile(job.path, job.options);
  let batch = [];
  for await (const r of file) {
    batch.push(r);
    if (batch.length >= BATCH) {
      port!.postMessage({ type: 'results', id: job.id, results: batch } satisfies PoolResponse);
      batch = [];
      await waitForCredit();
    }
  }
  if (batch.length > 0) {
    port!.postMessage({ type: 'results', id: job.id, results: batch } satisfies PoolResponse);
    await waitForCredit();
  }
  port!.postMessage({
    type: 'done',
    id: job.id,
    summary: file.summary,
    failure: file.failure,
  } satisfies PoolResponse);
}

port?.on('message', (msg: PoolRequest) => {
  if (msg.type === 'more') {
    const c = credit;
    credit = null;
    c?.();
  } else {
    readOne(msg).catch((err: unknown) => {
      // A bug, not bad data: report it as the file's failure so the run goes on.
      port!.postMessage({
        type: 'done',
        id: msg.id,
        summary: null,
        failure: `internal error: ${String(err)}`,
      } satisfies PoolResponse);
    });
  }
});
