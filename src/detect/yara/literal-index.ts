/**
 * @module detect/yara/literal-index
 * Finds which of many byte literals occur in a buffer, for the no-match filter. Each literal is
 * keyed by 2, 3, 4 or 8 of its bytes (its whole self when shorter than 4, else its least common
 * 4- or 8-byte stretch); literal-scan.wat writes each view of the buffer and passes over it once,
 * reporting the positions where a key's bits are set; only those are looked up here and the
 * literals compared.
 * Views: ASCII case-folded (text, hex and regex literals) and the XOR of neighbouring bytes, which
 * is the same for a string and every single-byte XOR of it (`xor` strings).
 *
 * Why WebAssembly: the same loop in JavaScript ran at ~250 MB/s per view and key width on this
 * project's VM, which made the filter cost more than the scans it saves on large files.
 */
import {
  instantiate,
  lazyWasmModule,
  newWasmMemory,
  WASM_PAGE,
  type WasmMemory,
} from '../../parsers/index.js';
import { LITERAL_SCAN_WASM_BASE64 } from './literal-scan-wasm.js';
import { foldByte } from './string-literals.js';

export type IndexView = 'folded' | 'xor-diff';

/** Key widths and their bit in a candidate's mask (see literal-scan.wat). */
const WIDTHS = [2, 3, 4, 8] as const;
/** Bytes of one view's tables in the module's memory (fold table and six bit sets). */
const TABLES_BYTES = 254208;
const BITSETS_AT = { 2: 256, 3: 8448, 4: 16640, 8: 82176 } as const;
/** Bit sets read first at each position: last two bytes of 2- and 3-byte keys, last four of longer ones. */
const PAIRS_AT = 213248;
const QUADS_AT = 221440;
const OUT_CAP = 1 << 16;
/** The text is copied in chunks of this size (plus 8 bytes of context), so memory stays small. */
const CHUNK = 1 << 20;
/** The first call of a buffer covers this many positions, each next one twice as many. */
const FIRST_WINDOW = 1024;
const FOLD = Uint8Array.from({ length: 256 }, (_, i) => foldByte(i));
const C1 = 0x9e3779b1 | 0;
const C2 = 0x85ebca6b | 0;
const C3 = 0xc2b2ae35 | 0;

/** The bits a key sets in its width's bit set, as literal-scan.wat computes them (1 or 2). */
function bitsOf(width: number, hi: number, lo: number): number[] {
  switch (width) {
    case 2:
      return [lo & 0xffff];
    case 3:
      return [Math.imul(lo & 0xffffff, C1) >>> 16];
    case 4:
      return [Math.imul(lo, C1) >>> 13, Math.imul(lo, C2) >>> 13];
    default:
      return [(Math.imul(hi, C2) ^ Math.imul(lo, C1)) >>> 12, (Math.imul(hi, C1) ^ Math.imul(lo, C3)) >>> 12];
  }
}

/**
 * How common a byte is in the text and binaries a hunt reads (higher: more common). A literal is
 * keyed by its least common stretch, so `Response.Write` waits on `e.Wr`, not on `Resp` that every
 * ASP.NET page repeats; the last two bytes of a key count four times, because the scan reads
 * them first at every position and goes on only where some key ends with them.
 */
const COMMONNESS = Uint8Array.from({ length: 256 }, (_, b) => {
  const c = String.fromCharCode(b);
  if (b === 0 || b === 0x20 || b === 0x0a || b === 0x0d) return 5;
  if ('etaoinsrhl'.includes(c)) return 5;
  if (c >= 'a' && c <= 'z') return 4;
  if (';,.()"\'=<>/_-:\t'.includes(c) || b === 0xff) return 3;
  if (c >= '0' && c <= '9') return 3;
  if (b < 0x80 && b > 0x20) return 2; // other punctuation
  return 1; // control bytes and bytes above 0x7f: rare in text, spread out in binaries
});

/**
 * Key of `width` bytes of `bytes` at `at` as (hi, lo) int32 halves, little-endian as the module
 * loads them: lo holds the last min(width, 4) bytes, hi the 4 before them (8-byte keys only).
 */
function keyAt(bytes: Uint8Array, at: number, width: number): [number, number] {
  const loAt = width === 8 ? at + 4 : at;
  let lo = 0;
  for (let j = Math.min(width, 4) - 1; j >= 0; j--) lo = (lo << 8) | bytes[loAt + j]!;
  let hi = 0;
  if (width === 8) for (let j = 3; j >= 0; j--) hi = (hi << 8) | bytes[at + j]!;
  return [hi, lo];
}

