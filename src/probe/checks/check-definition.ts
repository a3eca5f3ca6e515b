/**
 * @module probe/checks/check-definition
 * The shape of a safe check (rules/probe/safe-checks.json) and its validation. The request type
 * admits only GET, and validation rejects anything else, so a rule file cannot turn the probe
 * into something that writes.
 */
import type { CveId } from '../../knowledge/index.js';
import type { CheckVerdict, ProbeRequest } from '../types.js';

export type Condition =
  | { header: string; contains: string }
  | { status: number[] }
  | { bodyContains: string }
  | { aborted: true }
  | { responded: true };

export interface VerdictRule {
  if: Condition;
  then: CheckVerdict;
  because: string;
}

export interface CheckDefinition {
  id: string;
  title: string;
  kind: 'vulnerability' | 'mitigation';
  cves: CveId[];
  request: ProbeRequest;
  /** Sent only when `request` was aborted: the abort counts only if this trigger-free twin is answered. */
  control?: ProbeRequest;
  /** Run only when an earlier check reached this verdict. */
  onlyIf?: { check: string; verdict: CheckVerdict };
  rules: VerdictRule[];
  references: string[];
}

const VERDICTS = new Set(['vulnerable', 'patched', 'mitigated', 'inconclusive']);

function validRequest(r: unknown): r is ProbeRequest {
  const q = r as ProbeRequest;
  return (
    !!q &&
    q.method === 'GET' &&
    typeof q.path === 'string' &&
    q.path.startsWith('/') &&
    !/[\s\x00-\x1f]/.test(q.path) &&
    (q.headers === undefined || Object.values(q.headers).every((v) => typeof v === 'string'))
  );
}

function validCondition(c: unknown): c is Condition {
  const o = c as Record<string, unknown>;
  if (!o || typeof o !== 'object') return false;
  if ('header' in o) return typeof o.header === 'string' && typeof o.contains === 'string';
  if ('status' in o) return Array.isArray(o.status) && o.status.every((n) => Number.isInteger(n));
  if ('bodyContains' in o) return typeof o.bodyContains === 'string';
  return o.aborted === true || o.responded === true;
}

/** Validates one parsed JSON check; returns the problems (empty = valid). */
export function checkProblems(c: unknown): string[] {
  const d = c as CheckDefinition;
  const p: string[] = [];
  if (!d || typeof d.id !== 'string' || d.id === '') return ['check without id'];
  if (!Array.isArray(d.cves) || d.cves.some((x) => typeof x !== 'string'))
    p.push(`${d.id}: cves must be strings`);
  if (d.kind !== 'vulnerability' && d.kind !== 'mitigation')
    p.push(`${d.id}: kind must be vulnerability|mitigation`);
  if (!validRequest(d.request)) p.push(`${d.id}: request must be a GET with an absolute path`);
  if (d.control !== undefined && !validRequest(d.control)) p.push(`${d.id}: control must be a GET`);
  if (!Array.isArray(d.rules) || d.rules.length === 0) p.push(`${d.id}: no rules`);
  for (const r of d.rules ?? []) {
    if (!validCondition(r.if) || !VERDICTS.has(r.then) || typeof r.because !== 'string') {
      p.push(`${d.id}: bad rule ${JSON.stringify(r).slice(0, 80)}`);
    }
  }
  return p;
}
