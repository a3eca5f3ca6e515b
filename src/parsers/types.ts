/**
 * @module parsers/types
 * The record contract between parsers/ and detect/: one parsed log line (or event) with
 * case-insensitive field access, where it came from, and its time.
 */

/** Which log family a record came from. Rules select on it. */
export type LogKind =
  | 'httpproxy' // Exchange Logging/HttpProxy/<Protocol>/*.log
  | 'ecp-server' // Exchange Logging/ECP/Server/*.log
  | 'oabgen' // Exchange Logging/OABGeneratorLog/*.log
  | 'rps' // Exchange Logging/CmdletInfra/ (RPS, Rps_Http) and Logging/RpsHttp
  | 'iis' // IIS W3C logs (W3SVC*/u_ex*.log)
  | 'event'; // Windows events (EVTX or JSON lines)

export interface LogRecord {
  kind: LogKind;
  /** For httpproxy: the protocol folder ("Owa", "Ecp", "Autodiscover", …); for events: the channel. */
  subkind: string | null;
  /** Path relative to the evidence root, forward slashes. */
  path: string;
  /** 1-based line number in the file (or record id for events). */
  line: number | null;
  /** Record time in epoch milliseconds (UTC), or null when the line has none that parses. */
  time: number | null;
  /** Field value by name, case-insensitive; undefined when the log has no such field. */
  get(field: string): string | undefined;
  /** Field names present, in log order. */
  fields(): readonly string[];
  /** The raw line (decoded as UTF-8/latin1), for evidence display. */
  raw(): string;
}

/** A counted problem in a file: never thrown, always reported. */
export interface ParseIssue {
  path: string;
  line: number | null;
  kind: 'damaged' | 'too-long' | 'no-header' | 'binary' | 'truncated' | 'unreadable' | 'unknown-format';
  message: string;
}

/** Per-file coverage as the parser saw it. */
export interface FileCoverage {
  path: string;
  kind: LogKind;
  subkind: string | null;
  lines: number;
  records: number;
  /** Epoch ms of the earliest and latest record times seen, or null. */
  first: number | null;
  last: number | null;
  bytes: number;
  issues: number;
}
