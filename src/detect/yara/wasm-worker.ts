/**
 * @module detect/yara/wasm-worker
 * Runs libyara-wasm inside a worker thread. libyara-wasm recompiles the rules on every call and
 * its wasm heap grows until it aborts (a few hundred compiles); the parent recycles this worker
 * every N calls, which frees the whole heap. Messages: `{id, data, rules}` → `{id, rules: string[],
 * errors: string[]}`.
 */
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

interface EmVector<T> {
  size(): number;
  get(i: number): T;
}
interface WasmResult {
  matchedRules: EmVector<{ ruleName: string }>;
  compileErrors: EmVector<{ message: string; lineNumber: number; warning: boolean }>;
  delete(): void;
}
interface WasmModule {
  run(data: Uint8Array | string, rules: string): WasmResult;
}

const require = createRequire(import.meta.url);
const ready = (require('libyara-wasm') as () => Promise<WasmModule>)();

parentPort?.on('message', async (msg: { id: number; data: Uint8Array; rules: string }) => {
  const mod = await ready;
  const res = mod.run(msg.data, msg.rules);
  const rules: string[] = [];
  const errors: string[] = [];
  for (let i = 0; i < res.matchedRules.size(); i++) rules.push(res.matchedRules.get(i).ruleName);
  for (let i = 0; i < res.compileErrors.size(); i++) {
    const e = res.compileErrors.get(i);
    if (!e.warning) errors.push(`line ${e.lineNumber}: ${e.message}`);
  }
  // Without delete() the module aborts after a few hundred calls even with recycling.
  res.delete();
  parentPort?.postMessage({ id: msg.id, rules, errors });
});
