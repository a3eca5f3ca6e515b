/**
 * @module probe/checks/evaluate-check
 * A check definition + the outcomes of its request (and control) → one verdict with its reason.
 * Pure: the network is elsewhere. An abort is only evidence of a mitigation when the control
 * twin (same path, no trigger) was answered — otherwise the server just drops everything.
 */
import type { CheckDefinition, Condition } from './check-definition.js';
import type { CheckResult, RequestOutcome } from '../types.js';
import { oneLine } from '../http/classify-error.js';

function holds(c: Condition, o: RequestOutcome, controlOk: boolean): boolean {
  if ('aborted' in c) return !o.ok && o.error.code === 'aborted' && controlOk;
  if (!o.ok) return false;
  const r = o.response;
  if ('responded' in c) return true;
  if ('status' in c) return c.status.includes(r.status);
  if ('header' in c)
    return (r.headers[c.header.toLowerCase()] ?? '').toLowerCase().includes(c.contains.toLowerCase());
  return r.body.includes(c.bodyContains);
}

function seen(o: RequestOutcome): string {
  if (!o.ok) return `${o.error.code}: ${o.error.message}`;
  const be = o.response.headers['x-calculatedbetarget'];
  return `HTTP ${o.response.status}${be ? `, X-CalculatedBETarget: ${oneLine(be, 80)}` : ''}`;
}

export function evaluateCheck(
  def: CheckDefinition,
  main: RequestOutcome,
  control: RequestOutcome | null,
): CheckResult {
  const controlOk = control !== null && control.ok;
  for (const rule of def.rules) {
    if (holds(rule.if, main, controlOk)) {
      return { id: def.id, cves: def.cves, verdict: rule.then, evidence: `${rule.because} (${seen(main)})` };
    }
  }
  let why = `no rule matched (${seen(main)})`;
  if (!main.ok && main.error.code === 'aborted' && control !== null && !control.ok) {
    why = `aborted, but the control without the trigger failed too (${seen(control)})`;
  }
  return { id: def.id, cves: def.cves, verdict: 'inconclusive', evidence: why };
}
