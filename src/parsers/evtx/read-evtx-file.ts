/**
 * @module parsers/evtx/read-evtx-file
 * The file-reading layer: walks an `.evtx` file 1 MiB (16 chunks) at a time with one reused
 * buffer, so memory stays bounded whatever the file size, and hands each 64 KiB slot to the pure
 * decoder. A file that cannot be opened or read ends with a one-line `failure`, never a throw.
 */
import { open } from 'node:fs/promises';
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

/** An EVTX file being read: iterate it for results; read `summary` and `failure` afterwards. */
export class EvtxFile implements AsyncIterable<EvtxResult> {
  summary: EvtxSummary = emptySummary(0);
  /** Why the file could not be read (or read to the end), or null. */
  failure: string | null = null;

  constructor(
    readonly path: string,
    readonly options: EvtxReadOptions = {},
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<EvtxResult> {
    let fh;
    try {
      fh = await open(this.path, 'r');
    } catch (err) {
      this.failure = `cannot open: ${reason(err)}`;
      return;
    }
    try {
      const { size } = await fh.stat();
      this.summary = emptySummary(size);
      const buf = new Uint8Array(BATCH_CHUNKS * CHUNK_SIZE);
      const head = await fh.read(buf, 0, Math.min(FILE_HEADER_SIZE, size), 0);
      this.summary.header = parseFileHeader(buf.subarray(0, head.bytesRead));
      let offset = FILE_HEADER_SIZE;
      let index = 0;
      while (offset < size) {
        const want = Math.min(buf.length, size - offset);
        const { bytesRead } = await fh.read(buf, 0, want, offset);
        if (bytesRead === 0) break;
        for (let at = 0; at < bytesRead; at += CHUNK_SIZE, index++) {
          const slot = buf.subarray(at, Math.min(at + CHUNK_SIZE, bytesRead));
          if (slot.length < CHUNK_SIZE && slot.length < MIN_PARTIAL_CHUNK) {
            this.summary.trailingBytes = slot.length;
            break;
          }
          yield* slotResults(slot, index, offset + at, this.options, this.summary);
        }
        offset += bytesRead;
      }
      if (!this.summary.header && this.summary.chunks === 0) {
        this.failure = 'not an EVTX file (no ElfFile header and no ElfChnk chunk)';
      }
    } catch (err) {
      this.failure = `read failed: ${reason(err)}`;
    } finally {
      await fh.close().catch(() => undefined);
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
  return new EvtxFile(path, options);
}