/** The last two bytes of a key, as the module reads them before anything else. */
function lastTwo(width: number, lo: number): number {
  return (lo >>> (width === 8 ? 16 : (width - 2) * 8)) & 0xffff;
}

/** Literals of one key width: a hash table from key to the group of literals sharing it. */
class KeyTable {
  private readonly slotHi: Int32Array;
  private readonly slotLo: Int32Array;
  private readonly slotGroup: Int32Array;
  private readonly slotMask: number;
  /** Group g's literals are groupLits[groupStart[g] … groupStart[g + 1] - 1]. */
  readonly groupStart: Int32Array;
  readonly groupLits: Int32Array;
  /** 1 while every literal of the group is found in the current buffer. */
  readonly groupDone: Uint8Array;
  readonly keys: [number, number][] = [];
  /** Per group, the bits its key sets in the module's memory (byte address * 8 + bit). */
  readonly groupMarks: number[][] = [];

  constructor(
    literals: readonly Uint8Array[],
    ids: readonly number[],
    /** Where in each literal (by id) its key starts. */
    offsets: Int32Array,
    readonly width: number,
  ) {
    const groups = new Map<string, { key: [number, number]; ids: number[] }>();
    for (const id of ids) {
      const key = keyAt(literals[id]!, offsets[id]!, width);
      const name = `${key[0]}:${key[1]}`;
      const g = groups.get(name) ?? groups.set(name, { key, ids: [] }).get(name)!;
      g.ids.push(id);
    }
    let cap = 2;
    while (cap < groups.size * 2) cap <<= 1;
    this.slotHi = new Int32Array(cap);
    this.slotLo = new Int32Array(cap);
    this.slotGroup = new Int32Array(cap).fill(-1);
    this.slotMask = cap - 1;
    this.groupStart = new Int32Array(groups.size + 1);
    this.groupLits = new Int32Array(ids.length);
    this.groupDone = new Uint8Array(groups.size);
    let g = 0;
    let at = 0;
    for (const { key, ids: members } of groups.values()) {
      let slot = this.slotOf(key[0], key[1]);
      while (this.slotGroup[slot] !== -1) slot = (slot + 1) & this.slotMask;
      this.slotHi[slot] = key[0];
      this.slotLo[slot] = key[1];
      this.slotGroup[slot] = g;
      this.keys.push(key);
      this.groupStart[g] = at;
      for (const id of members) this.groupLits[at++] = id;
      g++;
    }
    this.groupStart[g] = at;
  }

  private slotOf(hi: number, lo: number): number {
    return (Math.imul(hi, C1) ^ Math.imul(lo, C2)) & this.slotMask;
  }

  /** The group of a key, or -1. */
  groupOf(hi: number, lo: number): number {
    let slot = this.slotOf(hi, lo);
    while (this.slotGroup[slot] !== -1) {
      if (this.slotHi[slot] === hi && this.slotLo[slot] === lo) return this.slotGroup[slot]!;
      slot = (slot + 1) & this.slotMask;
    }
    return -1;
  }
}

/** The offset of the least common `width`-byte stretch of `lit`, spreading literals over keys. */
function keyOffset(lit: Uint8Array, width: number, load: Map<string, number>): number {
  let best = 0;
  let bestScore = Infinity;
  for (let o = 0; o + width <= lit.length; o++) {
    // Sharing a key costs more than a common byte: a group's literals are compared together.
    let score = 4 * (load.get(keyAt(lit, o, width).join(':')) ?? 0);
    for (let j = 0; j < width; j++) score += COMMONNESS[lit[o + j]!]! * (j >= width - 2 ? 4 : 1);
    if (score < bestScore) {
      bestScore = score;
      best = o;
    }
  }
  const name = keyAt(lit, best, width).join(':');
  load.set(name, (load.get(name) ?? 0) + 1);
  return best;
}

/** The literals of one view, their key tables and where their bit sets sit in the memory. */
class ViewIndex {
  readonly tables = new Map<number, KeyTable>();
  readonly offsets: Int32Array;
  readonly found: Uint8Array;
  /** Bits cleared in the module's bit sets for the current buffer (marks: byte address * 8 + bit). */
  private readonly cleared: number[] = [];
  /** How many groups set each mark, and how many of them are still open in the current buffer. */
  private readonly groupsOnMark = new Map<number, number>();
  private readonly openOnMark = new Map<number, number>();

