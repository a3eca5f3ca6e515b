/**
 * @module lab/hostile-servers
 * Servers that misbehave on purpose, to prove the probe never hangs or crashes: an endless body,
 * a redirect loop, a port that speaks garbage instead of TLS, an HTTP/1.0 close-delimited reply,
 * invalid header bytes, a 100 KB header, a one-byte-per-tick drip, and a tarpit that accepts TCP
 * and never says anything. Each is a connection handler over a raw or TLS socket.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { LabCertificate } from './cert/self-signed-cert.js';
import type { HostileBehaviour } from './types.js';

type Handler = (s: net.Socket) => void;

/** Runs `onRequest` once the request head has arrived (bounded to 64 KB). */
function onHead(s: net.Socket, onRequest: (head: string) => void): void {
  let buf = '';
  s.on('data', (d: Buffer) => {
    buf += d.toString('latin1');
    if (buf.includes('\r\n\r\n') || buf.length > 65_536) {
      const head = buf;
      buf = '';
      s.removeAllListeners('data');
      onRequest(head);
    }
  });
}

function drip(s: net.Socket, chunk: Buffer | string, everyMs: number, times = Infinity): void {
  let n = 0;
  const t = setInterval(() => {
    if (s.destroyed || n++ >= times) {
      clearInterval(t);
      return;
    }
    s.write(chunk);
  }, everyMs);
  s.on('close', () => clearInterval(t));
}

const HANDLERS: Record<Exclude<HostileBehaviour, 'bad-tls'>, Handler> = {
  'huge-body': (s) =>
    onHead(s, () => {
      s.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024, 'A');
      const pump = (): void => {
        while (!s.destroyed && s.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`));
      };
      s.on('drain', pump);
      pump();
    }),
  'redirect-loop': (s) => {
    let n = 0;
    const next = (): void =>
      onHead(s, () => {
        n++;
        s.write(
          `HTTP/1.1 302 Found\r\nLocation: /owa/auth/logon.aspx?loop=${n}\r\nContent-Length: 0\r\n\r\n`,
        );
        next();
      });
    next();
  },
  http10: (s) =>
    onHead(s, () => {
      s.end(
        'HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>Legacy</title></head><body>old server</body></html>',
      );
    }),
  'garbage-headers': (s) =>
    onHead(s, () => {
      s.end(
        'HTTP/1.1 200 OK\r\nX-Bad\x01Hea der: \x00\x07\x1b[2J\r\n\x7f\x80\xff: zz\r\nContent-Length: 5\r\n\r\nhello',
      );
    }),
  'huge-headers': (s) =>
    onHead(s, () => {
      s.write('HTTP/1.1 200 OK\r\n');
      for (let i = 0; i < 2000 && !s.destroyed; i++) s.write(`X-Filler-${i}: ${'x'.repeat(60)}\r\n`);
      s.end('Content-Length: 0\r\n\r\n');
    }),
  'slow-drip': (s) =>
    onHead(s, () => {
      s.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n');
      drip(s, 'x', 200);
    }),
};

/** A server for one hostile behaviour; TLS-wrapped except `bad-tls`, which is garbage on the TLS port. */
export function hostileServer(
  behaviour: HostileBehaviour,
  cert: LabCertificate,
  track: (s: net.Socket) => void,
): net.Server {
  if (behaviour === 'bad-tls') {
    return net.createServer((s) => {
      track(s);
      s.on('error', () => undefined);
      s.end(Buffer.from('\x15\x03\x03\x00\x02\x02\x50garbage-not-tls\r\n\r\n', 'latin1'));
    });
  }
  const handler = HANDLERS[behaviour];
  const server = tls.createServer({ key: cert.keyPem, cert: cert.certPem }, (s) => {
    track(s);
    s.on('error', () => undefined);
    handler(s);
  });
  server.on('tlsClientError', () => undefined);
  return server;
}

/** Accepts TCP and never answers (not even the TLS handshake). */
export function tarpitServer(track: (s: net.Socket) => void): net.Server {
  return net.createServer((s) => {
    track(s);
    s.on('error', () => undefined);
  });
}
