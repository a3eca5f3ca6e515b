/**
 * @module probe/fingerprint/build-from-headers
 * `X-OWA-Version` → a 4-part build (exact). Some servers send it on /owa/ responses, some never
 * (microsoft-anchors.md §4.3); anything that is not a dotted 4-part number is ignored.
 */
import type { BuildEvidence, ProbeResponse } from '../types.js';

const FOUR_PART = /^\s*(\d{1,2}\.\d{1,2}\.\d{1,5}\.\d{1,5})\s*$/;

export function buildFromOwaVersionHeader(res: ProbeResponse): BuildEvidence | null {
  const v = res.headers['x-owa-version'];
  const m = v ? FOUR_PART.exec(v) : null;
  return m?.[1] ? { build: m[1], precision: 'exact', source: 'x-owa-version' } : null;
}

/** `X-FEServer` names the front-end that answered (the server's NetBIOS name). */
export function serverNameFromHeaders(res: ProbeResponse): string | null {
  const v = res.headers['x-feserver'] ?? res.headers['x-diaginfo'] ?? null;
  return v && v.length <= 255 ? v.trim() : null;
}
