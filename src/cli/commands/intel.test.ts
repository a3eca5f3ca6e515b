/** @module cli/commands/intel.test — `exhunt intel import|list|remove` as a user runs them. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let home = '';

async function exhunt(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, EXHUNT_HOME: home },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'exhunt-home-'));
});
afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

describe('exhunt intel', () => {
  it('imports the signature-base subset into $EXHUNT_HOME/intel, checks its YARA, lists and removes it', async () => {
    const imp = await exhunt('intel', 'import', 'test/fixtures/intel/signature-base', '--check');
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/imported signature-base-[0-9a-f]{8} into /);
    expect(imp.stdout).toMatch(/4 YARA sources, 9 hashes/);
    expect(imp.stdout).toMatch(/licence: DRL-1\.1/);
    expect(imp.stdout).toMatch(/YARA \((yara-x|cli|wasm)\): 4\/4 sources compile/);
    const id = /imported (\S+)/.exec(imp.stdout)![1]!;

    const list = await exhunt('intel', 'list', '--format', 'json');
    expect(list.code).toBe(0);
    const j = JSON.parse(list.stdout);
    expect(j.intelDir).toBe(path.join(home, 'intel'));
    expect(j.packs.map((p: { id: string }) => p.id)).toEqual([id]);
    expect(j.backends.map((b: { backend: string }) => b.backend)).toEqual(['yara-x', 'cli', 'wasm']);

    expect((await exhunt('intel', 'remove', id)).code).toBe(0);
    expect((await exhunt('intel', 'list')).stdout).toMatch(/no packs imported/);
  }, 60_000);

  it('exhunt hunt uses an imported hash list (pack in $EXHUNT_HOME/intel)', async () => {
    const content = Buffer.from(`exhunt intel test page ${Date.now()}\n`);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const evidence = path.join(home, 'evidence');
    const page = path.join(evidence, 'inetpub', 'wwwroot', 'aspnet_client', 'page.aspx');
    await mkdir(path.dirname(page), { recursive: true });
    await writeFile(page, content);
    const list = path.join(home, 'case-hash-iocs.txt');
    await writeFile(list, `# case list\n${sha256};web shell from case 42\n`);
    expect(
      (await exhunt('intel', 'import', list, '--author', 'case team', '--licence', 'internal')).code,
    ).toBe(0);
    const r = await exhunt('hunt', evidence, '--format', 'json', '--quiet');
    const out = JSON.parse(r.stdout);
    const hit = out.findings.find((f: { rule: string }) => f.rule === 'file-hash-ioc');
    expect(hit).toMatchObject({
      author: 'case team',
      licence: 'internal',
      source: { path: 'inetpub/wwwroot/aspnet_client/page.aspx' },
    });
    expect(r.code).toBe(1);
  }, 60_000);

  it('a path with nothing importable is a one-line error and exit 2', async () => {
    const r = await exhunt('intel', 'import', 'test/fixtures/intel/NOTICE.md');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exhunt: nothing imported from/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('a missing path is reported, not thrown', async () => {
    const r = await exhunt('intel', 'import', 'no/such/file.yar');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read: ENOENT/);
  }, 30_000);
});
