/**
 * The probe client's connection handling: one keep-alive socket per target, TLS session
 * resumption for any further connection (certificate kept from the first full handshake), and
 * a request that dies on a reused socket sent again on a fresh one — so a server's idle close is
 * never read as an EOMT abort, while an abort on a fresh connection still is.
 */
import tls from 'node:tls';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { IDLE_CLOSE_FLOOR_MS, RawSession } from '../probe/index.js';
import { makeSelfSignedCert } from './cert/self-signed-cert.js';
import { startLab, type RunningLab } from './lab-fleet.js';
import { exchangeProfile, placeHosts } from './presets.js';
import { randomLoopback } from './lab-test-port.js';

const OPTS = { connectTimeoutMs: 2000, requestTimeoutMs: 3000, maxBodyBytes: 64 * 1024, userAgent: 'test' };
const cert = makeSelfSignedCert({ commonName: 'raw-session.lab.test', organization: 'Raw Session Test' });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A TLS server whose connection handler decides per request (n = index on that connection). */
async function server(
  onRequest: (s: tls.TLSSocket, n: number, head: string) => void,
): Promise<{ host: string; port: number; connections: () => number; resumed: () => number }> {
  let connections = 0;
  let resumed = 0;
  const sockets = new Set<net.Socket>();
  const srv = tls.createServer({ key: cert.keyPem, cert: cert.certPem }, (s) => {
    connections++;
    if (s.isSessionReused()) resumed++;
    s.on('error', () => undefined);
    let buf = '';
    let n = 0;
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let end: number;
      while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
        const head = buf.slice(0, end);
        buf = buf.slice(end + 4);
        onRequest(s, n++, head);
      }
    });
  });
  srv.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const { base } = randomLoopback();
  await new Promise<void>((r) => srv.listen(0, base, () => r()));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  );
  const port = (srv.address() as net.AddressInfo).port;
  return { host: base, port, connections: () => connections, resumed: () => resumed };
}

const ok = (s: tls.TLSSocket, body = 'hello'): void => {
  s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
};

function session(host: string, port: number): RawSession {
  const s = new RawSession({ scheme: 'https', host, port, ...OPTS });
  cleanups.push(() => s.close());
  return s;
}

describe('RawSession connections', () => {
  it('sends all of a target’s GETs over one connection and keeps the first certificate', async () => {
    const srv = await server((s) => ok(s));
    const s = session(srv.host, srv.port);
    for (let i = 0; i < 5; i++) expect((await s.get({ method: 'GET', path: `/p${i}` })).ok).toBe(true);
    expect(srv.connections()).toBe(1);
    expect(s.requests).toBe(5);
    expect(s.tls?.subject.O).toBe('Raw Session Test');
  });

  it('a second connection resumes the TLS session; the certificate stays the first handshake’s', async () => {
    // Closes every connection after its answer: each request needs a new one.
    const srv = await server((s) => {
      s.end('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok');
    });
    const s = session(srv.host, srv.port);
    for (let i = 0; i < 3; i++) expect((await s.get({ method: 'GET', path: '/' })).ok).toBe(true);
    expect(srv.connections()).toBe(3);
    expect(srv.resumed()).toBe(2);
    expect(s.resumed).toBe(2);
    expect(s.tls?.subject.CN).toBe('raw-session.lab.test');
    expect(s.tls?.fingerprint256).toMatch(/^[0-9A-F:]{95}$/);
  });

  it('a reused socket closed without an answer as late as an idle close is retried on a fresh one', async () => {
    // Answers the first request of each connection; on the second, closes silently once
    // IDLE_CLOSE_FLOOR_MS have passed since that answer: what a client sees when its request
    // crosses the server's keep-alive timeout.
    const answeredAt = new WeakMap<tls.TLSSocket, number>();
    const srv = await server((s, n) => {
      if (n === 0) {
        ok(s);
        answeredAt.set(s, performance.now());
        return;
      }
      const since = performance.now() - (answeredAt.get(s) ?? 0);
      setTimeout(() => s.destroy(), Math.max(0, IDLE_CLOSE_FLOOR_MS + 100 - since));
    });
    const s = session(srv.host, srv.port);
    expect((await s.get({ method: 'GET', path: '/a' })).ok).toBe(true);
    const second = await s.get({ method: 'GET', path: '/b' });
    expect(second).toMatchObject({ ok: true, response: { status: 200 } });
    expect(srv.connections()).toBe(2);
    expect(s.requests).toBe(3);
  });

  it('a close right after the previous answer is the server’s abort of the request (no second connection)', async () => {
    const srv = await server((s, _n, head) => (head.includes('trigger') ? s.destroy() : ok(s)));
    const s = session(srv.host, srv.port);
    expect((await s.get({ method: 'GET', path: '/before' })).ok).toBe(true);
    const trig = await s.get({ method: 'GET', path: '/trigger' });
    expect(trig).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(srv.connections()).toBe(1);
    expect(s.requests).toBe(2);
    // The next request opens a second connection (resumed) and is answered.
    expect((await s.get({ method: 'GET', path: '/after' })).ok).toBe(true);
    expect(srv.connections()).toBe(2);
    expect(srv.resumed()).toBe(1);
  });

  it('a late abort on a reused socket is confirmed on a fresh connection and stays an abort (the EOMT evidence)', async () => {
    // Aborts the trigger only after the floor: ambiguous on the reused socket, evidence on the fresh one.
    const srv = await server((s, _n, head) =>
      head.includes('trigger') ? setTimeout(() => s.destroy(), IDLE_CLOSE_FLOOR_MS + 100) : ok(s),
    );
    const s = session(srv.host, srv.port);
    expect((await s.get({ method: 'GET', path: '/before' })).ok).toBe(true);
    const trig = await s.get({ method: 'GET', path: '/trigger' });
    expect(trig).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(srv.connections()).toBe(2);
    expect(s.requests).toBe(3);
  });

  it('an idle connection the lab closes is replaced, not read as an abort', async () => {
    const { base, port } = randomLoopback();
    let lab: RunningLab | null = null;
    for (let i = 0; i < 5 && !lab; i++) {
      try {
        lab = await startLab(
          placeHosts(
            [exchangeProfile({ product: '2019', build: '15.2.1118.20', mitigations: ['eomtv2'] })],
            base,
            port + i,
          ),
          { keepAliveMs: 50 },
        );
      } catch {
        lab = null;
      }
    }
    if (!lab) throw new Error('could not start the lab');
    const l = lab;
    cleanups.push(() => l.stop());
    const h = l.hosts[0] as { address: string; port: number };
    const s = session(h.address, h.port);
    expect((await s.get({ method: 'GET', path: '/owa/auth/logon.aspx' })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    const control = await s.get({
      method: 'GET',
      path: '/autodiscover/autodiscover.json?exhunt-probe=control',
    });
    expect(control).toMatchObject({ ok: true });
    const trigger = await s.get({
      method: 'GET',
      path: '/autodiscover/autodiscover.json?exhunt-probe=powershell',
    });
    expect(trigger).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(l.log.connections).toBeGreaterThanOrEqual(2);
    expect(l.log.resumed).toBeGreaterThanOrEqual(1);
  });
});