  constructor(
    readonly literals: readonly Uint8Array[],
    readonly view: IndexView,
    readonly tab: number,
  ) {
    this.offsets = new Int32Array(literals.length);
    this.found = new Uint8Array(literals.length);
    const byWidth = new Map<number, number[]>();
    const load = new Map<string, number>();
    literals.forEach((lit, id) => {
      if (lit.length < 2) throw new Error(`a literal of ${lit.length} byte(s) cannot be indexed`);
      const w = lit.length < 4 ? lit.length : lit.length < 8 ? 4 : 8;
      if (w >= 4) this.offsets[id] = keyOffset(lit, w, load);
      (byWidth.get(w) ?? byWidth.set(w, []).get(w)!).push(id);
    });
    for (const [w, ids] of byWidth) this.tables.set(w, new KeyTable(literals, ids, this.offsets, w));
  }

  /** Writes the fold table and the bit sets at `tab` in `mem`, and notes which group set which bit. */
  writeTables(mem: Uint8Array): void {
    mem.fill(0, this.tab, this.tab + TABLES_BYTES);
    mem.set(FOLD, this.tab);
    for (const [w, table] of this.tables) {
      const base = this.tab + BITSETS_AT[w as 2 | 3 | 4 | 8];
      table.keys.forEach(([hi, lo], g) => {
        const marks = bitsOf(w, hi, lo).map((b) => (base + (b >>> 3)) * 8 + (b & 7));
        if (w < 4) {
          const last = lastTwo(w, lo);
          marks.push((this.tab + PAIRS_AT + (last >>> 3)) * 8 + (last & 7));
        } else {
          const q = Math.imul(lo, C1) >>> 14;
          marks.push((this.tab + QUADS_AT + (q >>> 3)) * 8 + (q & 7));
        }
        const unique = [...new Set(marks)];
        table.groupMarks[g] = unique;
        for (const mark of unique) {
          mem[mark >>> 3]! |= 1 << (mark & 7);
          this.groupsOnMark.set(mark, (this.groupsOnMark.get(mark) ?? 0) + 1);
        }
      });
    }
  }

  /** View byte at global position i of `data`. */
  byteAt(data: Uint8Array, i: number): number {
    return this.view === 'xor-diff' ? data[i]! ^ data[i + 1]! : FOLD[data[i]!]!;
  }

  /** Checks the keys that end at view position `i` for the widths in `mask`. */
  check(mem: Uint8Array, data: Uint8Array, n: number, i: number, mask: number, out: number[]): void {
    for (let bit = 0; bit < 4; bit++) {
      if ((mask & (1 << bit)) === 0) continue;
      const width = WIDTHS[bit]!;
      const table = this.tables.get(width);
      const keyStart = i - width + 1;
      if (!table || keyStart < 0) continue;
      // The key, little-endian (see keyAt), from the view's bytes.
      const loAt = width === 8 ? keyStart + 4 : keyStart;
      let lo = 0;
      for (let j = Math.min(width, 4) - 1; j >= 0; j--) lo = (lo << 8) | this.byteAt(data, loAt + j);
      let hi = 0;
      if (width === 8) for (let j = 3; j >= 0; j--) hi = (hi << 8) | this.byteAt(data, keyStart + j);
      const g = table.groupOf(hi, lo);
      if (g < 0 || table.groupDone[g] === 1) continue;
      let left = 0;
      for (let k = table.groupStart[g]!; k < table.groupStart[g + 1]!; k++) {
        const id = table.groupLits[k]!;
        if (this.found[id] === 1) continue;
        const lit = this.literals[id]!;
        const start = keyStart - this.offsets[id]!;
        let j = 0;
        if (start >= 0 && start + lit.length <= n) {
          while (j < lit.length && this.byteAt(data, start + j) === lit[j]) j++;
        }
        if (j === lit.length) {
          this.found[id] = 1;
          out.push(id);
        } else left++;
      }
      if (left === 0) this.groupDone(mem, table, g);
    }
  }

