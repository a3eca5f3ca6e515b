/**
 * @module probe/targets/parse-target
 * One target specification (a word from the command line, a file line, an exclude entry) → a
 * lazily expandable spec: a single host, or an inclusive address interval (CIDR or range).
 * Bad input is a value (`{ ok: false }`) so a file with one bad line still runs the rest.
 */
import { familyBits, parseIp, type IpFamily } from './ip-address.js';

export type TargetSpec =
  | { kind: 'host'; host: string; port: number | null; scheme: 'https' | 'http' | null; text: string }
  | { kind: 'interval'; family: IpFamily; first: bigint; last: bigint; port: number | null; text: string };

export type SpecParse = { ok: true; spec: TargetSpec } | { ok: false; error: string; text: string };

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*\.?$/i;
const MAX_PORT = 65535;

function bad(text: string, error: string): SpecParse {
  return { ok: false, error, text };
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= MAX_PORT ? n : null;
}

/** Splits `host:port`, `[v6]:port`, bare v6, `a.b.c.d/nn:port`. Returns null port when absent. */
function splitPort(text: string): { base: string; port: number | null } | { error: string } {
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracket) {
    if (bracket[2] === undefined) return { base: bracket[1] ?? '', port: null };
    const p = parsePort(bracket[2]);
    return p === null ? { error: 'bad port' } : { base: bracket[1] ?? '', port: p };
  }
  const colons = text.split(':').length - 1;
  if (colons === 1) {
    const i = text.lastIndexOf(':');
    const p = parsePort(text.slice(i + 1));
    return p === null ? { error: 'bad port' } : { base: text.slice(0, i), port: p };
  }
  return { base: text, port: null };
}

function parseUrl(text: string): SpecParse {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(text, 'not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad(text, 'only http and https URLs');
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  return { ok: true, spec: { kind: 'host', host: host.toLowerCase(), port, scheme, text } };
}

function parseCidr(base: string, port: number | null, text: string): SpecParse {
  const [addr = '', lenText = ''] = base.split('/');
  const ip = parseIp(addr);
  if (!ip) return bad(text, 'CIDR base is not an IP address');
  const bits = familyBits(ip.family);
  if (!/^\d{1,3}$/.test(lenText) || BigInt(lenText) > bits) return bad(text, 'bad CIDR prefix length');
  const hostBits = bits - BigInt(lenText);
  const mask = (1n << hostBits) - 1n;
  const first = ip.value & ~mask;
  return { ok: true, spec: { kind: 'interval', family: ip.family, first, last: first | mask, port, text } };
}

function parseRange(base: string, port: number | null, text: string): SpecParse {
  const dash = base.indexOf('-');
  const a = parseIp(base.slice(0, dash));
  const rightText = base.slice(dash + 1);
  if (!a) return bad(text, 'range start is not an IP address');
  let last: bigint;
  if (/^\d{1,3}$/.test(rightText) && a.family === 4) {
    // Short form 10.0.0.5-40: the end replaces the last octet.
    const n = BigInt(rightText);
    if (n > 255n) return bad(text, 'range end octet above 255');
    last = (a.value & ~255n) | n;
  } else {
    const b = parseIp(rightText);
    if (!b || b.family !== a.family) return bad(text, 'range end is not an address of the same family');
    last = b.value;
  }
  if (last < a.value) return bad(text, 'range end is before its start');
  return { ok: true, spec: { kind: 'interval', family: a.family, first: a.value, last, port, text } };
}

/** Parses one target word. Accepts host, host:port, IP, [v6]:port, CIDR, range, http(s) URL. */
export function parseTarget(raw: string): SpecParse {
  const text = raw.trim();
  if (text === '') return bad(raw, 'empty target');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return parseUrl(text);
  if (/[\s\x00-\x1f\x7f]/.test(text)) return bad(text, 'target contains spaces or control characters');
  const split = splitPort(text);
  if ('error' in split) return bad(text, split.error);
  const { base, port } = split;
  if (base.includes('/')) return parseCidr(base, port, text);
  if (base.includes('-') && parseIp(base.slice(0, base.indexOf('-')))) return parseRange(base, port, text);
  const ip = parseIp(base);
  if (ip)
    return {
      ok: true,
      spec: { kind: 'interval', family: ip.family, first: ip.value, last: ip.value, port, text },
    };
  if (HOSTNAME.test(base)) {
    return {
      ok: true,
      spec: { kind: 'host', host: base.toLowerCase().replace(/\.$/, ''), port, scheme: null, text },
    };
  }
  return bad(text, 'not a host, IP address, CIDR block, range or URL');
}

/** Number of endpoints a spec expands to (before exclusion), without expanding it. */
export function specSize(spec: TargetSpec): bigint {
  return spec.kind === 'host' ? 1n : spec.last - spec.first + 1n;
}
