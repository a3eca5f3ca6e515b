/**
 * @module hunt/hunt
 * `hunt(root)`: open the evidence read-only, locate the logs, scan them on worker threads with
 * every rule in one pass, run detect's file hunt over the web roots (linking web shells to the
 * requests that reached them), then decide the verdict from findings, coverage and exposure
 * windows.
 * A bad file is a counted issue; only an evidence root that cannot be opened at all rejects.
 */
import { availableParallelism } from 'node:os';
import {
  locate,
  openEvidence,
  ordinal,
  windowsView,
  type EvidenceRoot,
  type Located,
} from '../evidence/index.js';
import {
  emptyAggregate,
  linkFindings,
  loadLogRules,
  mergeAggregate,
  prepareFileScan,
  rareHits,
  RuleSet,
  scanFiles,
  type FileFinding,
  type FileScanOptions,
  type FileScanPrep,
  type LogRule,
} from '../detect/index.js';
import {
  buildSightings,
  buildTimeline,
  compareFindings,
  decideVerdict,
  exposureWindows,
  findingFromHit,
  summarizeCoverage,
  type Coverage,
  type Finding,
} from '../findings/index.js';
import { campaigns, campaignStatuses, preloadKnowledge, tryAssessBuild } from '../knowledge/index.js';
import { planTasks } from './plan-tasks.js';
import { runTaskSafely, type TimeFilter } from './scan-task.js';
import { runOnWorkers, startWorkers, type StartedWorkers } from './worker-pool.js';
import { RunTotals } from './merge-results.js';
import type { HuntOptions, HuntResult, RuleCount } from './types.js';

/** Below this much log data, starting workers costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 32 * 1024 * 1024;

/** Campaign statuses of a build, or null when knowledge cannot assess it. */
export function campaignStatusOf(build: string): ReturnType<typeof campaignStatuses> | null {
  const r = tryAssessBuild(build);
  return r.ok ? campaignStatuses(r.assessment) : null;
}

const toMs = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

export async function hunt(rootPath: string, options: HuntOptions = {}): Promise<HuntResult> {
  const started = performance.now();
  const root = await openEvidence(rootPath);
  const totals = new RunTotals();
  const filter: TimeFilter = { since: toMs(options.since), until: toMs(options.until) };
  let early: StartedWorkers | null = null;
  try {
    const found = await locate(root);
    for (const i of found.issues)
      totals.issue({ path: i.path, line: null, kind: i.kind, message: i.message });
    const tasks = planTasks(found);
    const bytesTotal = tasks.reduce((n, t) => n + t.bytes, 0);
    const threads = Math.max(
      1,
      options.threads ?? (bytesTotal >= WORKER_THRESHOLD_BYTES ? availableParallelism() : 1),
    );
    // Workers start before the rules load, so their start-up (module loading) overlaps it.
    if (threads > 1 && tasks.length > 1)
      early = startWorkers(Math.min(threads, tasks.length) - 1, { root: root.location, filter });
    const loaded = options.rulesDir ? loadLogRules(options.rulesDir) : loadLogRules();
    for (const i of loaded.issues)
      totals.issue({
        path: `rules/${i.file}`,
        line: null,
        kind: 'bad-rule',
        message: `${i.rule ?? ''} ${i.message}`.trim(),
      });
    const set = new RuleSet(loaded.rules);
    // The file hunt's rules, indicators and YARA backend load while the logs are scanned (this
    // thread does its share between log files).
    const fileOptions = fileScanOptions(options);
    const filePrep = options.files === false ? null : settle(prepareFileScan(fileOptions));
    const aggregate = emptyAggregate();
    let bytesDone = 0;
    // Each build's exposure is assessed as soon as a file shows it (between files, while the other
    // threads scan), not at the end, when this thread alone works (~10 ms for the first build).
    const statuses = new Map<string, ReturnType<typeof campaignStatusOf>>();
    const statusOf = (build: string): ReturnType<typeof campaignStatusOf> => {
      if (!statuses.has(build)) statuses.set(build, campaignStatusOf(build));
      return statuses.get(build)!;
    };
    const onResult = (r: Parameters<RunTotals['add']>[0]): void => {
      totals.add(r);
      for (const span of r.builds) statusOf(span.build);
      bytesDone += r.coverage.bytes;
      options.onProgress?.({ filesDone: totals.files, filesTotal: tasks.length, bytesDone, bytesTotal });
    };
    if (early) {
      const workers = early;
      early = null;
      // The verdict's build knowledge now, while the workers start, rather than after the scan.
      preloadKnowledge();
      await runOnWorkers(
        tasks,
        workers,
        loaded.rules,
        { root, set, filter },
        {
          onResult,
          onAggregate: (a) => mergeAggregate(aggregate, a, set.maxDistinct),
        },
      );
    } else {
      for (const t of tasks) onResult(await runTaskSafely(root, set, t, filter));
      mergeAggregate(aggregate, set.aggregate, set.maxDistinct);
    }
    totals.addAggregateHits(rareHits(aggregate, set.maxDistinct));
    const files = filePrep === null ? null : await huntFiles(root, found, fileOptions, filePrep, totals);
    return finish(
      rootPath,
      set,
      totals,
      files,
      options,
      performance.now() - started,
      threads > 1 && tasks.length > 1 ? threads : 1,
      statusOf,
    );
  } finally {
    await early?.stop();
    await root.close();
  }
}

interface FileHunt {
  findings: FileFinding[];
  coverage: Coverage[];
  stats: NonNullable<HuntResult['fileScan']>;
}

