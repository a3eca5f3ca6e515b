/**
 * @module parsers/line-needs
 * What a line must contain to be worth splitting: for each rule, a set of *anchors* (one of which
 * is searched for with a single case-insensitive alternation) and a conjunction of *clauses*
 * checked only on lines where an anchor was found. A clause is satisfied by any of its
 * sequences; a sequence by its literals appearing in that order in the line.
 *
 * Why two stages: the literals rare enough to skip a line are often not the ones a rule can name
 * alone. "POST, to /ecp/, a path ending .js" has no rare literal, but few lines have all three;
 * the BackEndCookie rule's `Server~` is in every HttpProxy line, `Server~…/…~` in none of the
 * normal ones. Checking the rest of a rule's literals on the few lines an anchor finds is cheap
 * (on the SIMD path, a clause program run in WebAssembly over the bytes already in its memory;
 * otherwise one lower-cased copy of the line and a few `indexOf`), and it keeps those lines out
 * of the field splitter and the rules. It also keeps the alternation fast: V8 skips ahead by the shortest
 * anchor's length, so one three-character anchor slows the search of every line (measured: 12
 * anchors at 46 ms per 43 MB, the same plus `%40` at 132 ms).
 *
 * Every check is linear in the line: an anchor already verified on a line is not verified again,
 * and a sequence is searched leftmost-first (if `a…b…c` occurs anywhere, it occurs from the first
 * `a`).
 */

import { TeddySearch, type ClauseProgram } from './literal-search/index.js';

/** Literals that must all appear, in this order, in a line. */
export type LiteralSeq = readonly string[];

/**
 * One rule's need. `anchors`: the line contains one of them (they are what the fast search
 * looks for). `clauses`: every clause must hold, a clause by any of its sequences; absent means
 * "an anchor is enough". The anchors' own clause should be among the clauses when it is not.
 */
export interface LineNeed {
  readonly anchors: readonly string[];
  readonly clauses?: readonly (readonly LiteralSeq[])[];
  /**
   * Space-delimited words that do not count: the clauses are checked on the line with these
   * words (case-insensitive, whole words) blanked. Only sound for logs split on single spaces
   * (IIS W3C: no value can contain a space), for a rule whose clauses all come from one field
   * that must not equal any of them ("a .aspx under /owa/auth/ other than logon.aspx …").
   */
  readonly blank?: readonly string[];
}

/** A prefilter entry: a plain literal (enough on its own) or a rule's need. */
export type PrefilterEntry = string | LineNeed;

/** Words remembered per blank-word need before the memo starts over, and the longest kept. */
const MEMO_WORDS = 4096;
const MEMO_WORD_BYTES = 512;

interface CompiledNeed {
  clauses: string[][][];
  /** Lower-cased anchors (the words worth looking at when words are blanked). */
  anchors: string[];
  blank: Set<string> | null;
  /**
   * One sequence of an anchor followed by letter-free literals (`Server~`, `/`, `~`): checked on
   * the raw bytes right after the anchor's first hit in a line, with no lower-cased copy.
   */
  tail: Tail | null;
}

interface Tail {
  lit: string;
  rest: Buffer[];
  /**
   * Per literal of `rest`: the first offset where it occurs at or after the last search start
   * (or past the end). Lines come in ascending order, so searches only move forward and a
   * literal absent from many lines is not searched for again and again (which an unbounded
   * `indexOf` per line would do, quadratically); reset for each buffer range.
   */
  next: number[];
}

/**
 * Compiled needs over one text encoding. With `latin1`, literals are turned into the Latin-1 view
 * of their UTF-8 bytes (the scanner searches raw bytes viewed one char per byte); otherwise they
 * are searched in decoded text.
 */
