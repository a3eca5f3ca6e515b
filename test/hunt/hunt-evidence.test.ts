// End-to-end hunts over evidence folders: the real APTSimulator ProxyShell line, the bundled
// example scenarios (and that they are what their generator writes), worker threads.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hunt } from '../../src/hunt/index.js';
import { SCENARIOS, writeScenario } from '../../scripts/hunt/example-evidence.js';

const EXAMPLES = new URL('../../examples/evidence/', import.meta.url).pathname;

describe('APTSimulator hafnium-dummy.log (NextronSystems/APTSimulator, MIT)', { timeout: 120_000 }, () => {
  it('is found as successful ProxyShell, on a header-less IIS log in a KAPE layout', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'exhunt-apts-'));
    const dir = path.join(root, 'C/inetpub/logs/LogFiles/W3SVC1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'u_ex210823.log'),
      readFileSync(new URL('../fixtures/exchange/iis-logs/aptsimulator-hafnium-dummy.log', import.meta.url)),
    );
    const r = await hunt(root);
    const f = r.findings.find((x) => x.rule === 'proxyshell-iis-successful');
    expect(f).toMatchObject({
      severity: 'critical',
      outcome: 'compromise',
      campaign: 'proxyshell',
      time: '2021-08-23T09:13:18.000Z',
      source: { path: 'C/inetpub/logs/LogFiles/W3SVC1/u_ex210823.log', line: 1 },
    });
    expect(f?.cves).toContain('CVE-2021-34473');
    expect(f?.facts.clientIp).toBe('10.255.249.78');
    expect(r.findings.some((x) => x.rule === 'proxyshell-iis-failed')).toBe(false);
    expect(r.verdict).toBe('compromised');
    expect(r.firstActivity).toBe('2021-08-23T09:13:18.000Z');
  });
});

describe('bundled example evidence (examples/evidence)', { timeout: 120_000 }, () => {
  it('compromised-2016-cu19: compromised, first activity at the first SSRF probe, patched on the build change', async () => {
    const r = await hunt(path.join(EXAMPLES, 'compromised-2016-cu19'));
    expect(r.verdict).toBe('compromised');
    expect(r.firstActivity).toBe('2021-01-06T05:11:02.000Z');
    const rules = new Set(r.findings.map((f) => f.rule));
    for (const id of [
      'proxylogon-ssrf-serverinfo',
      'proxylogon-ecp-reset-virtualdirectory',
      'proxylogon-ecp-set-vdir-script-url',
      'web-shell-rare-aspx-post',
      'chopper-command-wrapper',
      'proxylogon-iis-post-ecp-short-js',
    ]) {
      expect(rules, id).toContain(id);
    }
    // The dormant web shell used after the patch is found too.
    expect(
      r.findings.some((f) => f.rule === 'web-shell-rare-aspx-post' && f.time?.startsWith('2021-04-10')),
    ).toBe(true);
    expect(r.builds.map((b) => b.build)).toEqual(['15.1.2176.2', '15.1.2176.9']);
    expect(r.exposure.find((w) => w.campaign === 'proxylogon')?.end?.slice(0, 10)).toBe('2021-03-04');
    expect(r.attackerIps[0]?.ip).toBe('203.0.113.7');
    expect(r.issues.total).toBe(0);
  });

  it('benign-noisy: scanners, crawlers, health probes and WinRM sessions raise nothing above info', async () => {
    const r = await hunt(path.join(EXAMPLES, 'benign-noisy'));
    expect(r.verdict).toBe('no-evidence');
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.findings.some((f) => f.rule === 'recon-export-tool-version-scan')).toBe(true);
    expect(r.firstActivity).toBeNull();
  });

  it('late-logs: clean logs from 2021-03-20 on a server unpatched until then are insufficient-evidence', async () => {
    const r = await hunt(path.join(EXAMPLES, 'late-logs'));
    expect(r.verdict).toBe('insufficient-evidence');
    expect(r.uncovered[0]).toMatchObject({ campaign: 'proxylogon', from: '2021-01-03T00:00:00.000Z' });
  });

  it('a patched-on date before exploitation began turns late-logs into no-evidence', async () => {
    const r = await hunt(path.join(EXAMPLES, 'late-logs'), { patchedOn: '2020-12-01' });
    expect(r.verdict).toBe('no-evidence');
  });

  it('worker threads find exactly what one thread finds', async () => {
    const one = await hunt(path.join(EXAMPLES, 'compromised-2016-cu19'), { threads: 1 });
    const two = await hunt(path.join(EXAMPLES, 'compromised-2016-cu19'), { threads: 2 });
    expect(two.threads).toBe(2);
    const key = (r: typeof one) =>
      r.findings.map((f) => `${f.rule}|${f.source.path}|${f.source.line}`).sort();
    expect(key(two)).toEqual(key(one));
    expect(two.coverage).toEqual(one.coverage);
    expect(two.verdict).toBe(one.verdict);
  });

  it('is exactly what scripts/hunt/generate-examples.ts writes', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'exhunt-examples-'));
    const digest = (dir: string): Record<string, string> => {
      const files: Record<string, string> = {};
      const walk = (rel: string): void => {
        for (const name of readdirSync(path.join(dir, rel))) {
          const r = rel ? `${rel}/${name}` : name;
          if (statSync(path.join(dir, r)).isDirectory()) walk(r);
          else
            files[r] = createHash('sha256')
              .update(readFileSync(path.join(dir, r)))
              .digest('hex');
        }
      };
      walk('');
      return files;
    };
    for (const s of SCENARIOS) {
      writeScenario(path.join(out, s), s);
      expect(digest(path.join(out, s)), s).toEqual(digest(path.join(EXAMPLES, s)));
    }
  });
});

describe('--since/--until cut the coverage the verdict weighs', () => {
  it('a clean server hunted only since 2021-03-20 is insufficient-evidence, not no-evidence', async () => {
    const root = path.join(EXAMPLES, 'benign-noisy');
    const whole = await hunt(root, { threads: 1, files: false });
    expect(whole.verdict).toBe('no-evidence');
    const since = await hunt(root, { threads: 1, files: false, since: '2021-03-20T00:00:00Z' });
    expect(since.verdict).toBe('insufficient-evidence');
    for (const c of since.coverage) if (c.first !== null) expect(c.first >= '2021-03-20').toBe(true);
    const until = await hunt(root, { threads: 1, files: false, until: '2021-02-01T00:00:00Z' });
    for (const c of until.coverage) if (c.last !== null) expect(c.last < '2021-02-01').toBe(true);
  });
});
