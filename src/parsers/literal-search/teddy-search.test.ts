import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { TeddySearch } from './teddy-search.js';
import { TEDDY_WASM_BASE64 } from './teddy-wasm.js';

/** Every (offset, literal) pair, found the slow way. */
function naive(text: Buffer, literals: string[], start = 0, stop = text.length): string[] {
  const lower = Buffer.from(
    text.toString('latin1').replace(/[A-Z]/g, (c) => c.toLowerCase()),
    'latin1',
  );
  const out: string[] = [];
  literals.forEach((l, id) => {
    const lit = Buffer.from(
      l.replace(/[A-Z]/g, (c) => c.toLowerCase()),
      'latin1',
    );
    for (
      let at = lower.indexOf(lit, start);
      at >= 0 && at + lit.length <= stop;
      at = lower.indexOf(lit, at + 1)
    )
      out.push(`${at}:${id}`);
  });
  return out.sort();
}

function teddy(text: Buffer, literals: string[], start = 0, stop = text.length): string[] {
  const keys = TeddySearch.create(literals)!.search(text, start, stop)!;
  return [...keys].map((k) => `${start + (k >> 8)}:${k & 255}`).sort();
}

/** Deterministic pseudo-random numbers (a test must fail the same way twice). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('TeddySearch', () => {
  it('is the module teddy.wat assembles to', async () => {
    const wabt = await wabtInit();
    const wat = readFileSync(new URL('./teddy.wat', import.meta.url), 'utf8');
    const mod = wabt.parseWat('teddy.wat', wat, { simd: true });
    expect(Buffer.from(mod.toBinary({}).buffer).toString('base64')).toBe(TEDDY_WASM_BASE64);
  });

  it('finds every occurrence, in any ASCII case, at the edges and overlapping', () => {
    const lits = ['server~', 'ServerInfo~', '/owa/auth/', 'abc', 'bcd', '192.81.208.169', '&echo+[s]'];
    const text = Buffer.from(
      'abcd SERVER~x serverinfo~y /OWA/Auth/z 192.81.208.169 192.81.208.16 &ECHO+[S] ab\nbcd',
      'latin1',
    );
    expect(teddy(text, lits)).toEqual(naive(text, lits));
    expect(teddy(text, lits)).toHaveLength(8);
  });

  it('agrees with a naive search on random texts and literals (many literals, short and long)', () => {
    const next = rng(7);
    const alphabet = 'abcAB.~/0123 \n,%&';
    for (let round = 0; round < 40; round++) {
      const lits = Array.from({ length: 1 + Math.floor(next() * 60) }, () =>
        Array.from({ length: 1 + Math.floor(next() * 9) }, () => alphabet[Math.floor(next() * 6)]).join(''),
      );
      const text = Buffer.from(
        Array.from(
          { length: Math.floor(next() * 3000) },
          () => alphabet[Math.floor(next() * alphabet.length)],
        ).join(''),
        'latin1',
      );
      const start = Math.floor(next() * 20);
      const stop = Math.max(start, text.length - Math.floor(next() * 20));
      expect(teddy(text, lits, start, stop), `round ${round}`).toEqual(naive(text, lits, start, stop));
    }
  });

  it('folds only letters: bytes equal once bit 5 is set (@ and `, [ and {, newline and *) stay apart', () => {
    // The window pre-check compares bytes with bit 5 set; the byte compare behind it decides.
    const lits = ['@x[a', 'a*b', '{q`z'];
    const text = Buffer.from('`X{A @X[A @x[a a\nb a*b A*B [Q@Z {Q`Z', 'latin1');
    expect(teddy(text, lits)).toEqual(naive(text, lits));
    expect(teddy(text, lits)).toEqual(['5:0', '10:0', '19:1', '23:1', '32:2'].sort());
  });

  it('keeps every hit when one block yields more than its output room', () => {
    const text = Buffer.from('aaaa'.repeat(100_000), 'latin1');
    expect(teddy(text, ['a', 'aa']).length).toBe(400_000 + 399_999);
  });

  it('matches non-ASCII bytes exactly and refuses what it cannot do', () => {
    const lit = Buffer.from('é', 'utf8').toString('latin1');
    const text = Buffer.from('xé É', 'utf8');
    expect(teddy(text, [lit])).toEqual(['1:0']);
    expect(TeddySearch.create([])).toBeNull();
    expect(TeddySearch.create([''])).toBeNull();
    expect(TeddySearch.create(Array.from({ length: 256 }, (_, i) => `lit${i}`))).toBeNull();
  });

  it('checks clause programs, lines and words on the searched bytes as string code does', () => {
    // The reference: JavaScript strings, lower-cased, searched leftmost-first.
    const seqIn = (seq: readonly string[], lower: string): boolean => {
      let from = 0;
      for (const lit of seq) {
        const at = lower.indexOf(lit, from);
        if (at < 0) return false;
        from = at + lit.length;
      }
      return true;
    };
    const holds = (clauses: string[][][], lower: string): boolean =>
      clauses.every((c) => c.some((seq) => seqIn(seq, lower)));
    const next = rng(11);
    const alphabet = 'abAB.~/ \n';
    const pick = (n: number, from = alphabet): string =>
      Array.from({ length: n }, () => from[Math.floor(next() * from.length)]).join('');
    for (let round = 0; round < 60; round++) {
      const lit = (): string => pick(1 + Math.floor(next() * 3), 'ab.~/ ').toLowerCase();
      const clauses = Array.from({ length: Math.floor(next() * 3) }, () =>
        Array.from({ length: Math.floor(next() * 3) }, () =>
          Array.from({ length: Math.floor(next() * 3) }, lit),
        ),
      );
      const blank = Array.from({ length: Math.floor(next() * 3) }, () =>
        pick(1 + Math.floor(next() * 4), 'ab/'),
      );
      const text = Buffer.from(pick(Math.floor(next() * 400)), 'latin1');
      const start = Math.floor(next() * 10);
      const stop = Math.max(start, text.length - Math.floor(next() * 10));
      const t = TeddySearch.create(
        ['zz'],
        [{ clauses }, { clauses, blank: blank.map((w) => w.toLowerCase()) }],
      )!;
      t.search(text, start, stop);
      const str = text.toString('latin1');
      for (let k = 0; k < 20; k++) {
        const from = start + Math.floor(next() * (stop - start + 1));
        const to = from + Math.floor(next() * (stop - from + 1));
        const where = `round ${round}: [${from}, ${to}) of ${JSON.stringify(str)}`;
        expect(t.holds(0, from, to), where).toBe(holds(clauses, str.slice(from, to).toLowerCase()));
        if (from >= stop) continue;
        const at = from;
        const end = t.line(at, start, stop);
        const nl = text.indexOf(10, at);
        expect([t.start, end], `line ${where}`).toEqual([
          Math.max(start, text.lastIndexOf(10, at) + 1),
          nl < 0 || nl > stop ? stop : nl,
        ]);
        let ws = at;
        while (ws > start && text[ws - 1] !== 32 && text[ws - 1] !== 10) ws--;
        let we = at;
        while (we < stop && text[we] !== 32 && text[we] !== 10) we++;
        const word = str.slice(ws, we).toLowerCase();
        expect(t.word(1, at, start, stop), `word ${where}`).toBe(
          !blank.map((w) => w.toLowerCase()).includes(word) && holds(clauses, word),
        );
        expect([t.start, t.end]).toEqual([ws, we]);
      }
    }
  });

  it('takes only clause programs it checks exactly (lower-case ASCII, nothing empty)', () => {
    expect(
      TeddySearch.programFits({ clauses: [[['post'], ['/ecp/', '.js']]], blank: ['/owa/auth/logon.aspx'] }),
    ).toBe(true);
    expect(TeddySearch.programFits({ clauses: [[['POST']]] })).toBe(false);
    expect(TeddySearch.programFits({ clauses: [[['\u00e9']]] })).toBe(false);
    expect(TeddySearch.programFits({ clauses: [[['']]] })).toBe(false);
    expect(TeddySearch.programFits({ clauses: [], blank: [''] })).toBe(false);
    expect(TeddySearch.create(['x'], [{ clauses: [[['A']]] }])).toBeNull();
  });

  it('searches a buffer read into its memory in place, as a copy, and lends one per thread at a time', () => {
    const next = rng(3);
    const lits = ['/ecp/', 'server~', 'ab', '192.81.208.169', 'x'];
    const programs = [{ clauses: [[['post']], [['/ecp/']]] }];
    const t = TeddySearch.create(lits, programs)!;
    const other = TeddySearch.create(['x'])!; // another searcher of this thread
    const size = 5000;
    const buf = t.lease(size)!;
    expect(buf).not.toBeNull();
    expect(buf.length).toBe(size);
    expect(t.lease(size)).toBeNull(); // one at a time
    expect(other.lease(size)).toBeNull(); // for the whole thread
    const text = Buffer.from('x /ecp/ x', 'latin1');
    // Copying it in would overwrite the lent bytes, whichever searcher is asked.
    expect(t.search(text, 0, text.length)).toBeNull();
    expect(other.search(text, 0, text.length)).toBeNull();
    const alphabet = 'abAB/ecpPOST~x\n 192.81.208.169 SERVER~';
    const seen: { copy: Buffer; start: number; stop: number; at: number; line: unknown[] }[] = [];
    for (let round = 0; round < 30; round++) {
      // The bytes after `stop` are text too (the next partial line), never zeros.
      for (let i = 0; i < size; i++) buf[i] = alphabet.charCodeAt(Math.floor(next() * alphabet.length));
      const start = Math.floor(next() * 100);
      const stop = start + 1 + Math.floor(next() * (size - start - 1));
      const keys = [...t.search(buf, start, stop)!].map((k) => `${start + (k >> 8)}:${k & 255}`).sort();
      expect(keys, `round ${round}`).toEqual(naive(buf, lits, start, stop));
      const at = start + Math.floor(next() * (stop - start));
      const end = t.line(at, start, stop);
      seen.push({ copy: Buffer.from(buf), start, stop, at, line: [t.start, end, t.holds(0, t.start, end)] });
    }
    t.release(text); // not the lent buffer: nothing changes
    expect(other.lease(size)).toBeNull();
    t.release(buf);
    // Copied in, the same texts give the same lines and clause checks.
    const fresh = TeddySearch.create(lits, programs)!;
    for (const { copy, start, stop, at, line } of seen) {
      fresh.search(copy, start, stop);
      const end = fresh.line(at, start, stop);
      expect([fresh.start, end, fresh.holds(0, fresh.start, end)]).toEqual(line);
    }
    expect(teddyKeys(t, text)).toEqual(['2:0', '0:4', '8:4'].sort());
    const again = other.lease(size);
    expect(again).not.toBeNull();
    other.release(again!);
  });

  it('gives a thread more search memory when its searchers fill the tables of the first', () => {
    // 40 searchers of 200 literals of 100 bytes: ~25 KB of tables each, more than one memory holds.
    const searchers = Array.from({ length: 40 }, (_, i) =>
      TeddySearch.create(Array.from({ length: 200 }, (_, j) => `s${i}-l${j}-`.padEnd(100, 'q')))!,
    );
    searchers.forEach((t, i) => {
      const text = Buffer.from(`xx s${i}-l7-${'q'.repeat(100)} s${i}-l199-${'Q'.repeat(95)}`, 'latin1');
      expect(teddyKeys(t, text), `searcher ${i}`).toEqual(
        ['3:7', `${text.indexOf(`s${i}-l199`)}:199`].sort(),
      );
    });
  });
});

function teddyKeys(t: TeddySearch, text: Buffer): string[] {
  return [...t.search(text, 0, text.length)!].map((k) => `${k >> 8}:${k & 255}`).sort();
}
