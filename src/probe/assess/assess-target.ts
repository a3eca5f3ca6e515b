/**
 * @module probe/assess/assess-target
 * Fills a result's build, product and per-CVE statuses: knowledge's `assessBuild` at the precision
 * the evidence allows, then the check verdicts on top (combine-verdicts.ts).
 */
import { combineVerdicts } from './combine-verdicts.js';
import { campaignStatus } from './campaign-status.js';
import type { Assessor, ProbeOptions } from '../options.js';
import type { BuildEvidence, CheckResult, ProbeResult } from '../types.js';

export function assessTarget(
  result: ProbeResult,
  build: BuildEvidence | null,
  checks: CheckResult[],
  opts: Pick<ProbeOptions, 'assess' | 'checks'>,
): void {
  result.checks = checks;
  let fromBuild: ProbeResult['vulnerabilities'] = {};
  if (build) {
    result.build = build.build;
    result.buildPrecision = build.precision;
    result.buildSource = build.source;
    const a = opts.assess ? safeAssess(opts.assess, build, result.notes) : null;
    if (a) {
      result.product = a.product;
      result.cu = a.cu;
      result.update = a.update;
      fromBuild = a.vulnerabilities;
      result.notes.push(...a.notes);
    } else if (!opts.assess) result.notes.push('no build catalogue: statuses come from checks only');
  } else result.notes.push('Exchange, but no build could be read (no X-OWA-Version, manifest or OWA path)');
  const mitigationIds = new Set(opts.checks.filter((c) => c.kind === 'mitigation').map((c) => c.id));
  const combined = combineVerdicts(fromBuild, checks, mitigationIds);
  result.vulnerabilities = combined.vulnerabilities;
  result.campaigns = campaignStatus(combined.vulnerabilities);
  result.disagreements = combined.disagreements;
  result.notes.push(...combined.notes);
}

// A scan meets the same few hundred builds over and over: assess each (build, precision) once.
// Keyed per assessor so a custom one never sees another's answers; bounded like an LRU-lite.
const memo = new WeakMap<Assessor, Map<string, ReturnType<Assessor>>>();
const MEMO_MAX = 4096;

function safeAssess(assess: Assessor, build: BuildEvidence, notes: string[]) {
  let cache = memo.get(assess);
  if (!cache) memo.set(assess, (cache = new Map()));
  const key = `${build.build}|${build.precision}`;
  const hit = cache.get(key);
  if (hit) return hit;
  try {
    const a = assess(build.build, build.precision);
    if (cache.size >= MEMO_MAX) cache.clear();
    cache.set(key, a);
    return a;
  } catch (e) {
    // A catalogue bug must not lose the target's result: say so and keep the check verdicts.
    notes.push(`build assessment failed: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}
