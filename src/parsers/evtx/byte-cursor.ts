/**
 * @module parsers/evtx/byte-cursor
 * Little-endian reads over a Uint8Array with a hard end: every read past `end` raises an
 * `EvtxDecodeError`, so damaged sizes and offsets become a counted record error, not garbage.
 */
import { fail } from './decode-error.js';

/** Read an unsigned 16-bit little-endian value (no bounds check: callers check). */
export function u16At(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

/** Read an unsigned 32-bit little-endian value (no bounds check: callers check). */
export function u32At(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** Read an unsigned 64-bit value as a number; exact below 2^53, which covers every count here. */
export function u64At(b: Uint8Array, o: number): number {
  return u32At(b, o + 4) * 4294967296 + u32At(b, o);
}

export class ByteCursor {
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    public end: number,
  ) {}

  need(n: number): void {
    if (n < 0 || this.pos + n > this.end)
      fail(`truncated: need ${n} bytes at offset 0x${this.pos.toString(16)}`);
  }

  u8(): number {
    if (this.pos >= this.end) fail(`truncated at offset 0x${this.pos.toString(16)}`);
    return this.b[this.pos++]!;
  }

  peek(): number {
    if (this.pos >= this.end) fail(`truncated at offset 0x${this.pos.toString(16)}`);
    return this.b[this.pos]!;
  }

  u16(): number {
    this.need(2);
    const v = u16At(this.b, this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = u32At(this.b, this.pos);
    this.pos += 4;
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
}
