/**
 * @module evidence/open-evidence
 * `openEvidence(path)`: a directory, a .zip or a single file becomes an EvidenceRoot. Cheap and reentrant: a
 * worker thread calls it again with the same path and addresses entries by relative path.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { DirectoryRoot } from './directory-root.js';
import { EvidenceError } from './evidence-error.js';
import { describeFsError, NODE_FS, type FsOps } from './fs-ops.js';
import type { EvidenceRoot } from './types.js';
import { ZipRoot } from './zip-root.js';
import { FileRoot } from './file-root.js';

export interface OpenEvidenceOptions {
  /** File-system calls for a directory root (tests inject failures through this). */
  fs?: FsOps;
}

/**
 * Open an evidence root read-only. Throws `EvidenceError` only when the root itself cannot be
 * opened (the run cannot start); problems below the root are counted issues.
 * @example const root = await openEvidence('/cases/ex01/triage.zip');
 */
export async function openEvidence(
  location: string,
  options: OpenEvidenceOptions = {},
): Promise<EvidenceRoot> {
  const fs = options.fs ?? NODE_FS;
  const abs = path.resolve(location);
  let real: string;
  try {
    real = await fs.realpath(abs);
  } catch (error) {
    const code = (error as { code?: string } | null)?.code === 'ENOENT' ? 'not-found' : 'unreadable';
    throw new EvidenceError(code, `cannot open evidence root ${abs}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
  const st = await fs.stat(real).catch((error: unknown) => {
    throw new EvidenceError('unreadable', `cannot open evidence root ${abs}: ${describeFsError(error)}`);
  });
  if (st.isDirectory()) return new DirectoryRoot(abs, real, fs);
  if (st.isFile()) return (await looksLikeZip(real)) ? ZipRoot.open(real) : new FileRoot(abs, real, fs);
  throw new EvidenceError('not-supported', `evidence root ${abs} is not a folder, a .zip or a file`);
}

async function looksLikeZip(file: string): Promise<boolean> {
  const handle = await fsp.open(file, 'r').catch(() => null);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    // Local file header, or the end record of an empty archive.
    return bytesRead === 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5);
  } finally {
    await handle.close();
  }
}
