/**
 * @module parsers/literal-search/teddy-search
 * Finds every occurrence of up to 255 literals in a byte range, ASCII-case-insensitively, with
 * the SIMD module in teddy.wat. Why: V8's regex engine searches one literal at 2+ GB/s but an
 * alternation of 30–50 (IP indicators, user agents, paths) at 0.25–0.6 GB/s, and that search was
 * most of a hunt's time. Here each literal contributes a 4-byte *window* (the rarest-looking one
 * in it) to nibble tables of one of 8 buckets; a 16-byte block costs 8 table lookups whatever
 * the number of literals, and only positions whose window could belong to some bucket are
 * compared byte by byte.
 *
 * The text is copied into the module's memory (about 0.1 s/GB) rather than scanned in place:
 * Node buffers cannot live in WebAssembly memory without tying the buffer pool to one instance.
 */
import { TEDDY_WASM_BASE64 } from './teddy-wasm.js';

const BUCKETS = 8;
const WINDOW = 4;
const MAX_LITERALS = 255;
/** Positions are packed with the literal id into one int32 sort key: pos * 256 + id. */
const MAX_TEXT = 1 << 23;
const LITERALS_AT = 512;
const DATA_AT = 16384;
/** Bytes per literal entry (see teddy.wat). */
const ENTRY = 32;
const PAGE = 65536;
const OUT_KEYS = 1 << 16;

/** The few WebAssembly JS API members used (the project compiles without the DOM typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
interface Exports {
  memory: WasmMemory;
  next: { value: number };
  scan(text: number, len: number, from: number, out: number, cap: number, reserve: number): number;
}

const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly (with SIMD) is not available. */
function module(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(Buffer.from(TEDDY_WASM_BASE64, 'base64')) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled ?? null;
}

/** How common a byte is in Exchange and IIS log lines (0 rare … 3 in most lines), case folded. */
function commonness(c: number): number {
  const ch = String.fromCharCode(c).toLowerCase();
  if (/[0-9.,:\- /]/.test(ch)) return 3;
  if (/[eatoinsr]/.test(ch)) return 3;
  if (/[a-z]/.test(ch)) return 2;
  if (/[+=&%_;()?]/.test(ch)) return 2;
  return 1;
}

