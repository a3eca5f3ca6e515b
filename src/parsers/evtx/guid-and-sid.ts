/**
 * @module parsers/evtx/guid-and-sid
 * GUIDs as Windows renders them (`{XXXXXXXX-XXXX-…}`, upper case) and SIDs as `S-1-5-21-…`.
 */
import { u32At } from './byte-cursor.js';
import { fail } from './decode-error.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

function hexRun(b: Uint8Array, from: number, to: number, step: 1 | -1): string {
  let s = '';
  for (let i = from; i !== to; i += step) s += HEX[b[i]!]!;
  return s;
}

/** The 16-byte GUID at `o` (caller checked bounds). */
export function guidAt(b: Uint8Array, o: number): string {
  return (
    `{${hexRun(b, o + 3, o - 1, -1)}-${hexRun(b, o + 5, o + 3, -1)}-${hexRun(b, o + 7, o + 5, -1)}-` +
    `${hexRun(b, o + 8, o + 10, 1)}-${hexRun(b, o + 10, o + 16, 1)}}`
  );
}

/** The SID at `o` within a value of `size` bytes. */
export function sidAt(b: Uint8Array, o: number, size: number): string {
  if (size < 8) fail('SID shorter than 8 bytes');
  const revision = b[o]!;
  const count = b[o + 1]!;
  if (8 + 4 * count > size) fail(`SID with ${count} sub-authorities does not fit in ${size} bytes`);
  // The 48-bit authority is big-endian.
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + b[o + i]!;
  let s = `S-${revision}-${authority}`;
  for (let i = 0; i < count; i++) s += `-${u32At(b, o + 8 + 4 * i)}`;
  return s;
}

/** Upper-case hex of a byte range, as Windows renders binary values. */
export function hexBytes(b: Uint8Array, o: number, size: number): string {
  return hexRun(b, o, o + size, 1);
}
