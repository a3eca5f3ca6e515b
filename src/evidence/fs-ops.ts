/**
 * @module evidence/fs-ops
 * The few file-system calls a directory root makes, behind an interface so tests can simulate
 * what root cannot (an unreadable folder: the test suite runs as uid 0, where chmod 000 does
 * not stop a read).
 */
import type { Dirent, Stats } from 'node:fs';
import { promises as fsp } from 'node:fs';

export interface FsOps {
  readdir(path: string): Promise<Dirent[]>;
  lstat(path: string): Promise<Stats>;
  stat(path: string): Promise<Stats>;
  realpath(path: string): Promise<string>;
  /** Open read-only. */
  open(path: string): Promise<fsp.FileHandle>;
}

export const NODE_FS: FsOps = {
  readdir: (p) => fsp.readdir(p, { withFileTypes: true }),
  lstat: (p) => fsp.lstat(p),
  stat: (p) => fsp.stat(p),
  realpath: (p) => fsp.realpath(p),
  open: (p) => fsp.open(p, 'r'),
};

/** One-line reason for an errno-style error, without a stack. */
export function describeFsError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    const known: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ENOENT: 'no such file or directory',
      ELOOP: 'too many levels of symbolic links',
      EIO: 'input/output error',
      ENOTDIR: 'not a directory',
    };
    return known[code] ?? code;
  }
  return error instanceof Error ? error.message : String(error);
}
