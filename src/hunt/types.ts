/**
 * @module hunt/types
 * What a hunt takes and what it returns. HuntResult carries everything every report sink shows;
 * its JSON form is DESIGN.md's output contract.
 */
import type { FileScanOptions } from '../detect/index.js';
import type {
  AttackerIp,
  BuildSighting,
  Coverage,
  ExposureWindow,
  Finding,
  Timeline,
  UncoveredSpan,
  Verdict,
} from '../findings/index.js';

export interface HuntOptions {
  /** Worker threads; default: one per core when the logs are large enough to be worth it. */
  threads?: number;
  /** Only findings at or after / before these ISO times (coverage is not cut). */
  since?: string | null;
  until?: string | null;
  /** The build the server runs, when the logs do not say (`--build`). */
  build?: string | null;
  /** When the server was patched (`--patched-on`), overriding what the logs suggest. */
  patchedOn?: string | null;
  /** Another folder of log rules instead of the shipped `rules/logs/`. */
  rulesDir?: string;
  /**
   * Also hunt files (web shells, attacker files, IIS configuration) with detect's file scan, and
   * link web shells to the log requests that reached them. Default true.
   */
  files?: boolean;
  /** Options of the file hunt: `--full`, the YARA backend, extra rules, the intel pack folder. */
  fileScan?: Pick<FileScanOptions, 'full' | 'yara' | 'rules' | 'intelDir'>;
  onProgress?: (p: HuntProgress) => void;
}

export interface HuntProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/** A counted problem, kept as a sample for display (all are counted in `issues.byKind`). */
export interface IssueSample {
  path: string;
  line: number | null;
  kind: string;
  message: string;
}

/** How often each rule fired, including hits beyond the ones kept as findings. */
export interface RuleCount {
  rule: string;
  count: number;
  kept: number;
  first: string | null;
  last: string | null;
}

export interface HuntResult {
  /** The evidence root as given. */
  root: string;
  verdict: Verdict;
  reasons: string[];
  findings: Finding[];
  ruleCounts: RuleCount[];
  coverage: Coverage[];
  timeline: Timeline;
  attackerIps: AttackerIp[];
  /** ISO 8601 of the earliest attacker activity, or null. */
  firstActivity: string | null;
  exposure: ExposureWindow[];
  uncovered: UncoveredSpan[];
  builds: BuildSighting[];
  issues: { total: number; byKind: Record<string, number>; samples: IssueSample[] };
  /** Log and event files scanned. */
  filesScanned: number;
  bytes: number;
  /** What the file hunt looked at (null when it did not run). */
  fileScan: {
    files: number;
    bytes: number;
    yaraBackend: string | null;
    yaraRules: number;
    elapsedMs: number;
  } | null;
  durationMs: number;
  threads: number;
  rules: number;
}
