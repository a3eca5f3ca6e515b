/**
 * @module probe/run-probe
 * The probe pipeline: lazy targets → bounded pool of `probeTarget` → results streamed as they
 * finish, with a progress callback. A bug inside one target's probe becomes that target's
 * error row (and is counted), so one bad target can never end the run or lose other results.
 */
import { emptyResult, probeTarget } from './probe-target.js';
import { runPool } from './schedule/run-pool.js';
import { runProbeInWorkers } from './schedule/run-workers.js';
import { RateLimiter } from './schedule/rate-limiter.js';
import { defaultChecks } from './checks/load-checks.js';
import { DEFAULT_PROBE_OPTIONS, type ProbeOptions } from './options.js';
import { assessBuild } from '../knowledge/index.js';
import type { ProbeResult, Target } from './types.js';

export interface ProbeProgress {
  done: number;
  exchange: number;
  vulnerable: number;
  errors: number;
  startedAt: number;
}

/** Fills defaults; the shipped check pack is used unless `checks` is given. */
export function probeOptions(partial: Partial<ProbeOptions> = {}): ProbeOptions {
  const o: ProbeOptions = {
    ...DEFAULT_PROBE_OPTIONS,
    checks: partial.checks ?? defaultChecks(),
    assess: assessBuild,
    exclude: null,
    limiter: null,
    ...partial,
  };
  if (!o.limiter && o.ratePerSecond > 0) o.limiter = new RateLimiter(o.ratePerSecond);
  return o;
}

export function isVulnerable(r: ProbeResult): boolean {
  return Object.values(r.vulnerabilities).includes('vulnerable');
}

/** Probes every target; yields one result per target as soon as it is known. */
export async function* runProbe(
  targets: AsyncIterable<Target> | Iterable<Target>,
  options: Partial<ProbeOptions> = {},
  onProgress?: (p: ProbeProgress) => void,
): AsyncGenerator<ProbeResult> {
  const opts = probeOptions(options);
  const progress: ProbeProgress = { done: 0, exchange: 0, vulnerable: 0, errors: 0, startedAt: Date.now() };
  const threaded = opts.workers > 1 && opts.assess === assessBuild;
  // Threads share the global rate: this thread's share gets its own limiter when it probes too.
  const here: ProbeOptions =
    threaded && opts.ratePerSecond > 0
      ? { ...opts, limiter: new RateLimiter(opts.ratePerSecond / opts.workers) }
      : opts;
  const safeProbe = (t: Target): Promise<ProbeResult> =>
    probeTarget(t, here).catch((e: unknown) => {
      const r = emptyResult(t);
      r.error = {
        code: 'other',
        message: `internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}`,
      };
      return r;
    });
  // Workers only with the default assessor: a custom function cannot be sent to another thread.
  const results = threaded
    ? runProbeInWorkers(targets, opts, opts.workers, safeProbe)
    : runPool(targets, Math.max(1, opts.concurrency), safeProbe);
  for await (const r of results) {
    progress.done++;
    if (r.exchange) progress.exchange++;
    if (isVulnerable(r)) progress.vulnerable++;
    if (r.error) progress.errors++;
    onProgress?.(progress);
    yield r;
  }
}
