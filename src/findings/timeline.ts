/**
 * @module findings/timeline
 * The attacker's activity in time order: every finding that is not mere context, the first and
 * last of them, and the client addresses involved with their counts.
 */
import type { Finding, Severity } from './types.js';
import { ordinal } from './code-unit-order.js';

export interface TimelineEntry {
  time: string;
  rule: string;
  title: string;
  severity: Severity;
  outcome: Finding['outcome'];
  clientIp: string | null;
  source: string;
}

export interface AttackerIp {
  ip: string;
  count: number;
  first: string | null;
  last: string | null;
}

export interface Timeline {
  first: string | null;
  last: string | null;
  entries: TimelineEntry[];
  /** Entries beyond the cap (shown as a count; every finding is still in findings[]). */
  omitted: number;
  attackerIps: AttackerIp[];
}

const MAX_ENTRIES = 2000;

export function buildTimeline(findings: readonly Finding[]): Timeline {
  const active = findings.filter((f) => f.outcome !== 'context');
  const timed = active
    .filter((f): f is Finding & { time: string } => f.time !== null)
    .sort((a, b) => ordinal(a.time, b.time) || ordinal(a.rule, b.rule));
  const ips = new Map<string, AttackerIp>();
  for (const f of active) {
    const ip = f.facts.clientIp;
    if (!ip) continue;
    const a = ips.get(ip) ?? { ip, count: 0, first: null, last: null };
    a.count++;
    if (f.time && (a.first === null || f.time < a.first)) a.first = f.time;
    if (f.time && (a.last === null || f.time > a.last)) a.last = f.time;
    ips.set(ip, a);
  }
  return {
    first: timed[0]?.time ?? null,
    last: timed[timed.length - 1]?.time ?? null,
    entries: timed.slice(0, MAX_ENTRIES).map((f) => ({
      time: f.time,
      rule: f.rule,
      title: f.title,
      severity: f.severity,
      outcome: f.outcome,
      clientIp: f.facts.clientIp ?? null,
      source: f.source.line === null ? f.source.path : `${f.source.path}:${f.source.line}`,
    })),
    omitted: Math.max(0, timed.length - MAX_ENTRIES),
    attackerIps: [...ips.values()].sort((a, b) => b.count - a.count || ordinal(a.ip, b.ip)),
  };
}
