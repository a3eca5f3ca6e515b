/**
 * @module detect/files/scan-files
 * The file hunt: selects the files (relevant places, or the whole root with `full`), reads each
 * once in worker threads (MD5, SHA-1, SHA-256 while streaming; YARA over the same bytes),
 * applies the path, hash, artefact and configuration checks, and returns findings, coverage and
 * every counted issue. Files too large for YARA or for hashing are counted, never skipped silently.
 *
 * @example
 * const root = await openEvidence('/cases/ex01');
 * const { findings, coverage, issues } = await scanFiles(root, await locate(root), { intelDir });
 */
import { availableParallelism } from 'node:os';
import { ordinal, type EvidenceEntry, type EvidenceRoot, type Located } from '../../evidence/index.js';
import { defaultIntelDir, IndicatorIndex } from '../indicators/index.js';
import { engineByName, selectEngine, type BackendName } from '../yara/index.js';
import { BatchScanner } from './batch-scanner.js';
import { loadArchiveAllowlist } from './checks/programdata-archive.js';
import { loadWebPageCatalogue } from './checks/unknown-web-page.js';
import { configFindings } from './config-findings.js';
import { findingsForFile } from './file-findings.js';
import { loadCatalogue } from './rule-catalogue.js';
import { selectFiles, windowsPathOf } from './select-files.js';
import type {
  FileFinding,
  FileJob,
  FileScanIssue,
  FileScanOptions,
  FileScanResult,
  ScannedFile,
} from './types.js';
import { BatchQueue, ScanPool } from './worker-pool.js';

const MiB = 1024 * 1024;
const BATCH_FILES = 256;
const BATCH_BYTES = 16 * MiB;

/** All batches at once, for the scan in the calling thread (one thread: order does not matter). */
function batchesOf(input: FileJob[]): FileJob[][] {
  const out: FileJob[][] = [];
  const b = new Batcher((batch) => out.push(batch));
  for (const j of input) b.add(j);
  b.finish();
  return out;
}

/** Files from this size are held back until the walk ends, then sent first, largest first. */
const LARGE = BATCH_BYTES / 2;

/**
 * Cuts jobs into batches of at most BATCH_FILES files or about BATCH_BYTES. Small files leave
 * as soon as a batch is full, so the workers start while the walk goes on; large files wait
 * for the end of the walk and then go ahead of everything still queued, largest first
 * (`first`), so no core is left hashing a 200 MB file alone at the end.
 */
class Batcher {
  private cur: FileJob[] = [];
  private bytes = 0;
  private readonly large: FileJob[] = [];

  constructor(private readonly emit: (batch: FileJob[], first: boolean) => void) {}

  add(j: FileJob): void {
    if (j.size >= LARGE) {
      this.large.push(j);
      return;
    }
    this.cur.push(j);
    this.bytes += j.size;
    if (this.cur.length >= BATCH_FILES || this.bytes >= BATCH_BYTES) this.flush();
  }

  finish(): void {
    this.flush();
    // Pushed to the front one by one, smallest first, so the largest ends up first in line.
    const large = [...this.large].sort((a, b) => a.size - b.size);
    for (const j of large) this.emit([j], true);
  }

  private flush(): void {
    if (this.cur.length) this.emit(this.cur, false);
    this.cur = [];
    this.bytes = 0;
  }
}

const RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

/** Most severe first; within a severity, most recently modified first (fresh web shells on top). */
function order(a: FileFinding, b: FileFinding): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    ordinal(b.time ?? '', a.time ?? '') ||
    ordinal(a.source.path, b.source.path)
  );
}

/**
 * What the file hunt loads before it reads a file: the rule catalogue (YARA sources, indicator
 * lists, the user's packs), the indicator index and the YARA backend. Separate so that a caller
 * with other work first (the log hunt) can have it load meanwhile: it is tens of ms of reading
 * and parsing, and loading the YARA-X library.
 */
export interface FileScanPrep {
  catalogue: Awaited<ReturnType<typeof loadCatalogue>>;
  index: IndicatorIndex;
  /** The backend chosen, or null when there is no YARA source to run. */
  backend: BackendName | null;
  issues: FileScanIssue[];
}

