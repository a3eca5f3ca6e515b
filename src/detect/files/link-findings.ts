/**
 * @module detect/files/link-findings
 * Joins the two halves of a web-shell story: a file the file hunt flagged and the log findings
 * whose requests name that file's URL. A planted page that was also requested is stronger than
 * either alone, so the file finding is raised to `compromise` and both sides point at each other
 * (`facts.requestedIn`, `facts.webShellFile`). Pure function over Finding-shaped values.
 */
import type { FileFinding } from './types.js';

/** URL paths under which IIS serves a file, from its Windows path key (lower case). */
export function urlPathsOf(key: string): string[] {
  const out: string[] = [];
  const www = /\/inetpub\/wwwroot(\/.+)$/.exec(key);
  if (www) out.push(www[1]!);
  const proxy = /\/frontend\/httpproxy(\/.+)$/.exec(key);
  if (proxy) out.push(proxy[1]!);
  const backend = /\/clientaccess(\/.+)$/.exec(key);
  if (backend) out.push(backend[1]!);
  return out;
}

const WEB_CATEGORIES = new Set(['web-shell', 'indicator']);

/**
 * @param fileFindings findings of the file hunt (mutated: facts and outcome).
 * @param logFindings findings of the log hunt with `facts.url` (mutated: facts).
 * @param keyOf the Windows path key of a file finding's source path.
 * @returns how many file findings were linked.
 */
export function linkFindings(
  fileFindings: FileFinding[],
  logFindings: {
    source: { path: string; line: number | null };
    facts: Record<string, string>;
    time: string | null;
  }[],
  keyOf: (relPath: string) => string,
): number {
  const byUrl = new Map<string, typeof logFindings>();
  for (const l of logFindings) {
    const url = l.facts.url?.toLowerCase().split('?')[0];
    if (!url) continue;
    const list = byUrl.get(url) ?? [];
    list.push(l);
    byUrl.set(url, list);
  }
  let linked = 0;
  for (const f of fileFindings) {
    if (!WEB_CATEGORIES.has(f.category)) continue;
    const hits = urlPathsOf(keyOf(f.source.path)).flatMap((u) => byUrl.get(u) ?? []);
    if (hits.length === 0) continue;
    linked++;
    const times = hits
      .map((h) => h.time)
      .filter((t): t is string => t !== null)
      .sort();
    f.facts.requestedIn = hits
      .slice(0, 5)
      .map((h) => `${h.source.path}:${h.source.line ?? '?'}`)
      .join(', ');
    f.facts.requests = String(hits.length);
    if (times[0]) f.facts.firstRequest = times[0];
    if (f.severity !== 'info') f.outcome = 'compromise';
    for (const h of hits) h.facts.webShellFile = f.source.path;
  }
  return linked;
}
