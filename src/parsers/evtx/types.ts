/**
 * @module parsers/evtx/types
 * The shapes the EVTX reader hands out: one typed record per event, errors as values, and the
 * per-file summary (chunks seen, checksum mismatches, counted errors).
 */

/** One decoded event. Field names follow the `<System>` element of the Windows event schema. */
export interface EvtxRecord {
  /** The record number in the record header (this file's own numbering). */
  recordId: number;
  /** `System/EventRecordID` when present; differs from `recordId` in forwarded (WEC) logs. */
  eventRecordId: number | null;
  /** `System/TimeCreated/@SystemTime` (falling back to the record header's time) in epoch ms. */
  time: number | null;
  /** The same instant as ISO 8601 with 100 ns precision, e.g. `2021-03-14T01:40:10.7780000Z`. */
  timeIso: string | null;
  provider: string | null;
  providerGuid: string | null;
  /** `System/EventID` as a number (null when absent or not numeric). */
  eventId: number | null;
  qualifiers: number | null;
  version: number | null;
  level: number | null;
  task: number | null;
  opcode: number | null;
  keywords: string | null;
  channel: string | null;
  computer: string | null;
  /** `System/Security/@UserID` (a SID string). */
  userId: string | null;
  /** `System/Execution/@ProcessID` and `@ThreadID`. */
  processId: number | null;
  threadId: number | null;
  /** `System/Correlation/@ActivityID` and `@RelatedActivityID`. */
  activityId: string | null;
  relatedActivityId: string | null;
  /**
   * `EventData` as name → value. `<Data Name="X">` gives `X`; unnamed `<Data>` elements are
   * numbered `param1`, `param2`, … (the names Winlogbeat uses), other children keep their element
   * name. Array values are joined with `, `.
   */
  eventData: Record<string, string>;
  /** `UserData` flattened: each leaf element and attribute by name (first occurrence wins). */
  userData?: Record<string, string>;
  /** `RenderingInfo/Message` of forwarded events, when present. */
  message?: string;
  /**
   * Set when the record was found by scanning past a damaged record in its chunk. Such records
   * decode completely, but in torn chunks (e.g. from a shadow copy) their bytes may come from
   * another chunk, so treat their content with care.
   */
  recovered?: true;
  /** The event rendered as XML, when asked for. */
  xml?: string;
}

/** A record that could not be rendered: counted, never thrown. */
export interface EvtxRecordError {
  /** What went wrong, one line. */
  error: string;
  /** File offset of the record (or of the chunk, for chunk-level failures). */
  offset: number;
  /** 0-based index of the 64 KiB chunk slot. */
  chunk: number;
  /** The record number from its header, when the header itself was readable. */
  recordId: number | null;
}

export type EvtxResult = { ok: true; record: EvtxRecord } | ({ ok: false } & EvtxRecordError);

/** Options shared by every reading entry point. */
export interface EvtxReadOptions {
  /**
   * Also render each record as XML into `record.xml`: `true` or `'pretty'` for indented lines
   * (like `evtxexport -f xml`), `'line'` for one line per event (newlines in text as `&#10;`).
   */
  xml?: boolean | 'pretty' | 'line';
  /**
   * Yield only the records that match (each list is "any of", all given lists must match).
   * The others are still decoded and counted in the summary (`records`, `first`, `last`,
   * `skipped`), so coverage stays complete; a hunt that needs a few event ids out of a large
   * log saves rendering, and with the worker pool, the transfer between threads.
   */
  select?: EvtxSelect;
}

export interface EvtxSelect {
  eventIds?: number[];
  /** Provider names, case-insensitive. */
  providers?: string[];
  /** Channel names, case-insensitive. */
  channels?: string[];
}

/** What the reader saw in one file, beside the records it produced. */
export interface EvtxSummary {
  bytes: number;
  /** File header facts; null when the header is missing or unreadable (chunks are still walked). */
  header: {
    majorVersion: number;
    minorVersion: number;
    chunkCount: number;
    flags: number;
    dirty: boolean;
    full: boolean;
    checksumOk: boolean;
  } | null;
  /** 64 KiB slots walked after the file header. */
  chunkSlots: number;
  /** Slots that start with the chunk magic. */
  chunks: number;
  /** Slots without the chunk magic that were not all zero (damaged or overwritten). */
  badMagicChunks: number;
  /** Slots that are entirely zero (never used). */
  emptyChunks: number;
  headerChecksumMismatches: number;
  dataChecksumMismatches: number;
  /** Bytes at the end of the file that do not fill a whole chunk. */
  trailingBytes: number;
  /** Records rendered (selected or not). */
  records: number;
  /** Records rendered but not yielded because `select` did not match them. */
  skipped: number;
  errors: number;
  /** Epoch ms of the earliest and latest record time seen. */
  first: number | null;
  last: number | null;
}

export function emptySummary(bytes: number): EvtxSummary {
  return {
    bytes,
    header: null,
    chunkSlots: 0,
    chunks: 0,
    badMagicChunks: 0,
    emptyChunks: 0,
    headerChecksumMismatches: 0,
    dataChecksumMismatches: 0,
    trailingBytes: 0,
    records: 0,
    skipped: 0,
    errors: 0,
    first: null,
    last: null,
  };
}
