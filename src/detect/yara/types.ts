/**
 * @module detect/yara/types
 * The YaraEngine contract every backend implements: compile a set of rule sources once per run,
 * then scan buffers or files with the compiled set. Backends differ in speed and platform reach
 * (in-process YARA-X, an external `yara`/`yr` binary, libyara-wasm in a recycled worker), never in
 * what they report: the contract suite (`engine-contract.test-helpers.ts`) holds them to the same matches.
 */

/** One rule file's text with where it came from; the namespace keeps duplicate rule names apart. */
export interface RuleSource {
  /** Path or label shown in messages (not read again by backends that take text). */
  origin: string;
  namespace: string;
  text: string;
}

/** A counted problem with a rule source: the source is dropped, the run goes on. */
export interface RuleIssue {
  origin: string;
  message: string;
}

/** Per-scan values for the external variables LOKI and THOR define (signature-base needs them). */
export interface ScanVariables {
  filename: string;
  filepath: string;
  extension: string;
  filetype: string;
  owner: string;
}

/** A rule that matched: identity only; meta comes from our own parse of the source (rule-meta.ts). */
export interface YaraHit {
  rule: string;
  namespace: string;
}

export interface FileToScan {
  path: string;
  vars?: Partial<ScanVariables>;
}

export interface CompiledRules {
  readonly backend: BackendName;
  /** Rule sources that compiled, and the ones dropped with the reason. */
  readonly loaded: number;
  readonly issues: readonly RuleIssue[];
  scanBuffer(data: Uint8Array, vars?: Partial<ScanVariables>): Promise<YaraHit[]>;
  scanFile(path: string, vars?: Partial<ScanVariables>): Promise<YaraHit[]>;
  /**
   * Scans many files; the result has an entry only for files with hits. Backends that start a
   * process per call (the CLI) serve a whole batch with one process here.
   */
  scanFiles(files: readonly FileToScan[]): Promise<Map<string, YaraHit[]>>;
  /**
   * True when no rule can match this content (no-match-filter.ts), so a caller that holds the
   * bytes need not hand the file to a backend that reads files itself (the CLI). Absent, or
   * false, means scan.
   */
  ruledOut?(data: Uint8Array): boolean;
  /** Frees workers and temporary files. Safe to call twice. */
  close(): Promise<void>;
}

export type BackendName = 'yara-x' | 'cli' | 'wasm';

export interface BackendStatus {
  backend: BackendName;
  available: boolean;
  /** Why not available, or what was found (version, path). */
  detail: string;
}

export interface YaraEngine {
  readonly name: BackendName;
  status(): Promise<BackendStatus>;
  /**
   * Compiles the sources once. A source that fails to compile is left out and reported in
   * `issues`; the others still load (one broken third-party file must not disable the rest).
   */
  compile(sources: readonly RuleSource[]): Promise<CompiledRules>;
}
