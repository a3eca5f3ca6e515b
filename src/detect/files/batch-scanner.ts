/**
 * @module detect/files/batch-scanner
 * Scans a batch of files with one open evidence root and one compiled rule set: the unit of work
 * a worker thread (or the calling thread, with `workers: 0`) runs. The next file is read while the
 * current one is hashed and scanned, so the thread does not sit idle waiting for I/O.
 */
import path from 'node:path';
import type { EvidenceRoot } from '../../evidence/index.js';
import { variablesFor, type CompiledRules } from '../yara/index.js';
import { LocalFiles } from './local-read.js';
import {
  digestFile,
  loadFile,
  loadLocal,
  readsWhole,
  type Loaded,
  type ReadLimits,
} from './read-and-scan.js';
import type { FileJob, ScannedFile } from './types.js';

const PREFETCH_FILES = 8;
/**
 * With YARA-X on a directory root, files above this are hashed while streaming and YARA-X reads
 * them itself (memory-mapped) instead of from one big buffer: less memory and no extra copy.
 */
const STREAM_ABOVE = 16 * 1024 * 1024;
const PREFETCH_BYTES = 64 * 1024 * 1024;
/** The reused whole-file buffer is always kept up to this size. */
const KEEP_WHOLE = 64 * 1024 * 1024;

export class BatchScanner {
  /** Two scratch buffers: a streamed load may run while the previous one is being digested. */
  private readonly scratch = [Buffer.allocUnsafe(4 * 1024 * 1024), Buffer.allocUnsafe(4 * 1024 * 1024)];
  /** The CLI backend reads files itself: give it paths in one batch instead of buffers. */
  private readonly byPath: boolean;

  constructor(
    private readonly root: EvidenceRoot,
    private limits: ReadLimits,
    private readonly yara: CompiledRules | null,
  ) {
    this.byPath = yara?.backend === 'cli' && root.kind === 'directory';
    this.local = root.kind === 'directory' ? LocalFiles.forRoot(root.location) : null;
    this.largeByPath = !this.local && yara?.backend === 'yara-x' && root.kind === 'directory';
    if (this.largeByPath) this.limits = { ...limits, streamAbove: STREAM_ABOVE };
  }

  /** Synchronous reads on a local directory root (see local-read.ts); null elsewhere. */
  private readonly local: LocalFiles | null;
  /** One buffer for every whole-read file of this thread, grown to the largest one read. */
  private whole = Buffer.allocUnsafe(1024 * 1024);
  private readonly wholeOf = (size: number): Buffer => {
    if (this.whole.length < size)
      this.whole = Buffer.allocUnsafe(Math.max(size, Math.min(this.whole.length * 2, KEEP_WHOLE)));
    return this.whole;
  };

  /** Large files that YARA-X scans by path after they were hashed while streaming. */
  private readonly largeByPath: boolean;

  private abs(j: FileJob): string {
    return path.join(this.root.location, ...j.path.split('/'));
  }

  async scan(jobs: readonly FileJob[]): Promise<ScannedFile[]> {
    this.ruledOut.clear();
    const out = this.local ? await this.scanLocal(this.local, jobs) : await this.scanAsync(jobs);
    if (this.byPath && this.yara) await this.scanByPath(jobs, out);
    return out;
  }

  /**
   * Files of the current batch that the rules' no-match filter ruled out while their bytes were
   * in memory (by-path backends only): the CLI is not given them.
   */
  private readonly ruledOut = new Set<FileJob>();

  private noteRuledOut(loaded: Loaded): void {
    if (this.byPath && loaded.kind === 'whole' && this.yara?.ruledOut?.(loaded.content))
      this.ruledOut.add(loaded.job);
  }

