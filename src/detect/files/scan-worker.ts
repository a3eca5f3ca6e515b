/**
 * @module detect/files/scan-worker
 * Worker thread of the file hunt: opens the evidence root itself (entries are addressed by
 * relative path), compiles the rules once, then answers batches. Messages:
 * `{type:'init', …}` → `{type:'ready', loaded, issues}`; `{type:'batch', id, jobs}` →
 * `{type:'done', id, results}`.
 */
import { parentPort } from 'node:worker_threads';
import { openEvidence } from '../../evidence/index.js';
import { engineByName, type BackendName, type CliOptions, type RuleSource } from '../yara/index.js';
import { BatchScanner } from './batch-scanner.js';
import type { ReadLimits } from './read-and-scan.js';
import type { FileJob } from './types.js';

export interface InitMessage {
  type: 'init';
  location: string;
  limits: ReadLimits;
  backend: BackendName | null;
  cli?: CliOptions;
  sources: RuleSource[];
}

let scanner: Promise<BatchScanner> | null = null;
let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', async (msg: InitMessage | { type: 'batch'; id: number; jobs: FileJob[] }) => {
  if (msg.type === 'init') {
    scanner = (async () => {
      const root = await openEvidence(msg.location);
      const engine = msg.backend ? engineByName(msg.backend, { cli: { ...msg.cli, threads: 1 } }) : null;
      const rules = engine && msg.sources.length > 0 ? await engine.compile(msg.sources) : null;
      parentPort?.postMessage({ type: 'ready', loaded: rules?.loaded ?? 0, issues: rules?.issues ?? [] });
      return new BatchScanner(root, msg.limits, rules);
    })();
    scanner.catch((err: unknown) => parentPort?.postMessage({ type: 'failed', message: String(err) }));
    return;
  }
  // The pool keeps two batches in flight per worker; they run one after the other (a scanner
  // reuses its buffers from file to file).
  const { id, jobs } = msg;
  queue = queue.then(async () => {
    const results = await (await scanner!).scan(jobs);
    parentPort?.postMessage({ type: 'done', id, results });
  });
  // Failures are values inside scan(); anything else ends the worker, which the pool reports.
  queue.catch((err: unknown) =>
    setImmediate(() => {
      throw err;
    }),
  );
});
