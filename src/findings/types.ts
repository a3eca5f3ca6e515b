/**
 * @module findings/types
 * Finding, Coverage and Verdict: what every hunt (logs, files, events) produces and every report
 * sink consumes. Keys follow DESIGN.md's output contract.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export type Verdict = 'compromised' | 'suspicious' | 'no-evidence' | 'insufficient-evidence';

export interface Finding {
  /** Rule id, e.g. "proxylogon-ssrf-serverinfo". */
  rule: string;
  title: string;
  severity: Severity;
  /** What the hit means for the verdict: compromise, attempt, or context only. */
  outcome: 'compromise' | 'attempt' | 'context';
  /** Rule category: exploitation, exploitation-attempt, web-shell, reconnaissance … */
  category: string;
  cves: string[];
  /** ATT&CK technique id(s), e.g. ["T1190"]. */
  attack: string[];
  /** Campaign id from knowledge ("proxylogon", "proxyshell", …) or null. */
  campaign: string | null;
  /** ISO 8601 time of the evidence, or null. */
  time: string | null;
  source: {
    /** Relative to the evidence root, forward slashes. */
    path: string;
    line: number | null;
    /** Log family or "file" / "event". */
    kind: string;
  };
  /** The evidence itself (log line, matched string); hostile text, sinks escape it. */
  evidence: string;
  /** Salient extracted facts (client IP, URL, user agent, file hash …). */
  facts: Record<string, string>;
  /** Rule author and licence, kept in every finding (DRL 1.1 requires it for third-party rules). */
  author: string;
  licence: string;
  references: string[];
}

export interface Coverage {
  /** Log source, e.g. "HttpProxy/Owa", "ECP/Server", "IIS/W3SVC1", "evtx/Security". */
  source: string;
  files: number;
  /** ISO 8601 of the first and last record seen, or null. */
  first: string | null;
  last: string | null;
  records: number;
  issues: number;
  bytes: number;
  /** Stretches of more than a day inside [first, last] with no file covering them. */
  gaps: { from: string; to: string }[];
}
