/**
 * @module parsers/evtx/chunk-slot
 * One 64 KiB slot after the file header, whatever it holds: a chunk (decoded), zeros (counted
 * as empty), or something else (counted as bad magic). Slots are found by walking the file's
 * size, never by trusting the header's chunk count. Updates the file summary as it goes.
 */
import { checkChunkChecksums, chunkRecords, hasChunkMagic } from './chunk-records.js';
import type { EvtxReadOptions, EvtxRecord, EvtxResult, EvtxSummary } from './types.js';

function allZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

export function* slotResults(
  slot: Uint8Array,
  index: number,
  fileOffset: number,
  options: EvtxReadOptions,
  summary: EvtxSummary,
): Generator<EvtxResult> {
  summary.chunkSlots++;
  if (!hasChunkMagic(slot)) {
    if (allZero(slot)) summary.emptyChunks++;
    else summary.badMagicChunks++;
    return;
  }
  summary.chunks++;
  checkChunkChecksums(slot, summary);
  const seen = (record: EvtxRecord) => {
    summary.records++;
    const t = record.time;
    if (t !== null) {
      if (summary.first === null || t < summary.first) summary.first = t;
      if (summary.last === null || t > summary.last) summary.last = t;
    }
  };
  const skipped = (record: EvtxRecord) => {
    seen(record);
    summary.skipped++;
  };
  for (const r of chunkRecords(slot, index, fileOffset, options, skipped)) {
    if (r.ok) seen(r.record);
    else summary.errors++;
    yield r;
  }
}
