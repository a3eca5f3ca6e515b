/**
 * @module parsers/testing/seeded-random
 * A small deterministic PRNG (mulberry32) so generated logs are identical run to run.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  hex(length: number): string;
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number): number => Math.floor(next() * max);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    hex: (length) => {
      let s = '';
      while (s.length < length) s += int(0x10000).toString(16).padStart(4, '0');
      return s.slice(0, length);
    },
  };
}

/** A GUID-looking string from the PRNG. */
export function fakeGuid(r: Random): string {
  const h = r.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
