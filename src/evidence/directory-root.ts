/**
 * @module evidence/directory-root
 * An evidence root over a directory. Read-only by construction (files are only ever opened with
 * flag `r`). Symbolic links are never followed: a link is counted as an issue that says where it
 * pointed (out of the root, back to an ancestor, elsewhere in the root, nowhere), so a link can
 * neither leak the walk out of the root nor loop it, and no file is walked twice.
 */
import path from 'node:path';
import type { Dirent } from 'node:fs';
import { describeFsError, NODE_FS, type FsOps } from './fs-ops.js';
import { fileHandleReader } from './file-reader.js';
import { safeRelative } from './safe-relative.js';
import type { EvidenceEntry, EvidenceIssue, EvidenceRoot, OpenResult, WalkOptions } from './types.js';
import { windowsView } from './windows-path.js';

/** Files stat'ed concurrently within one folder. */
const STAT_BATCH = 64;

export class DirectoryRoot implements EvidenceRoot {
  readonly kind = 'directory' as const;

  /** @param real the root's real path (links resolved), as `openEvidence` computed it. */
  constructor(
    readonly location: string,
    private readonly real: string,
    private readonly fs: FsOps = NODE_FS,
  ) {}

  async *walk(options: WalkOptions = {}): AsyncIterable<EvidenceEntry> {
    const report = options.onIssue ?? (() => {});
    // Depth-first with an explicit stack: no recursion limit on deep trees.
    const stack: string[] = [''];
    while (stack.length > 0) {
      const rel = stack.pop()!;
      let dirents: Dirent[];
      try {
        dirents = await this.fs.readdir(this.abs(rel));
      } catch (error) {
        report({
          path: rel || '.',
          kind: 'unreadable',
          message: `cannot list folder: ${describeFsError(error)}`,
        });
        continue;
      }
      dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: string[] = [];
      // Stat the files of a folder in parallel batches: a live system drive holds millions.
      const files: string[] = [];
      for (const d of dirents) {
        const childRel = rel ? `${rel}/${d.name}` : d.name;
        if (d.isDirectory()) subdirs.push(childRel);
        else if (d.isSymbolicLink()) report(await this.classifyLink(childRel));
        else if (d.isFile()) files.push(childRel);
        else
          report({
            path: childRel,
            kind: 'not-a-file',
            message: 'not a regular file (device, socket or FIFO)',
          });
      }
      for (let i = 0; i < files.length; i += STAT_BATCH) {
        const batch = await Promise.all(files.slice(i, i + STAT_BATCH).map((f) => this.statEntry(f, report)));
        for (const entry of batch) if (entry) yield entry;
      }
      // Reverse so that the sorted-first folder is walked first.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    }
  }

  async entry(relPath: string): Promise<EvidenceEntry | null> {
    const rel = safeRelative(relPath);
    if (rel === null) return null;
    try {
      const st = await this.fs.lstat(this.abs(rel));
      if (!st.isFile()) return null;
      return { path: rel, size: st.size, mtime: st.mtimeMs, windows: windowsView(rel) };
    } catch {
      return null;
    }
  }

  async open(relPath: string): Promise<OpenResult> {
    const rel = safeRelative(relPath);
    if (rel === null) {
      return { ok: false, issue: { path: relPath, kind: 'unsafe-name', message: 'path leaves the root' } };
    }
    const abs = this.abs(rel);
    try {
      // The walk never yields links, but a caller may name any path: check where it really is.
      const real = await this.fs.realpath(abs);
      if (!isInside(this.real, real)) {
        return {
          ok: false,
          issue: { path: rel, kind: 'link-outside-root', message: 'resolves outside the root' },
        };
      }
      const st = await this.fs.stat(real);
      if (!st.isFile()) {
        return { ok: false, issue: { path: rel, kind: 'not-a-file', message: 'not a regular file' } };
      }
      const handle = await this.fs.open(real);
      return { ok: true, reader: fileHandleReader(handle) };
    } catch (error) {
      return {
        ok: false,
        issue: { path: rel, kind: 'unreadable', message: `cannot open: ${describeFsError(error)}` },
      };
    }
  }

  async localPath(relPath: string): Promise<string | null> {
    const rel = safeRelative(relPath);
    if (rel === null) return null;
    try {
      const real = await this.fs.realpath(this.abs(rel));
      return isInside(this.real, real) && (await this.fs.stat(real)).isFile() ? real : null;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {}

  private abs(rel: string): string {
    return rel ? path.join(this.real, ...rel.split('/')) : this.real;
  }

  private async statEntry(rel: string, report: (i: EvidenceIssue) => void): Promise<EvidenceEntry | null> {
    try {
      const st = await this.fs.lstat(this.abs(rel));
      return { path: rel, size: st.size, mtime: st.mtimeMs, windows: windowsView(rel) };
    } catch (error) {
      report({ path: rel, kind: 'unreadable', message: `cannot stat: ${describeFsError(error)}` });
      return null;
    }
  }

  private async classifyLink(rel: string): Promise<EvidenceIssue> {
    let target: string;
    try {
      target = await this.fs.realpath(this.abs(rel));
    } catch (error) {
      const loop = (error as { code?: string } | null)?.code === 'ELOOP';
      return loop
        ? { path: rel, kind: 'link-loop', message: 'symbolic link loop: not followed' }
        : { path: rel, kind: 'broken-link', message: `symbolic link to nothing: ${describeFsError(error)}` };
    }
    if (!isInside(this.real, target)) {
      return {
        path: rel,
        kind: 'link-outside-root',
        message: 'symbolic link out of the evidence root: not followed',
      };
    }
    const targetRel = path.relative(this.real, target).split(path.sep).join('/');
    const linkAbs = this.abs(rel);
    if (isInside(target, linkAbs)) {
      return {
        path: rel,
        kind: 'link-loop',
        message: `symbolic link to its own ancestor "${targetRel || '.'}"`,
      };
    }
    return {
      path: rel,
      kind: 'link-inside-root',
      message: `symbolic link to "${targetRel}": not followed, that path is walked itself`,
    };
  }
}

/** Whether `child` is `parent` or below it (both absolute, resolved). */
export function isInside(parent: string, child: string): boolean {
  if (child === parent) return true;
  const withSep = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(withSep);
}
