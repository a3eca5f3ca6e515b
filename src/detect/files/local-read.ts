/**
 * @module detect/files/local-read
 * The fast path of the file hunt on a directory root (Linux): each file is opened, checked and
 * read with plain synchronous system calls inside the worker thread. Profiles of the bench tree
 * (25,863 files) showed the promise-based open (realpath, stat, open, read, close, each a
 * round trip through libuv's thread pool) costing about as much CPU as hashing the small files;
 * the thread pool also competes with the two scan workers for the two cores.
 *
 * Same safety as `EvidenceRoot.open`, without its race: the file is opened first, then the
 * opened descriptor itself is checked — `/proc/self/fd/N` names the real file it refers to
 * (links resolved), which must lie inside the root, and fstat must say it is a regular file.
 * O_NONBLOCK keeps a FIFO planted under a listed name from blocking the open.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
} from 'node:fs';
import path from 'node:path';
import { describeFsError } from '../../evidence/index.js';

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOATIME ?? 0);

export type LocalOpen = { ok: true; fd: number; size: number } | { ok: false; error: string };

export class LocalFiles {
  private constructor(
    private readonly realRoot: string,
    private readonly location: string,
  ) {}

  /** Null where the fast path cannot check what it opened (no /proc), or the root is gone. */
  static forRoot(location: string): LocalFiles | null {
    if (process.platform !== 'linux' || !existsSync('/proc/self/fd')) return null;
    try {
      return new LocalFiles(realpathSync(location), location);
    } catch {
      return null;
    }
  }

  private abs(rel: string): string {
    return path.join(this.location, ...rel.split('/'));
  }

  open(rel: string): LocalOpen {
    let fd: number;
    try {
      fd = openSync(this.abs(rel), FLAGS);
    } catch (err) {
      // O_NOATIME is refused (EPERM) on files the caller does not own unless it is root.
      if ((err as { code?: string }).code === 'EPERM' && FLAGS & (constants.O_NOATIME ?? 0)) {
        try {
          fd = openSync(this.abs(rel), constants.O_RDONLY | constants.O_NONBLOCK);
        } catch (again) {
          return { ok: false, error: `cannot open: ${describeFsError(again)}` };
        }
      } else {
        return { ok: false, error: `cannot open: ${describeFsError(err)}` };
      }
    }
    try {
      const real = readlinkSync(`/proc/self/fd/${fd}`);
      if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep)) {
        closeSync(fd);
        return { ok: false, error: 'resolves outside the root' };
      }
      const st = fstatSync(fd);
      if (!st.isFile()) {
        closeSync(fd);
        return { ok: false, error: 'not a regular file' };
      }
      return { ok: true, fd, size: st.size };
    } catch (err) {
      closeSync(fd);
      return { ok: false, error: `cannot open: ${describeFsError(err)}` };
    }
  }

  /** Reads up to `length` bytes from `position` into `into` at `offset`; fewer only at end of file. */
  static readFully(fd: number, into: Buffer, offset: number, length: number, position: number): number {
    let total = 0;
    while (total < length) {
      const n = readSync(fd, into, offset + total, length - total, position + total);
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  static close(fd: number): void {
    try {
      closeSync(fd);
    } catch {
      // Closing a read-only descriptor cannot lose data; nothing to report.
    }
  }
}