export class NeedMatcher {
  /** The anchors searched for, minimal (one containing another is dropped), lower-case. */
  readonly literals: string[];
  private readonly re: RegExp;
  private readonly needs: CompiledNeed[];
  /** Minimal anchor → needs whose anchor contains it (they may hold when it is found). */
  private readonly owners = new Map<string, number[]>();
  /** Minimal anchors that prove some need on their own: no verification. */
  private readonly alone = new Set<string>();
  /** The same by index in `literals` (the SIMD search reports indices: no string hashing per hit). */
  private readonly ownersById: number[][];
  private readonly aloneById: Uint8Array;
  /**
   * Per literal and owner (same order as `ownersById`): where the owner's anchors that contain
   * the literal would start, relative to a hit of it, or null when the literal is one of them.
   * The SIMD path checks that an anchor is really there before verifying its need, so the need
   * of `/owa/auth/current/` is not verified on every line with `/owa/auth/`.
   */
  private readonly placementsById: (Placement[] | null)[][];
  /** Per need with blank words: words already judged (see `wordHolds`). */
  private readonly wordMemo: (Map<string, boolean> | null)[];
  /**
   * Per need: the last word judged in the current buffer range, `[wordStart, wordEnd)`, and its
   * verdict. The next hits inside the same word reuse it, so a hostile word of a million anchors
   * is read once, not once per anchor.
   */
  private readonly wordStart: Int32Array;
  private readonly wordEnd: Int32Array;
  private readonly wordVerdict: Uint8Array;
  private readonly stamp: Int32Array;
  private epoch = 0;
  /** The SIMD search of the anchors over bytes (Latin-1 mode only; null: use the regex). */
  private readonly teddy: TeddySearch | null;
  /**
   * Per need: its clause program in `teddy` (checked on the bytes in WebAssembly memory, no
   * string made), or -1 when only the string check is exact for it (non-ASCII literals).
   */
  private readonly programOf: Int32Array;

  constructor(entries: readonly PrefilterEntry[], latin1: boolean) {
    const enc = latin1 ? toLatin1 : (s: string) => s;
    this.needs = [];
    const anchorsOf: string[][] = [];
    for (const e of entries) {
      const need: LineNeed = typeof e === 'string' ? { anchors: [e] } : e;
      const anchors = [...new Set(need.anchors.map((a) => enc(a).toLowerCase()))];
      const clauses = (need.clauses ?? [need.anchors.map((a) => [a])]).map((c) =>
        c.map((seq) => seq.map((l) => enc(l).toLowerCase()).filter((l) => l.length > 0)),
      );
      const blank = need.blank?.length ? new Set(need.blank.map((w) => enc(w).toLowerCase())) : null;
      this.needs.push({ clauses, anchors, blank, tail: tailOf(clauses, blank, latin1) });
      anchorsOf.push(anchors);
    }
    const all = [...new Set(anchorsOf.flat())];
    const minimal = all.filter((l) => !all.some((o) => o !== l && l.includes(o)));
    minimal.sort((a, b) => b.length - a.length);
    this.literals = minimal;
    for (const lit of minimal) {
      const owners: number[] = [];
      anchorsOf.forEach((anchors, i) => {
        if (anchors.some((a) => a.includes(lit))) owners.push(i);
      });
      this.owners.set(lit, owners);
      if (owners.some((i) => provedBy(this.needs[i]!, lit))) this.alone.add(lit);
    }
    this.ownersById = minimal.map((l) => this.owners.get(l)!);
    this.aloneById = Uint8Array.from(minimal, (l) => (this.alone.has(l) ? 1 : 0));
    this.placementsById = minimal.map((lit, id) =>
      this.ownersById[id]!.map((i) => placements(anchorsOf[i]!, lit)),
    );
    this.wordMemo = this.needs.map((need) => (need.blank === null ? null : new Map<string, boolean>()));
    this.wordStart = new Int32Array(this.needs.length);
    this.wordEnd = new Int32Array(this.needs.length);
    this.wordVerdict = new Uint8Array(this.needs.length);
    this.re = new RegExp(minimal.map(escapeRegExp).join('|'), 'gi');
    this.stamp = new Int32Array(Math.max(1, this.needs.length));
    // The SIMD search folds ASCII letters only, and these strings were lower-cased with JS rules,
    // which also change Latin-1 letters (bytes of UTF-8 sequences): such anchors stay with the regex.
    this.programOf = new Int32Array(this.needs.length).fill(-1);
    const programs: ClauseProgram[] = [];
    this.needs.forEach((need, i) => {
      const program = { clauses: need.clauses, ...(need.blank ? { blank: [...need.blank] } : {}) };
      if (!TeddySearch.programFits(program)) return;
      this.programOf[i] = programs.length;
      programs.push(program);
    });
    this.teddy =
      latin1 && minimal.every((l) => !/[^\x00-\x7f]/.test(l)) ? TeddySearch.create(minimal, programs) : null;
  }

