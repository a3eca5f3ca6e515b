/**
 * @module parsers/evtx/read-evtx-bytes
 * The pure entry point: an EVTX file already in memory → results. Used by tests, the fuzzer and
 * anyone holding bytes (a zip entry, a network buffer). Never throws on bad input.
 */
import { CHUNK_SIZE, FILE_HEADER_SIZE, parseFileHeader } from './file-header.js';
import { slotResults } from './chunk-slot.js';
import { type EvtxReadOptions, type EvtxResult, type EvtxSummary, emptySummary } from './types.js';

/** Smallest tail worth decoding as a truncated chunk: its header and one record. */
const MIN_PARTIAL_CHUNK = 0x200 + 28;

/**
 * Decode every record in `bytes`. `summary` (optional) is filled in as iteration proceeds.
 *
 * @example
 * for (const r of readEvtxBytes(bytes)) if (r.ok) console.log(r.record.eventId);
 */
export function* readEvtxBytes(
  bytes: Uint8Array,
  options: EvtxReadOptions = {},
  summary: EvtxSummary = emptySummary(bytes.length),
): Generator<EvtxResult> {
  summary.header = parseFileHeader(bytes);
  let index = 0;
  let offset = FILE_HEADER_SIZE;
  for (; offset + CHUNK_SIZE <= bytes.length; offset += CHUNK_SIZE, index++) {
    yield* slotResults(bytes.subarray(offset, offset + CHUNK_SIZE), index, offset, options, summary);
  }
  const tail = bytes.length - offset;
  if (tail > 0) {
    if (tail >= MIN_PARTIAL_CHUNK)
      yield* slotResults(bytes.subarray(offset), index, offset, options, summary);
    else summary.trailingBytes = tail;
  }
}
