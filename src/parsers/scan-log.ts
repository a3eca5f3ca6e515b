/**
 * @module parsers/scan-log
 * The byte-level log scanner behind every Exchange CSV and IIS W3C log.
 *
 * How it goes: read the file into one reused buffer (256 KiB + the longest line allowed), cut it at
 * the last newline, and walk the complete lines with `indexOf(10)`. Per line only the first byte
 * is looked at: `#` starts a directive (`#Fields:` sets the layout, other `#Name: value` lines
 * are metadata; a `#` anywhere else is data, as in the ProxyLogon AnchorMailbox values that end
 * in `#`), a digit starts a data line, anything else is a bare header line or damage. Data lines
 * are counted for coverage; only those that contain one of the prefilter literals (one regex
 * pass per chunk, see literal-prefilter.ts) are split into fields and handed to `onRecord`.
 * Time coverage comes from the first data line of the file, the last data line of each chunk
 * and every record emitted.
 *
 * Bad input never throws: NUL bytes (binary garbage), lines of the wrong column count, a line
 * longer than `maxLineBytes`, a truncated last line, a file that cannot be read all become
 * counted ParseIssues, merged per damaged region, and the rest of the file still counts. Memory
 * is bounded by the buffer whatever the file or line size.
 */
import type { ByteReader } from '../evidence/index.js';
import { acquireBuffer, releaseBuffer } from './buffer-pool.js';
import { LineScanner } from './line-scanner.js';
import type { ScanOptions, ScanResult } from './scan-types.js';

/**
 * Read size. Small enough that a chunk stays in the core's L2 cache through the SIMD copy and
 * search and the line walk that follow the read: with two scanning threads, 4 MiB chunks sent
 * every pass to memory and made the 1 GB bench ~9% slower than 256 KiB.
 */
const DEFAULT_CHUNK = 256 * 1024;

/**
 * Bytes read synchronously between two turns of the event loop. A synchronous read resolves its
 * `await` as a microtask, so a whole file would otherwise be scanned without one: a hunt's main
 * thread, which scans too, then answered its workers (who wait for their next file) only between
 * files, up to ~50 ms late for a large one.
 */
const YIELD_BYTES = 4 * 1024 * 1024;

/**
 * Scan one log from a reader. Resolves with coverage, issues and the build history; never
 * rejects on bad data (only a bug in `onRecord` propagates). Closes the reader.
 */
export async function scanLog(reader: ByteReader, options: ScanOptions): Promise<ScanResult> {
  const scan = new LineScanner(options);
  if (options.kind === 'event') {
    // Event logs are binary (EVTX) or JSON: they have their own readers.
    scan.issues.file(
      'unknown-format',
      null,
      'event logs are read by the EVTX or JSON event readers, not the text log scanner',
    );
    await reader.close().catch(() => {});
    return scan.result();
  }
  const maxLine = scan.maxLine;
  // Room for one chunk after a carried partial line of up to maxLine bytes; in the SIMD search's
  // memory when it is free, so that each chunk is searched where it was read, not copied there.
  const size = (options.chunkBytes ?? DEFAULT_CHUNK) + maxLine + 1;
  const leased = scan.leaseReadBuffer(size);
  const buf = leased ?? acquireBuffer(size);
  let filled = 0;
  let first = true;
  let skipping = false;
  // Absolute file offset of buf[0]; the byte range this scan owns (lines starting inside it).
  let base = 0;
  const rangeStart = options.range?.start ?? 0;
  const rangeEnd = options.range?.end ?? Infinity;
  let sinceYield = 0;
  try {
    for (;;) {
      if (sinceYield >= YIELD_BYTES) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const n = await readSome(reader, buf, filled);
      if (reader.readSync) sinceYield += n;
      if (n < 0) {
        scan.issues.file('unreadable', scan.lineNo || null, `read failed: ${readError(reader)}`);
        break;
      }
      const eof = n === 0;
      const end = filled + n;
      const view = buf.subarray(0, end);
      scan.bytes += n;
      let start = 0;
      if (first && end > 0) {
        first = false;
        const head = sniff(view);
        if (head.reject) {
          scan.issues.file('unknown-format', null, head.reject);
          break;
        }
        start = head.skip;
      }
      if (skipping) {
        const nl = view.indexOf(10, start);
        if (nl < 0) {
          base += end;
          filled = 0;
          if (eof) break;
          continue;
        }
        skipping = false;
        start = nl + 1;
      }
      let stop = end;
      if (!eof) {
        const lastNl = view.lastIndexOf(10);
        stop = lastNl >= start ? lastNl + 1 : start;
      }
      // Lines before the range only set the layout and the line count; lines from its end on
      // belong to the next range.
      const mainStart = lineStartAt(view, start, stop, rangeStart - base);
      const mainStop = lineStartAt(view, start, stop, rangeEnd - base);
      if (mainStart > start) scan.prefix(view, start, mainStart);
      if (mainStop > mainStart) scan.range(view, mainStart, mainStop, eof && mainStop === end);
      if (eof || mainStop < stop) break;
      const carry = end - stop;
      if (carry > maxLine) {
        if (base + stop >= rangeEnd) break;
        scan.tooLong(base + stop < rangeStart);
        skipping = true;
        base += end;
        filled = 0;
        continue;
      }
      buf.copyWithin(0, stop, end);
      base += stop;
      filled = carry;
    }
  } finally {
    // Records expire when their callback returns, so no one holds the buffer's bytes now.
    if (leased) scan.releaseReadBuffer(leased);
    else releaseBuffer(buf);
    await reader.close().catch(() => {});
  }
  return scan.result();
}

const readErrors = new WeakMap<ByteReader, string>();

/**
 * Read into `buf` after `filled`; -1 when the medium fails (a damaged zip entry, a disk error).
 * Only reads are guarded: an exception from `onRecord` is a bug in the caller and propagates.
 */
async function readSome(reader: ByteReader, buf: Buffer, filled: number): Promise<number> {
  try {
    return reader.readSync
      ? reader.readSync(buf, filled, buf.length - filled)
      : await reader.read(buf, filled, buf.length - filled);
  } catch (error) {
    readErrors.set(reader, error instanceof Error ? error.message : String(error));
    return -1;
  }
}

function readError(reader: ByteReader): string {
  return readErrors.get(reader) ?? 'unknown error';
}

/** The first line start at or after `offset` within whole lines `[start, stop)`, clamped. */
function lineStartAt(view: Buffer, start: number, stop: number, offset: number): number {
  if (offset <= start) return start;
  if (offset >= stop) return stop;
  if (view[offset - 1] === 10) return offset;
  const nl = view.indexOf(10, offset);
  return nl < 0 || nl >= stop ? stop : nl + 1;
}

/** First bytes of a file: skip a UTF-8 BOM, refuse UTF-16 and compressed or binary formats. */
function sniff(view: Buffer): { skip: number; reject?: string } {
  if (view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf) return { skip: 3 };
  if ((view[0] === 0xff && view[1] === 0xfe) || (view[0] === 0xfe && view[1] === 0xff)) {
    return { skip: 0, reject: 'UTF-16 text: not an Exchange or IIS text log' };
  }
  if (view[0] === 0x1f && view[1] === 0x8b) return { skip: 0, reject: 'gzip-compressed file' };
  if (view[0] === 0x50 && view[1] === 0x4b && view[2] === 0x03) return { skip: 0, reject: 'zip archive' };
  return { skip: 0 };
}
