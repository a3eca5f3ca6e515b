/**
 * @module probe/schedule/rate-limiter
 * A token bucket shared by every session: `take()` resolves when one more request may start.
 * Waiters are served in order; with no limit (`perSecond` ≤ 0 or Infinity) `take()` is free.
 */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  private readonly queue: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly perSecond: number,
    private readonly burst = Math.max(1, Math.ceil(perSecond / 10)),
  ) {
    this.tokens = this.burst;
  }

  get unlimited(): boolean {
    return !(this.perSecond > 0 && Number.isFinite(this.perSecond));
  }

  take(): Promise<void> {
    if (this.unlimited) return Promise.resolve();
    this.refill();
    if (this.queue.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.schedule();
    });
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(1, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refill();
      while (this.queue.length > 0 && this.tokens >= 1) {
        this.tokens -= 1;
        this.queue.shift()?.();
      }
      if (this.queue.length > 0) this.schedule();
    }, wait);
    // Never keep the process alive just for the limiter.
    this.timer.unref();
  }
}