  /**
   * A read buffer inside the SIMD module's memory (see TeddySearch.lease): `findLinesIn` over it
   * copies nothing. Null without SIMD, or while another scan holds it.
   */
  lease(size: number): Buffer | null {
    return this.teddy?.lease(size) ?? null;
  }

  release(buf: Buffer): void {
    this.teddy?.release(buf);
  }

  /** Whether `findLinesIn` uses the SIMD search (for tests and benchmarks). */
  get simd(): boolean {
    return this.teddy !== null;
  }

  /**
   * Lines of `buf[start, stop)` (whole lines) that satisfy at least one need, as `findLines`
   * does on a Latin-1 view, but searching the bytes with the SIMD module when it is available.
   * Calls `onLine` with an absolute offset inside each such line, ascending, once per line.
   * Returns false (and does nothing) when the SIMD search cannot be used.
   */
  findLinesIn(buf: Buffer, start: number, stop: number, onLine: (offset: number) => void): boolean {
    const teddy = this.teddy;
    if (teddy === null || stop - start >= 1 << 23) return false;
    const keys = teddy.search(buf, start, stop);
    if (keys === null) return false; // another scan's text is in the module's memory
    const n = keys.length;
    const literals = this.literals;
    let skipTo = start; // lines before this offset are decided
    let ls = 0;
    let le = -1;
    let lower: string | null = null;
    for (const need of this.needs) if (need.tail !== null) need.tail.next.fill(-1);
    this.wordEnd.fill(0);
    for (let h = 0; h < n; h++) {
      const key = keys[h]!;
      const at = start + (key >> 8);
      if (at < skipTo) continue;
      const id = key & 255;
      let ok = this.aloneById[id] === 1;
      if (!ok) {
        const lit = literals[id]!;
        const owners = this.ownersById[id]!;
        const placed = this.placementsById[id]!;
        for (let o = 0; o < owners.length; o++) {
          const i = owners[o]!;
          const where = placed[o]!;
          if (where !== null && !anchorAt(buf, at, where, start, stop)) continue;
          const memo = this.wordMemo[i]!;
          if (memo !== null) {
            // Judged by the word this occurrence is in, not once per line: each occurrence of
            // an anchor has its own key, so every word that could hold is looked at.
            if (this.wordHolds(i, memo, buf, at, start, stop)) {
              ok = true;
              break;
            }
            continue;
          }
          if (at > le) {
            // A new line (bounds found only for needs verified on the whole line).
            le = teddy.line(at, start, stop);
            ls = teddy.start;
            lower = null;
            this.nextEpoch();
          }
          if (this.stamp[i] === this.epoch) continue;
          this.stamp[i] = this.epoch;
          const need = this.needs[i]!;
          // The first hit of the anchor in its line is the leftmost: the rest follows it or nowhere.
          if (need.tail !== null && need.tail.lit === lit) {
            if (tailIn(buf, at + lit.length, le, need.tail)) {
              ok = true;
              break;
            }
            continue;
          }
          const program = this.programOf[i]!;
          if (
            program >= 0
              ? teddy.holds(program, ls, le)
              : holds(need, (lower ??= buf.toString('latin1', ls, le).toLowerCase()))
          ) {
            ok = true;
            break;
          }
        }
      }
      if (ok) {
        onLine(at);
        if (at < ls || at > le) {
          le = teddy.line(at, start, stop);
          ls = teddy.start;
          lower = null;
        }
        skipTo = le >= stop ? stop : le + 1;
      }
    }
    return true;
  }

