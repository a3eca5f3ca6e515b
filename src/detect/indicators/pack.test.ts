/**
 * @module detect/indicators/pack.test
 * `intel import` into a local pack and loading it back, with provenance.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultIntelDir, importIntel, loadPacks, removePack } from './rule-pack.js';

const FIX = fileURLToPath(new URL('../../../test/fixtures/intel/', import.meta.url));
let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('local rule pack', () => {
  it('imports the signature-base folder with DRL provenance and loads it back', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'exhunt-intel-'));
    const res = await importIntel(`${FIX}signature-base`, dir);
    expect(res.issues).toEqual([]);
    const m = res.manifest!;
    expect(m.licence).toBe('DRL-1.1');
    expect(m.files.map((f) => f.format).sort()).toEqual([
      'loki-c2',
      'loki-filename',
      'loki-hash',
      'yara',
      'yara',
      'yara',
      'yara',
    ]);
    expect(m.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(dir, m.id, 'manifest.json'), 'utf8'));
    expect(manifest.origin).toBe(path.resolve(`${FIX}signature-base`));

    const loaded = await loadPacks(dir);
    expect(loaded.issues).toEqual([]);
    expect(loaded.packs.map((p) => p.id)).toEqual([m.id]);
    expect(loaded.set.hashes).toHaveLength(9);
    expect(loaded.set.yara).toHaveLength(4);
    expect(loaded.set.hashes[0]!.source.licence).toBe('DRL-1.1');
    expect(loaded.set.yara[0]!.namespace).toBe(`${m.id}/yara/apt_hafnium`);
  });

  it('imports a single CHIRP file as CC0 by CISA and removes it again', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'exhunt-intel-'));
    const res = await importIntel(`${FIX}../exchange/cisa-chirp/AA21062A.yaml`, dir);
    expect(res.manifest?.author).toBe('CISA');
    expect(res.manifest?.licence).toBe('CC0-1.0');
    expect(res.manifest?.counts.network).toBe(15);
    expect(await removePack(dir, res.manifest!.id)).toBe(true);
    expect((await loadPacks(dir)).packs).toEqual([]);
  });

  it('reports a file of unknown format and imports nothing', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'exhunt-intel-'));
    const res = await importIntel(`${FIX}NOTICE.md`, dir);
    expect(res.manifest).toBeNull();
    expect(res.issues.at(-1)?.message).toMatch(/nothing importable/);
  });

  it('a missing pack folder is no packs, not an error', async () => {
    expect(await loadPacks('/nonexistent/exhunt-intel')).toEqual({
      packs: [],
      set: expect.anything(),
      issues: [],
    });
  });

  it('the default folder follows EXHUNT_HOME', () => {
    expect(defaultIntelDir({ EXHUNT_HOME: '/x' })).toBe(path.join('/x', 'intel'));
    expect(defaultIntelDir({})).toMatch(/\.exhunt[/\\]intel$/);
  });
});
