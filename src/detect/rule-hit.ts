/**
 * @module detect/rule-hit
 * What the engine reports for one matching record: small, plain data, so worker threads can send
 * it back to the main thread. Findings are built from hits by findings/.
 */
import type { LogRecord } from '../parsers/index.js';
import type { LogRule } from './rule-types.js';

/** Evidence lines are hostile and may be huge: keep the first part, mark the cut. */
export const MAX_EVIDENCE = 4096;

export interface RuleHit {
  rule: string;
  path: string;
  line: number | null;
  kind: string;
  /** Epoch ms or null. */
  time: number | null;
  evidence: string;
  facts: Record<string, string>;
}

/** Facts every finding of a log kind carries when the log has the field (rules may add more). */
const DEFAULT_FACTS: Record<string, Record<string, string>> = {
  iis: {
    clientIp: 'c-ip',
    method: 'cs-method',
    url: 'cs-uri-stem',
    query: 'cs-uri-query',
    status: 'sc-status',
    userAgent: 'cs(User-Agent)',
  },
  httpproxy: {
    clientIp: 'ClientIpAddress',
    method: 'Method',
    url: 'UrlStem',
    status: 'HttpStatus',
    userAgent: 'UserAgent',
    anchorMailbox: 'AnchorMailbox',
    user: 'AuthenticatedUser',
  },
  rps: { clientIp: 'ClientIpAddress', user: 'AuthenticatedUser', userAgent: 'UserAgent' },
};

export function makeHit(rule: LogRule, rec: LogRecord): RuleHit {
  const facts: Record<string, string> = {};
  const wanted = { ...(DEFAULT_FACTS[rec.kind] ?? {}), ...rule.facts };
  for (const [name, field] of Object.entries(wanted)) {
    const v = rec.get(field);
    if (v !== undefined && v !== '' && v !== '-') facts[name] = v.length > 1024 ? `${v.slice(0, 1024)}…` : v;
  }
  const raw = rec.raw();
  return {
    rule: rule.id,
    path: rec.path,
    line: rec.line,
    kind: rec.subkind ? `${rec.kind}/${rec.subkind}` : rec.kind,
    time: rec.time,
    evidence: raw.length > MAX_EVIDENCE ? `${raw.slice(0, MAX_EVIDENCE)}… [${raw.length} chars]` : raw,
    facts,
  };
}
