/**
 * @module parsers/literal-prefilter
 * Case-insensitive prefilter over a chunk of lines: the rules' anchors are searched in the bytes
 * with the SIMD module of literal-search/ (every occurrence, ~0.5 ns/byte whatever their number),
 * and a line where an anchor is found but its rule's other literals are not is no candidate (see
 * line-needs.ts). Where WebAssembly SIMD is missing, the chunk is viewed as a Latin-1 string (one
 * char per byte, so string offsets are byte offsets) and searched with one `/a|b|c/gi`
 * alternation instead: V8's irregexp does 2+ GB/s on one literal but 0.25–0.6 GB/s on 30–50.
 * Without the `u` flag, `i` folds only ASCII letters onto ASCII letters, as the SIMD search does.
 * One hit per line is all the caller needs.
 */
import { NeedMatcher, type PrefilterEntry } from './line-needs.js';

export interface Prefilter {
  /** The anchors searched for (minimal, lower-case, as Latin-1 views of UTF-8 bytes). */
  readonly literals: readonly string[];
  /**
   * Find candidate lines in `buf[start, stop)` (whole lines). Writes the byte offset of one hit
   * per candidate line, ascending, into `out`; returns how many.
   */
  find(buf: Buffer, start: number, stop: number, out: number[]): number;
  /**
   * A read buffer of `size` bytes that `find` searches without copying it (it lives in the SIMD
   * search's memory), or null (no SIMD here, or another scan holds it: use any buffer). One scan
   * at a time holds it; give it back with `release`.
   */
  lease(size: number): Buffer | null;
  release(buf: Buffer): void;
}

/** Bytes per searched slice (cut at the next newline). */
const SLICE_BYTES = 64 * 1024;

/**
 * Compile prefilter entries (plain literals, or rules' needs) into a prefilter, or null when it
 * cannot skip anything (no entries, or an empty anchor). Non-ASCII literals are matched on their
 * UTF-8 bytes (exact case only for those bytes). Entries are cached by identity too: a need
 * object must not change once it has been compiled.
 */
export function compilePrefilter(entries: readonly PrefilterEntry[] | undefined): Prefilter | null {
  if (!entries || entries.length === 0) return null;
  const anchors = entries.flatMap((e) => (typeof e === 'string' ? [e] : e.anchors));
  if (anchors.length === 0 || anchors.some((l) => l.length === 0)) return null;
  // One compiled prefilter per entry set and thread: V8 compiles (and tiers up) a RegExp per
  // object, which for a 30-literal alternation costs more than scanning a 10 MB log file. A
  // hunt asks once per file with a fresh array of the same need objects: those are found by
  // identity first, without serialising the needs again.
  const same = RECENT.find((r) => sameItems(r.entries, entries));
  if (same !== undefined) return same.made;
  const key = JSON.stringify(entries);
  let made = CACHE.get(key);
  if (made === undefined) {
    made = build(new NeedMatcher(entries, true));
    if (CACHE.size >= CACHE_SIZE) CACHE.delete(CACHE.keys().next().value!);
    CACHE.set(key, made);
  }
  if (RECENT.length >= CACHE_SIZE) RECENT.shift();
  RECENT.push({ entries: [...entries], made });
  return made;
}

const CACHE_SIZE = 64;
const CACHE = new Map<string, Prefilter>();
/** Entry lists seen lately (their items, copied) and what they compiled to. */
const RECENT: { entries: readonly PrefilterEntry[]; made: Prefilter }[] = [];

function sameItems(a: readonly PrefilterEntry[], b: readonly PrefilterEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function build(matcher: NeedMatcher): Prefilter {
  return {
    literals: matcher.literals,
    lease: (size) => matcher.lease(size),
    release: (buf) => matcher.release(buf),
    find(buf, start, stop, out) {
      let n = 0;
      if (matcher.findLinesIn(buf, start, stop, (at) => (out[n++] = at))) return n;
      let from = start;
      const onLine = (at: number): void => {
        out[n++] = from + at;
      };
      // Slices of whole lines small enough to be young-generation strings: a multi-MB string per
      // chunk lands in large-object space on fresh pages every time.
      while (from < stop) {
        let to = from + SLICE_BYTES >= stop ? stop : buf.indexOf(10, from + SLICE_BYTES) + 1;
        if (to <= 0 || to > stop) to = stop;
        matcher.findLines(buf.toString('latin1', from, to), onLine);
        from = to;
      }
      return n;
    },
  };
}
