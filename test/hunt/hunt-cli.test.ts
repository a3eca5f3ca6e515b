// `exhunt hunt` end to end: exit statuses, the DESIGN.md JSON contract, output files, one-line
// usage errors, a zipped triage copy, and --since.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeZip } from '../../src/evidence/index.js';
import { hunt } from '../../src/hunt/index.js';

const repo = new URL('../../', import.meta.url).pathname;
const EXAMPLE = path.join(repo, 'examples/evidence/compromised-2016-cu19');

function exhunt(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(repo, 'src/cli/main.ts'), 'hunt', ...args],
    {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
}

describe('exhunt hunt (CLI)', { timeout: 120_000 }, () => {
  it('--format json prints the DESIGN.md contract and exits 1 on a compromised server', () => {
    const r = exhunt(EXAMPLE, '--format', 'json', '--quiet');
    expect(r.status, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & {
      findings: {
        rule: string;
        title: string;
        severity: string;
        cves: string[];
        time: string | null;
        source: { path: string; line: number | null };
      }[];
      coverage: { source: string; files: number; first: string | null; last: string | null }[];
    };
    expect(out.verdict).toBe('compromised');
    expect(out.firstActivity).toBe('2021-01-06T05:11:02.000Z');
    const f = out.findings[0]!;
    expect(Object.keys(f)).toEqual(
      expect.arrayContaining(['rule', 'title', 'severity', 'cves', 'time', 'source']),
    );
    expect(f.source.path).not.toMatch(/\\|^\//);
    expect(typeof f.source.line).toBe('number');
    expect(out.coverage.map((c) => c.source)).toEqual(
      expect.arrayContaining(['HttpProxy/Ecp', 'IIS/W3SVC1', 'ECP/Server']),
    );
    for (const c of out.coverage)
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['source', 'files', 'first', 'last']));
  });

  it('writes the report to --output, and refuses to write inside the evidence root', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'exhunt-out-')), 'report.html');
    const r = exhunt(path.join(repo, 'examples/evidence/late-logs'), '--format', 'html', '--output', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('insufficient-evidence');
    const inside = exhunt(EXAMPLE, '--output', path.join(EXAMPLE, 'report.txt'));
    expect(inside.status).toBe(2);
    expect(inside.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a folder without any logs is not a clean result: exit 2 with a one-line note', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'exhunt-empty-'));
    const r = exhunt(empty, '--format', 'json');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^exhunt: no Exchange, IIS or event logs found/);
    expect(JSON.parse(r.stdout).verdict).toBe('insufficient-evidence');
  });

  it('bad input is a one-line error and exit 2, never a stack trace', () => {
    for (const args of [
      ['/nonexistent/evidence'],
      [EXAMPLE, '--threads', 'many'],
      [EXAMPLE, '--since', 'yesterday'],
      [EXAMPLE, '--build', 'x.y'],
    ]) {
      const r = exhunt(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^exhunt: /);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('hunt options and roots', { timeout: 120_000 }, () => {
  it('--since keeps only later findings (the dormant web shell used in April 2021)', async () => {
    const r = await hunt(EXAMPLE, { since: '2021-03-01' });
    expect(r.findings.map((f) => f.rule)).toEqual(['web-shell-rare-aspx-post']);
    expect(r.firstActivity).toBe('2021-04-10T22:03:00.000Z');
    expect(r.verdict).toBe('compromised');
  });

  it('hunts a zipped triage copy without extracting it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'exhunt-zip-'));
    const zip = path.join(dir, 'triage.zip');
    const line = readFileSync(
      new URL('../fixtures/exchange/iis-logs/aptsimulator-hafnium-dummy.log', import.meta.url),
    );
    writeFileSync(zip, writeZip([{ name: 'C/inetpub/logs/LogFiles/W3SVC1/u_ex210823.log', data: line }]));
    const r = await hunt(zip);
    expect(r.findings.map((f) => f.rule)).toContain('proxyshell-iis-successful');
    expect(r.findings[0]?.source.path).toBe('C/inetpub/logs/LogFiles/W3SVC1/u_ex210823.log');
  });
});
