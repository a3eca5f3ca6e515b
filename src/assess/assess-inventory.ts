/**
 * @module assess/assess-inventory
 * One row per server: its build assessed by knowledge, its open CVEs and missing updates, ordered
 * most urgent first (open mass-exploited campaigns, then undecidable ones, then open CVEs, then
 * unsupported versions).
 */
import {
  campaignStatuses,
  campaigns,
  tryAssessBuild,
  type BuildAssessment,
  type VulnStatus,
} from '../knowledge/index.js';
import type { InventoryRow } from './inventory-read.js';

export interface ServerAssessment {
  name: string;
  line: number;
  input: string;
  /** Set when the build could not be assessed; the other fields are then empty. */
  error: string | null;
  assessment: BuildAssessment | null;
  campaigns: Record<string, VulnStatus>;
  /** CVEs with status vulnerable, and those that cannot be decided at this precision. */
  openCves: string[];
  unknownCves: string[];
  extra: Record<string, string>;
}

export function assessInventory(rows: readonly InventoryRow[], asOf?: string): ServerAssessment[] {
  const out = rows.map((row): ServerAssessment => {
    const r = tryAssessBuild(row.buildText, undefined, asOf ? { asOf } : {});
    if (!r.ok) {
      return {
        name: row.name,
        line: row.line,
        input: row.buildText,
        error: r.error,
        assessment: null,
        campaigns: {},
        openCves: [],
        unknownCves: [],
        extra: row.extra,
      };
    }
    const a = r.assessment;
    const byStatus = (s: VulnStatus) =>
      Object.keys(a.vulnerabilities).filter((c) => a.vulnerabilities[c] === s);
    return {
      name: row.name,
      line: row.line,
      input: row.buildText,
      error: null,
      assessment: a,
      campaigns: campaignStatuses(a),
      openCves: byStatus('vulnerable'),
      unknownCves: byStatus('unknown'),
      extra: row.extra,
    };
  });
  return out.sort(byUrgency);
}

function urgencyKey(s: ServerAssessment): number[] {
  if (s.error !== null) return [-1, 0, 0, 0];
  const ids = campaigns().map((c) => c.id);
  const open = ids.filter((id) => s.campaigns[id] === 'vulnerable').length;
  const unknown = ids.filter((id) => s.campaigns[id] === 'unknown').length;
  return [open, unknown, s.openCves.length, s.assessment!.supported ? 0 : 1];
}

export function byUrgency(a: ServerAssessment, b: ServerAssessment): number {
  const ka = urgencyKey(a);
  const kb = urgencyKey(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
  return a.name.localeCompare(b.name);
}

/** True when any server is open to a CVE (the CLI's exit status 1). */
export function anyVulnerable(list: readonly ServerAssessment[]): boolean {
  return list.some((s) => s.openCves.length > 0);
}
