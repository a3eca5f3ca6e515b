// `exhunt hunt --full / --yara / --yara-rules`: the file hunt's options reach scanFiles (issue 4: "--full mode for the whole root").
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webShellSamples } from '../../src/detect/files/synthetic/webshell-samples.js';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'hunt', ...args], { encoding: 'utf8' });

function evidenceWithStrayShell(): string {
  const dir = mkdtempSync(join(tmpdir(), 'exhunt-full-'));
  cpSync('examples/evidence/benign-noisy', dir, { recursive: true });
  // A web shell parked outside every place the default file hunt reads: only --full finds it.
  const shell = webShellSamples().find((s) => s.id === 'chopper-jscript-oneliner')!;
  mkdirSync(join(dir, 'C', 'Backup', 'old'), { recursive: true });
  writeFileSync(join(dir, 'C', 'Backup', 'old', 'help.aspx'), shell.data);
  return dir;
}

const fileRules = (out: string) =>
  (JSON.parse(out) as { findings: { rule: string; source: { path: string } }[] }).findings
    .filter((f) => f.source.path.startsWith('C/Backup/'))
    .map((f) => f.rule);

describe('hunt file options', () => {
  const dir = evidenceWithStrayShell();
  const none = join(dir, '..', `${dir.split('/').pop()}-intel-none`);

  it('the default file hunt leaves a folder attackers do not use alone; --full reads it', () => {
    expect(fileRules(run(dir, '--format', 'json', '--intel-dir', none).stdout)).toEqual([]);
    const full = run(dir, '--full', '--format', 'json', '--intel-dir', none);
    expect(fileRules(full.stdout)).toContain('yara:EXHUNT_Webshell_ChinaChopper_JScript_Eval');
    expect(full.status).toBe(1);
  });

  it('--yara picks the backend (wasm here) and --yara-rules adds rules; a bad choice is one line, exit 2', () => {
    const extra = join(dir, '..', 'extra.yar');
    writeFileSync(extra, 'rule Test_Backup_Marker { strings: $a = "Request.Item" condition: $a }\n');
    const r = run(
      dir,
      '--full',
      '--yara',
      'wasm',
      '--yara-rules',
      extra,
      '--format',
      'json',
      '--intel-dir',
      none,
    );
    expect(fileRules(r.stdout)).toContain('yara:Test_Backup_Marker');
    const bad = run(dir, '--yara', 'nonsense');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^exhunt: --yara wants/);
  });
});
