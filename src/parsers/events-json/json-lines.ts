/**
 * @module parsers/events-json/json-lines
 * Lines of a sequential byte source, with bounded memory: a line longer than the limit is
 * skipped to its end and reported as too long instead of being buffered.
 */
import type { ByteReader } from '../../evidence/index.js';

export const MAX_LINE_BYTES = 16 * 1024 * 1024;
const READ_SIZE = 1024 * 1024;
const DECODER = new TextDecoder('utf-8');

export type Line = { line: number; text: string } | { line: number; tooLong: true };

export async function* readLines(reader: ByteReader, maxLine = MAX_LINE_BYTES): AsyncGenerator<Line> {
  const buf = new Uint8Array(READ_SIZE);
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let skipping = false;
  let line = 0;
  const take = (tail: Uint8Array): Line => {
    line++;
    if (skipping) {
      skipping = false;
      parts = [];
      partBytes = 0;
      return { line, tooLong: true };
    }
    let bytes = tail;
    if (parts.length > 0) {
      bytes = new Uint8Array(partBytes + tail.length);
      let o = 0;
      for (const p of parts) {
        bytes.set(p, o);
        o += p.length;
      }
      bytes.set(tail, o);
      parts = [];
      partBytes = 0;
    }
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
    return { line, text: DECODER.decode(bytes.subarray(0, end)) };
  };
  for (;;) {
    const n = await reader.read(buf, 0, buf.length);
    if (n <= 0) break;
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl >= 0 && nl < n; nl = buf.indexOf(0x0a, start)) {
      yield take(buf.subarray(start, nl));
      start = nl + 1;
    }
    if (start < n && !skipping) {
      if (partBytes + (n - start) > maxLine) skipping = true;
      else {
        parts.push(buf.slice(start, n));
        partBytes += n - start;
      }
    }
  }
  if (partBytes > 0 || skipping) yield take(new Uint8Array(0));
}
