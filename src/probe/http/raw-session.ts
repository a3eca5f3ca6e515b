/**
 * @module probe/http/raw-session
 * The probe's HTTP/1.1 client: one keep-alive connection per target over node:net/node:tls, GET
 * only, requests written as text and answers read by the strict parser of response-parser.ts.
 * It does what node:https did for the probe at a fraction of the CPU per request (no agent, no
 * stream objects per response), which is what a scan of many hosts is bound by. Certificate on
 * the first handshake, connect timeout, hard per-request deadline, bounded body, DNS hook for the
 * exclude list; every failure is returned as a value.
 */
import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { classifyError, oneLine } from './classify-error.js';
import { excludingLookup, secureContext, type HttpSession, type SessionOptions } from './session.js';
import { ResponseParser, type ParseState } from './response-parser.js';
import { toTlsInfo } from './tls-info.js';
import type { ProbeRequest, RequestOutcome, TlsInfo } from '../types.js';

const SAFE_HEADER = /^[^\r\n\x00]*$/;

export class RawSession implements HttpSession {
  tls: TlsInfo | null = null;
  remoteAddress: string | null = null;
  requests = 0;
  private socket: Socket | null = null;
  private closed = false;
  private lastRequestAt = 0;
  private readonly hostHeader: string;

  constructor(private readonly opts: SessionOptions) {
    const h = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    const dflt = opts.scheme === 'https' ? 443 : 80;
    this.hostHeader = opts.port === dflt ? h : `${h}:${opts.port}`;
  }

  get origin(): string {
    const h = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `${this.opts.scheme}://${h}:${this.opts.port}`;
  }

  async get(req: ProbeRequest): Promise<RequestOutcome> {
    if (req.method !== 'GET' || !/^\/[^\s\x00-\x1f\x7f]*$/.test(req.path)) {
      return {
        ok: false,
        error: { code: 'other', message: 'refused to send: not a GET of an absolute path' },
      };
    }
    const extra = Object.entries(req.headers ?? {});
    if (extra.some(([k, v]) => !/^[A-Za-z0-9-]+$/.test(k) || !SAFE_HEADER.test(v))) {
      return { ok: false, error: { code: 'other', message: 'refused to send: header with line breaks' } };
    }
    if (this.closed)
      return { ok: false, error: { code: 'other', message: 'session closed (target deadline)' } };
    await this.opts.limiter?.take();
    const gap = (this.opts.perHostIntervalMs ?? 0) - (Date.now() - this.lastRequestAt);
    if (gap > 0) await new Promise((r) => setTimeout(r, gap));
    this.lastRequestAt = Date.now();
    this.requests++;
    let text = `GET ${req.path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nUser-Agent: ${this.opts.userAgent}\r\nAccept: */*\r\n`;
    for (const [k, v] of extra) text += `${k}: ${v}\r\n`;
    text += 'Connection: keep-alive\r\n\r\n';
    return new Promise<RequestOutcome>((resolve) => this.send(text, resolve));
  }

  private connect(): Socket {
    const o = this.opts;
    const isIp = net.isIP(o.host) !== 0;
    const common = {
      host: o.host,
      port: o.port,
      ...(o.isExcluded ? { lookup: excludingLookup(o.isExcluded) as never } : {}),
    };
    const s: Socket =
      o.scheme === 'https'
        ? tls.connect({
            ...common,
            rejectUnauthorized: false,
            secureContext: secureContext(),
            ...(isIp ? {} : { servername: o.host }),
          })
        : net.connect(common);
    s.setNoDelay(true);
    // A keep-alive connection the server closes while idle is forgotten, so the next request
    // opens a new one instead of writing into a dead socket (which would look like an abort).
    const forget = (): void => {
      if (this.socket === s) this.socket = null;
    };
    s.once('end', forget);
    s.once('close', forget);
    return s;
  }

  private send(text: string, resolve: (o: RequestOutcome) => void): void {
    const o = this.opts;
    const fresh = this.socket === null || this.socket.destroyed || !this.socket.writable;
    const s = fresh ? this.connect() : (this.socket as Socket);
    this.socket = s;
    const parser = new ResponseParser(o.maxBodyBytes);
    let settled = false;
    const cleanup = (): void => {
      clearTimeout(deadline);
      clearTimeout(connectTimer);
      s.off('data', onData);
      s.off('end', onEnd);
      s.off('close', onEnd);
      s.off('error', onError);
    };
    const finish = (out: RequestOutcome, keep: boolean): void => {
      if (settled) return;
      settled = true;
      cleanup();
      if (!keep) {
        s.destroy();
        if (this.socket === s) this.socket = null;
      }
      resolve(out);
    };
    const fromState = (st: ParseState): void => {
      if (st.kind === 'more') return;
      if (st.kind === 'error') {
        finish(
          { ok: false, error: { code: 'protocol', message: `invalid HTTP response: ${st.message}` } },
          false,
        );
        return;
      }
      const response = {
        status: st.status,
        headers: st.headers,
        body: st.body.toString('latin1'),
        truncated: st.truncated,
        httpVersion: st.httpVersion,
      };
      finish({ ok: true, response }, st.keepAlive);
    };
    const onData = (d: Buffer): void => fromState(parser.push(d));
    const onEnd = (): void => {
      if (settled) return;
      const st = parser.end();
      if (st.kind === 'error' && !parser.started) {
        finish(
          { ok: false, error: { code: 'aborted', message: 'connection closed without a response' } },
          false,
        );
      } else fromState(st);
    };
    const onError = (err: Error): void => {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EXHUNT_EXCLUDED')
        finish({ ok: false, error: { code: 'dns', message: oneLine(e.message) } }, false);
      else finish({ ok: false, error: classifyError(err) }, false);
    };
    const deadline = setTimeout(() => {
      finish(
        {
          ok: false,
          error: { code: 'timeout', message: `no complete response within ${o.requestTimeoutMs} ms` },
        },
        false,
      );
    }, o.requestTimeoutMs);
    let connectTimer: NodeJS.Timeout | undefined;
    s.on('data', onData);
    s.on('end', onEnd);
    s.on('close', onEnd);
    s.on('error', onError);
    if (fresh) {
      connectTimer = setTimeout(() => {
        finish(
          {
            ok: false,
            error: { code: 'timeout', message: `connect timeout after ${o.connectTimeoutMs} ms` },
          },
          false,
        );
      }, o.connectTimeoutMs);
      const ready = o.scheme === 'https' ? 'secureConnect' : 'connect';
      s.once(ready, () => {
        clearTimeout(connectTimer);
        this.remoteAddress ??= s.remoteAddress ?? null;
        if (this.tls === null && o.scheme === 'https') {
          const t = s as TLSSocket;
          this.tls = toTlsInfo(t.getPeerCertificate(), t.getProtocol() ?? null);
        }
      });
      // Idle keep-alive sockets that error later must not crash the process.
      s.on('error', () => undefined);
    }
    s.write(text, 'latin1');
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.socket = null;
  }
}
