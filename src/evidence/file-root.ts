/**
 * @module evidence/file-root
 * An evidence root over one file (a responder points exhunt at a single log). The root holds
 * just that file, named by its base name, so locate classifies it by its name
 * (`HttpProxy_2021030301-1.LOG`, `u_ex210303.log` …).
 */
import path from 'node:path';
import { describeFsError, NODE_FS, type FsOps } from './fs-ops.js';
import { fileHandleReader } from './file-reader.js';
import type { EvidenceEntry, EvidenceRoot, OpenResult, WalkOptions } from './types.js';
import { windowsView } from './windows-path.js';

export class FileRoot implements EvidenceRoot {
  readonly kind = 'file' as const;
  private readonly name: string;

  constructor(
    readonly location: string,
    private readonly real: string,
    private readonly fs: FsOps = NODE_FS,
  ) {
    this.name = path.basename(real);
  }

  async *walk(options: WalkOptions = {}): AsyncIterable<EvidenceEntry> {
    const e = await this.entry(this.name);
    if (e) yield e;
    else options.onIssue?.({ path: this.name, kind: 'unreadable', message: 'cannot stat the file' });
  }

  async entry(relPath: string): Promise<EvidenceEntry | null> {
    if (relPath !== this.name) return null;
    try {
      const st = await this.fs.stat(this.real);
      return { path: this.name, size: st.size, mtime: st.mtimeMs, windows: windowsView(this.name) };
    } catch {
      return null;
    }
  }

  async open(relPath: string): Promise<OpenResult> {
    if (relPath !== this.name) {
      return {
        ok: false,
        issue: { path: relPath, kind: 'unreadable', message: 'no such file in this root' },
      };
    }
    try {
      return { ok: true, reader: fileHandleReader(await this.fs.open(this.real)) };
    } catch (error) {
      return {
        ok: false,
        issue: { path: relPath, kind: 'unreadable', message: `cannot open: ${describeFsError(error)}` },
      };
    }
  }

  async localPath(relPath: string): Promise<string | null> {
    return relPath === this.name ? this.real : null;
  }

  async close(): Promise<void> {}
}
