/**
 * @module detect/files/types
 * What the file hunt produces. `FileFinding` has exactly the shape of findings' `Finding`
 * (detect may not import findings; `test/contracts/file-finding.test.ts` checks they agree).
 */
import type { Outcome, Severity } from '../rule-types.js';
import type { BackendName, EngineChoice } from '../yara/index.js';

export interface FileFinding {
  rule: string;
  title: string;
  severity: Severity;
  outcome: Outcome;
  /** web-shell, credential-theft, data-staging, persistence, mitigation, indicator, memory-dump. */
  category: string;
  cves: string[];
  attack: string[];
  campaign: string | null;
  /** File modification time (ISO 8601), or null when unknown. */
  time: string | null;
  source: { path: string; line: number | null; kind: string };
  evidence: string;
  /** sha256, md5, sha1, size, and per check: yara rule/namespace, indicator source … */
  facts: Record<string, string>;
  author: string;
  licence: string;
  references: string[];
}

/** A counted problem of the file hunt: never thrown, always shown. */
export interface FileScanIssue {
  path: string;
  kind:
    | 'unreadable'
    | 'too-large-for-yara'
    | 'too-large-to-hash'
    | 'yara-error'
    | 'not-scanned'
    | 'rule'
    | 'intel'
    | 'config'
    | 'evidence';
  message: string;
}

export interface FileScanOptions {
  /** Walk the whole root instead of the relevant places. */
  full?: boolean;
  /** Largest file whose content YARA scans (default 100 MiB). Larger ones are hashed and counted. */
  maxScanBytes?: number;
  /** Largest file that is hashed (default 4 GiB). Larger ones get path checks only, and are counted. */
  maxHashBytes?: number;
  /**
   * Digests to compute (default all three). Fewer is faster (MD5 costs the most CPU), but hash
   * indicators of a left-out kind can then not match; the stats say which were computed.
   */
  hashes?: ('md5' | 'sha1' | 'sha256')[];
  /** Worker threads (default: available cores). 0 runs in the calling thread. */
  workers?: number;
  yara?: EngineChoice;
  /** Extra YARA files or folders to load. */
  rules?: string[];
  /**
   * Local rule pack folder (`exhunt intel import`); null disables packs. Default: the user's,
   * `$EXHUNT_HOME/intel` or `~/.exhunt/intel` (a missing folder is no packs).
   */
  intelDir?: string | null;
  /** Load exhunt's own rules/yara and rules/indicators (default true). */
  builtin?: boolean;
}

export interface FileScanStats {
  /** Files considered (selected for the scan). */
  files: number;
  bytes: number;
  hashed: number;
  contentScanned: number;
  tooLargeForYara: number;
  tooLargeToHash: number;
  unreadable: number;
  yaraBackend: BackendName | null;
  yaraRulesLoaded: number;
  yaraSourcesDropped: number;
  hashIndicators: number;
  pathIndicators: number;
  elapsedMs: number;
  /** Earliest and latest file modification time seen (ISO 8601), or null. */
  first: string | null;
  last: string | null;
}

export interface FileScanResult {
  findings: FileFinding[];
  stats: FileScanStats;
  /** Coverage in findings' shape, one entry: source "files". */
  coverage: {
    source: string;
    files: number;
    first: string | null;
    last: string | null;
    records: number;
    issues: number;
    bytes: number;
    gaps: { from: string; to: string }[];
  }[];
  issues: FileScanIssue[];
}

/** One file to scan, as sent to a worker. */
export interface FileJob {
  path: string;
  size: number;
  mtime: number | null;
  /** `C:\…` form, for YARA's filepath/filename variables and path indicators. */
  windowsPath: string;
}

/** What a worker returns for one file. */
export interface ScannedFile {
  path: string;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  /** LOKI-style type from the first bytes: MDMP, ZIP, RAR, 7Z, PE, PST, DER, or "". */
  fileType: string;
  yara: { rule: string; namespace: string }[];
  contentScanned: boolean;
  /** Set when the file could not be read; other fields are then empty. */
  error: string | null;
  /** Set when YARA failed on this file (hashes and other checks still apply). */
  yaraError: string | null;
  /** For a minidump: the dumped process when its name was found (e.g. "lsass.exe"). */
  dumpOf: string | null;
}