export async function prepareFileScan(options: FileScanOptions = {}): Promise<FileScanPrep> {
  const issues: FileScanIssue[] = [];
  const catalogue = await loadCatalogue({
    builtin: options.builtin,
    rules: options.rules,
    // The user's imported packs are part of every hunt unless the caller says otherwise.
    intelDir: options.intelDir === undefined ? defaultIntelDir() : options.intelDir,
  });
  issues.push(...catalogue.issues);
  const index = new IndicatorIndex(catalogue.indicators);
  const chosen = catalogue.sources.length > 0 ? await selectEngine(options.yara) : null;
  if (chosen && !chosen.engine) {
    issues.push({
      path: '',
      kind: 'rule',
      message: `no YARA backend available: ${chosen.statuses.map((s) => `${s.backend}: ${s.detail}`).join('; ')}`,
    });
  }
  return { catalogue, index, backend: chosen?.engine ? chosen.engine.name : null, issues };
}

/**
 * @param prepared `prepareFileScan(options)` started earlier by the caller (same options), or
 *   nothing to have it done here.
 */
export async function scanFiles(
  root: EvidenceRoot,
  layout: Located,
  options: FileScanOptions = {},
  prepared?: Promise<FileScanPrep>,
): Promise<FileScanResult> {
  const t0 = Date.now();
  const maxScanBytes = options.maxScanBytes ?? 100 * MiB;
  const maxHashBytes = options.maxHashBytes ?? 4096 * MiB;
  const { catalogue, index, backend, issues: prepIssues } = await (prepared ?? prepareFileScan(options));
  const issues: FileScanIssue[] = [...prepIssues];

  const limits = { maxScanBytes, maxHashBytes, hashes: options.hashes };
  const workers = options.workers ?? Math.min(availableParallelism(), 8);
  // Started with the first file the walk finds: the workers compile the rules while the rest is
  // listed, and evidence with nothing to scan (a copy of the logs only) starts no worker at all.
  const startPool = (): ScanPool =>
    ScanPool.start(workers, {
      location: root.location,
      limits,
      backend,
      cli: options.yara?.cli,
      sources: backend ? catalogue.sources : [],
    });
  const ctx = {
    index,
    rules: catalogue.rules,
    webPages: loadWebPageCatalogue(),
    archiveAllow: loadArchiveAllowlist(),
  };
  const results = new Map<string, ScannedFile>();
  const byPath = new Map<string, EvidenceEntry>();
  const jobs: FileJob[] = [];
  // Findings of the files scanned so far, made while the workers scan the next batches (the
  // main thread is otherwise idle then).
  const early = new Map<string, FileFinding[]>();
  const onResults = (rs: ScannedFile[]) => {
    for (const r of rs) {
      results.set(r.path, r);
      const e = byPath.get(r.path);
      if (e) early.set(r.path, findingsForFile(e, windowsPathOf(e), r, ctx));
    }
  };
  let loaded = 0;
  let dropped = 0;
  const ruleIssue = (list: { origin: string; message: string }[]) => {
    dropped = list.length;
    for (const i of list) issues.push({ path: i.origin, kind: 'rule', message: i.message });
  };
  let entries: EvidenceEntry[];
  const queue = new BatchQueue();
  const batcher = new Batcher((b, first) => queue.push(b, first));
  let pool: ScanPool | null = null;
  type Report = { loaded: number; issues: { origin: string; message: string }[] };
  let running: Promise<Report> | null = null;
  const ensurePool = (): void => {
    if (pool !== null) return;
    pool = startPool();
    // A worker that dies (out of memory, an engine crash) costs the files it had not finished,
    // which are then reported one by one as not scanned; the rest of the run stands.
    running = pool.run(queue, onResults).catch((err: unknown) => {
      issues.push({
        path: '',
        kind: 'not-scanned',
        message: `file scan stopped early: ${String(err).split('\n')[0]}`,
      });
      return { loaded: 0, issues: [] };
    });
  };
  try {
    const selected = await selectFiles(root, layout, options.full ?? false, (e) => {
      const job = { path: e.path, size: e.size, mtime: e.mtime, windowsPath: windowsPathOf(e) };
      byPath.set(e.path, e);
      jobs.push(job);
      // With workers, batches leave while the walk goes on.
      if (workers > 0) {
        ensurePool();
        batcher.add(job);
      }
    });
    entries = selected.entries;
    for (const i of selected.issues) issues.push({ path: i.path, kind: 'evidence', message: i.message });
    if (jobs.length === 0) {
      // Nothing to scan: no rules compiled, no worker started (yaraRulesLoaded stays 0).
    } else if (workers === 0) {
      const rules = backend ? await engineByName(backend, options.yara).compile(catalogue.sources) : null;
      loaded = rules?.loaded ?? 0;
      ruleIssue([...(rules?.issues ?? [])]);
      try {
        const scanner = new BatchScanner(root, limits, rules);
        for (const b of batchesOf(jobs)) onResults(await scanner.scan(b));
      } finally {
        await rules?.close();
      }
    } else {
      batcher.finish();
      queue.close();
      // Assigned by ensurePool inside the walk's callback (invisible to narrowing).
      const report = await (running as Promise<Report> | null)!;
      loaded = report.loaded;
      ruleIssue(report.issues);
    }
  } finally {
    queue.close();
    await (pool as ScanPool | null)?.close();
  }

  const findings: FileFinding[] = [];
  const stats = {
    files: entries.length,
    bytes: 0,
    hashed: 0,
    contentScanned: 0,
    tooLargeForYara: 0,
    tooLargeToHash: 0,
    unreadable: 0,
    yaraBackend: backend,
    yaraRulesLoaded: loaded,
    yaraSourcesDropped: dropped,
    hashIndicators: index.hashCount,
    pathIndicators: index.pathCount,
    elapsedMs: 0,
    first: null as string | null,
    last: null as string | null,
  };
  let first = Infinity;
  let last = -Infinity;
  for (const job of jobs) {
    const e = byPath.get(job.path)!;
    const r = results.get(job.path) ?? null;
    stats.bytes += e.size;
    if (e.mtime !== null) {
      first = Math.min(first, e.mtime);
      last = Math.max(last, e.mtime);
    }
    if (!r) {
      issues.push({ path: e.path, kind: 'not-scanned', message: 'no result (the scan stopped early)' });
    } else if (r.error) {
      stats.unreadable++;
      issues.push({ path: e.path, kind: 'unreadable', message: r.error });
    } else {
      if (r.yaraError) issues.push({ path: e.path, kind: 'yara-error', message: r.yaraError });
      if (r.sha256 || r.md5 || r.sha1) stats.hashed++;
      if (r.contentScanned) stats.contentScanned++;
      if (e.size > maxHashBytes) {
        stats.tooLargeToHash++;
        issues.push({
          path: e.path,
          kind: 'too-large-to-hash',
          message: `${e.size} bytes > ${maxHashBytes}: path and type checks only`,
        });
      } else if (backend && e.size > maxScanBytes) {
        stats.tooLargeForYara++;
        issues.push({
          path: e.path,
          kind: 'too-large-for-yara',
          message: `${e.size} bytes > ${maxScanBytes}: hashed, not YARA-scanned`,
        });
      }
    }
    findings.push(...(early.get(job.path) ?? findingsForFile(e, job.windowsPath, r, ctx)));
  }
  const configs = await configFindings(
    root,
    entries.filter((e) => /\/(web|applicationhost)\.config$/.test(e.windows.key)),
  );
  findings.push(...configs.findings);
  issues.push(...configs.issues);

  stats.first = Number.isFinite(first) ? new Date(first).toISOString() : null;
  stats.last = Number.isFinite(last) ? new Date(last).toISOString() : null;
  stats.elapsedMs = Date.now() - t0;
  findings.sort(order);
  return {
    findings,
    stats,
    coverage: [
      {
        source: 'files',
        files: stats.files,
        first: stats.first,
        last: stats.last,
        records: stats.hashed,
        issues: issues.length,
        bytes: stats.bytes,
        gaps: [],
      },
    ],
    issues,
  };
}
