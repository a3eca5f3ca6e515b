/**
 * @module probe/assess/combine-verdicts
 * Build inference + check verdicts → one status per CVE. The rules (issue 6, DESIGN.md):
 * - a check result beats a build inference, and a disagreement is reported, not hidden;
 * - `mitigated` needs every mitigation check for that CVE to agree (a rule that the URL-encoded
 *   trigger bypasses is no mitigation) and only replaces `vulnerable`/`unknown` — a patched
 *   build stays patched;
 * - an `inconclusive` check leaves the build's status (including `unknown`) alone.
 */
import type { CveId, VulnStatus } from '../../knowledge/index.js';
import type { CheckResult } from '../types.js';

export interface Combined {
  vulnerabilities: Record<CveId, VulnStatus>;
  disagreements: string[];
  notes: string[];
}

export function combineVerdicts(
  fromBuild: Record<CveId, VulnStatus>,
  checks: CheckResult[],
  mitigationCheckIds: ReadonlySet<string>,
): Combined {
  const vulnerabilities: Record<CveId, VulnStatus> = { ...fromBuild };
  const disagreements: string[] = [];
  const notes: string[] = [];
  const cves = new Set<CveId>(checks.flatMap((c) => c.cves));
  for (const cve of cves) {
    const mine = checks.filter((c) => c.cves.includes(cve));
    const build = fromBuild[cve];
    const say = (status: VulnStatus, by: string): void => {
      if (
        build !== undefined &&
        build !== 'unknown' &&
        build !== status &&
        !(status === 'mitigated' && build === 'vulnerable')
      ) {
        disagreements.push(`${cve}: build says ${build}, check ${by} says ${status} (check wins)`);
      }
      vulnerabilities[cve] = status;
    };
    const vuln = mine.find((c) => c.verdict === 'vulnerable');
    if (vuln) {
      say('vulnerable', vuln.id);
      continue;
    }
    const mitigations = mine.filter((c) => mitigationCheckIds.has(c.id));
    const mitigatedBy = mine.filter((c) => c.verdict === 'mitigated');
    const allMitigationsHold = mitigations.every((c) => c.verdict === 'mitigated');
    if (mitigatedBy.length > 0 && !allMitigationsHold) {
      notes.push(
        `${cve}: a mitigation rule is present but does not hold (${mitigations
          .filter((c) => c.verdict !== 'mitigated')
          .map((c) => c.id)
          .join(', ')}); not counted as mitigated`,
      );
    }
    if (mitigatedBy.length > 0 && allMitigationsHold) {
      if (build === 'patched' || build === 'not-affected') {
        notes.push(`${cve}: mitigation still in place on a build that is ${build}`);
      } else {
        vulnerabilities[cve] = 'mitigated';
        continue;
      }
    }
    const patched = mine.find((c) => c.verdict === 'patched');
    if (patched && build !== 'not-affected') say('patched', patched.id);
  }
  return { vulnerabilities, disagreements, notes };
}