/** The file hunt's options: one worker per core unless --threads says otherwise. */
function fileScanOptions(options: HuntOptions): FileScanOptions {
  // Little log data does not mean few files: the file hunt sizes its own pool.
  const workers = options.threads === undefined ? {} : { workers: options.threads > 1 ? options.threads : 0 };
  return { ...options.fileScan, ...workers };
}

/** A promise that never rejects unhandled while nobody awaits it yet (the log scan runs first). */
function settle<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/** detect's file hunt over the located web roots, ProgramData and temp folders; a failure is counted. */
async function huntFiles(
  root: EvidenceRoot,
  found: Located,
  fileOptions: FileScanOptions,
  prepared: Promise<FileScanPrep>,
  totals: RunTotals,
): Promise<FileHunt | null> {
  try {
    const r = await scanFiles(root, found, fileOptions, prepared);
    for (const i of r.issues)
      totals.issue({ path: i.path, line: null, kind: `files:${i.kind}`, message: i.message });
    return {
      findings: r.findings,
      coverage: r.coverage,
      stats: {
        files: r.stats.files,
        bytes: r.stats.bytes,
        yaraBackend: r.stats.yaraBackend,
        yaraRules: r.stats.yaraRulesLoaded,
        elapsedMs: r.stats.elapsedMs,
      },
    };
  } catch (err) {
    const message = `file hunt failed: ${(err as Error).message.split('\n')[0]}`;
    totals.issue({ path: root.location, line: null, kind: 'files:failed', message });
    return null;
  }
}

/**
 * With `--since`/`--until` only records in that range were hunted, so the coverage the verdict
 * weighs is cut to it: logs reaching back to December do not make a hunt since March 10 "clean"
 * over an exposure window that began in January. A source with nothing in the range keeps its
 * counts but no first/last time.
 */
function clampCoverage(coverage: Coverage[], since?: string | null, until?: string | null): Coverage[] {
  const lo = since ? toMs(since) : null;
  const hi = until ? toMs(until) : null;
  if (lo === null && hi === null) return coverage;
  return coverage.map((c) => {
    let first = toMs(c.first);
    let last = toMs(c.last);
    if (first === null || last === null) return c;
    if (lo !== null && first < lo) first = lo;
    // `until` is exclusive: the last instant hunted is just before it.
    if (hi !== null && last >= hi) last = hi - 1;
    if (first > last) return { ...c, first: null, last: null, gaps: [] };
    const iso = (t: number): string => new Date(t).toISOString();
    const gaps = c.gaps
      .map((g) => ({ from: Math.max(toMs(g.from) ?? first, first), to: Math.min(toMs(g.to) ?? last, last) }))
      .filter((g) => g.from < g.to)
      .map((g) => ({ from: iso(g.from), to: iso(g.to) }));
    return { ...c, first: iso(first), last: iso(last), gaps };
  });
}

function finish(
  rootPath: string,
  set: RuleSet,
  totals: RunTotals,
  files: FileHunt | null,
  options: HuntOptions,
  durationMs: number,
  threads: number,
  statusOf: typeof campaignStatusOf,
): HuntResult {
  const findings: Finding[] = [];
  for (const h of totals.hits) {
    const rule = set.rule(h.rule) as LogRule;
    findings.push(findingFromHit(rule, h));
  }
  if (files) {
    // A planted page that was also requested is a web shell in use: both sides are linked.
    linkFindings(files.findings, findings, (p) => windowsView(p).key);
    findings.push(...files.findings.map((f): Finding => ({ ...f })));
  }
  findings.sort(compareFindings);
  const logCoverage = clampCoverage(summarizeCoverage(totals.coverage), options.since, options.until);
  const coverage = [...logCoverage, ...(files?.coverage ?? [])];
  const sightings = buildSightings(totals.builds);
  const exposure = exposureWindows({
    campaigns: campaigns(),
    statusOf,
    sightings,
    build: options.build ?? null,
    patchedOn: options.patchedOn ?? null,
  });
  const { verdict, reasons, uncovered } = decideVerdict({ findings, coverage, windows: exposure });
  const timeline = buildTimeline(findings);
  const ruleCounts: RuleCount[] = Object.entries(totals.stats)
    .map(([rule, s]) => ({
      rule,
      count: s.count,
      kept: s.kept,
      first: s.first === null ? null : new Date(s.first).toISOString(),
      last: s.last === null ? null : new Date(s.last).toISOString(),
    }))
    .sort((a, b) => b.count - a.count || ordinal(a.rule, b.rule));
  // Earliest attacker activity over every hit (also those beyond the kept findings) and every
  // non-context file finding (its modification time).
  let first: string | null = timeline.first;
  for (const c of ruleCounts) {
    if (set.rule(c.rule)?.outcome === 'context' || c.first === null) continue;
    if (first === null || c.first < first) first = c.first;
  }
  const total = Object.values(totals.issueKinds).reduce((a, b) => a + b, 0);
  return {
    root: rootPath,
    verdict,
    reasons,
    findings,
    ruleCounts,
    coverage,
    timeline,
    attackerIps: timeline.attackerIps,
    firstActivity: first,
    exposure,
    uncovered,
    builds: sightings,
    issues: { total, byKind: { ...totals.issueKinds }, samples: totals.issueSamples },
    filesScanned: totals.files,
    bytes: totals.bytes,
    fileScan: files?.stats ?? null,
    durationMs: Math.round(durationMs),
    threads,
    rules: set.rules.length,
  };
}
