/**
 * @module lab/lab-fleet
 * Starts many emulated hosts at once, each on its own loopback address (127.0.0.0/8 only; any
 * other address is refused), all sharing one request log. Each host gets its own throw-away
 * certificate (subject = its server name and organisation), made at start.
 */
import type net from 'node:net';
import { isIP } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { makeSelfSignedCert } from './cert/self-signed-cert.js';
import { respondAsExchange, type LabAction, type LabRequest } from './exchange-responder.js';
import { respondAsDecoy } from './decoy-responder.js';
import { hostileServer, tarpitServer } from './hostile-servers.js';
import { RequestLog } from './request-log.js';
import { serveLabHttp } from './lab-http.js';
import type { LabHost, LabProfile } from './types.js';

export interface RunningLab {
  hosts: LabHost[];
  log: RequestLog;
  /** `address:port` of each host, in the order given. */
  targets: string[];
  stop(): Promise<void>;
}

/** Loopback only: refuses anything outside 127.0.0.0/8 (and ::1). */
export function assertLoopback(address: string): void {
  const ok = (isIP(address) === 4 && address.split('.')[0] === '127') || address === '::1';
  if (!ok) throw new Error(`lab hosts may only listen on loopback (127.0.0.0/8 or ::1), not ${address}`);
}

function act(profile: LabProfile, req: LabRequest): LabAction {
  if (profile.kind === 'exchange') return respondAsExchange(profile, req);
  if (profile.kind === 'decoy') return respondAsDecoy(profile, req);
  return { status: 500, headers: {}, body: '' };
}

function subjectFor(profile: LabProfile, address: string) {
  if (profile.kind === 'exchange') {
    const cn = `${profile.serverName.toLowerCase()}.lab.test`;
    return {
      commonName: cn,
      organization: profile.organization,
      altNames: [cn, `autodiscover.lab.test`, address],
    };
  }
  return { commonName: `${profile.kind}.lab.test`, altNames: [address] };
}

function listen(server: net.Server, host: LabHost): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: host.port, host: host.address, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export interface LabOptions {
  log?: RequestLog;
  /** Idle keep-alive connections are closed after this many ms (default 5,000, as node:http). */
  keepAliveMs?: number;
}

export async function startLab(hosts: LabHost[], opts: LabOptions = {}): Promise<RunningLab> {
  for (const h of hosts) assertLoopback(h.address);
  const log = opts.log ?? new RequestLog();
  const keepAliveMs = opts.keepAliveMs ?? 5_000;
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket): void => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  const servers: net.Server[] = [];
  // One certificate per distinct subject keeps a 500-host fleet's start fast.
  const certs = new Map<string, ReturnType<typeof makeSelfSignedCert>>();
  const certFor = (p: LabProfile, address: string) => {
    const subj = subjectFor(p, address);
    const key = `${subj.commonName}|${subj.organization ?? ''}`;
    let c = certs.get(key);
    if (!c) certs.set(key, (c = makeSelfSignedCert(subj)));
    return c;
  };
  try {
    for (const h of hosts) {
      const p = h.profile;
      let server: net.Server;
      if (p.kind === 'tarpit') server = tarpitServer(track);
      else if (p.kind === 'hostile') server = hostileServer(p.behaviour, certFor(p, h.address), track);
      else {
        const cert = certFor(p, h.address);
        const hs = tls.createServer(
          { key: cert.keyPem, cert: cert.certPem, noDelay: true },
          (t: TLSSocket) => {
            log.connection({ resumed: t.isSessionReused() });
            serveLabHttp(
              t,
              (req) => {
                const labReq: LabRequest = {
                  method: req.method,
                  url: req.url,
                  cookie: req.headers.cookie ?? '',
                  host: req.headers.host ?? `${h.address}:${h.port}`,
                };
                const a = act(p, labReq);
                log.add({
                  time: new Date().toISOString(),
                  host: `${h.address}:${h.port}`,
                  method: labReq.method,
                  url: labReq.url,
                  cookie: labReq.cookie || null,
                  // IIS URL Rewrite AbortRequest: the connection is dropped without a response.
                  action: a.abort ? 'abort' : a.status,
                });
                return a;
              },
              { keepAliveMs },
            );
          },
        );
        hs.on('connection', (s: net.Socket) => {
          track(s);
          log.connection(null);
        });
        hs.on('tlsClientError', () => undefined);
        server = hs;
      }
      await listen(server, h);
      servers.push(server);
    }
  } catch (e) {
    await closeAll(servers, sockets);
    throw e;
  }
  return {
    hosts,
    log,
    targets: hosts.map((h) => `${h.address}:${h.port}`),
    stop: () => closeAll(servers, sockets),
  };
}

async function closeAll(servers: net.Server[], sockets: Set<net.Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
}
