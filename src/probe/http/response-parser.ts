/**
 * @module probe/http/response-parser
 * An incremental, strict HTTP/1.x response parser for the probe's own client: status line,
 * headers (bounded, no control characters, RFC 9110 token names), then a body framed by
 * Content-Length, chunked encoding, or connection close — and cut at `maxBody` bytes. Pure:
 * bytes in, a state out; the socket handling lives in raw-session.ts.
 */

export const MAX_HEAD_BYTES = 16 * 1024;

export type ParseState =
  | { kind: 'more' }
  | {
      kind: 'done';
      status: number;
      httpVersion: string;
      headers: Record<string, string>;
      body: Buffer;
      truncated: boolean;
      keepAlive: boolean;
    }
  | { kind: 'error'; message: string };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export class ResponseParser {
  private buf: Buffer = Buffer.alloc(0);
  private head: { status: number; httpVersion: string; headers: Record<string, string> } | null = null;
  private framing: 'length' | 'chunked' | 'close' = 'close';
  private remaining = 0;
  private readonly body: Buffer[] = [];
  private bodyBytes = 0;
  private chunkLeft = -1;
  private trailer = false;

  constructor(private readonly maxBody: number) {}

  /** Feeds bytes; returns done/error as soon as known, else `more`. */
  push(data: Buffer): ParseState {
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    if (!this.head) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0)
        return this.buf.length > MAX_HEAD_BYTES
          ? { kind: 'error', message: 'response header larger than 16 KiB' }
          : { kind: 'more' };
      if (end > MAX_HEAD_BYTES) return { kind: 'error', message: 'response header larger than 16 KiB' };
      const err = this.parseHead(this.buf.subarray(0, end).toString('latin1'));
      if (err) return { kind: 'error', message: err };
      this.buf = this.buf.subarray(end + 4);
    }
    return this.parseBody();
  }

  /** The peer closed the connection: completes a close-delimited body, else it is an error. */
  end(): Exclude<ParseState, { kind: 'more' }> {
    if (this.head && this.framing === 'close') return this.done(false, false);
    return {
      kind: 'error',
      message: this.head ? 'connection closed mid-body' : 'connection closed without a response',
    };
  }

  get started(): boolean {
    return this.head !== null || this.buf.length > 0;
  }

  private parseHead(text: string): string | null {
    const lines = text.split('\r\n');
    const m = /^HTTP\/(1\.[01]) (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
    if (!m) return 'invalid status line';
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      const value = line.slice(colon + 1).trim();
      if (!TOKEN.test(name)) return 'invalid header name';
      if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) return 'invalid header value';
      const k = name.toLowerCase();
      headers[k] = headers[k] === undefined ? value : `${headers[k]}, ${value}`;
    }
    const status = Number(m[2]);
    this.head = { status, httpVersion: m[1] as string, headers };
    const te = headers['transfer-encoding'];
    const cl = headers['content-length'];
    if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
      this.framing = 'length';
      this.remaining = 0;
    } else if (te !== undefined) {
      if (!/(^|,)\s*chunked\s*$/i.test(te)) return 'unsupported transfer-encoding';
      this.framing = 'chunked';
    } else if (cl !== undefined) {
      if (!/^\d{1,15}$/.test(cl)) return 'invalid content-length';
      this.framing = 'length';
      this.remaining = Number(cl);
    } else this.framing = 'close';
    return null;
  }

  private take(n: number): boolean {
    // Returns true when the body limit is reached (the rest is not read).
    const room = this.maxBody - this.bodyBytes;
    const piece = this.buf.subarray(0, Math.min(n, room));
    if (piece.length > 0) this.body.push(piece);
    this.bodyBytes += piece.length;
    this.buf = this.buf.subarray(n);
    return n > room;
  }

  private parseBody(): ParseState {
    if (this.framing === 'length') {
      const n = Math.min(this.remaining, this.buf.length);
      if (this.take(n)) return this.done(true, false);
      this.remaining -= n;
      return this.remaining === 0 ? this.done(false, true) : { kind: 'more' };
    }
    if (this.framing === 'close') {
      return this.take(this.buf.length) ? this.done(true, false) : { kind: 'more' };
    }
    for (;;) {
      if (this.trailer) {
        const end = this.buf.indexOf('\r\n');
        if (end < 0)
          return this.buf.length > MAX_HEAD_BYTES
            ? { kind: 'error', message: 'chunk trailer too long' }
            : { kind: 'more' };
        this.buf = this.buf.subarray(end + 2);
        if (end === 0) return this.done(false, true);
        continue;
      }
      if (this.chunkLeft < 0) {
        const end = this.buf.indexOf('\r\n');
        if (end < 0)
          return this.buf.length > 1024
            ? { kind: 'error', message: 'invalid chunk size line' }
            : { kind: 'more' };
        const m = /^([0-9a-fA-F]{1,8})(;.*)?$/.exec(this.buf.subarray(0, end).toString('latin1'));
        if (!m) return { kind: 'error', message: 'invalid chunk size' };
        this.buf = this.buf.subarray(end + 2);
        this.chunkLeft = parseInt(m[1] as string, 16);
        if (this.chunkLeft === 0) {
          this.trailer = true;
          continue;
        }
      }
      if (this.chunkLeft > 0) {
        const n = Math.min(this.chunkLeft, this.buf.length);
        if (this.take(n)) return this.done(true, false);
        this.chunkLeft -= n;
        if (this.chunkLeft > 0) return { kind: 'more' };
      }
      if (this.buf.length < 2) return { kind: 'more' };
      if (this.buf[0] !== 13 || this.buf[1] !== 10)
        return { kind: 'error', message: 'invalid chunk terminator' };
      this.buf = this.buf.subarray(2);
      this.chunkLeft = -1;
    }
  }

  private done(truncated: boolean, reusable: boolean): Extract<ParseState, { kind: 'done' }> {
    const h = this.head as NonNullable<ResponseParser['head']>;
    const conn = (h.headers.connection ?? '').toLowerCase();
    const keepAlive =
      reusable && !truncated && h.httpVersion === '1.1' && !conn.includes('close') && this.buf.length === 0;
    return {
      kind: 'done',
      status: h.status,
      httpVersion: h.httpVersion,
      headers: h.headers,
      body: Buffer.concat(this.body),
      truncated,
      keepAlive,
    };
  }
}
