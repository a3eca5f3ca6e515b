/**
 * @module probe/http/tls-info
 * Node's peer-certificate object → the plain `TlsInfo` we report. Certificates come from the
 * target and are hostile: every value is kept as a string and escaped only by the sinks.
 */
import type { PeerCertificate } from 'node:tls';
import type { TlsInfo } from '../types.js';

function flatten(dn: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!dn || typeof dn !== 'object') return out;
  for (const [k, v] of Object.entries(dn as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? v.map(String).join(', ') : String(v);
  }
  return out;
}

function isoDate(text: string | undefined): string | null {
  if (!text) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Converts a peer certificate; returns null for the empty object Node gives on resumed sessions. */
export function toTlsInfo(cert: PeerCertificate | null | undefined, protocol: string | null): TlsInfo | null {
  if (!cert || Object.keys(cert).length === 0) return null;
  const subject = flatten(cert.subject);
  const issuer = flatten(cert.issuer);
  const sans = (cert.subjectaltname ?? '')
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return {
    subject,
    issuer,
    subjectAltNames: sans,
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    serialNumber: cert.serialNumber ?? null,
    fingerprint256: cert.fingerprint256 ?? null,
    protocol,
    selfSigned: JSON.stringify(subject) === JSON.stringify(issuer),
  };
}
