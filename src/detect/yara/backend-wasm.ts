/**
 * @module detect/yara/backend-wasm
 * libyara-wasm (libyara 4.x compiled to WebAssembly): the portable fallback that runs wherever
 * Node runs, including a Windows single executable. It is slow (it recompiles the rules on every
 * call) and leaks, so it runs in a worker thread that is replaced every `recycleEvery` calls and
 * after any crash; a call that crashes a fresh worker is reported, never retried forever.
 *
 * Limits: no external variables (rules that need `filename` etc. fail to compile and are listed
 * in `issues`), and no `magic` module.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { groupByUniqueNames } from './compile-groups.js';
import { EMPTY_VARIABLES } from './externals.js';
import { NoMatchFilter, wantsFilter } from './no-match-filter.js';
import { spawnWorker } from './spawn-worker.js';
import type {
  BackendStatus,
  CompiledRules,
  FileToScan,
  RuleIssue,
  RuleSource,
  YaraEngine,
  YaraHit,
} from './types.js';

export interface WasmOptions {
  /** Calls per worker before it is replaced (the heap leak bound). Default 64. */
  recycleEvery?: number;
  /** Skip scans no rule can match (no-match-filter.ts; default: units of 1,000+ rules). */
  noMatchFilter?: boolean;
}

interface Reply {
  id: number;
  rules: string[];
  errors: string[];
}

/** One worker at a time, replaced every N calls; calls are queued. */
class WasmRunner {
  private worker: Worker | null = null;
  private calls = 0;
  private seq = 0;
  private chain: Promise<unknown> = Promise.resolve();
  constructor(private readonly recycleEvery: number) {}

  private fresh(): Worker {
    if (this.worker && this.calls < this.recycleEvery) return this.worker;
    void this.worker?.terminate();
    this.calls = 0;
    this.worker = spawnWorker(import.meta.url, 'wasm-worker');
    this.worker.unref();
    return this.worker;
  }

  private once(data: Uint8Array, rules: string): Promise<Reply> {
    const worker = this.fresh();
    this.calls++;
    const id = this.seq++;
    return new Promise<Reply>((resolve, reject) => {
      const onMessage = (m: Reply) => {
        if (m.id !== id) return;
        cleanup();
        resolve(m);
      };
      const onError = (err: unknown) => {
        cleanup();
        this.worker = null;
        reject(err instanceof Error ? err : new Error(String(err)));
      };
      const onExit = () => onError(new Error('libyara-wasm worker exited'));
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, data, rules });
    });
  }

  /** Runs one call; after a crash, retries once on a new worker. */
  run(data: Uint8Array, rules: string): Promise<Reply> {
    const next = this.chain.then(() =>
      this.once(data, rules).catch(() => {
        void this.worker?.terminate();
        this.worker = null;
        return this.once(data, rules);
      }),
    );
    this.chain = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.chain;
    await this.worker?.terminate();
    this.worker = null;
  }
}

class WasmCompiled implements CompiledRules {
  readonly backend = 'wasm' as const;
  constructor(
    private readonly runner: WasmRunner,
    private readonly units: { text: string; owner: Map<string, string>; filter: NoMatchFilter | null }[],
    readonly loaded: number,
    readonly issues: readonly RuleIssue[],
  ) {}

  /** libyara-wasm gets no external variables: the filter reads them empty. */
  ruledOut(data: Uint8Array): boolean {
    return this.units.every((u) => u.filter !== null && !u.filter.mayMatch(data, EMPTY_VARIABLES));
  }

  async scanBuffer(data: Uint8Array): Promise<YaraHit[]> {
    const hits: YaraHit[] = [];
    for (const unit of this.units) {
      if (unit.filter && !unit.filter.mayMatch(data, EMPTY_VARIABLES)) continue;
      const reply = await this.runner.run(data, unit.text);
      for (const rule of reply.rules) hits.push({ rule, namespace: unit.owner.get(rule) ?? 'default' });
    }
    return hits;
  }

  async scanFile(path: string): Promise<YaraHit[]> {
    return this.scanBuffer(await readFile(path));
  }

  async scanFiles(files: readonly FileToScan[]): Promise<Map<string, YaraHit[]>> {
    const out = new Map<string, YaraHit[]>();
    for (const f of files) {
      const hits = await this.scanFile(f.path);
      if (hits.length > 0) out.set(f.path, hits);
    }
    return out;
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}

export function wasmEngine(options: WasmOptions = {}): YaraEngine {
  const recycleEvery = options.recycleEvery ?? 64;
  return {
    name: 'wasm',
    async status(): Promise<BackendStatus> {
      try {
        createRequire(import.meta.url).resolve('libyara-wasm');
        return { backend: 'wasm', available: true, detail: 'libyara-wasm in a recycled worker thread' };
      } catch {
        return { backend: 'wasm', available: false, detail: 'libyara-wasm is not installed' };
      }
    },
    async compile(sources: readonly RuleSource[]) {
      const runner = new WasmRunner(recycleEvery);
      const issues: RuleIssue[] = [];
      const empty = new Uint8Array(0);
      const good: RuleSource[] = [];
      // The only way to learn whether a source compiles is to run it once.
      for (const s of sources) {
        const reply = await runner.run(empty, s.text).catch((err: Error) => ({ errors: [err.message] }));
        if (reply.errors.length > 0) issues.push({ origin: s.origin, message: reply.errors[0]! });
        else good.push(s);
      }
      const units = groupByUniqueNames(good).map((g) => ({
        text: g.sources.map((s) => s.text).join('\n'),
        owner: g.owner,
        filter: wantsFilter(g.sources, options.noMatchFilter) ? NoMatchFilter.of(g.sources) : null,
      }));
      return new WasmCompiled(runner, units, good.length, issues);
    },
  };
}
