/**
 * @module parsers/evtx/value-types
 * Substitution values → text, the way Windows renders them: decimal integers, `0x…` for the hex
 * types and size_t, `{GUID}`, `S-1-…` SIDs, ISO 8601 times, upper-case hex for binary. The 0x80
 * bit makes any type an array; array items are joined with `, `.
 */
import { u16At, u32At } from './byte-cursor.js';
import { fail } from './decode-error.js';
import { guidAt, hexBytes, sidAt } from './guid-and-sid.js';
import { utf16At, utf16Value } from './utf16.js';
import { filetimeAt, systemtimeAt } from './windows-time.js';

export const VALUE = {
  NULL: 0x00,
  STRING: 0x01,
  ANSI_STRING: 0x02,
  INT8: 0x03,
  UINT8: 0x04,
  INT16: 0x05,
  UINT16: 0x06,
  INT32: 0x07,
  UINT32: 0x08,
  INT64: 0x09,
  UINT64: 0x0a,
  REAL32: 0x0b,
  REAL64: 0x0c,
  BOOL: 0x0d,
  BINARY: 0x0e,
  GUID: 0x0f,
  SIZE_T: 0x10,
  FILETIME: 0x11,
  SYSTEMTIME: 0x12,
  SID: 0x13,
  HEX_INT32: 0x14,
  HEX_INT64: 0x15,
  EVT_HANDLE: 0x20,
  BINXML: 0x21,
  EVT_XML: 0x23,
  ARRAY: 0x80,
} as const;

/** Fixed item sizes, for splitting arrays. */
const ITEM_SIZE: Partial<Record<number, number>> = {
  [VALUE.INT8]: 1,
  [VALUE.UINT8]: 1,
  [VALUE.INT16]: 2,
  [VALUE.UINT16]: 2,
  [VALUE.INT32]: 4,
  [VALUE.UINT32]: 4,
  [VALUE.INT64]: 8,
  [VALUE.UINT64]: 8,
  [VALUE.REAL32]: 4,
  [VALUE.REAL64]: 8,
  [VALUE.BOOL]: 4,
  [VALUE.GUID]: 16,
  [VALUE.FILETIME]: 8,
  [VALUE.SYSTEMTIME]: 16,
  [VALUE.HEX_INT32]: 4,
  [VALUE.HEX_INT64]: 8,
};

let scratch = new DataView(new ArrayBuffer(8));

function int64(b: Uint8Array, o: number, signed: boolean): string {
  const lo = u32At(b, o);
  const hi = u32At(b, o + 4);
  // Below 2^53 a double is exact and far faster than BigInt.
  if (hi < 0x200000) return String(hi * 4294967296 + lo);
  if (!signed || hi < 0x80000000) return (BigInt(hi) * 4294967296n + BigInt(lo)).toString();
  return BigInt.asIntN(64, BigInt(hi) * 4294967296n + BigInt(lo)).toString();
}

function hex64(b: Uint8Array, o: number): string {
  const lo = u32At(b, o);
  const hi = u32At(b, o + 4);
  return hi === 0 ? `0x${lo.toString(16)}` : `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`;
}

function real(b: Uint8Array, o: number, size: 4 | 8): string {
  if (scratch.byteLength < 8) scratch = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < size; i++) scratch.setUint8(i, b[o + i]!);
  return String(size === 4 ? scratch.getFloat32(0, true) : scratch.getFloat64(0, true));
}

/** Render one scalar of `type` at `o` whose size is `size` bytes. */
function scalar(b: Uint8Array, type: number, o: number, size: number): string {
  const need = ITEM_SIZE[type];
  if (need !== undefined && size < need)
    fail(`value of type 0x${type.toString(16)} has ${size} bytes, needs ${need}`);
  switch (type) {
    case VALUE.NULL:
      return '';
    case VALUE.STRING:
      return utf16Value(b, o, size);
    case VALUE.ANSI_STRING: {
      let end = o + size;
      while (end > o && b[end - 1] === 0) end--;
      let s = '';
      for (let i = o; i < end; i++) s += String.fromCharCode(b[i]!);
      return s;
    }
    case VALUE.INT8:
      return String((b[o]! << 24) >> 24);
    case VALUE.UINT8:
      return String(b[o]!);
    case VALUE.INT16:
      return String((u16At(b, o) << 16) >> 16);
    case VALUE.UINT16:
      return String(u16At(b, o));
    case VALUE.INT32:
      return String(u32At(b, o) | 0);
    case VALUE.UINT32:
      return String(u32At(b, o));
    case VALUE.INT64:
      return int64(b, o, true);
    case VALUE.UINT64:
      return int64(b, o, false);
    case VALUE.REAL32:
      return real(b, o, 4);
    case VALUE.REAL64:
      return real(b, o, 8);
    case VALUE.BOOL:
      // Any non-zero value is true (logs with irregular bools exist).
      return u32At(b, o) !== 0 ? 'true' : 'false';
    case VALUE.BINARY:
    case VALUE.EVT_HANDLE:
      return hexBytes(b, o, size);
    case VALUE.GUID:
      return guidAt(b, o);
    case VALUE.SIZE_T:
    case VALUE.HEX_INT64:
      if (size === 4) return `0x${u32At(b, o).toString(16)}`;
      if (size < 8) fail(`size_t value of ${size} bytes`);
      return hex64(b, o);
    case VALUE.HEX_INT32:
      return `0x${u32At(b, o).toString(16)}`;
    case VALUE.FILETIME:
      return filetimeAt(b, o)?.iso ?? hex64(b, o);
    case VALUE.SYSTEMTIME:
      return systemtimeAt(b, o)?.iso ?? hexBytes(b, o, 16);
    case VALUE.SID:
      return sidAt(b, o, size);
    case VALUE.EVT_XML:
      return utf16Value(b, o, size);
    default:
      return fail(`unknown value type 0x${type.toString(16)}`);
  }
}

/** Render a non-BinXML substitution value as text (array items joined with `, `). */
export function renderValue(b: Uint8Array, type: number, o: number, size: number): string {
  if (size === 0) return '';
  if (!(type & VALUE.ARRAY)) return scalar(b, type, o, size);
  return renderItems(b, type, o, size).join(', ');
}

/** Render an array value (type with the 0x80 bit) as its items. */
export function renderItems(b: Uint8Array, type: number, o: number, size: number): string[] {
  const item = type & ~VALUE.ARRAY;
  const parts: string[] = [];
  if (item === VALUE.STRING) {
    // NUL-terminated UTF-16 strings, back to back.
    let start = o;
    const end = o + (size & ~1);
    for (let i = o; i < end; i += 2) {
      if (b[i] === 0 && b[i + 1] === 0) {
        parts.push(utf16At(b, start, (i - start) >>> 1));
        start = i + 2;
      }
    }
    if (start < end) parts.push(utf16At(b, start, (end - start) >>> 1));
    return parts;
  }
  if (item === VALUE.SID) {
    for (let p = o; p + 8 <= o + size;) {
      const sidSize = 8 + 4 * b[p + 1]!;
      parts.push(sidAt(b, p, Math.min(sidSize, o + size - p)));
      p += sidSize;
    }
    return parts;
  }
  const step = item === VALUE.SIZE_T ? (size % 8 === 0 ? 8 : 4) : ITEM_SIZE[item];
  if (step === undefined) fail(`array of value type 0x${item.toString(16)}`);
  for (let p = o; p + step <= o + size; p += step) parts.push(scalar(b, item, p, step));
  return parts;
}
