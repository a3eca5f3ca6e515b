import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';
import { runPool } from './run-pool.js';

describe('RateLimiter', () => {
  it('spaces requests to the configured rate', async () => {
    const lim = new RateLimiter(50, 1);
    const t0 = Date.now();
    for (let i = 0; i < 11; i++) await lim.take();
    // 10 waits at 50/s is about 200 ms.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(170);
    expect(new RateLimiter(0).unlimited).toBe(true);
  });
});

describe('runPool', () => {
  it('never has more than `concurrency` in flight and pulls the source lazily', async () => {
    let inFlight = 0;
    let peak = 0;
    let pulled = 0;
    function* source() {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield i;
      }
    }
    const out: number[] = [];
    for await (const r of runPool(source(), 5, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((res) => setTimeout(res, 1));
      inFlight--;
      return i;
    })) {
      out.push(r);
      if (out.length === 50) break;
    }
    expect(peak).toBeLessThanOrEqual(5);
    expect(pulled).toBeLessThan(60);
  });
});

describe('runPool, results and failures', () => {
  it('yields every result once, in finishing order, including undefined values', async () => {
    const delays = [30, 5, 20, 1, 10];
    const out: (number | undefined)[] = [];
    for await (const r of runPool(delays.keys(), 3, async (i) => {
      await new Promise((res) => setTimeout(res, delays[i]));
      return i === 3 ? undefined : i;
    }))
      out.push(r);
    expect(out).toHaveLength(5);
    expect(new Set(out)).toEqual(new Set([0, 1, 2, undefined, 4]));
    // 1 (5 ms) finishes before 0 (30 ms), which started first.
    expect(out.indexOf(1)).toBeLessThan(out.indexOf(0));
  });

  it('a rejected item rejects the run (it is a bug, not data)', async () => {
    const run = async () => {
      const out: number[] = [];
      for await (const r of runPool([1, 2, 3], 2, async (i) => {
        if (i === 2) throw new Error('boom');
        return i;
      }))
        out.push(r);
      return out;
    };
    await expect(run()).rejects.toThrow('boom');
  });
});
