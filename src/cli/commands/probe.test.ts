/**
 * `exhunt probe`, `exhunt census` end to end: the binary against lab hosts on loopback — exit
 * statuses of DESIGN.md, the jsonl contract, --resume, --exclude, usage errors as one line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeProfile, placeHosts, startLab, type RunningLab } from '../../lab/index.js';

const MAIN = join(import.meta.dirname, '..', 'main.ts');
const FAST = ['--timeout', '3000', '--connect-timeout', '2000', '--target-timeout', '8000', '--no-progress'];

function exhunt(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    p.stdin.end(stdin);
  });
}

let lab: RunningLab;
let vulnerable: string;
let patched: string;
let decoy: string;
const dir = mkdtempSync(join(tmpdir(), 'exhunt-cli-probe-'));

beforeAll(async () => {
  for (let i = 0; ; i++) {
    const base = `127.${100 + Math.floor(Math.random() * 150)}.${Math.floor(Math.random() * 256)}.10`;
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    try {
      lab = await startLab(
        placeHosts(
          [
            exchangeProfile({ product: '2016', build: '15.1.2176.2', proxyLogon: true, proxyShell: true }),
            exchangeProfile({ product: 'SE', build: '15.2.2562.46' }),
            { kind: 'decoy', style: 'catch-all' },
          ],
          base,
          port,
        ),
      );
      break;
    } catch (e) {
      if (i > 5) throw e;
    }
  }
  [vulnerable = '', patched = '', decoy = ''] = lab.targets;
});

afterAll(async () => {
  await lab?.stop();
});

describe('exhunt probe', () => {
  it('usage problems exit 2 with one line', async () => {
    for (const args of [
      ['probe'],
      ['probe', 'bad target!'],
      ['probe', '127.0.0.1', '--ports', '0'],
      ['probe', '-i', join(dir, 'missing.txt')],
    ]) {
      const r = await exhunt(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^exhunt: /);
    }
  });

  it('jsonl: one contract object per target; exit 1 when something is vulnerable', async () => {
    const r = await exhunt(['probe', vulnerable, patched, decoy, '--format', 'jsonl', ...FAST]);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    for (const l of lines)
      expect(Object.keys(l).slice(0, 5)).toEqual([
        'target',
        'exchange',
        'build',
        'buildPrecision',
        'vulnerabilities',
      ]);
    const byTarget = new Map(lines.map((l) => [l.target, l]));
    expect(byTarget.get(vulnerable)).toMatchObject({
      exchange: true,
      build: '15.1.2176.2',
      buildPrecision: 'exact',
    });
    expect(byTarget.get(decoy)).toMatchObject({
      exchange: false,
      build: null,
      buildPrecision: 'unknown',
      vulnerabilities: {},
    });
  });

  it('exit 0 when nothing is vulnerable; the exclude list wins', async () => {
    const r = await exhunt([
      'probe',
      patched,
      vulnerable,
      '--exclude',
      vulnerable.split(':')[0] as string,
      '--format',
      'csv',
      ...FAST,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stdout).not.toContain(vulnerable);
  });

  it('--resume skips what a partial file already has and appends the rest; census reads it', async () => {
    const out = join(dir, 'partial.jsonl');
    const first = await exhunt(['probe', patched, '--format', 'jsonl', ...FAST]);
    writeFileSync(out, `${first.stdout}{"target":"torn`);
    const before = lab.log.entries.filter((e) => e.host === patched).length;
    const r = await exhunt(['probe', patched, decoy, '--resume', out, ...FAST]);
    expect(r.code).toBe(0);
    expect(lab.log.entries.filter((e) => e.host === patched).length).toBe(before);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`"target":"${decoy}"`);
    const html = await exhunt(['census', out, '--format', 'html', '--no-geo']);
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('<svg');
    expect(html.stderr).toMatch(/1 input line/);
  });

  it('targets from stdin in masscan list format', async () => {
    const [ip, port] = patched.split(':');
    const r = await exhunt(
      ['probe', '-i', '-', '--format', 'jsonl', ...FAST],
      `#masscan\nopen tcp ${port} ${ip} 1600000000\n`,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ target: patched, exchange: true });
  });
});
