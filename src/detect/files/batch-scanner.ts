/**
 * @module detect/files/batch-scanner
 * Scans a batch of files with one open evidence root and one compiled rule set: the unit of work
 * a worker thread (or the calling thread, with `workers: 0`) runs. The next file is read while the
 * current one is hashed and scanned, so the thread does not sit idle waiting for I/O.
 */
import path from 'node:path';
import type { EvidenceRoot } from '../../evidence/index.js';
import { variablesFor, type CompiledRules } from '../yara/index.js';
import { digestFile, loadFile, type Loaded, type ReadLimits } from './read-and-scan.js';
import type { FileJob, ScannedFile } from './types.js';

export class BatchScanner {
  /** Two scratch buffers: a streamed load may run while the previous one is being digested. */
  private readonly scratch = [Buffer.allocUnsafe(4 * 1024 * 1024), Buffer.allocUnsafe(4 * 1024 * 1024)];
  /** The CLI backend reads files itself: give it paths in one batch instead of buffers. */
  private readonly byPath: boolean;

  constructor(
    private readonly root: EvidenceRoot,
    private readonly limits: ReadLimits,
    private readonly yara: CompiledRules | null,
  ) {
    this.byPath = yara?.backend === 'cli' && root.kind === 'directory';
  }

  async scan(jobs: readonly FileJob[]): Promise<ScannedFile[]> {
    const out: ScannedFile[] = [];
    const load = (i: number): Promise<Loaded> | null =>
      i < jobs.length ? loadFile(this.root, jobs[i]!, this.limits, this.scratch[i % 2]!) : null;
    let next = load(0);
    for (let i = 0; i < jobs.length; i++) {
      const loaded = await next!;
      next = load(i + 1);
      out.push(await digestFile(loaded, this.byPath ? null : this.yara, this.limits.hashes));
    }
    if (this.byPath && this.yara) {
      const eligible = jobs.filter(
        (j, i) => !out[i]!.error && j.size <= this.limits.maxScanBytes && j.size <= this.limits.maxHashBytes,
      );
      const abs = (j: FileJob) => path.join(this.root.location, ...j.path.split('/'));
      const hits = await this.yara.scanFiles(
        eligible.map((j) => ({ path: abs(j), vars: variablesFor(j.windowsPath.replace(/\\/g, '/')) })),
      );
      for (const [i, j] of jobs.entries()) {
        if (!eligible.includes(j)) continue;
        out[i]!.yara = hits.get(abs(j)) ?? [];
        out[i]!.contentScanned = true;
      }
    }
    return out;
  }
}
