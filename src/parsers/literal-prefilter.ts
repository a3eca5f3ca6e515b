/**
 * @module parsers/literal-prefilter
 * Case-insensitive literal prefilter over a chunk of lines. The chunk is viewed as a Latin-1
 * string (one char per byte, so string offsets are byte offsets) and searched once with a single
 * `/a|b|c/gi` alternation: V8's irregexp scans that at 1–3 GB/s, far faster than lowercasing the
 * chunk or searching each case variant with Buffer.indexOf (measured; see the module notes in
 * scan-log.ts). Without the `u` flag, `i` folds only ASCII letters onto ASCII letters, so the
 * match is exactly ASCII-case-insensitive. After a hit the search jumps to the next line: one hit
 * per line is all the caller needs.
 */

export interface Prefilter {
  readonly literals: readonly string[];
  /**
   * Find candidate lines in `buf[start, stop)` (whole lines). Writes the byte offset of one hit
   * per candidate line, ascending, into `out`; returns how many.
   */
  find(buf: Buffer, start: number, stop: number, out: number[]): number;
}

/** Bytes per searched slice (cut at the next newline). */
const SLICE_BYTES = 64 * 1024;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Compile literals into a prefilter, or null when it cannot skip anything (no literals, or one is
 * empty). Non-ASCII literals are matched on their UTF-8 bytes (exact case only for those bytes).
 */
export function compilePrefilter(literals: readonly string[] | undefined): Prefilter | null {
  if (!literals || literals.length === 0) return null;
  if (literals.some((l) => l.length === 0)) return null;
  // One compiled prefilter per literal set and thread: V8 compiles (and tiers up) a RegExp per
  // object, which for a 30-literal alternation costs more than scanning a 10 MB log file.
  const key = literals.join('\u0000');
  const cached = CACHE.get(key);
  if (cached !== undefined) return cached;
  const made = build(literals);
  if (CACHE.size >= CACHE_SIZE) CACHE.delete(CACHE.keys().next().value!);
  CACHE.set(key, made);
  return made;
}

const CACHE_SIZE = 64;
const CACHE = new Map<string, Prefilter>();

function build(literals: readonly string[]): Prefilter {
  const asBytes = [...new Set(literals.map((l) => Buffer.from(l, 'utf8').toString('latin1').toLowerCase()))];
  // A literal containing another is redundant: any line with the longer one has the shorter.
  const minimal = asBytes.filter((l) => !asBytes.some((o) => o !== l && l.includes(o)));
  minimal.sort((a, b) => b.length - a.length);
  const re = new RegExp(minimal.map(escape).join('|'), 'gi');
  return {
    literals: minimal,
    find(buf, start, stop, out) {
      let n = 0;
      // Slices of whole lines small enough to be young-generation strings: a multi-MB string per
      // chunk lands in large-object space on fresh pages every time.
      for (let from = start; from < stop;) {
        let to = from + SLICE_BYTES >= stop ? stop : buf.indexOf(10, from + SLICE_BYTES) + 1;
        if (to <= 0 || to > stop) to = stop;
        const text = buf.toString('latin1', from, to);
        re.lastIndex = 0;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          out[n++] = from + m.index;
          const nl = text.indexOf('\n', m.index + m[0].length);
          if (nl < 0) break;
          re.lastIndex = nl + 1;
        }
        from = to;
      }
      return n;
    },
  };
}
