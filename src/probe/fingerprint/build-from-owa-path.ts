/**
 * @module probe/fingerprint/build-from-owa-path
 * OWA login page → the build in its static resource paths (`/owa/auth/15.1.2176/themes/…`,
 * `/owa/15.1.2176/…`). These folders carry only three parts, so the precision is `cu`: the SU
 * (the fourth part) cannot be seen (third-party-anchors.md §5, GossiTheDog/scanning #4).
 */
import type { BuildEvidence, ProbeResponse } from '../types.js';

const OWA_PATH = /\/owa\/(?:auth\/)?(\d{1,2}\.\d{1,2}\.\d{1,5})(?:\.\d{1,5})?\//g;

export function buildFromOwaPath(res: ProbeResponse): BuildEvidence | null {
  // Most frequent 3-part build on the page wins (a page may also link an older theme folder).
  const counts = new Map<string, number>();
  for (const m of res.body.matchAll(OWA_PATH)) {
    const b = m[1] as string;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestN = 0;
  for (const [b, n] of counts) {
    if (n > bestN) {
      best = b;
      bestN = n;
    }
  }
  return best ? { build: best, precision: 'cu', source: 'owa-path' } : null;
}
