/**
 * @module evidence
 * Read-only access to an evidence root — a live or mounted drive, a KAPE or Velociraptor triage
 * folder, or a .zip of one — and `locate`, which finds the Exchange installs, logs, event logs,
 * web roots, ProgramData and temp folders in it. Nothing here interprets file content.
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
export { memoryReader, streamReader } from './file-reader.js';
export { NODE_FS, type FsOps } from './fs-ops.js';
export { writeZip, type ZipInput } from './testing/write-zip.js';
