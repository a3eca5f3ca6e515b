/**
 * The probe against the lab's rehearsal fleet: every fingerprint and check right with honest
 * precision, decoys not Exchange, the tarpit timing out without delaying the others, hostile
 * servers giving a clear per-target error, and the request log proving only GETs were sent,
 * only to the given targets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExcludeList,
  expandTargets,
  parseTarget,
  runProbe,
  type ProbeResult,
  type TargetSpec,
} from '../probe/index.js';
import { startLab, type RunningLab } from './lab-fleet.js';
import { placeHosts, REHEARSAL } from './presets.js';
import { randomLoopback } from './lab-test-port.js';

const spec = (t: string): TargetSpec => {
  const r = parseTarget(t);
  if (!r.ok) throw new Error(r.error);
  return r.spec;
};

// Generous enough for a loaded CI machine; the tarpit still has to wait the whole target deadline.
const FAST = { connectTimeoutMs: 2000, requestTimeoutMs: 3000, targetTimeoutMs: 8000, retries: 1 };

let lab: RunningLab;
const results = new Map<string, ProbeResult>();
const finishedAt = new Map<string, number>();
let started = 0;

async function startOnFreePort(): Promise<RunningLab> {
  for (let i = 0; ; i++) {
    const { base, port } = randomLoopback();
    try {
      return await startLab(
        placeHosts(
          REHEARSAL.map((c) => c.profile),
          base,
          port,
        ),
      );
    } catch (e) {
      if (i > 5) throw e;
    }
  }
}

beforeAll(async () => {
  lab = await startOnFreePort();
  started = Date.now();
  for await (const r of runProbe(expandTargets(lab.targets.map(spec)), { ...FAST, concurrency: 50 })) {
    results.set(r.target, r);
    finishedAt.set(r.target, Date.now() - started);
  }
}, 60_000);

afterAll(async () => {
  await lab?.stop();
});

const resultOf = (name: string): ProbeResult => {
  const i = REHEARSAL.findIndex((c) => c.name === name);
  const r = results.get(lab.targets[i] as string);
  if (!r) throw new Error(`no result for ${name}`);
  return r;
};

describe('probe against the lab rehearsal fleet', () => {
  for (const c of REHEARSAL) {
    it(`${c.name}: ${JSON.stringify(c.expect)}`, () => {
      const r = resultOf(c.name);
      expect(r.exchange).toBe(c.expect.exchange);
      if (c.expect.build !== undefined) expect(r.build).toBe(c.expect.build);
      if (c.expect.buildPrecision) expect(r.buildPrecision).toBe(c.expect.buildPrecision);
      for (const [cve, status] of Object.entries(c.expect.vulnerabilities ?? {})) {
        expect(`${cve}=${r.vulnerabilities[cve]}`).toBe(`${cve}=${status}`);
      }
      if (c.expect.error) {
        expect(r.error?.code).toBe(c.expect.error);
        expect(r.error?.message).not.toMatch(/\n|\s{2,}at /);
      } else expect(r.error).toBeNull();
      if (!c.expect.exchange) expect(r.checks).toEqual([]);
    });
  }

  it('reads the certificate of the first handshake and the server name', () => {
    const r = resultOf('e2016-cu19-rtm-header');
    expect(r.serverName).toBe('EX2016A');
    expect(r.tls?.subject.O).toBe('Contoso Ltd');
    expect(r.tls?.subjectAltNames).toContain('DNS:ex2016a.lab.test');
    expect(r.tls?.fingerprint256).toMatch(/^[0-9A-F:]{95}$/);
    expect(r.services).toMatchObject({
      owa: 'answers',
      ecp: 'answers',
      ews: 'answers',
      mapi: 'answers',
      activesync: 'answers',
    });
  });

  it('says why: CU precision leaves SU-fixed CVEs unknown, and the bypassable EOMTv2 rule is called out', () => {
    const cu = resultOf('e2019-cu8-may21su-path-only');
    expect(cu.vulnerabilities['CVE-2021-31207']).toBe('unknown');
    expect(cu.notes.join(' ')).toMatch(/CU precision/);
    const weak = resultOf('e2019-cu12-eomtv2-bypassable');
    expect(weak.notes.join(' ')).toMatch(/does not hold/);
    const fed = resultOf('e2016-cu19-federated');
    expect(fed.checks.find((c) => c.id === 'proxylogon-ssrf')?.evidence).toMatch(/HTTP 302/);
  });

  it('the tarpit times out without delaying the others', () => {
    const tarpit = lab.targets[REHEARSAL.findIndex((c) => c.name === 'tarpit')] as string;
    const others = [...finishedAt].filter(([t]) => t !== tarpit && !/slow-drip/.test(t)).map(([, ms]) => ms);
    expect(Math.max(...others)).toBeLessThan(finishedAt.get(tarpit) as number);
    expect(finishedAt.get(tarpit)).toBeGreaterThanOrEqual(FAST.targetTimeoutMs);
    expect(finishedAt.get(tarpit)).toBeLessThan(FAST.targetTimeoutMs + 3000);
    // Exchange hosts are not held up by it: they finish before the tarpit's deadline fires.
    expect(finishedAt.get(lab.targets[0] as string)).toBeLessThan(FAST.targetTimeoutMs);
  });

  it('the request log proves only GETs were sent, only to the given targets', () => {
    expect(lab.log.total).toBeGreaterThan(50);
    expect([...lab.log.methods.keys()]).toEqual(['GET']);
    expect(lab.log.unsafe()).toBe(0);
    const given = new Set(lab.targets);
    for (const e of lab.log.entries) expect(given.has(e.host)).toBe(true);
  });
});

describe('exclude list against the lab', () => {
  it('an excluded host is never contacted', async () => {
    const target = lab.targets[0] as string;
    const before = lab.log.entries.filter((e) => e.host === target).length;
    const ex = new ExcludeList([spec(target.split(':')[0] as string)]);
    const out: ProbeResult[] = [];
    for await (const r of runProbe(expandTargets([spec(target), spec(lab.targets[1] as string)], ex), FAST))
      out.push(r);
    expect(out.map((r) => r.target)).toEqual([lab.targets[1]]);
    expect(lab.log.entries.filter((e) => e.host === target).length).toBe(before);
  });
});

describe('worker threads', () => {
  it('two workers give the same answers as one thread, one row per target', async () => {
    const key = (r: ProbeResult): string =>
      JSON.stringify([
        r.target,
        r.exchange,
        r.build,
        r.buildPrecision,
        r.vulnerabilities,
        r.error?.code ?? null,
      ]);
    const sub = lab.targets.slice(0, 11).map(spec);
    const one: string[] = [];
    for await (const r of runProbe(expandTargets(sub), { ...FAST, workers: 1 })) one.push(key(r));
    const two: string[] = [];
    for await (const r of runProbe(expandTargets(sub), { ...FAST, workers: 2 })) two.push(key(r));
    expect(two.sort()).toEqual(one.sort());
    expect(two).toHaveLength(11);
  }, 30_000);
});

describe('opt-in web-shell paths', () => {
  it('reports planted web shells that answer 200, and only asks when told to', async () => {
    const { exchangeProfile } = await import('./presets.js');
    const { base, port } = randomLoopback();
    const shells = ['/owa/auth/OutlookZH.aspx', '/aspnet_client/system_web/x.aspx'];
    const l = await startLab(
      placeHosts(
        [exchangeProfile({ product: '2019', build: '15.2.1118.20', webshells: [shells[0] as string] })],
        base,
        port,
      ),
    );
    try {
      const t = [spec(l.targets[0] as string)];
      const plain: ProbeResult[] = [];
      for await (const r of runProbe(expandTargets(t), FAST)) plain.push(r);
      expect(plain[0]?.webshells).toEqual([]);
      expect(l.log.entries.some((e) => e.url === shells[0])).toBe(false);
      const asked: ProbeResult[] = [];
      for await (const r of runProbe(expandTargets(t), { ...FAST, webshellPaths: shells })) asked.push(r);
      expect(asked[0]?.webshells).toEqual([shells[0]]);
      expect([...l.log.methods.keys()]).toEqual(['GET']);
    } finally {
      await l.stop();
    }
  });
});

describe('IPv6 loopback', () => {
  it('probes [::1]:port', async () => {
    const { exchangeProfile } = await import('./presets.js');
    let l: RunningLab | null = null;
    for (let i = 0; i < 5 && !l; i++) {
      try {
        l = await startLab([
          {
            address: '::1',
            port: randomLoopback().port,
            profile: exchangeProfile({ product: '2016', build: '15.1.2507.16' }),
          },
        ]);
      } catch {
        l = null;
      }
    }
    if (!l) throw new Error('could not bind ::1');
    try {
      const out: ProbeResult[] = [];
      for await (const r of runProbe(expandTargets([spec(`[::1]:${l.hosts[0]?.port}`)]), FAST)) out.push(r);
      expect(out[0]).toMatchObject({
        exchange: true,
        build: '15.1.2507.16',
        buildPrecision: 'exact',
        address: '::1',
      });
    } finally {
      await l.stop();
    }
  });
});

describe('exclude list and host names', () => {
  it('a host name that resolves to an excluded address is refused before connecting', async () => {
    const { exchangeProfile } = await import('./presets.js');
    let l: RunningLab | null = null;
    for (let i = 0; i < 5 && !l; i++) {
      try {
        l = await startLab([
          {
            address: '127.0.0.1',
            port: randomLoopback().port,
            profile: exchangeProfile({ product: '2016', build: '15.1.2507.16' }),
          },
        ]);
      } catch {
        l = null;
      }
    }
    if (!l) throw new Error('could not bind 127.0.0.1');
    try {
      const port = l.hosts[0]?.port;
      const out: ProbeResult[] = [];
      // `localhost` comes from /etc/hosts: no DNS query leaves the machine.
      const exclude = new ExcludeList([spec('127.0.0.1')]);
      for await (const r of runProbe(expandTargets([spec(`localhost:${port}`)], exclude), {
        ...FAST,
        exclude,
      }))
        out.push(r);
      expect(out[0]?.error?.message).toMatch(/excluded/);
      expect(l.log.total).toBe(0);
    } finally {
      await l.stop();
    }
  });
});

describe('HTTP clients', () => {
  it("exhunt's own client and node:https give the same answers on every Exchange and decoy case", async () => {
    const key = (r: ProbeResult): string =>
      JSON.stringify([
        r.target,
        r.exchange,
        r.build,
        r.buildPrecision,
        r.vulnerabilities,
        r.checks.map((c) => c.verdict),
        r.tls?.fingerprint256 ?? null,
      ]);
    const idx = REHEARSAL.map((c, i) =>
      c.profile.kind === 'exchange' || c.profile.kind === 'decoy' ? i : -1,
    ).filter((i) => i >= 0);
    const sub = idx.map((i) => spec(lab.targets[i] as string));
    const raw: string[] = [];
    for await (const r of runProbe(expandTargets(sub), { ...FAST, client: 'raw' })) raw.push(key(r));
    const node: string[] = [];
    for await (const r of runProbe(expandTargets(sub), { ...FAST, client: 'node' })) node.push(key(r));
    expect(raw.sort()).toEqual(node.sort());
  }, 30_000);
});

describe('the whole build catalogue as a lab', () => {
  it('every 2013/2016/2019/SE release: the probe reads its exact build and the SSRF checks agree with the build', async () => {
    const { catalogueFleet } = await import('./profile-for-build.js');
    const { assessBuild } = await import('../knowledge/index.js');
    const fleet = catalogueFleet();
    expect(fleet.length).toBeGreaterThan(200);
    const { base, port } = randomLoopback();
    const l = await startLab(
      placeHosts(
        fleet.map((f) => f.profile),
        base.replace(/\.\d+$/, '.1'),
        port,
      ),
    );
    try {
      const byTarget = new Map(l.targets.map((t, i) => [t, fleet[i]?.release.build]));
      let n = 0;
      for await (const r of runProbe(expandTargets(l.targets.map(spec)), {
        ...FAST,
        services: false,
        concurrency: 100,
      })) {
        const build = byTarget.get(r.target) as string;
        expect(`${r.target} ${r.build} ${r.buildPrecision}`).toBe(`${r.target} ${build} exact`);
        const a = assessBuild(build, 'exact');
        for (const cve of ['CVE-2021-26855', 'CVE-2021-34473']) {
          const fromBuild = a.vulnerabilities[cve] === 'vulnerable' ? 'vulnerable' : 'patched';
          expect(`${build} ${cve} ${r.vulnerabilities[cve]}`).toBe(`${build} ${cve} ${fromBuild}`);
        }
        expect(r.disagreements).toEqual([]);
        n++;
      }
      expect(n).toBe(fleet.length);
    } finally {
      await l.stop();
    }
  }, 60_000);
});
