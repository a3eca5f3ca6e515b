/**
 * @module findings/verdict
 * The one verdict function. Order of precedence:
 * 1. `compromised`: a finding of successful exploitation or a web shell in use — whenever it
 *    happened, even before a later patch;
 * 2. `suspicious`: exploitation attempts (severity above info) without proof of success;
 * 3. `insufficient-evidence`: nothing found, but the web logs (HttpProxy, IIS) do not cover every
 *    day of an exposure window, or there are no web logs at all;
 * 4. `no-evidence`: nothing found over logs that cover every exposure window.
 */
import type { Coverage, Finding, Verdict } from './types.js';
import type { ExposureWindow } from './exposure.js';
import { DAY_MS } from './coverage.js';
import { ordinal } from './code-unit-order.js';

export interface UncoveredSpan {
  campaign: string;
  from: string;
  to: string;
}

export interface VerdictResult {
  verdict: Verdict;
  /** Why, in short sentences, most important first. */
  reasons: string[];
  /** Parts of exposure windows no web log covers. */
  uncovered: UncoveredSpan[];
}

export interface VerdictInput {
  findings: readonly Finding[];
  coverage: readonly Coverage[];
  windows: readonly ExposureWindow[];
}

/** Log sources whose records show web exploitation; the windows must be covered by these. */
export const isWebSource = (source: string): boolean =>
  source.startsWith('HttpProxy/') || source.startsWith('IIS/');

export function decideVerdict(input: VerdictInput): VerdictResult {
  const reasons: string[] = [];
  const compromise = input.findings.filter((f) => f.outcome === 'compromise');
  const attempts = input.findings.filter((f) => f.outcome === 'attempt' && f.severity !== 'info');
  const web = webIntervals(input.coverage);
  const uncovered: UncoveredSpan[] = [];
  for (const w of input.windows) {
    if (!w.exposed) continue;
    const start = Date.parse(w.start);
    // A window still open ends, for the evidence, where the logs end.
    const lastLog = web.length ? (web[web.length - 1] as [number, number])[1] : start;
    const end = w.end === null ? Math.max(lastLog, start) : Date.parse(w.end);
    for (const [a, b] of subtract([start, end], web)) {
      if (b - a > DAY_MS)
        uncovered.push({
          campaign: w.campaign,
          from: new Date(a).toISOString(),
          to: new Date(b).toISOString(),
        });
    }
  }
  if (compromise.length) {
    reasons.push(
      `${compromise.length} finding(s) of successful exploitation or web-shell use (${titles(compromise)})`,
    );
  }
  if (attempts.length) reasons.push(`${attempts.length} exploitation attempt(s) (${titles(attempts)})`);
  if (web.length === 0) reasons.push('no HttpProxy or IIS log records: exploitation cannot be ruled out');
  for (const u of uncovered) {
    reasons.push(
      `no web logs for ${u.campaign} exposure from ${u.from.slice(0, 10)} to ${u.to.slice(0, 10)}`,
    );
  }
  const lastLog = web.length
    ? new Date((web[web.length - 1] as [number, number])[1]).toISOString().slice(0, 10)
    : null;
  const open = input.windows.filter((w) => w.exposed && w.end === null).map((w) => w.name);
  if (open.length && lastLog)
    reasons.push(`still vulnerable to ${open.join(', ')} when the logs end (${lastLog}): patch now`);
  let verdict: Verdict;
  if (compromise.length) verdict = 'compromised';
  else if (attempts.length) verdict = 'suspicious';
  else if (web.length === 0 || uncovered.length) verdict = 'insufficient-evidence';
  else {
    verdict = 'no-evidence';
    reasons.unshift('no findings, and the web logs cover every exposure window up to their end');
  }
  return { verdict, reasons, uncovered };
}

function titles(list: readonly Finding[]): string {
  const names = [...new Set(list.map((f) => f.title))];
  return names.length > 3 ? `${names.slice(0, 3).join('; ')}; …` : names.join('; ');
}

/** Union of web-log coverage as sorted, merged [from, to] epoch-ms intervals (gaps cut out). */
export function webIntervals(coverage: readonly Coverage[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const c of coverage) {
    if (!isWebSource(c.source) || c.first === null || c.last === null || c.records === 0) continue;
    let from = Date.parse(c.first);
    for (const g of [...c.gaps].sort((a, b) => ordinal(a.from, b.from))) {
      spans.push([from, Date.parse(g.from)]);
      from = Date.parse(g.to);
    }
    spans.push([from, Date.parse(c.last)]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const top = merged[merged.length - 1];
    if (top && s[0] <= top[1] + DAY_MS) top[1] = Math.max(top[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/** [a, b] minus the covered intervals. */
function subtract(range: [number, number], covered: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let cur = range[0];
  for (const [a, b] of covered) {
    if (b < cur) continue;
    if (a > range[1]) break;
    if (a > cur) out.push([cur, Math.min(a, range[1])]);
    cur = Math.max(cur, b);
  }
  if (cur < range[1]) out.push([cur, range[1]]);
  return out;
}
