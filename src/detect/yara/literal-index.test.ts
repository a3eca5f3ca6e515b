/**
 * @module detect/yara/literal-index.test — the WebAssembly literal search against a plain
 * reference (fold, then indexOf), on random data with literals of every key width, across chunk
 * and window boundaries, with more candidates than one call can return, and again on the same
 * search object (the bits it clears for a buffer must come back).
 */
import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { LiteralSearch, literalSearchAvailable } from './literal-index.js';
import { LITERAL_SCAN_WASM_BASE64 } from './literal-scan-wasm.js';
import { foldByte } from './string-literals.js';

/** Deterministic bytes from a small alphabet (so literals do occur), some upper case. */
function bytes(seed: number, n: number, alphabet: string): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = alphabet.charCodeAt((x >>> 16) % alphabet.length);
  }
  return out;
}

const foldAll = (b: Uint8Array) => Uint8Array.from(b, foldByte);
const diffOf = (b: Uint8Array) => b.subarray(1).map((x, i) => x ^ b[i]!);

function reference(data: Uint8Array, literals: Uint8Array[], view: 'folded' | 'xor-diff'): number[] {
  const hay = Buffer.from(view === 'folded' ? foldAll(data) : diffOf(data));
  return literals.map((l, id) => (hay.indexOf(Buffer.from(l)) >= 0 ? id : -1)).filter((id) => id >= 0);
}

describe.skipIf(!literalSearchAvailable())('LiteralSearch', () => {
  it('runs the module literal-scan.wat assembles to (`npm run wasm:build` after editing it)', async () => {
    const wabt = await wabtInit();
    const wat = readFileSync(new URL('./literal-scan.wat', import.meta.url), 'utf8');
    const mod = wabt.parseWat('literal-scan.wat', wat, { simd: true });
    expect(Buffer.from(mod.toBinary({}).buffer).toString('base64')).toBe(LITERAL_SCAN_WASM_BASE64);
  });

  it('finds exactly the literals a plain search finds, in both views', () => {
    const alphabet = 'abcdeABCDE.\x00\xff';
    // Literals of 2 to 12 bytes taken from a source text (so many occur) and random ones.
    const source = bytes(7, 4096, alphabet);
    const folded: Uint8Array[] = [];
    const diffs: Uint8Array[] = [];
    for (let k = 0; k < 600; k++) {
      const len = 2 + (k % 11);
      const at = (k * 131) % (source.length - len);
      const lit = k % 3 === 0 ? bytes(k + 99, len, alphabet) : source.subarray(at, at + len);
      folded.push(foldAll(lit));
      if (len >= 5) diffs.push(diffOf(lit));
    }
    const dedupe = (ls: Uint8Array[]) => [
      ...new Map(ls.map((l) => [Buffer.from(l).toString('hex'), l])).values(),
    ];
    const f = dedupe(folded);
    const d = dedupe(diffs);
    const search = new LiteralSearch([
      { literals: f, view: 'folded' },
      { literals: d, view: 'xor-diff' },
    ]);
    // Small, odd-sized and over one chunk (1 MiB) so literals straddle chunk and window edges.
    const sizes = [0, 1, 2, 3, 7, 8, 9, 1000, 4097, (1 << 20) + 5, 2_500_000];
    for (const [n, size] of sizes.entries()) {
      const data = bytes(1000 + n, size, alphabet);
      // Twice: the second run on the same object must not miss what the first cleared.
      for (let round = 0; round < 2; round++) {
        const [gotF, gotD] = search.search(data);
        expect(
          [...gotF!].sort((a, b) => a - b),
          `folded, ${size} bytes, round ${round}`,
        ).toEqual(reference(data, f, 'folded'));
        expect(
          [...gotD!].sort((a, b) => a - b),
          `xor, ${size} bytes, round ${round}`,
        ).toEqual(reference(data, d, 'xor-diff'));
      }
    }
  }, 60_000);

  it('finds a literal at the very start and the very end, and across the 1 MiB chunk edge', () => {
    const lits = ['head', 'tail!', 'edge-crossing-literal'].map((s) => foldAll(Buffer.from(s, 'latin1')));
    const search = new LiteralSearch([{ literals: lits, view: 'folded' }]);
    const data = Buffer.alloc((1 << 20) + 100, 0x20);
    data.write('HEAD', 0, 'latin1');
    data.write('TAIL!', data.length - 5, 'latin1');
    data.write('Edge-Crossing-Literal', (1 << 20) - 10, 'latin1');
    expect(search.search(data)[0]!.sort()).toEqual([0, 1, 2]);
    expect(search.search(Buffer.alloc(100, 0x20))[0]).toEqual([]);
  });

  it('handles more candidate positions than one call returns', () => {
    // A literal whose key occurs everywhere but which itself never does.
    const lits = [foldAll(Buffer.from('aaaaaaaaZ', 'latin1')), foldAll(Buffer.from('aaZ', 'latin1'))];
    const search = new LiteralSearch([{ literals: lits, view: 'folded' }]);
    const data = Buffer.alloc(300_000, 0x61);
    expect(search.search(data)[0]).toEqual([]);
    data.write('z', 299_990, 'latin1');
    expect(search.search(data)[0]!.sort()).toEqual([0, 1]);
  });
});
