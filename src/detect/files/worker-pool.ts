/**
 * @module detect/files/worker-pool
 * Spreads file batches over worker threads (one per core by default), each with its own
 * evidence handle and compiled rules, keeping every worker busy until the queue is empty.
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

/**
 * Runs `batches` on `count` workers; `onResults` is called as batches finish.
 * @returns the compile report of the first worker (all compile the same sources).
 */
export async function runPool(
  count: number,
  init: Omit<InitMessage, 'type'>,
  batches: FileJob[][],
  onResults: (results: ScannedFile[]) => void,
): Promise<PoolReady> {
  const workers: Worker[] = [];
  let next = 0;
  let report: PoolReady = { loaded: 0, issues: [] };
  try {
    const runs = Array.from({ length: Math.max(1, Math.min(count, batches.length || 1)) }, (_, w) => {
      const worker = spawnWorker(import.meta.url, 'scan-worker');
      workers.push(worker);
      return new Promise<void>((resolve, reject) => {
        const send = () => {
          if (next >= batches.length) return resolve();
          const id = next++;
          worker.postMessage({ type: 'batch', id, jobs: batches[id] });
        };
        worker.on('message', (m: Reply) => {
          if (m.type === 'ready') {
            if (w === 0) report = { loaded: m.loaded, issues: m.issues };
            send();
          } else if (m.type === 'failed') {
            reject(new Error(`file scan worker failed to start: ${m.message}`));
          } else {
            onResults(m.results);
            send();
          }
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (next < batches.length || code !== 0) reject(new Error(`file scan worker exited (${code})`));
        });
        worker.postMessage({ type: 'init', ...init });
      });
    });
    await Promise.all(runs);
    return report;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
