/**
 * @module probe/options
 * Probe options with their defaults. Timeouts are per request and per target; the target
 * deadline is what keeps a tarpit from holding a worker longer than the user allowed.
 */
import type { BuildAssessment, BuildPrecision } from '../knowledge/index.js';
import type { CheckDefinition } from './checks/check-definition.js';
import type { ExcludeList } from './targets/exclude-list.js';
import type { RateLimiter } from './schedule/rate-limiter.js';

/** knowledge's `assessBuild`, injected so the probe can be tested and used with any catalogue. */
export type Assessor = (build: string, precision?: BuildPrecision) => BuildAssessment;

export interface ProbeOptions {
  /** Ports tried, in order, for targets given without one. */
  ports: number[];
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  targetTimeoutMs: number;
  maxBodyBytes: number;
  /** Retries of the first request after a timeout or refused/aborted connection. */
  retries: number;
  concurrency: number;
  /** Worker threads to spread targets over (1 = this thread). More than 1 needs the default assessor. */
  workers: number;
  /** Global request rate (requests/s, 0 = unlimited). */
  ratePerSecond: number;
  /** Minimum milliseconds between two requests to one target. */
  perHostIntervalMs: number;
  userAgent: string;
  /** HTTP client: exhunt's own (`raw`, default) or node:https (`node`). */
  client: 'raw' | 'node';
  /** Probe the front-end virtual directories (ECP, EWS, Autodiscover, MAPI, ActiveSync). */
  services: boolean;
  /** Web-shell URL paths to GET (opt-in); each that answers 200 is reported. */
  webshellPaths: string[];
  checks: CheckDefinition[];
  assess: Assessor | null;
  /** Checked again after DNS resolution, so a host name that resolves to an excluded address is never contacted. Give `expandTargets` the same list. */
  exclude: ExcludeList | null;
  limiter: RateLimiter | null;
}

export const DEFAULT_PROBE_OPTIONS: Omit<ProbeOptions, 'checks' | 'assess' | 'exclude' | 'limiter'> = {
  ports: [443, 80],
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  targetTimeoutMs: 45_000,
  maxBodyBytes: 256 * 1024,
  retries: 1,
  concurrency: 200,
  workers: 1,
  ratePerSecond: 0,
  perHostIntervalMs: 0,
  userAgent: 'exhunt-probe/0.1 (+safe read-only Exchange check)',
  client: 'raw',
  services: true,
  webshellPaths: [],
};