  /**
   * For a need with blank words (space-split logs, all clauses on one field): whether the word
   * around the anchor occurrence at `at` holds it: not a blank word, every clause inside it.
   * That is `holds` for the line, one word at a time: a word that holds contains an anchor (its
   * best clause's sequences each name one), and every anchor occurrence is some key. Words
   * repeat endlessly in real logs (`/owa/auth/logon.aspx`), so answers are kept per word, at
   * most MEMO_WORDS words of at most MEMO_WORD_BYTES (hostile logs cost no more memory).
   */
  private wordHolds(
    i: number,
    memo: Map<string, boolean>,
    buf: Buffer,
    at: number,
    start: number,
    stop: number,
  ): boolean {
    if (at < this.wordEnd[i]! && at >= this.wordStart[i]!) return this.wordVerdict[i] === 1;
    const program = this.programOf[i]!;
    if (program >= 0) {
      // On the bytes in WebAssembly memory: no string, and nothing to remember.
      const verdict = this.teddy!.word(program, at, start, stop);
      this.wordStart[i] = this.teddy!.start;
      this.wordEnd[i] = this.teddy!.end;
      this.wordVerdict[i] = verdict ? 1 : 0;
      return verdict;
    }
    // A word ends at a space or the line's end (the '\n'; a '\r' before it stays in the word,
    // as in the lower-cased line `holds` reads).
    let ws = at;
    while (ws > start && buf[ws - 1] !== 32 && buf[ws - 1] !== 10) ws--;
    let we = at;
    while (we < stop && buf[we] !== 32 && buf[we] !== 10) we++;
    const word = buf.toString('latin1', ws, we).toLowerCase();
    let verdict = memo.get(word);
    if (verdict === undefined) {
      const need = this.needs[i]!;
      verdict = !need.blank!.has(word) && clausesHold(need.clauses, word);
      if (word.length <= MEMO_WORD_BYTES) {
        if (memo.size >= MEMO_WORDS) memo.clear();
        memo.set(word, verdict);
      }
    }
    this.wordStart[i] = ws;
    this.wordEnd[i] = we;
    this.wordVerdict[i] = verdict ? 1 : 0;
    return verdict;
  }

  /** A new line: needs verified on the previous one may be verified again. */
  private nextEpoch(): void {
    if (++this.epoch >= 0x3fffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
  }

  /** Number of needs (rules) compiled, in entry order. */
  get size(): number {
    return this.needs.length;
  }

  /**
   * Lines of `text` (whole lines, `\n`-separated) that satisfy at least one need. Calls `onLine`
   * with an offset inside each such line, ascending, once per line.
   */
  findLines(text: string, onLine: (offset: number) => void): void {
    const re = this.re;
    re.lastIndex = 0;
    // Bounds of the line being verified: found once per line, so many hits in one long line
    // cost no more than one.
    let ls = 0;
    let le = -1;
    let lower: string | null = null;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const at = m.index;
      const lit = m[0].toLowerCase();
      let ok = this.alone.has(lit);
      if (!ok) {
        if (at > le) {
          ls = text.lastIndexOf('\n', at) + 1;
          le = text.indexOf('\n', at);
          if (le < 0) le = text.length;
          lower = null;
          this.nextEpoch();
        }
        for (const i of this.owners.get(lit) ?? []) {
          if (this.stamp[i] === this.epoch) continue;
          this.stamp[i] = this.epoch;
          lower ??= text.slice(ls, le).toLowerCase();
          if (holds(this.needs[i]!, lower)) {
            ok = true;
            break;
          }
        }
      }
      if (ok) {
        onLine(at);
        const nl = text.indexOf('\n', at + lit.length);
        if (nl < 0) break;
        re.lastIndex = nl + 1;
      } else {
        // Another anchor may start later in this line (or overlap this one).
        re.lastIndex = at + 1;
      }
    }
  }

  /**
   * The needs one line satisfies: writes their indices (ascending entry order not guaranteed)
   * into `out` and returns how many.
   */
  satisfied(line: string, out: number[]): number {
    const re = this.re;
    re.lastIndex = 0;
    this.nextEpoch();
    let n = 0;
    let lower: string | null = null;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      for (const i of this.owners.get(m[0].toLowerCase()) ?? []) {
        if (this.stamp[i] === this.epoch) continue;
        this.stamp[i] = this.epoch;
        lower ??= line.toLowerCase();
        if (holds(this.needs[i]!, lower)) out[n++] = i;
      }
      re.lastIndex = m.index + 1;
    }
    return n;
  }
}

