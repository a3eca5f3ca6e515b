/**
 * @module probe/http/raw-session
 * The probe's HTTP/1.1 client: one keep-alive connection per target over node:net/node:tls, GET
 * only, requests written as text and answers read by the strict parser of response-parser.ts.
 * It does what node:https did for the probe at a fraction of the CPU per request (no agent, no
 * stream objects per response), which is what a scan of many hosts is bound by. Certificate on
 * the first handshake, connect timeout, hard per-request deadline, bounded body, DNS hook for the
 * exclude list; every failure is returned as a value.
 *
 * Connections: all of a target's GETs go over one socket while the server keeps it open. When a
 * new connection is needed (the server closed the last one, or aborted a request), the TLS
 * session of the earlier handshake is offered (`tls.connect({ session })`), so the server can
 * resume it instead of doing a full handshake: one round trip less on TLS 1.2 (what most Exchange
 * front-ends speak) and no private-key operation for the server. Sessions are kept per target and
 * never shared between targets. The certificate is read once, from the first full handshake. (On
 * loopback against the lab's P-256 hosts a resumed connection costs this side about as much CPU
 * as a full one — node 20's OpenSSL 3.0 re-parses the certificate inside the session — so the
 * benchmark gains nothing from it; the gain is the server's and the network's.)
 *
 * Reused sockets: a request written on a connection that already carried a response, and that
 * ends without a single byte of answer, may have crossed the server's idle close. A server that
 * closes an idle connection does so a fixed time (its keep-alive timeout) after its last answer,
 * and the client sees that close the same time after it received that answer, whatever the
 * network's delay. So a close seen less than IDLE_CLOSE_FLOOR_MS after the previous answer
 * cannot be an idle close unless the server's keep-alive timeout is below that floor (IIS: 120 s;
 * the usual proxies and load balancers: seconds, and a server that keeps no connection open says
 * `Connection: close`): it is the server's answer to this request, an abort like one on a fresh
 * connection. A later close is ambiguous: the request is sent again, once, on a fresh
 * connection, and only that answer counts. The EOMT checks read an abort as "mitigated", so an
 * idle close must never pass for one; a real abort from a distant server (round trip above the
 * floor) costs one more connection, nothing else.
 */
import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { classifyError, oneLine } from './classify-error.js';
import { excludingLookup, secureContext, type HttpSession, type SessionOptions } from './session.js';
import { ResponseParser, type ParseState } from './response-parser.js';
import { toTlsInfo } from './tls-info.js';
import type { ProbeRequest, RequestOutcome, TlsInfo } from '../types.js';

const SAFE_HEADER = /^[^\r\n\x00]*$/;

/**
 * A close without an answer this soon after the previous answer on the same connection is read as
 * the server's reaction to the request, not as its idle timeout (see the module overview).
 */
export const IDLE_CLOSE_FLOOR_MS = 500;

/** `TLSSocket.setSession` exists in node 20 (what tls.connect itself calls) but not in its types. */
interface SessionSettable {
  setSession(session: Buffer): void;
}

/** The request in flight on a connection and what it has seen so far. */
interface InFlight {
  socket: Socket;
  parser: ResponseParser;
  /** The socket had answered an earlier request (not opened for this one). */
  reused: boolean;
  finish: (out: RequestOutcome, keep: boolean) => void;
}

/** A request's outcome, and whether it died on a reused socket before any byte of answer. */
interface Attempt {
  out: RequestOutcome;
  staleSocket: boolean;
}

