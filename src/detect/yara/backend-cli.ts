/**
 * @module detect/yara/backend-cli
 * An external YARA binary (Debian's `yara` 4.x, or the official Windows release) given by path.
 * Rules are compiled once with the matching `yarac` into a temporary `.yarc`; files are scanned
 * in batches through `--scan-list`, so one process (with its own threads) serves many files.
 *
 * Limits: external variables are defined once per run (empty), not per file, because the CLI
 * takes them only on its command line; rules that test `filename`/`filepath` therefore behave as
 * on a file with no name. The YARA-X CLI (`yr`) prints a different format and is reported as
 * unavailable rather than half-supported.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMPTY_VARIABLES, EXTERNAL_NAMES } from './externals.js';
import { NoMatchFilters } from './no-match-filter.js';
import type {
  BackendStatus,
  CompiledRules,
  FileToScan,
  RuleIssue,
  RuleSource,
  YaraEngine,
  YaraHit,
} from './types.js';

export interface CliOptions {
  /** Path to `yara` (default: `yara` on PATH). */
  binary?: string;
  /** Path to `yarac` (default: beside `binary`, else on PATH). */
  compiler?: string;
  /** Threads for `--scan-list` (default 2: the cores we have). */
  threads?: number;
  /** Rule out files no rule can match before `yara` sees them (default: sets of 1,000+ rules). */
  noMatchFilter?: boolean;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr: stderr || (err && code === -1 ? String(err.message) : '') });
    });
  });
}

function compilerFor(binary: string): string {
  return binary.includes(path.sep)
    ? path.join(path.dirname(binary), 'yarac' + path.extname(binary))
    : 'yarac';
}

function safeNamespace(ns: string): string {
  return ns.replace(/[^A-Za-z0-9_.-]/g, '_') || 'default';
}

const DEFINES = EXTERNAL_NAMES.flatMap((n) => ['-d', `${n}=${EMPTY_VARIABLES[n]}`]);

/**
 * yarac names the failing file as `file.yar(12): error: …` or `error: rule "x" in file.yar(12): …`
 * → the index of that source file, or -1.
 */
function failingSource(stderr: string, files: string[]): number {
  for (const line of stderr.split('\n')) {
    if (!/error/i.test(line)) continue;
    const i = files.findIndex((f) => line.includes(f + '(') || line.startsWith(f + ':'));
    if (i >= 0) return i;
  }
  return -1;
}

class CliCompiled implements CompiledRules {
  readonly backend = 'cli' as const;
  private closed = false;
  private seq = 0;
  constructor(
    private readonly binary: string,
    private readonly compiled: string | null,
    private readonly dir: string,
    private readonly threads: number,
    private readonly namespaces: Map<string, string>,
    readonly loaded: number,
    readonly issues: readonly RuleIssue[],
    private readonly filter: NoMatchFilters | null = null,
  ) {}

  /** The variables are defined empty for the whole run (see DEFINES), so the filter reads them so. */
  ruledOut(data: Uint8Array): boolean {
    return this.filter !== null && !this.filter.mayMatch(data, EMPTY_VARIABLES);
  }

  /** `ns:rule` as printed by `yara -e` → the hit with the caller's namespace. */
  private hit(id: string): YaraHit {
    const colon = id.indexOf(':');
    const ns = colon > 0 ? id.slice(0, colon) : 'default';
    return { namespace: this.namespaces.get(ns) ?? ns, rule: id.slice(colon + 1) };
  }

  /** Scans many files with one process; returns hits per path (paths with no hit are absent). */
  async scanFiles(files: readonly FileToScan[]): Promise<Map<string, YaraHit[]>> {
    const paths = files.map((f) => f.path);
    const out = new Map<string, YaraHit[]>();
    if (!this.compiled || paths.length === 0) return out;
    // A newline in a path would split the list; such files are scanned on their own.
    const listed = paths.filter((p) => !p.includes('\n'));
    for (const odd of paths.filter((p) => p.includes('\n'))) {
      const hits = await this.scanFile(odd);
      if (hits.length > 0) out.set(odd, hits);
    }
    const list = path.join(this.dir, `list-${this.seq++}.txt`);
    await writeFile(list, listed.join('\n') + '\n');
    const args = ['-C', '-e', '-w', '-p', String(this.threads), '--scan-list', this.compiled, list];
    const res = await run(this.binary, args);
    await rm(list, { force: true });
    for (const line of res.stdout.split('\n')) {
      const sp = line.indexOf(' ');
      if (sp <= 0) continue;
      const id = line.slice(0, sp);
      const file = line.slice(sp + 1);
      const hit = this.hit(id);
      const list = out.get(file) ?? [];
      list.push(hit);
      out.set(file, list);
    }
    return out;
  }

