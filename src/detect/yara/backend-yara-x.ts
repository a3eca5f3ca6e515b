/**
 * @module detect/yara/backend-yara-x
 * YARA-X in process through `@litko/yara-x` (napi-rs). The fastest backend, but its prebuilt
 * binaries exist only for linux-x64-gnu and macOS, so it is loaded lazily and reported as
 * unavailable elsewhere instead of failing at import time.
 */
import { createRequire } from 'node:module';
import { groupByUniqueNames } from './compile-groups.js';
import { EMPTY_VARIABLES } from './externals.js';
import type {
  BackendStatus,
  CompiledRules,
  FileToScan,
  RuleIssue,
  RuleSource,
  ScanVariables,
  YaraEngine,
  YaraHit,
} from './types.js';

interface YaraXRules {
  scan(data: Buffer, variables?: Record<string, string>): Array<{ ruleIdentifier: string }>;
  scanFile(path: string, variables?: Record<string, string>): Array<{ ruleIdentifier: string }>;
  setMaxMatchesPerPattern(n: number): void;
}
interface YaraXModule {
  compile(source: string, options?: { defineVariables?: Record<string, string> }): YaraXRules;
}

const require = createRequire(import.meta.url);

function loadModule(): YaraXModule | string {
  try {
    return require('@litko/yara-x') as YaraXModule;
  } catch (err) {
    return `@litko/yara-x cannot be loaded on ${process.platform}-${process.arch}: ${String(err).split('\n')[0]}`;
  }
}

const OPTIONS = { defineVariables: { ...EMPTY_VARIABLES } };

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n').find((l) => l.trim()) ?? 'error';
}

/** Compiles `sources`; if the whole unit fails, finds and drops the sources that fail alone. */
function compileUnit(mod: YaraXModule, sources: RuleSource[], issues: RuleIssue[]): YaraXRules | null {
  try {
    return mod.compile(sources.map((s) => s.text).join('\n'), OPTIONS);
  } catch {
    const good = sources.filter((s) => {
      try {
        mod.compile(s.text, OPTIONS);
        return true;
      } catch (err) {
        issues.push({ origin: s.origin, message: firstLine(err) });
        return false;
      }
    });
    if (good.length === 0) return null;
    try {
      return mod.compile(good.map((s) => s.text).join('\n'), OPTIONS);
    } catch (err) {
      // Each source compiles alone but not together (a clash we did not predict): keep none of
      // this unit rather than guess, and say so.
      for (const s of good)
        issues.push({ origin: s.origin, message: `does not compile with others: ${firstLine(err)}` });
      return null;
    }
  }
}

/** A compiled unit: rule sources whose rule names do not clash (see compile-groups.ts). */
interface Unit {
  rules: YaraXRules;
  owner: Map<string, string>;
}

class YaraXCompiled implements CompiledRules {
  readonly backend = 'yara-x' as const;
  constructor(
    private readonly units: Unit[],
    readonly loaded: number,
    readonly issues: readonly RuleIssue[],
  ) {}

  private collect(run: (unit: Unit) => Array<{ ruleIdentifier: string }>): YaraHit[] {
    const hits: YaraHit[] = [];
    for (const unit of this.units) {
      for (const m of run(unit)) {
        hits.push({ rule: m.ruleIdentifier, namespace: unit.owner.get(m.ruleIdentifier) ?? 'default' });
      }
    }
    return hits;
  }

  async scanBuffer(data: Uint8Array, vars?: Partial<ScanVariables>): Promise<YaraHit[]> {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const v = { ...EMPTY_VARIABLES, ...vars };
    return this.collect((u) => u.rules.scan(buf, v));
  }

  async scanFile(path: string, vars?: Partial<ScanVariables>): Promise<YaraHit[]> {
    const v = { ...EMPTY_VARIABLES, ...vars };
    return this.collect((u) => u.rules.scanFile(path, v));
  }

  async scanFiles(files: readonly FileToScan[]): Promise<Map<string, YaraHit[]>> {
    const out = new Map<string, YaraHit[]>();
    for (const f of files) {
      const hits = await this.scanFile(f.path, f.vars);
      if (hits.length > 0) out.set(f.path, hits);
    }
    return out;
  }

  async close(): Promise<void> {}
}

export function yaraXEngine(): YaraEngine {
  return {
    name: 'yara-x',
    async status(): Promise<BackendStatus> {
      const mod = loadModule();
      return typeof mod === 'string'
        ? { backend: 'yara-x', available: false, detail: mod }
        : { backend: 'yara-x', available: true, detail: '@litko/yara-x (YARA-X in process)' };
    },
    async compile(sources) {
      const mod = loadModule();
      if (typeof mod === 'string') throw new Error(mod);
      const issues: RuleIssue[] = [];
      const units: Unit[] = [];
      let loaded = 0;
      // One unit for all sources (more only where rule names clash): every unit is a full pass
      // over the data plus a per-scan cost of evaluating all its conditions (~1-2 ms per file
      // with signature-base), so the sources that read external variables are not split off;
      // passing the variables on every scan costs no measurable time (2,000 small files of the
      // bench tree with signature-base: 4.3-4.8 s in one unit with variables vs 5.1-5.4 s in
      // two units, variables only for the second).
      for (const group of groupByUniqueNames(sources)) {
        const before = issues.length;
        const rules = compileUnit(mod, group.sources, issues);
        if (!rules) continue;
        units.push({ rules, owner: group.owner });
        loaded += group.sources.length - (issues.length - before);
      }
      return new YaraXCompiled(units, loaded, issues);
    },
  };
}
