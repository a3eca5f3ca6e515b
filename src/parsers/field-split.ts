/**
 * @module parsers/field-split
 * Field boundaries of one line, computed on bytes. No strings are made here: boundaries go into
 * a reused Int32Array as (start, end) pairs, and only the fields a rule asks for get decoded.
 */

const MAX_INT = 0x7fffffff;

/**
 * Split a CSV line (RFC 4180: a field that starts with `"` runs to the closing quote, `""` is a
 * literal quote; a quote elsewhere is literal; `#` is ordinary). Returns the field count, or -1
 * when the line has more fields than `bounds` can hold. With `limit`, stops after that many fields.
 */
export function splitCsv(
  buf: Uint8Array,
  start: number,
  end: number,
  bounds: Int32Array,
  limit = MAX_INT,
): number {
  const max = bounds.length >> 1;
  let n = 0;
  let fieldStart = start;
  let inQuotes = false;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x22) {
      if (inQuotes) {
        if (i + 1 < end && buf[i + 1] === 0x22) i++;
        else inQuotes = false;
      } else if (i === fieldStart) inQuotes = true;
    } else if (c === 0x2c && !inQuotes) {
      if (n >= max) return -1;
      bounds[n * 2] = fieldStart;
      bounds[n * 2 + 1] = i;
      n++;
      fieldStart = i + 1;
      if (n >= limit) return n;
    }
  }
  if (n >= max) return -1;
  bounds[n * 2] = fieldStart;
  bounds[n * 2 + 1] = end;
  return n + 1;
}

/** Split a W3C line on single spaces (IIS writes spaces inside values as `+`). */
export function splitSpaces(buf: Uint8Array, start: number, end: number, bounds: Int32Array): number {
  const max = bounds.length >> 1;
  let n = 0;
  let fieldStart = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === 0x20) {
      if (n >= max) return -1;
      bounds[n * 2] = fieldStart;
      bounds[n * 2 + 1] = i;
      n++;
      fieldStart = i + 1;
    }
  }
  if (n >= max) return -1;
  bounds[n * 2] = fieldStart;
  bounds[n * 2 + 1] = end;
  return n + 1;
}

/** Decode one CSV field: strip the enclosing quotes and undo `""` doubling. */
export function decodeCsvField(buf: Buffer, start: number, end: number): string {
  if (end - start >= 2 && buf[start] === 0x22 && buf[end - 1] === 0x22) {
    const inner = buf.toString('utf8', start + 1, end - 1);
    return inner.includes('""') ? inner.replace(/""/g, '"') : inner;
  }
  if (end - start === 1 && buf[start] === 0x22) return '';
  return buf.toString('utf8', start, end);
}
