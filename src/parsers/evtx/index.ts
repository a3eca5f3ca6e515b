/**
 * @module parsers/evtx
 * exhunt's own EVTX reader, pure TypeScript. Walks every 64 KiB chunk slot of the file (never
 * trusting the header's chunk count), decodes BinXML with per-chunk template caches, recovers
 * what dirty and damaged logs still hold, and counts one error per record it cannot render.
 *
 * - `readEvtxBytes(bytes)`: pure, over bytes in memory.
 * - `readEvtxFile(path)`: streaming from disk, bounded memory.
 * - `readEvtxFiles(paths)`: many files on worker threads.
 * - `eventLogRecord(event, path, line)`: the shared `LogRecord` view used by event rules.
 */
export type {
  EvtxRecord,
  EvtxRecord as WindowsEvent,
  EvtxRecordError,
  EvtxResult,
  EvtxReadOptions,
  EvtxSelect,
  EvtxSummary,
} from './types.js';
export { emptySummary } from './types.js';
export { readEvtxBytes } from './read-evtx-bytes.js';
export { EvtxFile, readEvtxFile, readEvtxReader } from './read-evtx-file.js';
export { readEvtxFiles } from './read-evtx-files.js';
export type { EvtxFilesItem, EvtxFilesOptions } from './read-evtx-files.js';
export { chunkRecords } from './chunk-records.js';
export { eventLogRecord } from './event-log-record.js';
export { escapeXml } from './render-xml.js';
export { setFirst } from './own-field.js';
export { recordLine, safeJsonLine, type LineFormat } from './record-line.js';
