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
 * The text is copied into the module's memory (about 0.03-0.04 s/GB), unless the caller read it
 * there in the first place (`lease`: one read buffer at a time inside the module's memory, which
 * then never grows while it is out, so the buffer stays valid).
 *
 * The text stays there after a search, so the caller can also check *clause programs* on parts
 * of it (`holds`, `word`, `line`): whether literals occur, in order, in a line or a word, without
 * turning the line into a JavaScript string. Hits of frequent anchors (tens of thousands per IIS
 * file) are judged that way.
 */
import { TEDDY_WASM_BASE64 } from './teddy-wasm.js';
import { instantiate, lazyWasmModule, newWasmMemory, WASM_PAGE, type WasmMemory } from './wasm-module.js';

const BUCKETS = 8;
const WINDOW = 4;
const MAX_LITERALS = 255;
/** Positions are packed with the literal id into one int32 sort key: pos * 256 + id. */
const MAX_TEXT = 1 << 23;
/** Offsets in a searcher's tables (see teddy.wat): nibble masks, buckets, then literal entries. */
const LITERALS_AT = 512;
/** Arena layout: shared scratch below TABLES_AT, searchers' tables up to TEXT_AT, then the text. */
const TABLES_AT = 256;
const TEXT_AT = 1 << 20;
/** Bytes per literal entry (see teddy.wat). */
const ENTRY = 32;
const OUT_KEYS = 1 << 16;

interface Exports {
  next: { value: number };
  scan(
    tab: number,
    text: number,
    len: number,
    from: number,
    out: number,
    cap: number,
    reserve: number,
  ): number;
  holds(prog: number, from: number, to: number): number;
  line(at: number, lo: number, hi: number): number;
  word(prog: number, blank: number, at: number, lo: number, hi: number): number;
}

/**
 * A conjunction checked on bytes: every clause must hold, a clause by any of its sequences, a
 * sequence by its literals occurring in this order (ASCII case folded; literals lower-case
 * ASCII, none empty). With `blank`, it is checked on one word, which must not be any of those
 * (see `word`).
 */
export interface ClauseProgram {
  readonly clauses: readonly (readonly (readonly string[])[])[];
  readonly blank?: readonly string[];
}

/** Where `line` and `word` leave the bounds they found (i32 index into the memory). */
const BOUNDS_I32 = 144 / 4;

/** The compiled module, or null where WebAssembly (with SIMD) is not available. */
const module = lazyWasmModule(TEDDY_WASM_BASE64);

/** How common a byte is in Exchange and IIS log lines (0 rare … 3 in most lines), case folded. */
function commonness(c: number): number {
  const ch = String.fromCharCode(c).toLowerCase();
  if (/[0-9.,:\- /]/.test(ch)) return 3;
  if (/[eatoinsr]/.test(ch)) return 3;
  if (/[a-z]/.test(ch)) return 2;
  if (/[+=&%_;()?]/.test(ch)) return 2;
  return 1;
}

/**
 * `commonness` of every byte value, computed once: the window choice asks it four times per
 * offset of every literal (user-agent literals run to 100 bytes), a few ms per searcher.
 */
let COMMONNESS: Uint8Array | null = null;
function commonnessOf(c: number): number {
  COMMONNESS ??= Uint8Array.from({ length: 256 }, (_, b) => commonness(b));
  return COMMONNESS[c]!;
}

