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
  let i = start;
  while (i < end) {
    const c = buf[i]!;
    if (c === 0x2c) {
      if (n >= max) return -1;
      bounds[n * 2] = fieldStart;
      bounds[n * 2 + 1] = i;
      n++;
      fieldStart = ++i;
      if (n >= limit) return n;
    } else if (c === 0x22 && i === fieldStart) {
      i = closingQuote(buf, i + 1, end) + 1;
    } else i++;
  }
  if (n >= max) return -1;
  bounds[n * 2] = fieldStart;
  bounds[n * 2 + 1] = end;
  return n + 1;
}

/**
 * Offset of the quote that closes a quoted field opened before `from` (skipping `""` pairs), or
 * `end` when it is never closed. Jumps with the native search: quoted fields (user agents,
 * GenericInfo) are the long ones.
 */
function closingQuote(buf: Uint8Array, from: number, end: number): number {
  const view = buf.subarray(from, end);
  let q = 0;
  for (;;) {
    q = view.indexOf(0x22, q);
    if (q < 0) return end;
    if (q + 1 < view.length && view[q + 1] === 0x22) q += 2;
    else return from + q;
  }
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