export class RawSession implements HttpSession {
  tls: TlsInfo | null = null;
  remoteAddress: string | null = null;
  requests = 0;
  /** Connections opened, and how many of their TLS handshakes resumed this target's session. */
  connections = 0;
  resumed = 0;
  private socket: Socket | null = null;
  /** The socket has carried at least one complete response. */
  private socketUsed = false;
  /** When the last complete response on the current socket arrived (performance.now()). */
  private lastAnswerAt = 0;
  private inFlight: InFlight | null = null;
  private tlsSession: Buffer | null = null;
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
    const extra = req.headers ? Object.entries(req.headers) : [];
    if (extra.some(([k, v]) => !/^[A-Za-z0-9-]+$/.test(k) || !SAFE_HEADER.test(v))) {
      return { ok: false, error: { code: 'other', message: 'refused to send: header with line breaks' } };
    }
    let text = `GET ${req.path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nUser-Agent: ${this.opts.userAgent}\r\nAccept: */*\r\n`;
    for (const [k, v] of extra) text += `${k}: ${v}\r\n`;
    text += 'Connection: keep-alive\r\n\r\n';
    const first = await this.attempt(text);
    if (!first.staleSocket) return first.out;
    // Nothing came back on a kept-alive socket: the server may have closed it while idle.
    // Only an answer (or abort) on a connection opened for this request counts.
    return (await this.attempt(text)).out;
  }

  private async attempt(text: string): Promise<Attempt> {
    if (this.closed)
      return {
        out: { ok: false, error: { code: 'other', message: 'session closed (target deadline)' } },
        staleSocket: false,
      };
    // Awaited only when set: each await is a turn of the microtask queue per request.
    const interval = this.opts.perHostIntervalMs ?? 0;
    if (this.opts.limiter || interval > 0) {
      await this.opts.limiter?.take();
      const gap = interval - (Date.now() - this.lastRequestAt);
      if (gap > 0) await new Promise((r) => setTimeout(r, gap));
      if (this.closed)
        return {
          out: { ok: false, error: { code: 'other', message: 'session closed (target deadline)' } },
          staleSocket: false,
        };
      this.lastRequestAt = Date.now();
    }
    this.requests++;
    return new Promise<Attempt>((resolve) => this.send(text, resolve));
  }

  /** Opens a connection whose events go to whichever request is in flight on it. */
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
    // Set here, not as tls.connect's `session` option: node 20 applies that option twice (in the
    // socket's constructor and again in tls.connect), parsing the session — certificate and all —
    // each time. The handshake starts only once the TCP connection is up, so this is in time.
    if (this.tlsSession && o.scheme === 'https')
      (s as TLSSocket & SessionSettable).setSession(this.tlsSession);
    this.connections++;
    s.setNoDelay(true);
    const mine = (): InFlight | null => (this.inFlight?.socket === s ? this.inFlight : null);
    s.on('data', (d: Buffer) => {
      const f = mine();
      // Bytes nobody asked for: this connection cannot be trusted with the next request.
      if (!f) return void this.drop(s);
      const st = f.parser.push(d);
      if (st.kind !== 'more') this.settle(f, st);
    });
    const onEnd = (): void => {
      if (this.socket === s) this.socket = null;
      const f = mine();
      if (!f) return;
      const st = f.parser.end();
      if (st.kind === 'error' && !f.parser.started) {
        f.finish(
          { ok: false, error: { code: 'aborted', message: 'connection closed without a response' } },
          false,
        );
      } else this.settle(f, st);
    };
    s.on('end', onEnd);
    s.on('close', onEnd);
    s.on('error', (err: Error) => {
      if (this.socket === s) this.socket = null;
      const f = mine();
      if (!f) return;
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EXHUNT_EXCLUDED')
        f.finish({ ok: false, error: { code: 'dns', message: oneLine(e.message) } }, false);
      else f.finish({ ok: false, error: classifyError(err) }, false);
    });
    return s;
  }

  private settle(f: InFlight, st: Exclude<ParseState, { kind: 'more' }>): void {
    if (st.kind === 'error') {
      f.finish(
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
    f.finish({ ok: true, response }, st.keepAlive);
  }

  private drop(s: Socket): void {
    s.destroy();
    if (this.socket === s) this.socket = null;
  }

  private send(text: string, resolve: (a: Attempt) => void): void {
    const o = this.opts;
    const reuse = this.socket !== null && !this.socket.destroyed && this.socket.writable;
    if (!reuse) {
      if (this.socket) this.drop(this.socket);
      this.socket = this.connect();
      this.socketUsed = false;
    }
    const s = this.socket as Socket;
    const reused = reuse && this.socketUsed;
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const f: InFlight = {
      socket: s,
      parser: new ResponseParser(o.maxBodyBytes),
      reused,
      finish: (out, keep) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(connectTimer);
        if (this.inFlight === f) this.inFlight = null;
        // The session to offer on any later connection, taken once per target when the first
        // answer has arrived (TLS 1.3 tickets come after the handshake, before the answer).
        // Cheaper than node's 'session' event, which serialises every ticket of every connection.
        if (out.ok && this.tlsSession === null && o.scheme === 'https' && !this.closed)
          this.tlsSession = (s as TLSSocket).getSession() ?? null;
        const now = performance.now();
        // Closed without a byte of answer on a reused socket, late enough to be an idle close.
        const staleSocket =
          f.reused &&
          !out.ok &&
          out.error.code === 'aborted' &&
          !f.parser.started &&
          !this.closed &&
          now - this.lastAnswerAt >= IDLE_CLOSE_FLOOR_MS;
        if (keep) {
          this.socketUsed = true;
          this.lastAnswerAt = now;
        } else this.drop(s);
        resolve({ out, staleSocket });
      },
    };
    this.inFlight = f;
    const deadline = setTimeout(() => {
      f.finish(
        {
          ok: false,
          error: { code: 'timeout', message: `no complete response within ${o.requestTimeoutMs} ms` },
        },
        false,
      );
    }, o.requestTimeoutMs);
    if (!reuse) {
      connectTimer = setTimeout(() => {
        f.finish(
          {
            ok: false,
            error: { code: 'timeout', message: `connect timeout after ${o.connectTimeoutMs} ms` },
          },
          false,
        );
      }, o.connectTimeoutMs);
      s.once(o.scheme === 'https' ? 'secureConnect' : 'connect', () => {
        clearTimeout(connectTimer);
        this.remoteAddress ??= s.remoteAddress ?? null;
        if (o.scheme === 'https') {
          const t = s as TLSSocket;
          if (t.isSessionReused()) this.resumed++;
          // The first full handshake's certificate (a resumed one shows none).
          else if (this.tls === null) this.tls = toTlsInfo(t.getPeerCertificate(), t.getProtocol() ?? null);
        }
      });
    }
    s.write(text, 'latin1');
  }

  close(): void {
    this.closed = true;
    this.tlsSession = null;
    this.inFlight?.finish(
      { ok: false, error: { code: 'other', message: 'session closed (target deadline)' } },
      false,
    );
    this.socket?.destroy();
    this.socket = null;
  }
}
