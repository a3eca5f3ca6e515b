/**
 * @module parsers/scan-log-file
 * `scanLogFile(root, entry, options)`: open an evidence entry and scan it. A file that cannot be
 * opened is a counted `unreadable` issue with empty coverage, never an exception; a 0-byte file
 * is plain empty coverage.
 */
import type { EvidenceEntry, EvidenceRoot } from '../evidence/index.js';
import { scanLog } from './scan-log.js';
import type { ScanOptions, ScanResult } from './scan-types.js';

/**
 * Scan one log file of an evidence root.
 * @example
 * const { coverage, issues } = await scanLogFile(root, entry, {
 *   kind: 'httpproxy', subkind: 'Ecp', prefilter: ['ServerInfo~'],
 *   onRecord: (rec) => { if (rec.get('AnchorMailbox')?.startsWith('ServerInfo~')) hits.push(detachRecord(rec)); },
 * });
 */
export async function scanLogFile(
  root: EvidenceRoot,
  entry: EvidenceEntry | string,
  options: Omit<ScanOptions, 'path'>,
): Promise<ScanResult> {
  const path = typeof entry === 'string' ? entry : entry.path;
  const opened = await root.open(path);
  if (!opened.ok) {
    return {
      coverage: {
        path,
        kind: options.kind,
        subkind: options.subkind ?? null,
        lines: 0,
        records: 0,
        first: null,
        last: null,
        bytes: 0,
        issues: 1,
      },
      issues: [{ path, line: null, kind: 'unreadable', message: opened.issue.message }],
      issueCounts: { unreadable: 1 },
      emitted: 0,
      prefilterDroppedAt: null,
      badLines: 0,
      builds: [],
      meta: {},
    };
  }
  return scanLog(opened.reader, { ...options, path });
}
