/**
 * @module lab/mitigation-rules
 * Emulates the IIS URL Rewrite rules of EOMT and EOMTv2 exactly: the same inputs ({HTTP_COOKIE},
 * {REQUEST_URI}, {UrlDecode:{REQUEST_URI}}), the same patterns, IIS's default ignoreCase, and
 * AbortRequest as the action. A request that does not match exactly the rule's trigger passes.
 */
import type { LabMitigation } from './types.js';

export interface RewriteInput {
  /** Path and query as sent (IIS {REQUEST_URI}). */
  requestUri: string;
  cookie: string;
}

/** IIS UrlDecode: %XX decoded, invalid sequences left as they are. */
export function urlDecode(s: string): string {
  return s.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const RULES: Record<LabMitigation, ((i: RewriteInput) => boolean)[]> = {
  eomt: [
    (i) => /(.*)X-AnonResource-Backend(.*)/i.test(i.cookie),
    (i) => /(.*)X-BEResource=(.+)\/(.+)~(.+)/i.test(i.cookie),
  ],
  eomtv2: [(i) => /(?=.*autodiscover)(?=.*powershell)/i.test(urlDecode(i.requestUri))],
  'eomtv2-2022-10-03': [(i) => /.*autodiscover\.json.*Powershell.*/i.test(i.requestUri)],
};

/** True when any installed rule aborts this request. */
export function aborts(mitigations: readonly LabMitigation[], input: RewriteInput): boolean {
  return mitigations.some((m) => RULES[m].some((rule) => rule(input)));
}
