/**
 * @module detect/yara/backend-yara-x
 * YARA-X in process through `@litko/yara-x` (napi-rs). The fastest backend, but its prebuilt
 * binaries exist only for linux-x64-gnu and macOS, so it is loaded lazily and reported as
 * unavailable elsewhere instead of failing at import time.
 *
 * Each file is scanned with only the rules that can still match it (unit-selector.ts): YARA-X
 * searches the patterns of every rule in a unit as soon as one rule's condition may need them, so
 * a 4 MB file scanned with all of exhunt's rules pays for the patterns of rules limited to 20 KB.
 *
 * With a large set, a buffer no rule can match is not scanned at all (no-match-filter.ts): a
 * YARA-X scan costs ~0.9 ms however small the file with signature-base's 5,883 rules.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { groupByUniqueNames } from './compile-groups.js';
import { ruleNames } from './rule-meta.js';
import { EMPTY_VARIABLES } from './externals.js';
import { NoMatchFilter, wantsFilter } from './no-match-filter.js';
import { PartitionPlan } from './partition-plan.js';
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
import { policyFor, selectorFor, type SelectorPolicy, type UnitSelector } from './unit-selector.js';

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

/**
 * Compiles `sources`; if the whole unit fails, finds and drops the sources that fail alone.
 * Returns the compiled rules with the sources they came from.
 */
function compileUnit(
  mod: YaraXModule,
  sources: RuleSource[],
  issues: RuleIssue[],
): { rules: YaraXRules; sources: RuleSource[] } | null {
  try {
    return { rules: mod.compile(sources.map((s) => s.text).join('\n'), OPTIONS), sources };
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
      return { rules: mod.compile(good.map((s) => s.text).join('\n'), OPTIONS), sources: good };
    } catch (err) {
      // Each source compiles alone but not together (a clash we did not predict): keep none of
      // this unit rather than guess, and say so.
      for (const s of good)
        issues.push({ origin: s.origin, message: `does not compile with others: ${firstLine(err)}` });
      return null;
    }
  }
}

/** A smaller unit of sources that compiled together; null if YARA-X refuses it after all. */
function compileOrNull(mod: YaraXModule, text: string): YaraXRules | null {
  try {
    return mod.compile(text, OPTIONS);
  } catch {
    return null;
  }
}

/** A compiled unit: rule sources whose rule names do not clash (see compile-groups.ts). */
interface Unit {
  rules: YaraXRules;
  owner: Map<string, string>;
  /** Smaller units of the same sources for files that can skip rules; null: always `rules`. */
  selector: UnitSelector<YaraXRules> | null;
  /** Decides that no rule of the unit can match a buffer; null: always scan. */
  filter: NoMatchFilter | null;
}

type Matches = Array<{ ruleIdentifier: string }>;

/** Size and first bytes of a file, for choosing its unit; null if it cannot be read. */
function headOf(path: string): { size: number; head: Buffer } | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    return { size: fstatSync(fd).size, head: head.subarray(0, n) };
  } catch {
    // YARA-X's own read of the path reports the error.
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export interface YaraXOptions {
  /**
   * Scan each file with only the rules that can match it (default true). Off, every file is
   * scanned with the unit of all rules: the reference the partitioned scans are tested against.
   */
  partition?: boolean;
  /** Overrides the compile budget of `policyFor` (tests and benchmarks of large sets). */
  policy?: Partial<SelectorPolicy>;
  /**
   * Skip scans of buffers no rule can match (no-match-filter.ts). Default: for units of at
   * least NO_MATCH_FILTER_MIN_RULES rules, where a scan's fixed cost outweighs the search.
   */
  noMatchFilter?: boolean;
}

class YaraXCompiled implements CompiledRules {
  readonly backend = 'yara-x' as const;
  constructor(
    private readonly units: Unit[],
    readonly loaded: number,
    readonly issues: readonly RuleIssue[],
  ) {}

  /**
   * Runs `run` on each unit's rules for a file of `size` bytes starting with `head` (all rules
   * when the file's class is unknown) and names each hit's source namespace. Every smaller
   * unit compiles a subset of the same sources, so the owner map of the unit holds for it too.
   */
  private collect(
    file: { size: number; head: Uint8Array } | null,
    run: (rules: YaraXRules) => Matches,
    mayMatch: (filter: NoMatchFilter) => boolean = () => true,
  ): YaraHit[] {
    const hits: YaraHit[] = [];
    for (const unit of this.units) {
      if (unit.filter && !mayMatch(unit.filter)) continue;
      const rules = file && unit.selector ? unit.selector.forFile(file.size, file.head) : unit.rules;
      if (!rules) continue;
      for (const m of run(rules)) {
        hits.push({ rule: m.ruleIdentifier, namespace: unit.owner.get(m.ruleIdentifier) ?? 'default' });
      }
    }
    return hits;
  }

  async scanBuffer(data: Uint8Array, vars?: Partial<ScanVariables>): Promise<YaraHit[]> {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const v = { ...EMPTY_VARIABLES, ...vars };
    return this.collect(
      { size: buf.length, head: buf.subarray(0, 4) },
      (r) => r.scan(buf, v),
      (filter) => filter.mayMatch(buf, v),
    );
  }

  async scanFile(path: string, vars?: Partial<ScanVariables>): Promise<YaraHit[]> {
    const v = { ...EMPTY_VARIABLES, ...vars };
    // The size and first bytes read here may be stale if the file changes before YARA-X reads
    // it; the class then errs only if the file changed, as any two reads of a changing file do.
    const file = this.units.some((u) => u.selector) ? headOf(path) : null;
    return this.collect(file, (r) => r.scanFile(path, v));
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

export function yaraXEngine(options: YaraXOptions = {}): YaraEngine {
  const partition = options.partition ?? true;
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
        const compiled = compileUnit(mod, group.sources, issues);
        if (!compiled) continue;
        let selector: UnitSelector<YaraXRules> | null = null;
        if (partition) {
          const total = compiled.sources.reduce((n, s) => n + ruleNames(s.text).length, 0);
          const policy = { ...policyFor(total), ...options.policy };
          const plan = PartitionPlan.of(compiled.sources, policy);
          selector = selectorFor(plan, compiled.rules, (text) => compileOrNull(mod, text), policy);
        }
        const filter = wantsFilter(compiled.sources, options.noMatchFilter)
          ? NoMatchFilter.of(compiled.sources)
          : null;
        units.push({ rules: compiled.rules, owner: group.owner, selector, filter });
        loaded += group.sources.length - (issues.length - before);
      }
      return new YaraXCompiled(units, loaded, issues);
    },
  };
}
