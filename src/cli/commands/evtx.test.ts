import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { safeJsonLine } from './evtx.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIX = 'test/fixtures/evtx/';

async function exhunt(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('exhunt evtx dump', { timeout: 120_000 }, () => {
  it('prints one JSON record per line and a one-line summary on stderr', async () => {
    const { code, stdout, stderr } = await exhunt(
      'evtx',
      'dump',
      `${FIX}omerbenamram-evtx/MSExchange_Management_wec.evtx`,
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!);
    expect(r.eventData.param1).toBe('Set-Mailbox');
    expect(r.eventRecordId).toBe(3229);
    expect(stderr.trim().split('\n')).toEqual([
      `exhunt: ${FIX}omerbenamram-evtx/MSExchange_Management_wec.evtx: 1 records, 0 errors`,
    ]);
  });

  it('--format xml prints one event per line; damaged records are counted', async () => {
    const file = `${FIX}omerbenamram-evtx/sample-with-zero-data-size-event.evtx`;
    const { code, stdout, stderr } = await exhunt('evtx', 'dump', '--format', 'xml', file);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(449);
    expect(lines.every((l) => l.startsWith('<Event xmlns=') && l.endsWith('</Event>'))).toBe(true);
    expect(stderr).toMatch(/449 records, 1 errors/);
  });

  it('several files: every line names its file; one summary line per file', async () => {
    const a = `${FIX}python-evtx/issue_38.evtx`;
    const b = `${FIX}omerbenamram-evtx/new-user-security.evtx`;
    const { code, stdout, stderr } = await exhunt('evtx', 'dump', a, b);
    expect(code).toBe(0);
    const paths = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).path);
    expect(paths).toEqual([a, b, b, b, b]);
    expect(stderr.trim().split('\n')).toHaveLength(2);
  });

  it('an unreadable file: exit 2 and one line', async () => {
    const { code, stdout, stderr } = await exhunt('evtx', 'dump', `${FIX}does-not-exist.evtx`);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^exhunt: .*does-not-exist\.evtx: cannot open: ENOENT/);
  });

  it('--workers 2 on several files: the pool gives the same lines', async () => {
    const a = `${FIX}python-evtx/issue_38.evtx`;
    const b = `${FIX}omerbenamram-evtx/new-user-security.evtx`;
    const { code, stdout } = await exhunt('evtx', 'dump', '--workers', '2', a, b);
    expect(code).toBe(0);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).path)
        .sort(),
    ).toEqual([a, b, b, b, b].sort());
    const bad = await exhunt('evtx', 'dump', '--workers', 'many', a);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^exhunt: --workers must be a whole number/);
  });

  it('a bad --format: exit 2 and one line', async () => {
    const { code, stderr } = await exhunt(
      'evtx',
      'dump',
      '--format',
      'csv',
      `${FIX}python-evtx/issue_38.evtx`,
    );
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('exhunt: unknown --format "csv" (use jsonl or xml)');
  });
});

describe('safeJsonLine', () => {
  it('escapes what a terminal would act on (C1 controls, bidi overrides, line separators)', () => {
    const line = safeJsonLine({ v: 'a\u001b[31m\u009b\u202egnp.exe\u2028' });
    expect(line).toBe('{"v":"a\\u001b[31m\\u009b\\u202egnp.exe\\u2028"}');
    expect(JSON.parse(line).v).toBe('a\u001b[31m\u009b\u202egnp.exe\u2028');
  });
});
