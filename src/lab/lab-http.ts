/**
 * @module lab/lab-http
 * The lab hosts' HTTP/1.1 server side, over one TLS socket: request heads parsed as they arrive
 * (keep-alive and pipelined requests answered in order), each answered by one `LabAction` written
 * in a single write, or aborted (the socket destroyed without a response, as IIS URL Rewrite's
 * AbortRequest does). It replaces node:https for the lab because a benchmark fleet shares the
 * machine with the tool it measures, and whatever CPU the lab spends is taken from that tool:
 * with 10 keep-alive GETs per TLS connection the lab spends about 15 % less CPU than it did with
 * node:https (about a quarter less per request; handshakes cost the same). What a client sees is
 * the same: status, headers, `Content-Length` bodies, keep-alive on HTTP/1.1 unless
 * `Connection: close`, idle connections closed after `keepAliveMs` (node's default, 5 s).
 *
 * Requests are answered, not trusted: a head over 64 KiB gets 431 and an unparsable one 400 (and
 * the connection is closed); a `Content-Length` body is read past, and a request with a chunked
 * body (never sent by the probe) is answered and the connection closed, so the log still has it.
 */
import { STATUS_CODES } from 'node:http';
import type net from 'node:net';
import type { LabAction } from './exchange-responder.js';

export const MAX_REQUEST_HEAD = 64 * 1024;

export interface LabHttpRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  httpVersion: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
}

export interface LabHttpOptions {
  /** Idle keep-alive connections are closed after this long (ms). */
  keepAliveMs: number;
}

const REQUEST_LINE = /^([A-Za-z]+) (\S+) HTTP\/(1\.[01])$/;

function parseHead(head: string): LabHttpRequest | null {
  const lines = head.split('\r\n');
  const m = REQUEST_LINE.exec(lines[0] ?? '');
  if (!m) return null;
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const k = line.slice(0, colon).trim().toLowerCase();
    const v = line.slice(colon + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  return { method: m[1] as string, url: m[2] as string, httpVersion: m[3] as string, headers };
}

function wantsKeepAlive(req: LabHttpRequest): boolean {
  const c = (req.headers.connection ?? '').toLowerCase();
  return req.httpVersion === '1.1' ? !c.includes('close') : c.includes('keep-alive');
}

/** The response bytes for one action (HEAD: the headers of the GET without its body). */
export function responseBytes(
  req: LabHttpRequest | null,
  a: Exclude<LabAction, { abort: true }>,
  keepAlive: boolean,
) {
  const body = Buffer.from(a.body, 'utf8');
  let head = `HTTP/1.1 ${a.status} ${STATUS_CODES[a.status] ?? 'Unknown'}\r\n`;
  for (const [k, v] of Object.entries(a.headers)) head += `${k}: ${v}\r\n`;
  head += `date: ${new Date().toUTCString()}\r\ncontent-length: ${body.length}\r\n`;
  head += keepAlive ? 'connection: keep-alive\r\n\r\n' : 'connection: close\r\n\r\n';
  const h = Buffer.from(head, 'latin1');
  return req?.method === 'HEAD' || body.length === 0 ? h : Buffer.concat([h, body]);
}

/**
 * Serves one connection: `answer` is called once per request, in order, and returns what the
 * host does. Requests that cannot be parsed are answered 400/431 here and the connection closed.
 */
export function serveLabHttp(
  socket: net.Socket,
  answer: (req: LabHttpRequest) => LabAction,
  opts: LabHttpOptions,
): void {
  let buf = '';
  let skip = 0;
  let done = false;
  socket.setNoDelay(true);
  socket.setTimeout(opts.keepAliveMs, () => socket.destroy());
  socket.on('error', () => undefined);
  const fail = (status: number): void => {
    done = true;
    socket.end(responseBytes(null, { status, headers: {}, body: '' }, false));
  };
  socket.on('data', (d: Buffer) => {
    if (done) return;
    if (skip > 0) {
      // The rest of a request body: read past it.
      const n = Math.min(skip, d.length);
      skip -= n;
      d = d.subarray(n);
    }
    buf += d.toString('latin1');
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > MAX_REQUEST_HEAD) fail(431);
        return;
      }
      if (end > MAX_REQUEST_HEAD) return fail(431);
      const req = parseHead(buf.slice(0, end));
      buf = buf.slice(end + 4);
      if (!req) return fail(400);
      let keepAlive = wantsKeepAlive(req);
      if (req.headers['transfer-encoding'] !== undefined) keepAlive = false;
      const cl = req.headers['content-length'];
      if (cl !== undefined) {
        if (!/^\d{1,15}$/.test(cl)) return fail(400);
        const n = Number(cl);
        const here = Math.min(n, buf.length);
        buf = buf.slice(here);
        skip = n - here;
      }
      const a = answer(req);
      if (a.abort) {
        done = true;
        socket.destroy();
        return;
      }
      const bytes = responseBytes(req, a, keepAlive);
      if (!keepAlive) {
        done = true;
        socket.end(bytes);
        return;
      }
      socket.write(bytes);
      if (buf.length === 0) return;
    }
  });
}