  /**
   * One file at a time, read with blocking calls: on a local disk the page cache or the
   * device's queue does the read-ahead, and a worker per core keeps the cores busy. YARA-X
   * scans the same buffer the hashes read, large files included: its `scanFile` reads the whole
   * file again (0.6-1.3 s per 200 MB file here) even when no rule can match a file that size,
   * which it then skips in memory in no time.
   */
  private async scanLocal(local: LocalFiles, jobs: readonly FileJob[]): Promise<ScannedFile[]> {
    const out: ScannedFile[] = [];
    const yara = this.byPath ? null : this.yara;
    // Batches come largest first: once a batch needs much less than the buffer holds, drop it
    // rather than keep a 200 MB buffer for the rest of the run (and reallocate it per file
    // before that: a fresh buffer costs a page fault per 4 KiB).
    const largest = jobs.reduce((m, j) => (readsWhole(j.size, this.limits) ? Math.max(m, j.size) : m), 0);
    if (this.whole.length > Math.max(KEEP_WHOLE, 2 * largest)) this.whole = Buffer.allocUnsafe(largest);
    for (const job of jobs) {
      const loaded = loadLocal(local, job, this.limits, this.wholeOf, this.scratch[0]!);
      this.noteRuledOut(loaded);
      out.push(await digestFile(loaded, yara, this.limits.hashes));
    }
    return out;
  }

  private async scanAsync(jobs: readonly FileJob[]): Promise<ScannedFile[]> {
    const out: ScannedFile[] = [];
    // Opening a file costs several thread-pool round trips (realpath, stat, open, close); keep a
    // few loads in flight so that latency overlaps with hashing and YARA. Bounded by count and
    // by bytes held in memory.
    const inFlight: Promise<Loaded>[] = [];
    let started = 0;
    let bytesAhead = 0;
    const fill = () => {
      while (
        started < jobs.length &&
        (inFlight.length === 0 ||
          (inFlight.length < PREFETCH_FILES && bytesAhead + jobs[started]!.size <= PREFETCH_BYTES))
      ) {
        const job = jobs[started]!;
        // Streamed (over-limit) loads share the scratch buffer: never two at once.
        if (!readsWhole(job.size, this.limits) && inFlight.length > 0) break;
        bytesAhead += readsWhole(job.size, this.limits) ? job.size : 0;
        inFlight.push(loadFile(this.root, job, this.limits, this.scratch[started % 2]!));
        started++;
      }
    };
    for (let i = 0; i < jobs.length; i++) {
      fill();
      const loaded = await inFlight.shift()!;
      bytesAhead -= readsWhole(jobs[i]!.size, this.limits) ? jobs[i]!.size : 0;
      fill();
      this.noteRuledOut(loaded);
      const result = await digestFile(loaded, this.byPath ? null : this.yara, this.limits.hashes);
      const job = jobs[i]!;
      if (
        this.largeByPath &&
        this.yara &&
        !result.error &&
        !readsWhole(job.size, this.limits) &&
        job.size <= this.limits.maxScanBytes &&
        job.size <= this.limits.maxHashBytes
      ) {
        // The evidence walk never yields a path through a link, and root.open just checked this one.
        try {
          result.yara = await this.yara.scanFile(
            this.abs(job),
            variablesFor(job.windowsPath.replace(/\\/g, '/'), result.fileType),
          );
          result.contentScanned = true;
        } catch (err) {
          result.yaraError = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
        }
      }
      out.push(result);
    }
    return out;
  }

  /** The CLI backend reads the files itself: one process for the whole batch. */
  private async scanByPath(jobs: readonly FileJob[], out: ScannedFile[]): Promise<void> {
    if (!this.yara) return;
    const eligible = jobs.filter(
      (j, i) => !out[i]!.error && j.size <= this.limits.maxScanBytes && j.size <= this.limits.maxHashBytes,
    );
    // Checked, with no rule able to match: scanned as far as the verdict goes.
    const isEligible = new Set(eligible);
    for (const [i, j] of jobs.entries()) {
      if (!this.ruledOut.has(j) || !isEligible.has(j)) continue;
      out[i]!.yara = [];
      out[i]!.contentScanned = true;
    }
    const abs = (j: FileJob) => this.abs(j);
    const toScan = eligible.filter((j) => !this.ruledOut.has(j));
    const hits = await this.yara.scanFiles(
      toScan.map((j) => ({ path: abs(j), vars: variablesFor(j.windowsPath.replace(/\\/g, '/')) })),
    );
    const scanned = new Set(toScan);
    for (const [i, j] of jobs.entries()) {
      if (!scanned.has(j)) continue;
      out[i]!.yara = hits.get(abs(j)) ?? [];
      out[i]!.contentScanned = true;
    }
  }
}
