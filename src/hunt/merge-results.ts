/**
 * @module hunt/merge-results
 * Folds per-file task results into run totals on the main thread: coverage, counted issues,
 * kept hits (capped per rule so a scanner hammering one URL cannot exhaust memory), per-rule
 * counts and build history.
 */
import type { RuleHit } from '../detect/index.js';
import { noteBuild, type BuildHistory, type FileCoverageLike } from '../findings/index.js';
import type { IssueSample } from './types.js';
import type { RuleStat, TaskResult } from './scan-task.js';

/** Findings kept per rule over the whole run; every hit is still counted. */
export const MAX_FINDINGS_PER_RULE = 1000;
const MAX_ISSUE_SAMPLES = 200;

export class RunTotals {
  readonly coverage: FileCoverageLike[] = [];
  readonly hits: RuleHit[] = [];
  readonly stats: Record<string, RuleStat & { kept: number }> = {};
  readonly issueKinds: Record<string, number> = {};
  readonly issueSamples: IssueSample[] = [];
  readonly builds: BuildHistory = {};
  files = 0;
  bytes = 0;

  add(r: TaskResult): void {
    this.files++;
    this.bytes += r.coverage.bytes;
    this.coverage.push(r.coverage);
    for (const [k, n] of Object.entries(r.issueKinds)) this.issueKinds[k] = (this.issueKinds[k] ?? 0) + n;
    for (const i of r.issues) if (this.issueSamples.length < MAX_ISSUE_SAMPLES) this.issueSamples.push(i);
    for (const [rule, s] of Object.entries(r.stats)) this.addStat(rule, s);
    for (const h of r.hits) this.keep(h);
    for (const b of r.builds) {
      if (b.first !== null) noteBuild(this.builds, b.build, b.first, b.lastLine - b.firstLine + 1);
      if (b.last !== null) noteBuild(this.builds, b.build, b.last, 0);
    }
  }

  /** Count a problem found outside the files (evidence walk, rules). */
  issue(sample: IssueSample): void {
    this.issueKinds[sample.kind] = (this.issueKinds[sample.kind] ?? 0) + 1;
    if (this.issueSamples.length < MAX_ISSUE_SAMPLES) this.issueSamples.push(sample);
  }

  /** Hits of aggregate rules, decided after all files: counted here as they were not in stats. */
  addAggregateHits(hits: readonly RuleHit[]): void {
    for (const h of hits) {
      this.addStat(h.rule, { count: 1, first: h.time, last: h.time });
      this.keep(h);
    }
  }

  private addStat(rule: string, s: RuleStat): void {
    const t = (this.stats[rule] ??= { count: 0, first: null, last: null, kept: 0 });
    t.count += s.count;
    if (s.first !== null && (t.first === null || s.first < t.first)) t.first = s.first;
    if (s.last !== null && (t.last === null || s.last > t.last)) t.last = s.last;
  }

  private keep(h: RuleHit): void {
    const t = (this.stats[h.rule] ??= { count: 0, first: null, last: null, kept: 0 });
    if (t.kept >= MAX_FINDINGS_PER_RULE) return;
    t.kept++;
    this.hits.push(h);
  }
}
