/**
 * @module parsers/evtx/evtx-worker
 * Worker-thread side of the file pool: reads the files it is sent and posts results back in
 * batches, at most a few ahead of the consumer (each consumed batch returns a "more" credit),
 * so a slow consumer bounds memory.
 */
import { parentPort } from 'node:worker_threads';
import { readEvtxFile } from './read-evtx-file.js';
import { recordLine } from './record-line.js';
import type { EvtxRecordError, EvtxResult } from './types.js';
import type { PoolRequest, PoolResponse } from './worker-messages.js';

const BATCH = 1024;
/** Batches a worker may have sent but not yet seen consumed: enough to keep both sides busy. */
const WINDOW = 4;
const port = parentPort;
let inFlight = 0;
let credit: (() => void) | null = null;

/** Count a sent batch; wait while the consumer is `WINDOW` batches behind. */
async function sent(): Promise<void> {
  inFlight++;
  while (inFlight >= WINDOW) await new Promise<void>((resolve) => (credit = resolve));
}

/**
 * Results cross threads as one JSON string per batch: for thousands of small objects that is
 * several times cheaper than the structured clone of the objects themselves.
 */
function post(id: number, results: EvtxResult[]): void {
  port!.postMessage({ type: 'results', id, json: JSON.stringify(results) } satisfies PoolResponse);
}

/** Lines mode: the worker renders the output lines itself, so the main thread only writes. */
function postLines(job: Extract<PoolRequest, { type: 'file' }>, batch: EvtxResult[]): void {
  const lines: string[] = [];
  const errors: EvtxRecordError[] = [];
  for (const r of batch) {
    if (r.ok) lines.push(recordLine(r.record, job.lines!, job.tagPath ? job.path : null), '\n');
    else {
      const { ok: _ok, ...e } = r;
      errors.push(e);
    }
  }
  const msg: PoolResponse = {
    type: 'lines',
    id: job.id,
    text: lines.join(''),
    records: lines.length / 2,
    errors,
  };
  port!.postMessage(msg);
}

async function readOne(job: Extract<PoolRequest, { type: 'file' }>): Promise<void> {
  const file = readEvtxFile(job.path, job.options);
  let batch: EvtxResult[] = [];
  const flush = async () => {
    if (job.lines) postLines(job, batch);
    else post(job.id, batch);
    batch = [];
    await sent();
  };
  for await (const r of file) {
    batch.push(r);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  port!.postMessage({
    type: 'done',
    id: job.id,
    summary: file.summary,
    failure: file.failure,
  } satisfies PoolResponse);
}

/** Files queued on this worker, read one after another. */
const jobs: Extract<PoolRequest, { type: 'file' }>[] = [];
let running = false;

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  for (let job = jobs.shift(); job; job = jobs.shift()) {
    try {
      await readOne(job);
    } catch (err) {
      // A bug, not bad data: report it as the file's failure so the run goes on.
      port!.postMessage({
        type: 'done',
        id: job.id,
        summary: null,
        failure: `internal error: ${String(err)}`,
      } satisfies PoolResponse);
    }
  }
  running = false;
}

port?.on('message', (msg: PoolRequest) => {
  if (msg.type === 'more') {
    inFlight--;
    const c = credit;
    credit = null;
    c?.();
  } else {
    jobs.push(msg);
    void drain();
  }
});
