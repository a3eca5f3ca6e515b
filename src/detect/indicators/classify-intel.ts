/**
 * @module detect/indicators/classify-intel
 * Decides the format of each file handed to `intel import`: by extension and a look at the
 * content, and for LOKI's `.txt` lists by LOKI's own naming rule (a name containing "hash",
 * "filename" or "c2"). Folders are walked; files of no known format are counted, not guessed.
 */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IntelFormat, IntelIssue } from './types.js';

export interface IntelFile {
  path: string;
  format: IntelFormat | 'mstic-hash-map';
}

async function head(file: string, bytes = 4096): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

export async function formatOf(file: string): Promise<IntelFile['format'] | null> {
  const name = path.basename(file).toLowerCase();
  const ext = path.extname(name);
  if (ext === '.yar' || ext === '.yara') return 'yara';
  const text = await head(file);
  if (ext === '.yaml' || ext === '.yml') return /^\s*ioc_type\s*:/m.test(text) ? 'chirp-yaml' : null;
  if (ext === '.json') {
    if (/"type"\s*:\s*"bundle"/.test(text)) return 'stix-bundle';
    if (/"IndicatorType"/.test(text)) return 'mstic-json';
    return null;
  }
  if (ext === '.csv') {
    const first = text.split(/\r?\n/)[0]?.toLowerCase() ?? '';
    if (first.includes('indicatortype')) return 'mstic-csv';
    if (/^sha256\s*,\s*md5\s*,\s*sha1/.test(first)) return 'mstic-hash-map';
    return null;
  }
  if (ext === '.txt' || ext === '') {
    if (name.includes('hash')) return 'loki-hash';
    if (name.includes('filename')) return 'loki-filename';
    if (name.includes('c2')) return 'loki-c2';
    if (/^\s*(\d{1,3}\.){3}\d{1,3}\s*$/m.test(text)) return 'ip-list';
  }
  return null;
}

/** Every importable file under `p` (a file or folder), with the ones of unknown format as issues. */
export async function classifyIntel(p: string): Promise<{ files: IntelFile[]; issues: IntelIssue[] }> {
  const files: IntelFile[] = [];
  const issues: IntelIssue[] = [];
  const visit = async (current: string): Promise<void> => {
    let info;
    try {
      info = await stat(current);
    } catch (err) {
      issues.push({
        origin: current,
        line: null,
        message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`,
      });
      return;
    }
    if (info.isDirectory()) {
      let names: string[];
      try {
        names = (await readdir(current)).sort();
      } catch (err) {
        issues.push({
          origin: current,
          line: null,
          message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? err}`,
        });
        return;
      }
      for (const n of names) if (!n.startsWith('.')) await visit(path.join(current, n));
      return;
    }
    if (!info.isFile()) return;
    const format = await formatOf(current).catch(() => null);
    if (format) files.push({ path: current, format });
    else if (!/^(license|readme|notice|sources)/i.test(path.basename(current))) {
      issues.push({ origin: current, line: null, message: 'unknown intel format (skipped)' });
    }
  };
  await visit(p);
  return { files, issues };
}
