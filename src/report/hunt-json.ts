/**
 * @module report/hunt-json
 * `--format json` and `--format jsonl` of a hunt. JSON carries DESIGN.md's contract keys
 * (verdict, findings[].rule/title/severity/cves/time/source.path/source.line, coverage[].source/
 * files/first/last, firstActivity) and everything else the hunt knows. JSON.stringify escapes
 * control characters, so attacker text cannot reach a terminal raw through it.
 */
import type { HuntResult } from '../hunt/index.js';

export function huntJson(r: HuntResult): Record<string, unknown> {
  return {
    verdict: r.verdict,
    reasons: r.reasons,
    firstActivity: r.firstActivity,
    findings: r.findings,
    coverage: r.coverage,
    timeline: r.timeline,
    attackerIps: r.attackerIps,
    exposure: r.exposure,
    uncovered: r.uncovered,
    builds: r.builds.map((b) => ({
      ...b,
      first: new Date(b.first).toISOString(),
      last: new Date(b.last).toISOString(),
    })),
    ruleCounts: r.ruleCounts,
    issues: r.issues,
    root: r.root,
    filesScanned: r.filesScanned,
    bytes: r.bytes,
    durationMs: r.durationMs,
    threads: r.threads,
    rules: r.rules,
  };
}

export function huntJsonText(r: HuntResult): string {
  return `${JSON.stringify(huntJson(r), null, 2)}\n`;
}

/** One object per line: every finding (`type: "finding"`), then one `type: "summary"`. */
export function huntJsonl(r: HuntResult): string {
  const lines = r.findings.map((f) => JSON.stringify({ type: 'finding', ...f }));
  const { findings: _f, timeline: _t, ...rest } = huntJson(r);
  lines.push(JSON.stringify({ type: 'summary', findings: r.findings.length, ...rest }));
  return `${lines.join('\n')}\n`;
}
