/**
 * @module probe/probe-target
 * Everything exhunt asks one target, in order, each a GET: the OWA login page (fingerprint), a
 * random path (catch-all decoys), the export-tool manifest when the header gave no exact build,
 * the front-end directories, then the safe checks of the rule pack. Non-Exchange targets get no
 * checks. Failures become the result's `error`; nothing here throws for network or data reasons.
 */
import { ProbeSession, type HttpSession, type SessionOptions } from './http/session.js';
import { RawSession } from './http/raw-session.js';
import { buildFromOwaVersionHeader, serverNameFromHeaders } from './fingerprint/build-from-headers.js';
import { buildFromOwaPath } from './fingerprint/build-from-owa-path.js';
import { buildFromManifest, EXPORT_TOOL_MANIFEST_PATH } from './fingerprint/build-from-manifest.js';
import { exchangeSignals } from './fingerprint/exchange-signals.js';
import { SERVICE_PATHS, serviceState } from './fingerprint/services.js';
import { runChecks } from './checks/run-checks.js';
import { assessTarget } from './assess/assess-target.js';
import { parseIp } from './targets/ip-address.js';
import type { ProbeOptions } from './options.js';
import type {
  BuildEvidence,
  ProbeResponse,
  ProbeResult,
  RequestError,
  RequestOutcome,
  ServiceName,
  Target,
} from './types.js';

export const LANDING_PATH = '/owa/auth/logon.aspx';
const MAX_REDIRECTS = 3;
const RETRYABLE = new Set(['timeout', 'aborted', 'refused']);

interface Endpoint {
  scheme: 'https' | 'http';
  port: number;
}

function endpoints(t: Target, ports: number[]): Endpoint[] {
  if (t.scheme && t.port !== null) return [{ scheme: t.scheme, port: t.port }];
  const list = t.port !== null ? [t.port] : ports;
  return list.flatMap((port): Endpoint[] =>
    port === 80
      ? [{ scheme: 'http', port }]
      : [{ scheme: 'https', port }, ...(t.port !== null ? [{ scheme: 'http' as const, port }] : [])],
  );
}

export function emptyResult(t: Target): ProbeResult {
  return {
    target: t.id,
    url: null,
    address: null,
    exchange: false,
    build: null,
    buildPrecision: 'unknown',
    buildSource: null,
    product: null,
    cu: null,
    update: null,
    vulnerabilities: {},
    campaigns: {},
    checks: [],
    webshells: [],
    disagreements: [],
    notes: [],
    serverName: null,
    services: {},
    tls: null,
    error: null,
    requests: 0,
    durationMs: 0,
    time: new Date().toISOString(),
  };
}

/** GET with same-origin redirects followed (never another host: only given targets are touched). */
/** The probe's own client by default; node:https when `client: 'node'` (for comparison). */
function openSession(opts: ProbeOptions, so: SessionOptions): HttpSession {
  return opts.client === 'node' ? new ProbeSession(so) : new RawSession(so);
}

async function getFollowing(s: HttpSession, path: string): Promise<RequestOutcome> {
  let current = path;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const o = await s.get({ method: 'GET', path: current });
    if (!o.ok || o.response.status < 300 || o.response.status > 399 || !o.response.headers.location) return o;
    let next: URL;
    try {
      next = new URL(o.response.headers.location, `${s.origin}${current}`);
    } catch {
      return o;
    }
    if (next.origin !== new URL(s.origin).origin) return o;
    current = next.pathname + next.search;
  }
  return {
    ok: false,
    error: { code: 'protocol', message: `more than ${MAX_REDIRECTS} redirects (redirect loop?)` },
  };
}

async function connect(t: Target, opts: ProbeOptions, result: ProbeResult, live: Live) {
  const exclude = opts.exclude;
  const isExcluded = exclude
    ? (a: string) => {
        const ip = parseIp(a);
        return ip !== null && exclude.hasIp(ip);
      }
    : undefined;
  const failures: RequestError[] = [];
  for (const ep of endpoints(t, opts.ports)) {
    if (live.abandoned) break;
    const session = (live.session = openSession(opts, {
      scheme: ep.scheme,
      host: t.host,
      port: ep.port,
      connectTimeoutMs: opts.connectTimeoutMs,
      requestTimeoutMs: opts.requestTimeoutMs,
      maxBodyBytes: opts.maxBodyBytes,
      userAgent: opts.userAgent,
      ...(isExcluded ? { isExcluded } : {}),
      ...(opts.limiter ? { limiter: opts.limiter } : {}),
      perHostIntervalMs: opts.perHostIntervalMs,
    }));
    let last: RequestOutcome | null = null;
    for (let attempt = 0; attempt <= opts.retries; attempt++) {
      last = await getFollowing(session, LANDING_PATH);
      if (last.ok || !RETRYABLE.has(last.error.code) || last.error.code === 'refused') break;
    }
    if (last?.ok) return { session, landing: last.response };
    result.requests += session.requests;
    session.close();
    live.session = null;
    if (last && !last.ok)
      failures.push({ code: last.error.code, message: `${ep.scheme}:${ep.port}: ${last.error.message}` });
    // A protocol-level answer (garbage, redirect loop) is this target's answer: do not try another port.
    if (last && !last.ok && last.error.code === 'protocol') break;
  }
  const first = failures[0] ?? { code: 'other' as const, message: 'no endpoint to try' };
  return { session: null, error: { code: first.code, message: failures.map((f) => f.message).join('; ') } };
}

