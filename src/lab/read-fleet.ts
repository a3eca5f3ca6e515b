/**
 * @module lab/read-fleet
 * A fleet description file (JSON: `{ "hosts": [ { "address", "port", "profile" } ] }`, profiles
 * as in lab/types.ts; Exchange profiles may omit the defaults of `exchangeProfile`) → lab hosts.
 * Problems are values; a non-loopback address is refused.
 */
import { exchangeProfile } from './presets.js';
import type { ExchangeProfile, LabHost, LabProfile } from './types.js';

const KINDS = new Set(['exchange', 'decoy', 'tarpit', 'hostile']);

export function parseFleet(json: string): { ok: true; hosts: LabHost[] } | { ok: false; error: string } {
  let doc: { hosts?: unknown };
  try {
    doc = JSON.parse(json) as { hosts?: unknown };
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  if (!Array.isArray(doc.hosts)) return { ok: false, error: 'no "hosts" array' };
  const hosts: LabHost[] = [];
  for (const [i, h] of (doc.hosts as Record<string, unknown>[]).entries()) {
    const address = String(h.address ?? '');
    const port = Number(h.port);
    const profile = h.profile as LabProfile | undefined;
    if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address))
      return { ok: false, error: `host ${i}: address must be in 127.0.0.0/8` };
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return { ok: false, error: `host ${i}: bad port` };
    if (!profile || !KINDS.has(profile.kind))
      return { ok: false, error: `host ${i}: profile.kind must be exchange|decoy|tarpit|hostile` };
    if (profile.kind === 'exchange') {
      const p = profile as Partial<ExchangeProfile>;
      if (!p.product || !p.build || !/^\d+\.\d+\.\d+\.\d+$/.test(p.build))
        return { ok: false, error: `host ${i}: exchange needs product and a 4-part build` };
      hosts.push({ address, port, profile: exchangeProfile({ ...p, product: p.product, build: p.build }) });
    } else hosts.push({ address, port, profile });
  }
  return { ok: true, hosts };
}
