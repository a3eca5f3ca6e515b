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
