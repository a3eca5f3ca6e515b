/**
 * @module detect/indicators/rule-pack
 * The local rule pack: what `exhunt intel import` keeps. Each import becomes a folder
 * `<intel dir>/<pack id>/` holding copies of the imported files (so the pack still works when
 * the original is gone) and `manifest.json` with provenance: origin, sha256 of each file,
 * format, author, licence, import time and counts. Loading a pack re-parses the copies.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { classifyIntel, type IntelFile } from './classify-intel.js';
import { defaultProvenance, parseIntel } from './parse-intel.js';
import { emptySet, mergeSets, type IndicatorSet, type IntelIssue, type Provenance } from './types.js';

export interface PackFile {
  /** Path inside the pack folder, forward slashes. */
  path: string;
  format: IntelFile['format'];
  sha256: string;
  bytes: number;
  origin: string;
}

export interface PackManifest {
  id: string;
  importedAt: string;
  origin: string;
  author: string;
  licence: string;
  reference: string;
  files: PackFile[];
  counts: {
    hashes: number;
    paths: number;
    network: number;
    yaraSources: number;
    issues: number;
    ignored: number;
  };
}

/** `--intel-dir`, else `$EXHUNT_HOME/intel`, else `~/.exhunt/intel`. */
export function defaultIntelDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.EXHUNT_HOME ? path.join(env.EXHUNT_HOME, 'intel') : path.join(homedir(), '.exhunt', 'intel');
}

async function licenceNear(file: string): Promise<string> {
  let dir = path.dirname(file);
  for (let i = 0; i < 3; i++) {
    for (const name of ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'NOTICE.md']) {
      const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
      if (text) return text;
    }
    dir = path.dirname(dir);
  }
  return '';
}

function packIdFor(origin: string, digest: string): string {
  const base =
    path
      .basename(origin)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'intel';
  return `${base.slice(0, 40)}-${digest.slice(0, 8)}`;
}

export interface ImportOptions {
  author?: string;
  licence?: string;
  reference?: string;
}

export interface ImportResult {
  manifest: PackManifest | null;
  issues: IntelIssue[];
}

/** Imports a file or folder into `intelDir`. Re-importing the same content replaces the pack. */
export async function importIntel(
  source: string,
  intelDir: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const origin = path.resolve(source);
  const { files, issues } = await classifyIntel(origin);
  if (files.length === 0) {
    issues.push({
      origin,
      line: null,
      message: 'nothing importable (YARA, LOKI lists, MSTIC CSV/JSON, CHIRP YAML, STIX 2.1)',
    });
    return { manifest: null, issues };
  }
  const contents = await Promise.all(files.map((f) => readFile(f.path)));
  const all = createHash('sha256');
  contents.forEach((c, i) => all.update(files[i]!.path).update(c));
  const id = packIdFor(origin, all.digest('hex'));
  const dir = path.join(intelDir, id);
  await rm(dir, { recursive: true, force: true });
  const licenceText = await licenceNear(files[0]!.path);
  const defaults = defaultProvenance(files[0]!.format, licenceText);
  const manifest: PackManifest = {
    id,
    importedAt: new Date().toISOString(),
    origin,
    author: options.author ?? defaults.author,
    licence: options.licence ?? defaults.licence,
    reference: options.reference ?? defaults.reference,
    files: [],
    counts: { hashes: 0, paths: 0, network: 0, yaraSources: 0, issues: 0, ignored: 0 },
  };
  const base = files.length === 1 ? path.dirname(origin) : origin;
  const set = emptySet();
  for (const [i, f] of files.entries()) {
    const rel = path.relative(base, f.path).split(path.sep).join('/');
    const target = path.join(dir, 'files', rel);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(f.path, target);
    const entry: PackFile = {
      path: `files/${rel}`,
      format: f.format,
      sha256: createHash('sha256').update(contents[i]!).digest('hex'),
      bytes: contents[i]!.length,
      origin: f.path,
    };
    manifest.files.push(entry);
    mergeSets(set, parseIntel(contents[i]!.toString('utf8'), f.format, provenanceOf(manifest, entry)));
  }
  if (licenceText) await writeFile(path.join(dir, 'LICENSE.imported'), licenceText);
  manifest.counts = countsOf(set);
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { manifest, issues: [...issues, ...set.issues] };
}

function provenanceOf(m: PackManifest, f: PackFile): Provenance {
  const name = f.path.replace(/^files\//, '').replace(/\.[^./]+$/, '');
  return {
    id: `${m.id}/${name}`,
    format: f.format === 'mstic-hash-map' ? 'mstic-csv' : f.format,
    origin: f.origin,
    author: m.author,
    licence: m.licence,
    reference: m.reference,
  };
}

function countsOf(set: IndicatorSet): PackManifest['counts'] {
  return {
    hashes: set.hashes.length,
    paths: set.paths.length,
    network: set.network.length,
    yaraSources: set.yara.length,
    issues: set.issues.length,
    ignored: Object.values(set.ignored).reduce((a, b) => a + b, 0),
  };
}

export interface LoadedPacks {
  packs: PackManifest[];
  set: IndicatorSet;
  issues: IntelIssue[];
}

/** Loads every pack under `intelDir` (a missing folder is simply no packs). */
export async function loadPacks(intelDir: string): Promise<LoadedPacks> {
  const out: LoadedPacks = { packs: [], set: emptySet(), issues: [] };
  let ids: string[];
  try {
    ids = (await readdir(intelDir)).sort();
  } catch {
    return out;
  }
  for (const id of ids) {
    const dir = path.join(intelDir, id);
    let manifest: PackManifest;
    try {
      manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as PackManifest;
    } catch (err) {
      out.issues.push({
        origin: dir,
        line: null,
        message: `not a pack (manifest.json): ${(err as Error).message.split('\n')[0]}`,
      });
      continue;
    }
    out.packs.push(manifest);
    for (const f of manifest.files) {
      let text: string;
      try {
        text = await readFile(path.join(dir, f.path), 'utf8');
      } catch (err) {
        out.issues.push({
          origin: path.join(dir, f.path),
          line: null,
          message: `missing pack file: ${(err as NodeJS.ErrnoException).code ?? err}`,
        });
        continue;
      }
      mergeSets(out.set, parseIntel(text, f.format, provenanceOf(manifest, f)));
    }
  }
  out.issues.push(...out.set.issues);
  return out;
}

/** Removes a pack by id; false if there is none. */
export async function removePack(intelDir: string, id: string): Promise<boolean> {
  if (!/^[a-z0-9-]+$/.test(id)) return false;
  const dir = path.join(intelDir, id);
  const exists = await readFile(path.join(dir, 'manifest.json')).then(
    () => true,
    () => false,
  );
  if (exists) await rm(dir, { recursive: true, force: true });
  return exists;
}
