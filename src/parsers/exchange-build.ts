/**
 * @module parsers/exchange-build
 * The Exchange build a log line carries in its own version columns (HttpProxy, RPS): exact, since
 * the server wrote it about itself.
 */
import type { LogRecord } from './types.js';

/** A 4-part build as written in a log line (same shape as knowledge's Build). */
export interface LogBuild {
  major: number;
  minor: number;
  build: number;
  revision: number;
  /** Dotted form, "15.1.2176.2". */
  text: string;
}

/** The build in a record's MajorVersion…RevisionVersion fields, or null when absent or malformed. */
export function logBuildOf(record: LogRecord): LogBuild | null {
  const parts = ['MajorVersion', 'MinorVersion', 'BuildVersion', 'RevisionVersion'].map((f) => record.get(f));
  if (!parts.every((p): p is string => p !== undefined && /^\d{1,6}$/.test(p))) return null;
  const [major, minor, build, revision] = parts.map(Number) as [number, number, number, number];
  return { major, minor, build, revision, text: `${major}.${minor}.${build}.${revision}` };
}
