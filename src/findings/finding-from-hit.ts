/**
 * @module findings/finding-from-hit
 * A Finding from a rule and one of its hits: the rule's identity and attribution travel with every
 * finding (DRL 1.1 asks for the author in every match), the hit supplies time, place and evidence.
 */
import type { LogRule, RuleHit } from '../detect/index.js';
import type { Finding, Severity } from './types.js';
import { ordinal } from './code-unit-order.js';

export function findingFromHit(rule: LogRule, hit: RuleHit): Finding {
  return {
    rule: rule.id,
    title: rule.title,
    severity: rule.severity,
    outcome: rule.outcome,
    category: rule.category,
    cves: [...rule.cves],
    attack: [...rule.attack],
    campaign: rule.campaign,
    time: hit.time === null ? null : new Date(hit.time).toISOString(),
    source: { path: hit.path, line: hit.line, kind: hit.kind },
    evidence: hit.evidence,
    facts: { ...hit.facts },
    author: rule.author,
    licence: rule.licence,
    references: [...rule.references],
  };
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Most severe first, then oldest first, then by place: the order every sink shows. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    ordinal(a.time ?? '9999', b.time ?? '9999') ||
    ordinal(a.source.path, b.source.path) ||
    (a.source.line ?? 0) - (b.source.line ?? 0) ||
    ordinal(a.rule, b.rule)
  );
}
