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
  const s = await scanner!;
  const results = await s.scan(msg.jobs);
  parentPort?.postMessage({ type: 'done', id: msg.id, results });
});
