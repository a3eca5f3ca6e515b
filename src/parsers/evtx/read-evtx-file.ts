/**
 * @module parsers/evtx/read-evtx-file
 * The reading layer: walks an `.evtx` source 1 MiB (16 chunks) at a time with one reused buffer,
 * so memory stays bounded whatever the file size, and hands each 64 KiB slot to the pure decoder.
 * The source is a path, or any sequential `ByteReader` from an evidence root (a zip entry reads
 * the same way). A source that cannot be opened or read ends with a one-line `failure`, never a
 * throw, and keeps the results read before it.
 */
import { open } from 'node:fs/promises';
import { type ByteReader, fileHandleReader } from '../../evidence/index.js';
import { CHUNK_SIZE, FILE_HEADER_SIZE, parseFileHeader } from './file-header.js';
import { slotResults } from './chunk-slot.js';
import { type EvtxReadOptions, type EvtxResult, type EvtxSummary, emptySummary } from './types.js';

const BATCH_CHUNKS = 16;
const MIN_PARTIAL_CHUNK = 0x200 + 28;

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const message = String(e?.message ?? err).split('\n')[0]!;
  return e?.code && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
}

/** Read until `length` bytes or the end: sequential readers may return short reads. */
async function fill(reader: ByteReader, buf: Uint8Array, length: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const n = await reader.read(buf, got, length - got);
    if (n <= 0) break;
    got += n;
  }
  return got;
}

/** A reader over a file on disk (the evidence module's handle reader). */
async function openFile(path: string): Promise<ByteReader> {
  return fileHandleReader(await open(path, 'r'));
}

/** An EVTX source being read: iterate it for results; read `summary` and `failure` afterwards. */
export class EvtxFile implements AsyncIterable<EvtxResult> {
  summary: EvtxSummary = emptySummary(0);
  /** Why the source could not be read (or read to the end), or null. */
  failure: string | null = null;

  constructor(
    private readonly source: () => Promise<ByteReader>,
    readonly options: EvtxReadOptions = {},
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<EvtxResult> {
    let reader: ByteReader;
    try {
      reader = await this.source();
    } catch (err) {
      this.failure = `cannot open: ${reason(err)}`;
      return;
    }
    const summary = (this.summary = emptySummary(0));
    try {
      const buf = new Uint8Array(BATCH_CHUNKS * CHUNK_SIZE);
      const head = await fill(reader, buf, FILE_HEADER_SIZE);
      summary.bytes = head;
      summary.header = parseFileHeader(buf.subarray(0, head));
      let offset = head;
      let index = 0;
      while (head === FILE_HEADER_SIZE) {
        const got = await fill(reader, buf, buf.length);
        if (got === 0) break;
        summary.bytes += got;
        for (let at = 0; at < got; at += CHUNK_SIZE, index++) {
          const slot = buf.subarray(at, Math.min(at + CHUNK_SIZE, got));
          if (slot.length < CHUNK_SIZE && slot.length < MIN_PARTIAL_CHUNK) {
            summary.trailingBytes = slot.length;
            break;
          }
          yield* slotResults(slot, index, offset + at, this.options, summary);
        }
        offset += got;
        if (got < buf.length) break;
      }
      if (!summary.header && summary.chunks === 0) {
        this.failure = 'not an EVTX file (no ElfFile header and no ElfChnk chunk)';
      }
    } catch (err) {
      this.failure = `read failed: ${reason(err)}`;
    } finally {
      await reader.close().catch(() => undefined);
    }
  }
}

/**
 * Read one `.evtx` file as a stream of results.
 *
 * @example
 * const file = readEvtxFile('Security.evtx');
 * for await (const r of file) if (r.ok) console.log(r.record.eventId);
 * console.log(file.summary.records, file.summary.errors, file.failure);
 */
export function readEvtxFile(path: string, options: EvtxReadOptions = {}): EvtxFile {
  return new EvtxFile(() => openFile(path), options);
}

/**
 * Read EVTX bytes from a sequential `ByteReader` (e.g. `root.open(entry)` of an evidence root).
 * The reader is closed at the end.
 */
export function readEvtxReader(reader: ByteReader, options: EvtxReadOptions = {}): EvtxFile {
  return new EvtxFile(async () => reader, options);
}
