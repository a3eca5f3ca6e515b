/**
 * @module parsers/scan-types
 * Options and results of a log scan (see scan-log.ts for the semantics).
 */
import type { PrefilterEntry } from './line-needs.js';
import type { FileCoverage, LogKind, LogRecord, ParseIssue } from './types.js';

export interface ScanOptions {
  kind: LogKind;
  /** HttpProxy protocol folder, IIS site folder …; copied into records and coverage. */
  subkind?: string | null;
  /** Path relative to the evidence root, for records, issues and coverage. */
  path?: string;
  /**
   * Literals, or rules' needs (an anchor literal plus literals checked on the lines where an
   * anchor is found, see line-needs.ts), matched case-insensitively. A data line satisfying none
   * is counted (lines, coverage) but not split or passed to `onRecord`. Absent or empty: every
   * data line is a record. An anchor that is the empty string disables the prefilter.
   */
  prefilter?: readonly PrefilterEntry[];
  /**
   * Called synchronously for each record. The record is valid only during the call (its bytes
   * live in a reused buffer): read fields now, or keep `detachRecord(rec)`.
   */
  onRecord: (record: LogRecord) => void;
  /** Longest line handled; a longer one is skipped as a `too-long` issue. Default 1 MiB. */
  maxLineBytes?: number;
  /** Read size. Default 256 KiB. */
  chunkBytes?: number;
  /**
   * Scan only the lines that start in `[start, end)` (byte offsets), so several workers can share
   * one big file. The bytes before `start` are still read (fast: lines are only counted and header
   * lines applied), so line numbers and the field layout are exact. Coverage then describes the
   * range; merge ranges by summing counts and taking min/max times.
   */
  range?: { start: number; end: number };
  /** Issues kept in `issues` (all are counted in `coverage.issues`). Default 200. */
  maxIssues?: number;
}

/** A run of lines that carried the same Exchange build in their version columns. */
export interface BuildSpan {
  /** "15.1.2176.2". */
  build: string;
  first: number | null;
  last: number | null;
  firstLine: number;
  lastLine: number;
}

export interface ScanResult {
  coverage: FileCoverage;
  /** At most `maxIssues`; merged per run of consecutive bad lines. */
  issues: ParseIssue[];
  /** Every issue of the file counted by kind, including those beyond `maxIssues`. */
  issueCounts: Partial<Record<ParseIssue['kind'], number>>;
  /**
   * Line from which the prefilter was dropped because most lines passed it (every later data
   * line went to `onRecord`), or null.
   */
  prefilterDroppedAt: number | null;
  /** Data lines that passed the prefilter and were handed to `onRecord`. */
  emitted: number;
  /** Lines that could not be read as records (binary, damaged, too long, truncated). */
  badLines: number;
  /** Build history from the log's own MajorVersion…RevisionVersion columns (HttpProxy, RPS). */
  builds: BuildSpan[];
  /** First value of each `#Name: value` metadata line (`Software`, `Version`, `Log-type` …). */
  meta: Record<string, string>;
}
