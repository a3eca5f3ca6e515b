/**
 * @module probe/checks/run-checks
 * Runs the safe checks of a pack, in order, over one session. The control twin is sent only when
 * the check's request was aborted, so a healthy unmitigated server costs one request per check;
 * a control already answered for an earlier check of this target (the EOMTv2 pair shares one) is
 * not sent again: the same GET to the same server moments later adds no evidence.
 */
import { evaluateCheck } from './evaluate-check.js';
import type { CheckDefinition } from './check-definition.js';
import type { HttpSession } from '../http/session.js';
import type { CheckResult, ProbeRequest, RequestOutcome } from '../types.js';

export async function runChecks(s: HttpSession, defs: CheckDefinition[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const answeredControls = new Map<string, RequestOutcome>();
  for (const def of defs) {
    if (def.onlyIf) {
      const dep = results.find((r) => r.id === def.onlyIf?.check);
      if (!dep || dep.verdict !== def.onlyIf.verdict) continue;
    }
    const main = await s.get(def.request);
    const control =
      !main.ok && main.error.code === 'aborted' && def.control ? await sendControl(def.control) : null;
    results.push(evaluateCheck(def, main, control));
  }
  return results;

  async function sendControl(req: ProbeRequest): Promise<RequestOutcome> {
    const key = JSON.stringify([req.method, req.path, req.headers ?? {}]);
    const known = answeredControls.get(key);
    if (known) return known;
    const outcome = await s.get(req);
    if (outcome.ok) answeredControls.set(key, outcome);
    return outcome;
  }
}
