/**
 * @module detect/yara/spawn-worker
 * Starts a worker thread from a sibling module, whether we run from compiled `.js` (dist) or from
 * `.ts` sources (tests, `tsx`): a `.ts` worker is started with the tsx loader.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * @param base `import.meta.url` of the caller.
 * @param name the worker module's file name without extension, next to the caller.
 */
export function spawnWorker(base: string, name: string, options: WorkerOptions = {}): Worker {
  const ts = base.endsWith('.ts');
  const url = new URL(`./${name}${ts ? '.ts' : '.js'}`, base);
  if (!existsSync(fileURLToPath(url))) throw new Error(`worker module missing: ${fileURLToPath(url)}`);
  if (!ts) return new Worker(url, options);
  // `--import tsx` in a worker's execArgv is not honoured by Node 20: register tsx from inside.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
