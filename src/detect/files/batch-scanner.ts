/**
 * @module detect/files/batch-scanner
 * Scans a batch of files with one open evidence root and one compiled rule set: the unit of work
 * a worker thread (or the calling thread, with `workers: 0`) runs.
 */
import path from 'node:path';
import type { EvidenceRoot } from '../../evidence/index.js';
import { variablesFor, type CompiledRules } from '../yara/index.js';
import { readAndScan, type ReadLimits } from './read-and-scan.js';
import type { FileJob, ScannedFile } from './types.js';

export class BatchScanner {
  private readonly scratch = Buffer.allocUnsafe(4 * 1024 * 1024);
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
    for (const job of jobs) {
      out.push(await readAndScan(this.root, job, this.limits, this.byPath ? null : this.yara, this.scratch));
    }
    if (this.byPath && this.yara) {
      const eligible = jobs.filter((j, i) => !out[i]!.error && j.size <= this.limits.maxScanBytes);
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
