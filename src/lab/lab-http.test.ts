/**
 * The lab's HTTP/1.1 server side: keep-alive and pipelined requests answered in order, HEAD
 * without a body, `Connection: close` and HTTP/1.0 honoured, request bodies read past, garbage
 * answered 400, and an abort is a dropped connection with no answer.
 */
import tls from 'node:tls';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLabHttp, type LabHttpRequest } from './lab-http.js';
import { makeSelfSignedCert } from './cert/self-signed-cert.js';
import { randomLoopback } from './lab-test-port.js';

let server: tls.Server;
let host = '';
let port = 0;
const seen: LabHttpRequest[] = [];

beforeAll(async () => {
  const cert = makeSelfSignedCert({ commonName: 'lab-http.lab.test' });
  server = tls.createServer({ key: cert.keyPem, cert: cert.certPem }, (s) =>
    serveLabHttp(
      s,
      (req) => {
        seen.push(req);
        if (req.url === '/abort') return { abort: true };
        return { status: 200, headers: { 'x-path': req.url }, body: `body of ${req.url}` };
      },
      { keepAliveMs: 5000 },
    ),
  );
  host = randomLoopback().base;
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Sends raw bytes on one TLS connection and returns everything read until the server closes or `ms` pass. */
function exchange(bytes: string, ms = 400): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s = tls.connect({ host, port, rejectUnauthorized: false });
    let text = '';
    let closed = false;
    s.on('data', (d: Buffer) => (text += d.toString('latin1')));
    s.on('error', () => undefined);
    s.on('close', () => {
      closed = true;
      resolve({ text, closed });
    });
    s.once('secureConnect', () => s.write(bytes, 'latin1'));
    setTimeout(() => {
      s.destroy();
      resolve({ text, closed });
    }, ms);
  });
}

const get = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: lab\r\n${extra}\r\n`;

describe('lab HTTP server', () => {
  it('answers pipelined keep-alive requests in order on one connection', async () => {
    const { text, closed } = await exchange(get('/a') + get('/b') + get('/c'));
    expect([...text.matchAll(/x-path: (\S+)/g)].map((m) => m[1])).toEqual(['/a', '/b', '/c']);
    expect(text).toContain('connection: keep-alive');
    expect(text).toMatch(/content-length: 10\r\n[\s\S]*\r\n\r\nbody of \/a/);
    expect(closed).toBe(false);
  });

  it('HEAD has the headers of the GET and no body; Connection: close and HTTP/1.0 close', async () => {
    const head = await exchange('HEAD /h HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n');
    expect(head.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head.text).toContain('content-length: 10');
    expect(head.text.endsWith('\r\n\r\n')).toBe(true);
    expect(head.closed).toBe(true);
    const old = await exchange('GET /old HTTP/1.0\r\n\r\n');
    expect(old.text).toContain('connection: close');
    expect(old.closed).toBe(true);
  });

  it('reads past a request body, logs the method, and answers garbage with 400', async () => {
    const post = await exchange(
      `POST /p HTTP/1.1\r\nHost: lab\r\nContent-Length: 5\r\n\r\nhello${get('/after')}`,
    );
    expect([...post.text.matchAll(/x-path: (\S+)/g)].map((m) => m[1])).toEqual(['/p', '/after']);
    expect(seen.some((r) => r.method === 'POST' && r.url === '/p')).toBe(true);
    const bad = await exchange('this is not http\r\n\r\n');
    expect(bad.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(bad.closed).toBe(true);
  });

  it('an abort drops the connection without a byte of answer', async () => {
    const { text, closed } = await exchange(get('/abort'));
    expect(text).toBe('');
    expect(closed).toBe(true);
  });
});
