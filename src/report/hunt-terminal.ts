/**
 * @module report/hunt-terminal
 * The default output of `exhunt hunt`: verdict and why first, what to do, then the findings
 * grouped by rule, the attacker addresses, exposure windows, coverage and what could not be read.
 * Every value that came from the evidence goes through escapeTerminal; colours only when asked
 * (the CLI asks when stdout is a TTY).
 */
import type { HuntResult } from '../hunt/index.js';
import { escapeTerminal as esc } from '../escape/index.js';
import { huntAdvice } from './hunt-advice.js';
import { formatBytes, groupFindings, place, requestLine } from './hunt-groups.js';

export interface TerminalOptions {
  color?: boolean;
  /** Findings shown per rule (all are in the JSON). Default 5. */
  perRule?: number;
}

const VERDICT_COLOR: Record<string, string> = {
  compromised: '1;31',
  suspicious: '1;33',
  'insufficient-evidence': '1;35',
  'no-evidence': '1;32',
};
const SEVERITY_COLOR: Record<string, string> = {
  critical: '1;31',
  high: '31',
  medium: '33',
  low: '36',
  info: '2',
};
const EVIDENCE_SHOWN = 300;

export function huntTerminal(r: HuntResult, options: TerminalOptions = {}): string {
  const paint = (code: string | undefined, s: string): string =>
    options.color && code ? `\u001b[${code}m${s}\u001b[0m` : s;
  const perRule = options.perRule ?? 5;
  const out: string[] = [];
  out.push(`exhunt hunt ${esc(r.root)}`, '');
  out.push(`Verdict: ${paint(VERDICT_COLOR[r.verdict], r.verdict.toUpperCase())}`);
  for (const why of r.reasons) out.push(`  - ${esc(why)}`);
  if (r.firstActivity)
    out.push(
      `First attacker activity: ${r.firstActivity}${r.timeline.last ? `   last: ${r.timeline.last}` : ''}`,
    );
  out.push('', 'What to do:');
  for (const a of huntAdvice(r)) out.push(`  - ${esc(a)}`);

  const groups = groupFindings(r);
  out.push(
    '',
    `Findings: ${r.findings.length} kept from ${r.ruleCounts.reduce((n, c) => n + c.count, 0)} hits of ${groups.length} rule(s)`,
  );
  for (const g of groups) {
    const f = g.first;
    const sev = paint(SEVERITY_COLOR[f.severity], f.severity.toUpperCase().padEnd(8));
    const cves = f.cves.length ? `  ${f.cves.join(' ')}` : '';
    out.push('', `  ${sev} ${esc(f.title)}  [${f.rule}]${cves}  x${g.count}`);
    for (const one of g.findings.slice(0, perRule)) {
      out.push(`      ${esc(requestLine(one))}`);
      out.push(`        at ${esc(place(one))}`);
      const ev =
        one.evidence.length > EVIDENCE_SHOWN ? `${one.evidence.slice(0, EVIDENCE_SHOWN)}…` : one.evidence;
      out.push(`        ${paint('2', esc(ev))}`);
    }
    if (g.count > perRule)
      out.push(`      … ${g.count - Math.min(perRule, g.findings.length)} more (see --format json)`);
    out.push(`      rule by ${esc(f.author)} (${esc(f.licence)})`);
  }

  if (r.attackerIps.length) {
    out.push('', 'Attacker addresses:');
    for (const a of r.attackerIps.slice(0, 20)) {
      out.push(
        `  ${esc(a.ip).padEnd(40)} ${String(a.count).padStart(6)} hit(s)  ${a.first ?? '?'} .. ${a.last ?? '?'}`,
      );
    }
  }

  out.push('', 'Exposure windows (first exploitation in the wild -> patched):');
  for (const w of r.exposure) {
    const state = w.exposed
      ? `${w.start.slice(0, 10)} -> ${w.end ? w.end.slice(0, 10) : 'still open'}`
      : 'not exposed';
    out.push(`  ${w.name.padEnd(16)} ${state.padEnd(28)} ${esc(w.basis)}`);
  }

  out.push('', 'Coverage:');
  out.push(
    `  ${'source'.padEnd(28)} ${'files'.padStart(6)} ${'records'.padStart(10)}  ${'first'.padEnd(20)} ${'last'.padEnd(20)} issues  gaps`,
  );
  for (const c of r.coverage) {
    const gaps = c.gaps.length
      ? c.gaps
          .map((g) => `${g.from.slice(0, 10)}..${g.to.slice(0, 10)}`)
          .slice(0, 3)
          .join(', ')
      : '-';
    out.push(
      `  ${esc(c.source).padEnd(28)} ${String(c.files).padStart(6)} ${String(c.records).padStart(10)}  ${(c.first ?? '-').slice(0, 19).padEnd(20)} ${(c.last ?? '-').slice(0, 19).padEnd(20)} ${String(c.issues).padStart(6)}  ${gaps}`,
    );
  }
  if (r.coverage.length === 0) out.push('  (no log files found)');

  if (r.issues.total) {
    out.push('', `Could not read (${r.issues.total}):`);
    out.push(
      `  ${Object.entries(r.issues.byKind)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ')}`,
    );
    for (const s of r.issues.samples.slice(0, 10)) {
      out.push(
        `  ${esc(s.kind)}  ${esc(s.line === null ? s.path : `${s.path}:${s.line}`)}  ${esc(s.message)}`,
      );
    }
  }
  if (r.fileScan) {
    const f = r.fileScan;
    out.push(
      '',
      f.files === 0
        ? 'File hunt: no file to scan (no web root, ProgramData or temp folder with files in this evidence).'
        : `File hunt: ${f.files} file(s), ${formatBytes(f.bytes)}, YARA ${f.yaraBackend ?? 'unavailable'} with ${f.yaraRules} rule file(s).`,
    );
  }
  const secs = (r.durationMs / 1000).toFixed(1);
  out.push(
    '',
    `Scanned ${r.filesScanned} file(s), ${formatBytes(r.bytes)} in ${secs} s on ${r.threads} thread(s) with ${r.rules} rules.`,
  );
  return `${out.join('\n')}\n`;
}
