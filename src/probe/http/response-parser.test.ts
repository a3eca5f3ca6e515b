import { describe, expect, it } from 'vitest';
import { ResponseParser, type ParseState } from './response-parser.js';

function feed(chunks: string[], max = 1000, end = false): ParseState {
  const p = new ResponseParser(max);
  let st: ParseState = { kind: 'more' };
  for (const c of chunks) {
    st = p.push(Buffer.from(c, 'latin1'));
    if (st.kind !== 'more') return st;
  }
  return end ? p.end() : st;
}

describe('ResponseParser', () => {
  it('reads a Content-Length body split across packets, keep-alive on HTTP/1.1', () => {
    const st = feed([
      'HTTP/1.1 200 OK\r\nContent-Le',
      'ngth: 5\r\nX-FEServer: EX1\r\nX-A: 1\r\nx-a: 2\r\n\r\nhel',
      'lo',
    ]);
    expect(st).toMatchObject({
      kind: 'done',
      status: 200,
      keepAlive: true,
      headers: { 'x-feserver': 'EX1', 'x-a': '1, 2' },
    });
    expect(st.kind === 'done' && st.body.toString()).toBe('hello');
  });

  it('reads chunked bodies with extensions and trailers', () => {
    const st = feed([
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n',
      '2\r\nde\r\n0\r\nTrailer: t\r\n\r\n',
    ]);
    expect(st.kind === 'done' && st.body.toString()).toBe('abcde');
  });

  it('HTTP/1.0 and Connection: close bodies end with the connection, and are not reused', () => {
    const st = feed(['HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>old</html>'], 1000, true);
    expect(st).toMatchObject({ kind: 'done', httpVersion: '1.0', keepAlive: false });
    expect(st.kind === 'done' && st.body.toString()).toBe('<html>old</html>');
    expect(feed(['HTTP/1.1 302 Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'])).toMatchObject({
      kind: 'done',
      keepAlive: false,
    });
  });

  it('cuts bodies at the limit and marks them truncated', () => {
    const st = feed(['HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n', 'A'.repeat(5000)], 1024);
    expect(st).toMatchObject({ kind: 'done', truncated: true, keepAlive: false });
    expect(st.kind === 'done' && st.body.length).toBe(1024);
  });

  it('rejects garbage: bad status line, control characters, bad names, huge heads, bad chunks', () => {
    expect(feed(['garbage\r\n\r\n'])).toMatchObject({ kind: 'error' });
    expect(feed(['HTTP/1.1 200 OK\r\nX-Bad: \x00\x07\r\n\r\n'])).toMatchObject({
      kind: 'error',
      message: 'invalid header value',
    });
    expect(feed(['HTTP/1.1 200 OK\r\nX Bad: 1\r\n\r\n'])).toMatchObject({
      kind: 'error',
      message: 'invalid header name',
    });
    expect(feed([`HTTP/1.1 200 OK\r\n${'X-F: y\r\n'.repeat(3000)}`])).toMatchObject({ kind: 'error' });
    expect(feed(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'])).toMatchObject({
      kind: 'error',
    });
    expect(feed(['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'])).toMatchObject({ kind: 'error' });
  });

  it('a connection closed before or during the answer is an error', () => {
    expect(feed([], 1000, true)).toMatchObject({
      kind: 'error',
      message: 'connection closed without a response',
    });
    expect(feed(['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'], 1000, true)).toMatchObject({
      kind: 'error',
      message: 'connection closed mid-body',
    });
  });
});
