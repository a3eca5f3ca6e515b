/**
 * @module probe/assess/campaign-status
 * Per-CVE statuses → one status per campaign (ProxyLogon, ProxyShell, …) from knowledge's
 * campaign list, with knowledge's rule: the worst over the campaign's CVEs that affect the
 * product (vulnerable > unknown > mitigated > patched). A target with no statuses at all (not
 * Exchange, or no build and no check) has no campaign row.
 */
import { campaigns, type VulnStatus } from '../../knowledge/index.js';

export function campaignStatus(vulns: Record<string, VulnStatus>): Record<string, VulnStatus> {
  const out: Record<string, VulnStatus> = {};
  if (Object.keys(vulns).length === 0) return out;
  for (const c of campaigns()) {
    const s = c.cves.map((id) => vulns[id] ?? 'unknown').filter((x) => x !== 'not-affected');
    out[c.id] =
      s.length === 0
        ? 'not-affected'
        : s.includes('vulnerable')
          ? 'vulnerable'
          : s.includes('unknown')
            ? 'unknown'
            : s.includes('mitigated')
              ? 'mitigated'
              : 'patched';
  }
  return out;
}
