// End to end: the exhunt binary's `build` and `assess` commands, their output contract and exit statuses.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('exhunt build', () => {
  it('--format json follows the output contract', () => {
    const r = run('build', '15.2.1118.7', '--format', 'json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({
      build: '15.2.1118.7',
      product: '2019',
      cu: 'CU12',
      update: null,
      buildPrecision: 'exact',
    });
    expect(j.vulnerabilities['CVE-2022-41040']).toBe('vulnerable');
    expect(j.latest.build).toBe('15.2.1748.49');
  });
  it('exit 0 for a build with nothing open, 2 with one line for a bad build', () => {
    expect(run('build', '15.2.2562.46').code).toBe(0);
    const bad = run('build', '15.1.banana');
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/^exhunt: not an Exchange build/);
  });
  it('wrong arguments are usage errors (exit 2), never a stack trace', () => {
    for (const args of [['build'], ['build', '15.1.2176.2', '--format', 'xml'], ['frobnicate']]) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});

describe('exhunt assess', () => {
  it('runs on the bundled example inventory, most urgent first, exit 1', () => {
    const r = run('assess', 'examples/inventory.csv', '--format', 'json', '--as-of', '2026-11-27');
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.out) as { name: string; openCves: string[] }[];
    expect(rows[0]!.name).toBe('EXCH-BRANCH-01');
    expect(rows.at(-1)!.openCves).toEqual([]);
  });
  it('csv output defuses formula injection in hostile server names; table escapes control characters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exhunt-'));
    const f = join(dir, 'inv.csv');
    writeFileSync(f, 'Name,Build\n"=cmd|\' /C calc\'!A0",15.1.2176.2\n"evil\u001b[2J",15.2.2562.46\n');
    const csv = run('assess', f, '--format', 'csv');
    expect(csv.out).toContain("'=cmd|");
    const table = run('assess', f);
    expect(table.out).not.toContain('\u001b');
    expect(table.out).toContain('evil\\x1b[2J');
  });
  it('unreadable input is one line and exit 2', () => {
    const r = run('assess', '/nonexistent/inventory.csv');
    expect(r.code).toBe(2);
    expect(r.err).toBe('exhunt: cannot read /nonexistent/inventory.csv (ENOENT)\n');
    expect(run('assess', 'src').code).toBe(2);
  });
});