/** The session in use and whether the target was given up (deadline): no new connection after. */
interface Live {
  session: HttpSession | null;
  abandoned: boolean;
}

/** Probes one target; resolves within `targetTimeoutMs` (plus a little) whatever the server does. */
export async function probeTarget(t: Target, opts: ProbeOptions): Promise<ProbeResult> {
  const started = Date.now();
  const result = emptyResult(t);
  // The session in use, also while connecting: the deadline must be able to close it.
  const live: Live = { session: null, abandoned: false };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((r) => {
    timer = setTimeout(() => r('deadline'), opts.targetTimeoutMs);
  });
  const work = (async () => {
    const c = await connect(t, opts, result, live);
    if (!c.session) {
      result.error = c.error;
      return;
    }
    await fingerprintAndCheck(c.session, c.landing, opts, result);
  })();
  const outcome = await Promise.race([work.then(() => 'done' as const), deadline]);
  clearTimeout(timer);
  if (outcome === 'deadline') {
    live.abandoned = true;
    result.error = { code: 'timeout', message: `target did not finish within ${opts.targetTimeoutMs} ms` };
    work.catch(() => undefined);
  }
  const s = live.session;
  if (s) {
    result.requests += s.requests;
    result.tls = s.tls;
    result.address = s.remoteAddress;
    s.close();
  }
  result.durationMs = Date.now() - started;
  // After a deadline the abandoned work may still touch `result` as its last request fails:
  // hand out a copy so what was reported cannot change afterwards.
  return outcome === 'deadline' ? structuredClone(result) : result;
}

/**
 * A path no server has: a decoy that answers it like the login page answers everything. It needs
 * to be unpredictable to the target, not secret, so a per-process random prefix and a counter do
 * (one crypto call per target cost more than the rest of this function).
 */
const RUN_TAG = Math.floor(Math.random() * 0x1000000)
  .toString(16)
  .padStart(6, '0');
let pathCounter = 0;
function randomPath(): string {
  pathCounter = (pathCounter + 1) % 0x1000000;
  return `/exhunt-${RUN_TAG}${pathCounter.toString(16).padStart(6, '0')}.htm`;
}

async function fingerprintAndCheck(
  s: HttpSession,
  landing: ProbeResponse,
  opts: ProbeOptions,
  result: ProbeResult,
): Promise<void> {
  result.url = s.origin;
  const random = await s.get({ method: 'GET', path: randomPath() });
  const sig = exchangeSignals(landing, random.ok ? random.response : null);
  result.exchange = sig.exchange;
  result.serverName = serverNameFromHeaders(landing);
  if (sig.catchAll) result.notes.push('answers any path with the same page (catch-all decoy): not Exchange');
  if (!sig.exchange) {
    if (landing.truncated) {
      result.error = {
        code: 'too-large',
        message: `response body larger than ${opts.maxBodyBytes} bytes (read stopped there)`,
      };
    }
    if (!sig.catchAll && sig.signals.length > 0)
      result.notes.push(`weak signals only: ${sig.signals.join(', ')}`);
    return;
  }
  let build: BuildEvidence | null = buildFromOwaVersionHeader(landing);
  const fromPath = buildFromOwaPath(landing);
  if (!build) {
    const m = await s.get({ method: 'GET', path: EXPORT_TOOL_MANIFEST_PATH });
    build = m.ok ? buildFromManifest(m.response) : null;
  }
  build ??= fromPath;
  if (build && fromPath && build !== fromPath && !build.build.startsWith(`${fromPath.build}.`)) {
    result.notes.push(`OWA resource path shows ${fromPath.build} but ${build.source} says ${build.build}`);
  }
  result.services.owa = 'answers';
  if (opts.services) {
    for (const [name, path] of Object.entries(SERVICE_PATHS)) {
      result.services[name as ServiceName] = serviceState(await s.get({ method: 'GET', path }));
    }
  }
  const checks = await runChecks(s, opts.checks);
  assessTarget(result, build, checks, opts);
  if (opts.webshellPaths.length > 0) {
    for (const path of opts.webshellPaths) {
      const o = await s.get({ method: 'GET', path });
      if (o.ok && o.response.status === 200) result.webshells.push(path);
    }
  }
}
