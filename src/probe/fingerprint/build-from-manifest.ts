/**
 * @module probe/fingerprint/build-from-manifest
 * The eDiscovery Export Tool ClickOnce manifest served by ECP carries
 * `<assemblyIdentity … version="a.b.c.d">`, the full 4-part build (microsoft-anchors.md §4.3).
 */
import type { BuildEvidence, ProbeResponse } from '../types.js';

export const EXPORT_TOOL_MANIFEST_PATH =
  '/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application';

const IDENTITY = /<assemblyIdentity\b[^>]*?\bversion\s*=\s*"(\d{1,2}\.\d{1,2}\.\d{1,5}\.\d{1,5})"/i;

export function buildFromManifest(res: ProbeResponse): BuildEvidence | null {
  if (res.status !== 200) return null;
  const m = IDENTITY.exec(res.body);
  return m?.[1] ? { build: m[1], precision: 'exact', source: 'export-tool-manifest' } : null;
}
