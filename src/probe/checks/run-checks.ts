/**
 * @module probe/checks/run-checks
 * Runs the safe checks of a pack, in order, over one session. The control twin is sent only when
 * the check's request was aborted, so a healthy unmitigated server costs one request per check.
 */
import { evaluateCheck } from './evaluate-check.js';
import type { CheckDefinition } from './check-definition.js';
import type { HttpSession } from '../http/session.js';
import type { CheckResult } from '../types.js';

export async function runChecks(s: HttpSession, defs: CheckDefinition[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const def of defs) {
    if (def.onlyIf) {
      const dep = results.find((r) => r.id === def.onlyIf?.check);
      if (!dep || dep.verdict !== def.onlyIf.verdict) continue;
    }
    const main = await s.get(def.request);
    const control =
      !main.ok && main.error.code === 'aborted' && def.control ? await s.get(def.control) : null;
    results.push(evaluateCheck(def, main, control));
  }
  return results;
}
