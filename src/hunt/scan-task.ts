/**
 * @module hunt/scan-task
 * One file of a hunt: parse it with the rule set's prefilter, run every rule on each record, and
 * return only what the main thread needs (coverage, counted issues, capped hits, per-rule counts,
 * build spans). Runs the same in a worker thread and in-process. Never throws on bad data.
 */
import type { EvidenceRoot } from '../evidence/index.js';
import type { BuildSpan, LogKind, LogRecord } from '../parsers/index.js';
import { eventLogRecord, readEventsJsonReader, readEvtxReader, scanLogFile } from '../parsers/index.js';
import type { RuleHit, RuleSet } from '../detect/index.js';

export interface HuntTask {
  id: number;
  path: string;
  kind: LogKind | 'evtx' | 'events-json';
  subkind: string | null;
  bytes: number;
}

export interface TimeFilter {
  since: number | null;
  until: number | null;
}

export interface RuleStat {
  count: number;
  first: number | null;
  last: number | null;
}

export interface TaskIssue {
  path: string;
  line: number | null;
  kind: string;
  message: string;
}

export interface TaskResult {
  id: number;
  coverage: {
    path: string;
    kind: string;
    subkind: string | null;
    records: number;
    first: number | null;
    last: number | null;
    bytes: number;
    issues: number;
  };
  issues: TaskIssue[];
  issueKinds: Record<string, number>;
  hits: RuleHit[];
  stats: Record<string, RuleStat>;
  builds: BuildSpan[];
}

/** Hits kept per rule per file; the rest are counted in `stats`. */
export const MAX_HITS_PER_RULE_FILE = 200;

export async function runTask(
  root: EvidenceRoot,
  set: RuleSet,
  task: HuntTask,
  filter: TimeFilter,
): Promise<TaskResult> {
  const hits: RuleHit[] = [];
  const stats: Record<string, RuleStat> = {};
  const onRecord = (rec: LogRecord): void => {
    if (
      rec.time !== null &&
      ((filter.since !== null && rec.time < filter.since) ||
        (filter.until !== null && rec.time >= filter.until))
    ) {
      return;
    }
    for (const hit of set.match(rec)) {
      const s = (stats[hit.rule] ??= { count: 0, first: null, last: null });
      s.count++;
      if (hit.time !== null) {
        if (s.first === null || hit.time < s.first) s.first = hit.time;
        if (s.last === null || hit.time > s.last) s.last = hit.time;
      }
      if (s.count <= MAX_HITS_PER_RULE_FILE) hits.push(hit);
    }
  };
  if (task.kind === 'evtx' || task.kind === 'events-json')
    return runEvents(root, task, onRecord, hits, stats);
  const prefilter = set.prefilter(task.kind, task.subkind);
  const r = await scanLogFile(root, task.path, {
    kind: task.kind,
    subkind: task.subkind,
    ...(prefilter ? { prefilter } : {}),
    onRecord,
  });
  const issueKinds: Record<string, number> = {};
  for (const i of r.issues) issueKinds[i.kind] = (issueKinds[i.kind] ?? 0) + 1;
  // Issues beyond those kept are still counted, under the kind of the last kept one.
  const extra = r.coverage.issues - r.issues.length;
  if (extra > 0) issueKinds.damaged = (issueKinds.damaged ?? 0) + extra;
  return {
    id: task.id,
    coverage: { ...r.coverage, subkind: r.coverage.subkind ?? task.subkind },
    issues: r.issues.slice(0, 20),
    issueKinds,
    hits,
    stats,
    builds: r.builds,
  };
}

/** Event logs (EVTX, or JSON-lines exports) read through the evidence root, folder or zip alike. */
async function runEvents(
  root: EvidenceRoot,
  task: HuntTask,
  onRecord: (rec: LogRecord) => void,
  hits: RuleHit[],
  stats: Record<string, RuleStat>,
): Promise<TaskResult> {
  const coverage = {
    path: task.path,
    kind: 'event',
    subkind: task.subkind,
    records: 0,
    first: null as number | null,
    last: null as number | null,
    bytes: task.bytes,
    issues: 0,
  };
  const issues: TaskIssue[] = [];
  const issueKinds: Record<string, number> = {};
  const issue = (kind: string, message: string, line: number | null = null): void => {
    coverage.issues++;
    issueKinds[kind] = (issueKinds[kind] ?? 0) + 1;
    if (issues.length < 20) issues.push({ path: task.path, line, kind, message });
  };
  const opened = await root.open(task.path);
  if (!opened.ok) {
    issue('unreadable', opened.issue.message);
    return { id: task.id, coverage, issues, issueKinds, hits, stats, builds: [] };
  }
  const see = (rec: LogRecord): void => {
    coverage.records++;
    if (rec.time !== null) {
      if (coverage.first === null || rec.time < coverage.first) coverage.first = rec.time;
      if (coverage.last === null || rec.time > coverage.last) coverage.last = rec.time;
    }
    if (coverage.subkind === null && rec.subkind) coverage.subkind = rec.subkind;
    onRecord(rec);
  };
  if (task.kind === 'events-json') {
    for await (const r of readEventsJsonReader(opened.reader, task.path)) {
      if (r.ok) see(eventLogRecord(r.event, task.path, r.line));
      else issue(r.issue.kind, r.issue.message, r.issue.line);
    }
    return { id: task.id, coverage, issues, issueKinds, hits, stats, builds: [] };
  }
  const file = readEvtxReader(opened.reader);
  for await (const r of file) {
    if (!r.ok) {
      issue('damaged', 'EVTX record could not be decoded');
      continue;
    }
    see(eventLogRecord(r.record, task.path, r.record.recordId ?? null));
  }
  if (file.failure) issue('unreadable', file.failure);
  return { id: task.id, coverage, issues, issueKinds, hits, stats, builds: [] };
}

/** runTask, with a bug in a rule or parser turned into a counted issue for that file alone. */
export async function runTaskSafely(
  root: EvidenceRoot,
  set: RuleSet,
  task: HuntTask,
  filter: TimeFilter,
): Promise<TaskResult> {
  try {
    return await runTask(root, set, task, filter);
  } catch (err) {
    return failedTask(
      task,
      'internal-error',
      `exhunt could not scan this file: ${(err as Error).message.split('\n')[0]}`,
    );
  }
}

/** The result of a file that could not be scanned at all. */
export function failedTask(task: HuntTask, kind: string, message: string): TaskResult {
  return {
    id: task.id,
    coverage: {
      path: task.path,
      kind: task.kind === 'evtx' || task.kind === 'events-json' ? 'event' : task.kind,
      subkind: task.subkind,
      records: 0,
      first: null,
      last: null,
      bytes: task.bytes,
      issues: 1,
    },
    issues: [{ path: task.path, line: null, kind, message }],
    issueKinds: { [kind]: 1 },
    hits: [],
    stats: {},
    builds: [],
  };
}
