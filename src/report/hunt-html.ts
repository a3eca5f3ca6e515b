/**
 * @module report/hunt-html
 * `--format html`: one self-contained page (inline CSS, no script, no external resource) with the
 * same sections as the terminal report. Every value goes through escapeHtml.
 */
import type { HuntResult } from '../hunt/index.js';
import { escapeHtml, escapeTerminal } from '../escape/index.js';
import { huntAdvice } from './hunt-advice.js';
import { formatBytes, groupFindings, place, requestLine } from './hunt-groups.js';

/** HTML-escaped, with control characters shown as visible escapes (a page may end up in a terminal). */
const h = (s: string): string => escapeHtml(escapeTerminal(s));

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:1200px}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ccc}
.verdict{font-size:1.3rem;font-weight:700;padding:.3rem .7rem;border-radius:4px;display:inline-block}
.compromised{background:#b00020;color:#fff}.suspicious{background:#f0a000}.insufficient-evidence{background:#8e44ad;color:#fff}.no-evidence{background:#2e7d32;color:#fff}
.sev{font-weight:700;text-transform:uppercase;font-size:.8rem}.critical{color:#b00020}.high{color:#d32f2f}.medium{color:#e08000}.low{color:#00838f}.info{color:#777}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
code,pre{font-family:ui-monospace,monospace;font-size:.82rem}pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:.4rem;margin:.2rem 0}`;

export function huntHtml(r: HuntResult): string {
  const parts: string[] = [];
  const p = (s: string): number => parts.push(s);
  p(`<!doctype html><html lang="en"><head><meta charset="utf-8">`);
  p(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  p(`<title>exhunt hunt: ${h(r.verdict)}</title><style>${CSS}</style></head><body>`);
  p(`<h1>exhunt hunt <code>${h(r.root)}</code></h1>`);
  p(`<p><span class="verdict ${h(r.verdict)}">${h(r.verdict)}</span></p><ul>`);
  for (const why of r.reasons) p(`<li>${h(why)}</li>`);
  p('</ul>');
  if (r.firstActivity)
    p(
      `<p>First attacker activity: <b>${h(r.firstActivity)}</b>${r.timeline.last ? `, last: ${h(r.timeline.last)}` : ''}</p>`,
    );
  p('<h2>What to do</h2><ul>');
  for (const a of huntAdvice(r)) p(`<li>${h(a)}</li>`);
  p('</ul>');

  const groups = groupFindings(r);
  p(`<h2>Findings (${r.findings.length})</h2>`);
  for (const g of groups) {
    const f = g.first;
    p(
      `<h3><span class="sev ${h(f.severity)}">${h(f.severity)}</span> ${h(f.title)} <code>${h(f.rule)}</code> ${h(f.cves.join(' '))} &times;${g.count}</h3>`,
    );
    p(
      `<p>Rule by ${h(f.author)} (${h(f.licence)}). ${f.references.map((u) => `<a href="${h(u)}" rel="noreferrer">${h(u)}</a>`).join(' ')}</p>`,
    );
    p('<table><tr><th>request</th><th>where</th><th>evidence</th></tr>');
    for (const one of g.findings.slice(0, 50)) {
      p(
        `<tr><td>${h(requestLine(one))}</td><td><code>${h(place(one))}</code></td><td><pre>${h(one.evidence)}</pre></td></tr>`,
      );
    }
    p('</table>');
  }

  if (r.attackerIps.length) {
    p('<h2>Attacker addresses</h2><table><tr><th>address</th><th>hits</th><th>first</th><th>last</th></tr>');
    for (const a of r.attackerIps)
      p(
        `<tr><td>${h(a.ip)}</td><td>${a.count}</td><td>${h(a.first ?? '')}</td><td>${h(a.last ?? '')}</td></tr>`,
      );
    p('</table>');
  }
  p('<h2>Exposure windows</h2><table><tr><th>campaign</th><th>window</th><th>basis</th></tr>');
  for (const w of r.exposure) {
    p(
      `<tr><td>${h(w.name)}</td><td>${w.exposed ? `${h(w.start.slice(0, 10))} &rarr; ${h(w.end ? w.end.slice(0, 10) : 'still open')}` : 'not exposed'}</td><td>${h(w.basis)}</td></tr>`,
    );
  }
  p(
    '</table><h2>Coverage</h2><table><tr><th>source</th><th>files</th><th>records</th><th>first</th><th>last</th><th>issues</th><th>gaps</th></tr>',
  );
  for (const c of r.coverage) {
    const gaps = c.gaps.map((g) => `${g.from.slice(0, 10)}..${g.to.slice(0, 10)}`).join(', ');
    p(
      `<tr><td>${h(c.source)}</td><td>${c.files}</td><td>${c.records}</td><td>${h(c.first ?? '')}</td><td>${h(c.last ?? '')}</td><td>${c.issues}</td><td>${h(gaps)}</td></tr>`,
    );
  }
  p('</table>');
  if (r.issues.total) {
    p(
      `<h2>Could not read (${r.issues.total})</h2><p>${h(
        Object.entries(r.issues.byKind)
          .map(([k, n]) => `${k}: ${n}`)
          .join(', '),
      )}</p><ul>`,
    );
    for (const s of r.issues.samples.slice(0, 100))
      p(
        `<li><code>${h(s.kind)}</code> ${h(s.path)}${s.line === null ? '' : `:${s.line}`} — ${h(s.message)}</li>`,
      );
    p('</ul>');
  }
  if (r.fileScan) {
    const f = r.fileScan;
    p(
      f.files === 0
        ? '<p>File hunt: no file to scan (no web root, ProgramData or temp folder with files in this evidence).</p>'
        : `<p>File hunt: ${f.files} file(s), ${h(formatBytes(f.bytes))}, YARA ${h(f.yaraBackend ?? 'unavailable')} with ${f.yaraRules} rule file(s).</p>`,
    );
  }
  p(
    `<p>Scanned ${r.filesScanned} file(s), ${h(formatBytes(r.bytes))} in ${(r.durationMs / 1000).toFixed(1)} s on ${r.threads} thread(s) with ${r.rules} rules.</p>`,
  );
  p('</body></html>\n');
  return parts.join('\n');
}