  async scanFile(file: string): Promise<YaraHit[]> {
    if (!this.compiled) return [];
    const res = await run(this.binary, ['-C', '-e', '-w', this.compiled, file]);
    return res.stdout
      .split('\n')
      .filter((l) => l.endsWith(' ' + file))
      .map((l) => this.hit(l.slice(0, l.length - file.length - 1)));
  }

  async scanBuffer(data: Uint8Array): Promise<YaraHit[]> {
    // A file and a process spared.
    if (this.ruledOut(data)) return [];
    const file = path.join(this.dir, `buf-${this.seq++}.bin`);
    await writeFile(file, data);
    try {
      return await this.scanFile(file);
    } finally {
      await rm(file, { force: true });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await rm(this.dir, { recursive: true, force: true });
  }
}

export function cliEngine(options: CliOptions = {}): YaraEngine {
  const binary = options.binary ?? 'yara';
  const compiler = options.compiler ?? compilerFor(binary);
  const threads = options.threads ?? 2;
  return {
    name: 'cli',
    async status(): Promise<BackendStatus> {
      const v = await run(binary, ['--version']);
      if (v.code !== 0) {
        return {
          backend: 'cli',
          available: false,
          detail: `${binary} not runnable: ${v.stderr.split('\n')[0] || 'not found'}`,
        };
      }
      const version = v.stdout.trim();
      if (/yara-x|^yr\b/i.test(version) || /^\d+\.\d+\.\d+$/.test(version) === false) {
        return {
          backend: 'cli',
          available: false,
          detail: `${binary} prints "${version}": only the YARA 4.x CLI output is supported`,
        };
      }
      const c = await run(compiler, ['--version']);
      if (c.code !== 0)
        return { backend: 'cli', available: false, detail: `${compiler} (yarac) not runnable` };
      return { backend: 'cli', available: true, detail: `${binary} ${version}` };
    },
    async compile(sources: readonly RuleSource[]) {
      const dir = await mkdtemp(path.join(tmpdir(), 'exhunt-yara-'));
      const issues: RuleIssue[] = [];
      const files: string[] = [];
      const kept: RuleSource[] = [];
      for (const [i, s] of sources.entries()) {
        const file = path.join(dir, `${i}.yar`);
        await writeFile(file, s.text);
        files.push(file);
        kept.push(s);
      }
      const compiled = path.join(dir, 'rules.yarc');
      // yarac stops at the first broken file and names it: drop it and retry until it compiles.
      for (;;) {
        if (files.length === 0) return new CliCompiled(binary, null, dir, threads, new Map(), 0, issues);
        const args = [
          ...DEFINES,
          '-w',
          ...files.map((f, i) => `${safeNamespace(kept[i]!.namespace)}:${f}`),
          compiled,
        ];
        const res = await run(compiler, args);
        if (res.code === 0) break;
        const bad = failingSource(res.stderr, files);
        if (bad < 0) {
          for (const s of kept)
            issues.push({ origin: s.origin, message: `yarac failed: ${res.stderr.split('\n')[0]}` });
          return new CliCompiled(binary, null, dir, threads, new Map(), 0, issues);
        }
        const line = res.stderr.split('\n').find((l) => l.includes(files[bad]!)) ?? '';
        issues.push({
          origin: kept[bad]!.origin,
          message: line.split(files[bad]!).join(path.basename(kept[bad]!.origin)),
        });
        files.splice(bad, 1);
        kept.splice(bad, 1);
      }
      const namespaces = new Map(kept.map((s) => [safeNamespace(s.namespace), s.namespace]));
      const filter = NoMatchFilters.of(kept, options.noMatchFilter);
      return new CliCompiled(binary, compiled, dir, threads, namespaces, kept.length, issues, filter);
    },
  };
}
