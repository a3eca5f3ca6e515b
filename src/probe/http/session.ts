/**
 * @module probe/http/session
 * One target's HTTP(S) conversation: GET only, one keep-alive socket, certificate captured on the
 * first full handshake (a resumed TLS session returns an empty certificate, see deps.md §5),
 * bounded bodies, a connect timeout, a hard deadline per request (an idle timer alone lets a
 * slow-drip server hold us forever), no redirects followed, and a DNS hook that refuses any
 * address on the exclude list. Every failure is returned as a value.
 */
import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { classifyError } from './classify-error.js';
import { toTlsInfo } from './tls-info.js';
import type { RateLimiter } from '../schedule/rate-limiter.js';
import type { ProbeRequest, ProbeResponse, RequestOutcome, TlsInfo } from '../types.js';

export interface SessionOptions {
  scheme: 'https' | 'http';
  host: string;
  port: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  userAgent: string;
  /** Refuses a resolved address (exclude list); returns true when the address must not be contacted. */
  isExcluded?: (address: string) => boolean;
  limiter?: RateLimiter;
  /** Minimum milliseconds between two requests of this session (per-host rate limit). */
  perHostIntervalMs?: number;
}

export function excludingLookup(isExcluded: (a: string) => boolean) {
  return (
    hostname: string,
    options: object,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const allowed = (addresses as LookupAddress[]).filter((a) => !isExcluded(a.address));
      if (allowed.length === 0) {
        const e: NodeJS.ErrnoException = new Error(`${hostname} resolves only to excluded addresses`);
        e.code = 'EXHUNT_EXCLUDED';
        return callback(e, '');
      }
      if ((options as { all?: boolean }).all) return callback(null, allowed);
      const first = allowed[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

// One TLS context for every session: building one per connection (loading the CA store) was
// the largest avoidable CPU cost in the profile of a 500-host run. Certificates are not verified
// (a probe must see self-signed and expired ones), so the CA store is never used anyway.
let sharedContext: SecureContext | null = null;
export function secureContext(): SecureContext {
  sharedContext ??= createSecureContext({});
  return sharedContext;
}

/** What the probe needs from a connection to one target (both clients implement it). */
export interface HttpSession {
  readonly origin: string;
  tls: TlsInfo | null;
  remoteAddress: string | null;
  requests: number;
  get(req: ProbeRequest): Promise<RequestOutcome>;
  close(): void;
}

export class ProbeSession implements HttpSession {
  tls: TlsInfo | null = null;
  remoteAddress: string | null = null;
  requests = 0;
  private readonly agent: http.Agent;
  private lastRequestAt = 0;
  private closed = false;

  constructor(private readonly opts: SessionOptions) {
    const agentOpts = { keepAlive: true, maxSockets: 1, maxFreeSockets: 1 };
    this.agent =
      opts.scheme === 'https'
        ? new https.Agent({
            ...agentOpts,
            rejectUnauthorized: false,
            maxCachedSessions: 0,
            secureContext: secureContext(),
          })
        : new http.Agent(agentOpts);
  }

  get origin(): string {
    const h = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `${this.opts.scheme}://${h}:${this.opts.port}`;
  }

  /** Sends one GET and returns the bounded response or the classified failure. */
  async get(req: ProbeRequest): Promise<RequestOutcome> {
    if (this.closed)
      return { ok: false, error: { code: 'other', message: 'session closed (target deadline)' } };
    await this.opts.limiter?.take();
    const gap = (this.opts.perHostIntervalMs ?? 0) - (Date.now() - this.lastRequestAt);
    if (gap > 0) await new Promise((r) => setTimeout(r, gap));
    this.lastRequestAt = Date.now();
    this.requests++;
    return new Promise<RequestOutcome>((resolve) => this.send(req, resolve));
  }

  private send(req: ProbeRequest, resolve: (o: RequestOutcome) => void): void {
    const o = this.opts;
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (out: RequestOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(connectTimer);
      resolve(out);
    };
    const isIp = /^[\d.]+$|:/.test(o.host);
    const options: https.RequestOptions = {
      host: o.host,
      port: o.port,
      method: req.method,
      path: req.path,
      agent: this.agent,
      headers: { 'User-Agent': o.userAgent, Accept: '*/*', ...req.headers },
      ...(o.scheme === 'https' ? { rejectUnauthorized: false, servername: isIp ? undefined : o.host } : {}),
      ...(o.isExcluded ? { lookup: excludingLookup(o.isExcluded) as never } : {}),
    };
    const client = o.scheme === 'https' ? https : http;
    const r = client.request(options);
    const deadline = setTimeout(() => {
      const e: NodeJS.ErrnoException = new Error(`no complete response within ${o.requestTimeoutMs} ms`);
      e.code = 'ETIMEDOUT';
      r.destroy(e);
    }, o.requestTimeoutMs);
    let connectTimer: NodeJS.Timeout | undefined;
    r.on('socket', (sock: Socket) => {
      if (this.remoteAddress === null)
        sock.once('connect', () => (this.remoteAddress = sock.remoteAddress ?? null));
      const tlsSock = sock as TLSSocket;
      if (this.tls === null && o.scheme === 'https') {
        const capture = (): void => {
          if (this.tls === null)
            this.tls = toTlsInfo(tlsSock.getPeerCertificate(), tlsSock.getProtocol() ?? null);
        };
        if (tlsSock.encrypted && !sock.connecting) capture();
        else tlsSock.once('secureConnect', capture);
      }
      if (sock.connecting) {
        connectTimer = setTimeout(() => {
          const e: NodeJS.ErrnoException = new Error(`connect timeout after ${o.connectTimeoutMs} ms`);
          e.code = 'ETIMEDOUT';
          r.destroy(e);
        }, o.connectTimeoutMs);
        sock.once('connect', () => clearTimeout(connectTimer));
      }
    });
    r.on('error', (err) => {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EXHUNT_EXCLUDED') finish({ ok: false, error: { code: 'dns', message: e.message } });
      else finish({ ok: false, error: classifyError(err) });
    });
    r.on('response', (res) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      }
      const done = (truncated: boolean): void => {
        const body = Buffer.concat(chunks).toString('latin1');
        const response: ProbeResponse = {
          status: res.statusCode ?? 0,
          headers,
          body,
          truncated,
          httpVersion: res.httpVersion,
        };
        finish({ ok: true, response });
      };
      res.on('data', (c: Buffer) => {
        if (settled) return;
        const room = o.maxBodyBytes - size;
        if (c.length >= room) {
          chunks.push(c.subarray(0, room));
          size = o.maxBodyBytes;
          done(true);
          // Bounded body: stop reading and drop the socket rather than drain an endless stream.
          r.destroy();
          return;
        }
        chunks.push(c);
        size += c.length;
      });
      res.on('end', () => done(false));
      res.on('error', (err) => finish({ ok: false, error: classifyError(err) }));
      res.on('aborted', () =>
        finish({ ok: false, error: { code: 'aborted', message: 'response aborted mid-body' } }),
      );
    });
    r.end();
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
  }
}