/** The offset of the 4-byte window of `lit` least likely to occur by chance. */
function windowOffset(lit: Uint8Array): number {
  if (lit.length <= WINDOW) return 0;
  let best = 0;
  let bestScore = Infinity;
  for (let k = 0; k + WINDOW <= lit.length; k++) {
    let score = 0;
    for (let j = 0; j < WINDOW; j++) score += commonnessOf(lit[k + j]!);
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

/**
 * The WebAssembly memory the searchers of one thread share: their tables side by side, and one
 * text region (a hunt thread uses a searcher per log kind, eight or so; with a memory each, every
 * one grew its own text region, ~1.6 MB of fresh pages per searcher and thread, and a page fault
 * costs ~13 us on this VM: ~40 ms per thread). One text at a time: a search copies its text
 * there, or reads it there when it was read into the lent buffer (`lease`).
 */
class Arena {
  readonly memory: WasmMemory;
  mem: Uint8Array;
  i32: Int32Array;
  readonly textAt = TEXT_AT;
  /** Size of the read buffer lent out at `textAt` (0: none). */
  leased = 0;
  private tablesEnd = TABLES_AT;

  constructor() {
    this.memory = newWasmMemory(TEXT_AT / WASM_PAGE + 1);
    this.mem = new Uint8Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /** Room for a searcher's tables (16-byte aligned), or -1 when this arena has none left. */
  alloc(bytes: number): number {
    const at = this.tablesEnd;
    if (at + bytes > TEXT_AT) return -1;
    this.tablesEnd = Math.ceil((at + bytes) / 16) * 16;
    return at;
  }

  /** Memory of at least `bytes`; never grows while a buffer is lent (that would detach it). */
  ensure(bytes: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      if (this.leased > 0) return false;
      this.memory.grow(Math.ceil((bytes - have) / WASM_PAGE));
    }
    if (this.mem.buffer !== this.memory.buffer) {
      this.mem = new Uint8Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    return true;
  }
}

let arena: Arena | null = null;

/** This thread's arena with room for `bytes` of tables, and where they go. */
function tablesFor(bytes: number): { arena: Arena; tab: number } {
  let tab = arena?.alloc(bytes) ?? -1;
  if (arena === null || tab < 0) {
    arena = new Arena();
    tab = arena.alloc(bytes);
  }
  return { arena, tab };
}

export class TeddySearch {
  private readonly ex: Exports;
  private readonly arena: Arena;
  /** Where this searcher's tables start in the arena. */
  private readonly tab: number;
  private readonly textAt: number;
  private keys = new Int32Array(1024);
  private readonly reserve: number;
  /** Per clause program: its address and its blank words' address (a list, maybe empty). */
  private readonly progAt: Int32Array;
  private readonly blankAt: Int32Array;
  /** `buf` offset of the text last searched, and the address its byte `base` is at. */
  private base = 0;
  private baseAt = 0;

  private constructor(mod: object, literals: readonly Uint8Array[], programs: readonly ClauseProgram[]) {
    this.reserve = 16 * literals.length;
    const dataBytes = literals.reduce((n, l) => n + l.length, 0);
    const encoded = programs.map(encodeProgram);
    const programBytes = encoded.reduce((n, e) => n + e.bytes, 0);
    const dataAt = LITERALS_AT + literals.length * ENTRY;
    const programsAt = Math.ceil((dataAt + dataBytes) / 8) * 8;
    ({ arena: this.arena, tab: this.tab } = tablesFor(programsAt + programBytes));
    this.ex = instantiate<Exports>(mod, this.arena.memory);
    this.textAt = this.arena.textAt;
    this.writeTables(literals, this.tab + dataAt);
    this.progAt = new Int32Array(programs.length);
    this.blankAt = new Int32Array(programs.length);
    let at = this.tab + programsAt;
    encoded.forEach((e, i) => {
      const { prog, blank } = e.write(this.arena.mem, at);
      this.progAt[i] = prog;
      this.blankAt[i] = blank;
      at += e.bytes;
    });
  }

  /**
   * A searcher for these literals (Latin-1 views of their bytes), or null when it cannot be used
   * here (no WebAssembly SIMD, too many literals, an empty one). `programs` are the clause
   * programs `holds` and `word` can check, by index; each must be `programFits`.
   */
  static create(literals: readonly string[], programs: readonly ClauseProgram[] = []): TeddySearch | null {
    if (literals.length === 0 || literals.length > MAX_LITERALS) return null;
    if (literals.some((l) => l.length === 0)) return null;
    if (!programs.every(programFits)) return null;
    const mod = module();
    if (mod === null) return null;
    return new TeddySearch(mod, literals.map(literalBytes), programs);
  }

  /** Whether `holds` and `word` check this program exactly: lower-case ASCII, no empty literal or word. */
  static programFits(program: ClauseProgram): boolean {
    return programFits(program);
  }

  /**
   * Whether clause program `program` holds in `buf[from, to)`, a range of the text last searched
   * (offsets in the `buf` given to `search`).
   */
  holds(program: number, from: number, to: number): boolean {
    const d = this.baseAt - this.base;
    return this.ex.holds(this.progAt[program]!, from + d, to + d) === 1;
  }

  /**
   * The line around `at` within `[lo, hi)` of the text last searched, as `buf.lastIndexOf(10, at)`
   * and `buf.indexOf(10, at)` would bound it (clamped to `lo` and `hi`): returns its end (the
   * '\n' or `hi`); `start` is its start.
   */
  line(at: number, lo: number, hi: number): number {
    const d = this.baseAt - this.base;
    this.ex.line(at + d, lo + d, hi + d);
    return this.arena.i32[BOUNDS_I32 + 1]! - d;
  }

  /**
   * For a program with blank words: whether the word around `at` (ended by a space or '\n',
   * within `[lo, hi)`) is none of them and the program holds in it. `start` and `end` bound it.
   */
  word(program: number, at: number, lo: number, hi: number): boolean {
    const d = this.baseAt - this.base;
    return this.ex.word(this.progAt[program]!, this.blankAt[program]!, at + d, lo + d, hi + d) === 1;
  }

  /** Start of the last line or word found by `line` or `word` (a `buf` offset). */
  get start(): number {
    return this.arena.i32[BOUNDS_I32]! - (this.baseAt - this.base);
  }

  /** End of the last word found by `word` (a `buf` offset). */
  get end(): number {
    return this.arena.i32[BOUNDS_I32 + 1]! - (this.baseAt - this.base);
  }

  /**
   * A buffer of `size` bytes inside the thread's search memory to read text into: `search` over
   * it copies nothing. Null while the previous one is out (see `release`; one per thread, for
   * all searchers) or when `size` is too big.
   */
  lease(size: number): Buffer | null {
    const arena = this.arena;
    if (arena.leased > 0 || size <= 0 || size >= MAX_TEXT) return null;
    // The memory grows now, not while the buffer is out (growing detaches every view of it).
    arena.ensure(this.outFor(size) + OUT_KEYS * 4);
    arena.leased = size;
    return Buffer.from(arena.memory.buffer, this.textAt, size);
  }

  /** Gives back the buffer `lease` lent (its bytes may be overwritten from now on). */
  release(buf: Uint8Array): void {
    if (this.isLeased(buf)) this.arena.leased = 0;
  }

  private isLeased(buf: Uint8Array): boolean {
    const arena = this.arena;
    return arena.leased > 0 && buf.buffer === arena.memory.buffer && buf.byteOffset === this.textAt;
  }

  /** Where hit keys go for a text of `len` bytes at `textAt`: past it and 32 readable bytes. */
  private outFor(len: number): number {
    return this.textAt + Math.ceil((len + 64) / 16) * 16;
  }

  /**
   * Every occurrence in `buf[start, stop)`, as sorted keys `(offset - start) * 256 + literal
   * index` (so `start + (key >> 8)` and `key & 255`). The array is reused by the next call.
   * Null (nothing searched) when `buf` is not the lent buffer while that is out: the text would
   * have to be copied over it.
   */
  search(buf: Uint8Array, start: number, stop: number): Int32Array | null {
    const len = stop - start;
    if (len <= 0) return this.keys.subarray(0, 0);
    if (len >= MAX_TEXT) throw new RangeError(`TeddySearch: text of ${len} bytes is too long`);
    const arena = this.arena;
    let outAt: number;
    if (this.isLeased(buf)) {
      // Read here already. The bytes after `stop` are the next partial line, not zeros: the scan
      // reads them but reports only literals that end by `len`.
      outAt = this.outFor(arena.leased);
      this.baseAt = this.textAt + start;
    } else {
      outAt = this.outFor(len);
      if (arena.leased > 0 || !arena.ensure(outAt + OUT_KEYS * 4)) return null;
      arena.mem.set(buf.subarray(start, stop), this.textAt);
      arena.mem.fill(0, this.textAt + len, this.textAt + len + 32);
      this.baseAt = this.textAt;
    }
    this.base = start;
    let n = 0;
    for (let from = 0; from >= 0;) {
      const got = this.ex.scan(this.tab, this.baseAt, len, from, outAt, OUT_KEYS, this.reserve);
      if (n + got > this.keys.length) {
        const bigger = new Int32Array(Math.max(this.keys.length * 2, n + got));
        bigger.set(this.keys.subarray(0, n));
        this.keys = bigger;
      }
      this.keys.set(arena.i32.subarray(outAt >> 2, (outAt >> 2) + got), n);
      n += got;
      from = this.ex.next.value;
    }
    return this.keys.subarray(0, n).sort();
  }

  /**
   * Buckets (literals sorted by window, cut into 8 runs), nibble masks and the literal table, at
   * `tab`; the literals' bytes from `dataAt`.
   */
  private writeTables(literals: readonly Uint8Array[], dataAt: number): void {
    const tab = this.tab;
    const mem = this.arena.mem;
    const view = new DataView(this.arena.memory.buffer);
    const entries = literals.map((bytes, id) => {
      const k = windowOffset(bytes);
      return { id, bytes, k, window: Buffer.from(bytes.subarray(k, k + WINDOW)).toString('latin1') };
    });
    entries.sort((a, b) => (a.window < b.window ? -1 : a.window > b.window ? 1 : a.id - b.id));
    mem.fill(0, tab, tab + LITERALS_AT);
    const per = Math.ceil(entries.length / BUCKETS);
    entries.forEach((e, index) => {
      const bucket = Math.floor(index / per);
      const bit = 1 << bucket;
      for (let w = 0; w < WINDOW; w++) {
        const lo = tab + w * 32;
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
      const slot = tab + LITERALS_AT + index * ENTRY;
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
      const b = tab + 256 + bucket * 8;
      if (view.getInt32(b + 4, true) === 0) view.setInt32(b, index, true);
      view.setInt32(b + 4, view.getInt32(b + 4, true) + 1, true);
    });
  }
}

function programFits(program: ClauseProgram): boolean {
  const ok = (l: string): boolean => l.length > 0 && !/[^\x00-\x7f]|[A-Z]/.test(l);
  return program.clauses.every((c) => c.every((seq) => seq.every(ok))) && (program.blank ?? []).every(ok);
}

/**
 * A clause program's layout in memory (see $holds and $word in teddy.wat): the program's i32
 * words, then its blank words (count, address and length of each), then the literals' bytes.
 */
function encodeProgram(program: ClauseProgram): {
  bytes: number;
  write(mem: Uint8Array, at: number): { prog: number; blank: number };
} {
  const words: (number | string)[] = [program.clauses.length];
  for (const clause of program.clauses) {
    const sizeAt = words.length;
    words.push(0, clause.length);
    for (const seq of clause) {
      words.push(seq.length);
      for (const lit of seq) words.push(lit, lit.length);
    }
    words[sizeAt] = (words.length - sizeAt) * 4;
  }
  const blank = program.blank ?? [];
  const blankWords: (number | string)[] = [blank.length];
  for (const w of blank) blankWords.push(w, w.length);
  const strings = [...words, ...blankWords].filter((w): w is string => typeof w === 'string');
  const textBytes = strings.reduce((n, l) => n + l.length, 0);
  const bytes = Math.ceil(((words.length + blankWords.length) * 4 + textBytes) / 8) * 8;
  return {
    bytes,
    write(mem, at) {
      const view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
      const blankAt = at + words.length * 4;
      let text = blankAt + blankWords.length * 4;
      const put = (list: (number | string)[], from: number): void =>
        list.forEach((w, i) => {
          if (typeof w === 'number') view.setInt32(from + i * 4, w, true);
          else {
            view.setInt32(from + i * 4, text, true);
            mem.set(Buffer.from(w, 'latin1'), text);
            text += w.length;
          }
        });
      put(words, at);
      put(blankWords, blankAt);
      return { prog: at, blank: blankAt };
    },
  };
}
