/**
 * scripts/build/bundle.mjs: a bundled entry must behave as the unbundled files did. Each inlined
 * module keeps its own `import.meta.url` (resources and sibling workers are found relative to it,
 * from any depth), and a bundle is never bundled again.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM build script without type declarations
import { bundleEntry, ENTRIES } from '../../scripts/build/bundle.mjs';

const base = mkdtempSync(path.join(tmpdir(), 'exhunt-bundle-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  const file = path.join(base, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Runs `<dist>/cli/main.js` and parses the JSON it prints. */
function runMain(dist: string): unknown {
  return JSON.parse(execFileSync(process.execPath, [path.join(dist, 'cli/main.js')], { encoding: 'utf8' }));
}

describe('bundle', () => {
  it('keeps every module’s own import.meta.url, at any depth', async () => {
    write('rules/data.txt', 'rule data');
    write(
      'dist/deep/er/reader.js',
      [
        "import { readFileSync } from 'node:fs';",
        "import { fileURLToPath } from 'node:url';",
        'export const readerUrl = import.meta.url;',
        "export const data = readFileSync(fileURLToPath(new URL('../../../rules/data.txt', import.meta.url)), 'utf8');",
      ].join('\n'),
    );
    write(
      'dist/cli/main.js',
      [
        '#!/usr/bin/env node',
        "import { readerUrl, data } from '../deep/er/reader.js';",
        'const lazy = await import("../deep/lazy.js");',
        'process.stdout.write(JSON.stringify({ main: import.meta.url, readerUrl, data, lazy: lazy.url }));',
      ].join('\n'),
    );
    write('dist/deep/lazy.js', 'export const url = import.meta.url;');
    const dist = path.join(base, 'dist');
    await bundleEntry(dist, 'cli/main.js');
    const bundled = readFileSync(path.join(dist, 'cli/main.js'), 'utf8');
    expect(bundled.split('\n')[1]).toMatch(/^\/\/ exhunt-bundle: cli\/main\.js/);
    expect(bundled).not.toContain("from '../deep/er/reader.js'");
    const out = runMain(dist);
    expect(out).toEqual({
      main: pathToFileURL(path.join(dist, 'cli/main.js')).href,
      readerUrl: pathToFileURL(path.join(dist, 'deep/er/reader.js')).href,
      data: 'rule data',
      lazy: pathToFileURL(path.join(dist, 'deep/lazy.js')).href,
    });
  });

  it('refuses to bundle a bundle (its inlined modules would be stale)', async () => {
    await expect(bundleEntry(path.join(base, 'dist'), 'cli/main.js')).rejects.toThrow(/already a bundle/);
  });

  it('loads a costly node module only when a module importing it is first used', async () => {
    write(
      'lazy/dist/probe/connect.js',
      [
        "import tls from 'node:tls';",
        "import { connect } from 'node:net';",
        'export const kinds = [typeof tls.connect, typeof connect];',
      ].join('\n'),
    );
    write(
      'lazy/dist/cli/main.js',
      [
        "import { readFileSync } from 'node:fs';",
        "const loaded = () => process.moduleLoadList.includes('NativeModule tls');",
        'const before = loaded();',
        "const { kinds } = await import('../probe/connect.js');",
        'process.stdout.write(JSON.stringify({ before, after: loaded(), kinds, fs: typeof readFileSync }));',
      ].join('\n'),
    );
    const dist = path.join(base, 'lazy/dist');
    await bundleEntry(dist, 'cli/main.js');
    const out = runMain(dist);
    expect(out).toEqual({ before: false, after: true, kinds: ['function', 'function'], fs: 'function' });
  });

  it('leaves out a module none of whose exports the entry uses, even behind an index', async () => {
    write('slim/dist/layer/used.js', "export const used = 'used';");
    write(
      'slim/dist/layer/unused.js',
      ["import { execFile } from 'node:child_process';", 'export const unusedMarker = typeof execFile;'].join(
        '\n',
      ),
    );
    write(
      'slim/dist/layer/index.js',
      ["export { used } from './used.js';", "export { unusedMarker } from './unused.js';"].join('\n'),
    );
    write(
      'slim/dist/cli/main.js',
      [
        "import { used } from '../layer/index.js';",
        "const loaded = process.moduleLoadList.includes('NativeModule child_process');",
        'process.stdout.write(JSON.stringify({ used, loaded }));',
      ].join('\n'),
    );
    const dist = path.join(base, 'slim/dist');
    await bundleEntry(dist, 'cli/main.js');
    const bundled = readFileSync(path.join(dist, 'cli/main.js'), 'utf8');
    expect(bundled).not.toContain('unusedMarker');
    const out = runMain(dist);
    expect(out).toEqual({ used: 'used', loaded: false });
  });

  it('lists only entries that tsc emits', () => {
    for (const entry of ENTRIES as string[]) {
      const source = path.join(import.meta.dirname, '../../src', entry.replace(/\.js$/, '.ts'));
      expect(readFileSync(source, 'utf8').length).toBeGreaterThan(0);
    }
  });
});
