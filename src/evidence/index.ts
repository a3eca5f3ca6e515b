/**
 * @module evidence
 * Read-only access to an evidence root — a live or mounted drive, a KAPE or Velociraptor triage
 * folder, a .zip of one (streamed, never extracted), or a single file — and `locate`, which finds
 * the Exchange installs, logs, event logs, web roots, ProgramData, temp folders and IIS/ASP.NET
 * configs in it. Nothing here interprets file content.
 *
 * - Entries are addressed by their path relative to the root (forward slashes, on-disk case), so
 *   a worker thread can `openEvidence` the same location and `open` the same entry.
 * - `entry.windows` is the Windows view: drive (KAPE `C/…`, Velociraptor `C%3A/…`), path, and a
 *   lowercase `key` for case-insensitive matching (`windowsKey('C:\X')`).
 * - Links are never followed (counted as issues: loop, out of root, broken, inside root);
 *   unreadable folders and damaged zip entries are counted issues; only an unopenable root throws
 *   (`EvidenceError`, one line).
 * - `root.localPath(rel)` gives the checked on-disk path for readers that need a file name.
 *
 * @example
 * const root = await openEvidence('/cases/ex01');        // or '/cases/ex01.zip'
 * const found = await locate(root);
 * for (const group of found.logs) console.log(group.kind, group.subkind, group.files.length);
 * const opened = await root.open(found.logs[0]!.files[0]!.path); // { ok, reader } | { ok: false, issue }
 */
export type {
  ByteReader,
  EvidenceEntry,
  EvidenceIssue,
  EvidenceIssueKind,
  EvidenceRoot,
  OpenResult,
  WalkOptions,
  WindowsView,
} from './types.js';
export { openEvidence, type OpenEvidenceOptions } from './open-evidence.js';
export { EvidenceError, isEvidenceError, type EvidenceErrorCode } from './evidence-error.js';
export {
  locate,
  type ExchangeInstall,
  type FileGroup,
  type LocateOptions,
  type Located,
  type LogFileGroup,
} from './locate.js';
export { classifyPath, type LocatedLogKind, type PathClass, type WebRootKind } from './classify-path.js';
export { windowsView, windowsKey, decodePercent } from './windows-path.js';
export { fileHandleReader, memoryReader, streamReader } from './file-reader.js';
export { describeFsError, NODE_FS, type FsOps } from './fs-ops.js';
export { ordinal } from './code-unit-order.js';
export { writeZip, type ZipInput } from './testing/write-zip.js';