/** Whether every clause of `need` holds in the lower-cased line (its blank words blanked). */
function holds(need: CompiledNeed, lower: string): boolean {
  if (!clausesHold(need.clauses, lower)) return false;
  const blank = need.blank;
  if (blank === null) return true;
  // All clauses come from one field, and a field is one word: some word that is not blank must
  // hold them all. Only words containing an anchor can (every clause's sequences name one).
  for (const anchor of need.anchors) {
    for (let at = lower.indexOf(anchor); at >= 0;) {
      const ws = lower.lastIndexOf(' ', at) + 1;
      let we = lower.indexOf(' ', at);
      if (we < 0) we = lower.length;
      const word = lower.slice(ws, we);
      if (!blank.has(word) && clausesHold(need.clauses, word)) return true;
      at = lower.indexOf(anchor, we);
    }
  }
  return false;
}

function clausesHold(clauses: readonly string[][][], lower: string): boolean {
  for (const clause of clauses) {
    let any = false;
    for (const seq of clause) {
      if (seqIn(seq, lower)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

/** Leftmost-first search of the literals in order (correct for "anywhere, in this order"). */
function seqIn(seq: readonly string[], lower: string): boolean {
  let from = 0;
  for (const lit of seq) {
    const at = lower.indexOf(lit, from);
    if (at < 0) return false;
    from = at + lit.length;
  }
  return true;
}

/** The letter-free tail of a one-sequence need, when it has one (see CompiledNeed.tail). */
function tailOf(clauses: string[][][], blank: Set<string> | null, latin1: boolean): CompiledNeed['tail'] {
  if (!latin1 || blank !== null || clauses.length !== 1 || clauses[0]!.length !== 1) return null;
  const [lit, ...rest] = clauses[0]![0]!;
  if (lit === undefined || rest.length === 0 || rest.some((r) => /[a-z]/i.test(r))) return null;
  return { lit, rest: rest.map((r) => Buffer.from(r, 'latin1')), next: rest.map(() => -1) };
}

/** The tail's literals in order within `buf[from, end)`; see Tail.next for why this is linear. */
function tailIn(buf: Buffer, from: number, end: number, tail: Tail): boolean {
  let at = from;
  for (let k = 0; k < tail.rest.length; k++) {
    const r = tail.rest[k]!;
    let p = tail.next[k]!;
    if (p < at) {
      p = buf.indexOf(r, at);
      if (p < 0) p = buf.length;
      tail.next[k] = p;
    }
    if (p + r.length > end) return false;
    at = p + r.length;
  }
  return true;
}

/** A need with one clause that the anchor alone satisfies needs no verification. */
function provedBy(need: CompiledNeed, lit: string): boolean {
  return (
    need.blank === null &&
    need.clauses.length === 1 &&
    need.clauses[0]!.some((seq) => seq.length === 1 && seq[0] === lit)
  );
}

function toLatin1(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A longer anchor seen from a hit of a literal it contains: its bytes, and the literal's offset in it. */
interface Placement {
  bytes: Buffer;
  offset: number;
}

/**
 * Where `anchors` that contain `lit` (but are not it) would start around a hit; null (no check)
 * if `lit` is one of them, or one is not ASCII (`anchorAt` folds ASCII letters only, the line
 * verification folds more).
 */
function placements(anchors: readonly string[], lit: string): Placement[] | null {
  if (anchors.includes(lit)) return null;
  if (anchors.some((a) => a.includes(lit) && /[^\x00-\x7f]/.test(a))) return null;
  const out: Placement[] = [];
  for (const a of anchors) {
    for (let k = a.indexOf(lit); k >= 0; k = a.indexOf(lit, k + 1))
      out.push({ bytes: Buffer.from(a, 'latin1'), offset: k });
  }
  return out;
}

/** Whether one of the anchors occurs around the hit at `at` (ASCII case folded), inside `[start, stop)`. */
function anchorAt(
  buf: Buffer,
  at: number,
  where: readonly Placement[],
  start: number,
  stop: number,
): boolean {
  for (const { bytes, offset } of where) {
    const p = at - offset;
    if (p < start || p + bytes.length > stop) continue;
    let j = 0;
    for (; j < bytes.length; j++) {
      let c = buf[p + j]!;
      if (c >= 65 && c <= 90) c |= 32;
      if (c !== bytes[j]) break;
    }
    if (j === bytes.length) return true;
  }
  return false;
}