  /**
   * Every literal of group g is found: once no other open group has one of its key's bits, the
   * bit is cleared for the rest of the buffer, so a word repeated all through a file (a literal that
   * is `function`) stops producing candidates after its first occurrence.
   */
  private groupDone(mem: Uint8Array, table: KeyTable, g: number): void {
    table.groupDone[g] = 1;
    for (const mark of table.groupMarks[g]!) {
      const open = (this.openOnMark.get(mark) ?? this.groupsOnMark.get(mark)!) - 1;
      this.openOnMark.set(mark, open);
      if (open > 0) continue;
      mem[mark >>> 3]! &= ~(1 << (mark & 7));
      this.cleared.push(mark);
    }
  }

  reset(mem: Uint8Array, found: readonly number[]): void {
    for (const id of found) this.found[id] = 0;
    for (const t of this.tables.values()) t.groupDone.fill(0);
    this.openOnMark.clear();
    for (const mark of this.cleared) mem[mark >>> 3]! |= 1 << (mark & 7);
    this.cleared.length = 0;
  }
}

interface ScanExports {
  next: { value: number };
  prepare(tab: number, text: number, len: number, dst: number, diff: number): void;
  scan(tab: number, view: number, n: number, from: number, out: number, cap: number): number;
}

/** The compiled module, or null where WebAssembly is missing. */
const scanModule = lazyWasmModule(LITERAL_SCAN_WASM_BASE64);

/** Whether this runtime can run the search (the filter is off otherwise). */
export function literalSearchAvailable(): boolean {
  return scanModule() !== null;
}

/** Searches a buffer for the literals of one or more views in one WebAssembly instance. */
export class LiteralSearch {
  private readonly views: ViewIndex[];
  private readonly memory: WasmMemory;
  private readonly ex: ScanExports;
  private readonly outAt: number;
  private readonly textAt: number;
  /** The view of the current chunk; the module reads up to 7 bytes before it. */
  private readonly viewAt: number;

  /** `literalsByView[k]` are at least 2 bytes long, already in view k's form. */
  constructor(literalsByView: readonly { literals: readonly Uint8Array[]; view: IndexView }[]) {
    const mod = scanModule();
    if (!mod) throw new Error('WebAssembly is not available');
    this.views = literalsByView.map((v, k) => new ViewIndex(v.literals, v.view, k * TABLES_BYTES));
    this.outAt = this.views.length * TABLES_BYTES;
    this.textAt = this.outAt + OUT_CAP * 4;
    this.viewAt = this.textAt + CHUNK + 32;
    const bytes = this.viewAt + CHUNK + 32;
    this.memory = newWasmMemory(Math.ceil(bytes / WASM_PAGE));
    this.ex = instantiate<ScanExports>(mod, this.memory);
    const mem = new Uint8Array(this.memory.buffer);
    for (const v of this.views) v.writeTables(mem);
  }

  /** For each view, the ids of its literals that occur in `data`, each once. */
  search(input: Uint8Array): number[][] {
    const data = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const found: number[][] = this.views.map(() => []);
    const len = data.length;
    const mem = new Uint8Array(this.memory.buffer);
    const outs = new Int32Array(this.memory.buffer, this.outAt, OUT_CAP);
    for (let base = 0; base < len; base += CHUNK) {
      // Up to 8 bytes before the chunk rebuild the scan's state; one after serves the XOR view.
      const s0 = Math.max(0, base - 8);
      const e0 = Math.min(len, base + CHUNK + 1);
      mem.set(data.subarray(s0, e0), this.textAt);
      this.views.forEach((v, k) => {
        const diff = v.view === 'xor-diff';
        const n = diff ? len - 1 : len;
        const end = Math.min(base + CHUNK, n);
        if (end <= base) return;
        mem.fill(0, this.viewAt - 8, this.viewAt);
        this.ex.prepare(v.tab, this.textAt, e0 - s0, this.viewAt, diff ? 1 : 0);
        let from = base - s0;
        // Small windows first: the words a text repeats are found (and their bits cleared) early.
        let window = FIRST_WINDOW;
        for (;;) {
          const to = Math.min(end - s0, from + window);
          window = Math.min(window * 2, CHUNK);
          const count = this.ex.scan(v.tab, this.viewAt, to, from, this.outAt, OUT_CAP);
          for (let c = 0; c < count; c++) {
            const x = outs[c]!;
            v.check(mem, data, n, s0 + (x >>> 4), x & 15, found[k]!);
          }
          const next = this.ex.next.value;
          if (next >= 0) from = next;
          else if (to < end - s0) from = to;
          else break;
        }
      });
    }
    this.views.forEach((v, k) => v.reset(mem, found[k]!));
    return found;
  }
}
