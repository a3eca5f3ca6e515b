/**
 * @module report/hunt-groups
 * Findings grouped by rule, most severe first, for the human-readable sinks (terminal, HTML):
 * a scanner that fired one rule ten thousand times is one group, not ten thousand lines.
 */
import type { Finding } from '../findings/index.js';
import type { HuntResult } from '../hunt/index.js';

export interface FindingGroup {
  rule: string;
  first: Finding;
  findings: Finding[];
  /** Hits of the rule over the whole run (also those beyond the kept findings). */
  count: number;
}

export function groupFindings(r: HuntResult): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of r.findings) {
    const g = groups.get(f.rule);
    if (g) g.findings.push(f);
    else groups.set(f.rule, { rule: f.rule, first: f, findings: [f], count: 0 });
  }
  for (const c of r.ruleCounts) {
    const g = groups.get(c.rule);
    if (g) g.count = c.count;
  }
  // r.findings is already sorted most severe first, so insertion order is the display order.
  return [...groups.values()];
}

/** One line about a finding's request: time, client, method, URL, status (whatever is known). */
export function requestLine(f: Finding): string {
  const parts = [f.time ?? '(no time)', f.facts.clientIp, f.facts.method, f.facts.url, f.facts.status];
  return parts.filter((p) => p !== undefined && p !== '').join('  ');
}

export function place(f: Finding): string {
  return f.source.line === null ? f.source.path : `${f.source.path}:${f.source.line}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
