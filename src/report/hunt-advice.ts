/**
 * @module report/hunt-advice
 * "What to do now", per verdict, from what the hunt found: the web-shell URLs to look at, the
 * addresses to block and search for elsewhere, the update to install, the evidence to collect.
 * Plain text; each sink escapes it.
 */
import type { HuntResult } from '../hunt/index.js';
import { tryAssessBuild } from '../knowledge/index.js';

export function huntAdvice(r: HuntResult): string[] {
  const out: string[] = [];
  const shells = [
    ...new Set(
      r.findings.filter((f) => f.category === 'web-shell' && f.facts.url).map((f) => f.facts.url as string),
    ),
  ];
  const ips = r.attackerIps.slice(0, 5).map((a) => a.ip);
  if (r.verdict === 'compromised') {
    out.push('Treat the server as compromised: isolate it from the internet before anything else.');
    if (shells.length)
      out.push(
        `Remove the web shells (and look for siblings in the same folders): ${shells.slice(0, 5).join(', ')}.`,
      );
    out.push(
      'Hunt the files too (web roots, aspnet_client, owa/auth, ecp/auth, Temporary ASP.NET Files) and rotate every credential and certificate the server held.',
    );
  } else if (r.verdict === 'suspicious') {
    out.push(
      'Exploitation was attempted: confirm whether it succeeded (web-shell folders, event logs, other servers).',
    );
  } else if (r.verdict === 'insufficient-evidence') {
    out.push(
      'The logs do not reach back over every exposure window: collect older logs, backups or event logs before calling the server clean.',
    );
    for (const u of r.uncovered)
      out.push(`Missing: ${u.campaign} from ${u.from.slice(0, 10)} to ${u.to.slice(0, 10)}.`);
  } else {
    out.push('Nothing found over logs that cover every exposure window. Keep the server updated.');
  }
  if (ips.length) out.push(`Block and search for these client addresses elsewhere: ${ips.join(', ')}.`);
  const last = r.builds[r.builds.length - 1];
  if (last) {
    const a = tryAssessBuild(last.build);
    if (a.ok && a.assessment.latest) {
      out.push(
        `The logs last show build ${last.build}; install ${a.assessment.latest.name} (${a.assessment.latest.build}).`,
      );
    }
  }
  if (r.issues.total)
    out.push(
      `${r.issues.total} problem(s) reading the evidence: see "Could not read" below; what was unreadable was not hunted.`,
    );
  return out;
}
