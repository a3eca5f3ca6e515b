/**
 * @module parsers/evtx/chunk-records
 * One 64 KiB chunk → its records, as results. Records are walked from offset 0x200 up to the
 * chunk's free-space offset; a damaged record costs one counted error and the walk resumes at
 * the next record signature, so one bad record never hides the ones after it.
 */
import { u32At, u64At } from './byte-cursor.js';
import { crc32 } from './crc32.js';
import { newChunkContext } from './chunk-context.js';
import { EvtxDecodeError } from './decode-error.js';
import { eventElement, eventFields } from './event-fields.js';
import { parseFragment } from './binxml-parser.js';
import { resolveInto } from './instantiate.js';
import type { XmlNode } from './binxml-nodes.js';
import { renderXml } from './render-xml.js';
import type { EvtxReadOptions, EvtxRecord, EvtxResult, EvtxSelect, EvtxSummary } from './types.js';
import { filetimeAt } from './windows-time.js';

export const CHUNK_HEADER_SIZE = 0x200;
const CHUNK_MAGIC = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]; // "ElfChnk\0"
/** Record header (magic, size, id, time) plus the trailing size copy. */
const RECORD_OVERHEAD = 28;

export function hasChunkMagic(b: Uint8Array, o = 0): boolean {
  for (let i = 0; i < 8; i++) if (b[o + i] !== CHUNK_MAGIC[i]) return false;
  return true;
}

function isRecordMagic(b: Uint8Array, o: number): boolean {
  return b[o] === 0x2a && b[o + 1] === 0x2a && b[o + 2] === 0 && b[o + 3] === 0;
}

function allZero(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

/** A plausible record starts here: magic, sane size, and the size repeated at its end. */
function plausibleRecord(b: Uint8Array, o: number, limit: number): boolean {
  if (o + RECORD_OVERHEAD > limit || !isRecordMagic(b, o)) return false;
  const size = u32At(b, o + 4);
  return size >= RECORD_OVERHEAD && o + size <= limit && u32At(b, o + size - 4) === size;
}

function nextPlausible(b: Uint8Array, from: number, limit: number): number {
  for (let o = from; o + RECORD_OVERHEAD <= limit; o++) if (plausibleRecord(b, o, limit)) return o;
  return -1;
}

/** The `select` option as a predicate, or null when everything is wanted. */
export function compileSelect(select: EvtxSelect | undefined): ((r: EvtxRecord) => boolean) | null {
  if (!select) return null;
  const ids = select.eventIds ? new Set(select.eventIds) : null;
  const providers = select.providers ? new Set(select.providers.map((p) => p.toLowerCase())) : null;
  const channels = select.channels ? new Set(select.channels.map((c) => c.toLowerCase())) : null;
  return (r) =>
    (!ids || (r.eventId !== null && ids.has(r.eventId))) &&
    (!providers || (r.provider !== null && providers.has(r.provider.toLowerCase()))) &&
    (!channels || (r.channel !== null && channels.has(r.channel.toLowerCase())));
}

/** Check the chunk header and data CRCs into the summary (reported, never enforced). */
export function checkChunkChecksums(b: Uint8Array, summary: EvtxSummary): void {
  if (b.length < CHUNK_HEADER_SIZE) return;
  const headerCrc = crc32(b, 128, CHUNK_HEADER_SIZE, crc32(b, 0, 120));
  if (headerCrc !== u32At(b, 124)) summary.headerChecksumMismatches++;
  const free = u32At(b, 48);
  if (free >= CHUNK_HEADER_SIZE && free <= b.length && crc32(b, CHUNK_HEADER_SIZE, free) !== u32At(b, 52)) {
    summary.dataChecksumMismatches++;
  }
}

/**
 * Decode every record of the chunk in `b` (which starts with the chunk magic; it may be shorter
 * than 64 KiB when the file is truncated). `fileOffset` and `index` locate it for error reports.
 */
export function* chunkRecords(
  b: Uint8Array,
  index: number,
  fileOffset: number,
  options: EvtxReadOptions = {},
  onSkipped?: (record: EvtxRecord) => void,
): Generator<EvtxResult> {
  const selected = compileSelect(options.select);
  if (b.length < CHUNK_HEADER_SIZE) {
    yield {
      ok: false,
      error: 'chunk truncated inside its header',
      offset: fileOffset,
      chunk: index,
      recordId: null,
    };
    return;
  }
  const ctx = newChunkContext(b);
  const free = u32At(b, 48);
  // A free-space offset outside the chunk is damage: then walk to the end of the data we have.
  const limit = free > CHUNK_HEADER_SIZE && free <= b.length ? free : b.length;
  let pos = CHUNK_HEADER_SIZE;
  // Set once the walk had to scan past damage: what follows is marked `recovered`.
  let resynced = false;
  while (pos + RECORD_OVERHEAD <= limit) {
    const size = isRecordMagic(b, pos) ? u32At(b, pos + 4) : 0;
    if (size >= RECORD_OVERHEAD && pos + size <= limit) {
      // A record whose trailing size copy is missing (a dirty log's last, half-flushed record)
      // is still decoded: its BinXML is often complete.
      const trusted = u32At(b, pos + size - 4) === size;
      const result = decodeRecord(ctx, pos, size, index, fileOffset, options, selected, onSkipped);
      if (result && resynced && result.ok) result.record.recovered = true;
      if (result) yield result;
      if (!result || result.ok || trusted) {
        pos += size;
        continue;
      }
      const next = nextPlausible(b, pos + 4, limit);
      if (next < 0) break;
      pos = next;
      resynced = true;
      continue;
    }
    if (size === 0 && !isRecordMagic(b, pos) && allZero(b, pos, Math.min(limit, pos + 64))) break; // unused space
    const recordId = isRecordMagic(b, pos) ? u64At(b, pos + 8) : null;
    const what = recordId === null ? 'no record signature' : `record size ${size} impossible`;
    yield {
      ok: false,
      error: `damaged record header: ${what}`,
      offset: fileOffset + pos,
      chunk: index,
      recordId,
    };
    const next = nextPlausible(b, pos + 4, limit);
    if (next < 0) break;
    pos = next;
    resynced = true;
  }
}

function decodeRecord(
  ctx: ReturnType<typeof newChunkContext>,
  pos: number,
  size: number,
  index: number,
  fileOffset: number,
  options: EvtxReadOptions,
  selected: ((r: EvtxRecord) => boolean) | null,
  onSkipped: ((record: EvtxRecord) => void) | undefined,
): EvtxResult | null {
  const b = ctx.bytes;
  const recordId = u64At(b, pos + 8);
  try {
    const nodes: XmlNode[] = [];
    resolveInto(ctx, parseFragment(ctx, pos + 24, pos + size - 4), [], nodes, 0);
    const ev = eventElement(nodes);
    if (!ev) throw new EvtxDecodeError('record holds no XML element');
    const record = eventFields(ev, recordId, () => filetimeAt(b, pos + 16));
    if (selected && !selected(record)) {
      onSkipped?.(record);
      return null;
    }
    if (options.xml) record.xml = renderXml(nodes, options.xml === 'line' ? 'line' : 'pretty');
    return { ok: true, record };
  } catch (err) {
    // Damaged bytes raise EvtxDecodeError; anything else would be a bug, but a bug in one record
    // must not lose the rest of the file either, so it is reported the same way, by name.
    const error = err instanceof EvtxDecodeError ? err.message : `internal: ${String(err)}`;
    return { ok: false, error, offset: fileOffset + pos, chunk: index, recordId };
  }
}