/** The offset of the 4-byte window of `lit` least likely to occur by chance. */
function windowOffset(lit: Uint8Array): number {
  if (lit.length <= WINDOW) return 0;
  let best = 0;
  let bestScore = Infinity;
  for (let k = 0; k + WINDOW <= lit.length; k++) {
    let score = 0;
    for (let j = 0; j < WINDOW; j++) score += commonness(lit[k + j]!);
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}

/** ASCII-lower-cased bytes of a literal given as a Latin-1 view (one char per byte). */
function literalBytes(lit: string): Uint8Array {
  const b = Buffer.from(lit, 'latin1');
  for (let i = 0; i < b.length; i++) if (b[i]! >= 65 && b[i]! <= 90) b[i] = b[i]! | 32;
  return b;
}

export class TeddySearch {
  private readonly ex: Exports;
  private mem: Uint8Array;
  private readonly textAt: number;
  private keys = new Int32Array(1024);
  private readonly reserve: number;

  private constructor(exports: unknown, literals: readonly Uint8Array[]) {
    this.ex = exports as Exports;
    this.reserve = 16 * literals.length;
    const dataBytes = literals.reduce((n, l) => n + l.length, 0);
    this.textAt = Math.ceil((DATA_AT + dataBytes + 64) / PAGE) * PAGE;
    this.mem = new Uint8Array(this.ex.memory.buffer);
    this.ensure(this.textAt + PAGE);
    this.writeTables(literals);
  }

  /**
   * A searcher for these literals (Latin-1 views of their bytes), or null when it cannot be used
   * here (no WebAssembly SIMD, too many literals, an empty one).
   */
  static create(literals: readonly string[]): TeddySearch | null {
    if (literals.length === 0 || literals.length > MAX_LITERALS) return null;
    if (literals.some((l) => l.length === 0)) return null;
    const mod = module();
    if (mod === null) return null;
    return new TeddySearch(new wasm!.Instance(mod, {}).exports, literals.map(literalBytes));
  }

  /**
   * Every occurrence in `buf[start, stop)`, as sorted keys `(offset - start) * 256 + literal
   * index` (so `start + (key >> 8)` and `key & 255`). The array is reused by the next call.
   */
  search(buf: Uint8Array, start: number, stop: number): Int32Array {
    const len = stop - start;
    if (len <= 0) return this.keys.subarray(0, 0);
    if (len >= MAX_TEXT) throw new RangeError(`TeddySearch: text of ${len} bytes is too long`);
    const outAt = this.textAt + Math.ceil((len + 64) / 16) * 16;
    this.ensure(outAt + OUT_KEYS * 4);
    this.mem.set(buf.subarray(start, stop), this.textAt);
    this.mem.fill(0, this.textAt + len, this.textAt + len + 32);
    let n = 0;
    for (let from = 0; from >= 0;) {
      const got = this.ex.scan(this.textAt, len, from, outAt, OUT_KEYS, this.reserve);
      if (n + got > this.keys.length) {
        const bigger = new Int32Array(Math.max(this.keys.length * 2, n + got));
        bigger.set(this.keys.subarray(0, n));
        this.keys = bigger;
      }
      this.keys.set(new Int32Array(this.ex.memory.buffer, outAt, got), n);
      n += got;
      from = this.ex.next.value;
    }
    return this.keys.subarray(0, n).sort();
  }

  private ensure(bytes: number): void {
    const have = this.ex.memory.buffer.byteLength;
    if (bytes > have) this.ex.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.mem.buffer !== this.ex.memory.buffer || this.mem.length !== this.ex.memory.buffer.byteLength)
      this.mem = new Uint8Array(this.ex.memory.buffer);
  }

  /** Buckets (literals sorted by window, cut into 8 runs), nibble masks and the literal table. */
  private writeTables(literals: readonly Uint8Array[]): void {
    const mem = this.mem;
    const view = new DataView(this.ex.memory.buffer);
    const entries = literals.map((bytes, id) => {
      const k = windowOffset(bytes);
      return { id, bytes, k, window: Buffer.from(bytes.subarray(k, k + WINDOW)).toString('latin1') };
    });
    entries.sort((a, b) => (a.window < b.window ? -1 : a.window > b.window ? 1 : a.id - b.id));
    mem.fill(0, 0, LITERALS_AT);
    let dataAt = DATA_AT;
    const per = Math.ceil(entries.length / BUCKETS);
    entries.forEach((e, index) => {
      const bucket = Math.floor(index / per);
      const bit = 1 << bucket;
      for (let w = 0; w < WINDOW; w++) {
        const lo = w * 32;
        const hi = lo + 16;
        if (w >= e.bytes.length - e.k) {
          // A literal shorter than the window: any byte may follow it.
          for (let n = 0; n < 16; n++) {
            mem[lo + n]! |= bit;
            mem[hi + n]! |= bit;
          }
          continue;
        }
        const c = e.bytes[e.k + w]!;
        mem[lo + (c & 15)]! |= bit;
        mem[hi + (c >> 4)]! |= bit;
        if (c >= 97 && c <= 122) mem[hi + ((c - 32) >> 4)]! |= bit;
      }
      const slot = LITERALS_AT + index * ENTRY;
      view.setInt32(slot, e.k, true);
      view.setInt32(slot + 4, e.bytes.length, true);
      view.setInt32(slot + 8, dataAt, true);
      view.setInt32(slot + 12, e.id, true);
      // The window's bytes with bit 5 set, and which of them the literal fixes (a literal
      // shorter than the window leaves the rest free).
      let word = 0;
      let mask = 0;
      for (let w = 0; w < WINDOW && e.k + w < e.bytes.length; w++) {
        word |= (e.bytes[e.k + w]! | 0x20) << (8 * w);
        mask |= 0xff << (8 * w);
      }
      view.setInt32(slot + 16, word, true);
      view.setInt32(slot + 20, mask, true);
      mem.set(e.bytes, dataAt);
      dataAt += e.bytes.length;
      const b = 256 + bucket * 8;
      if (view.getInt32(b + 4, true) === 0) view.setInt32(b, index, true);
      view.setInt32(b + 4, view.getInt32(b + 4, true) + 1, true);
    });
  }
}
