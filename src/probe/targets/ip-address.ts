/**
 * @module probe/targets/ip-address
 * IPv4 and IPv6 addresses as bigints, so ranges and CIDR blocks are arithmetic (a /8 is two
 * numbers, never a list). IPv4 lives in 0..2^32-1, IPv6 in its own 128-bit space.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type IpFamily = 4 | 6;

export interface IpValue {
  family: IpFamily;
  value: bigint;
}

/** Parses a literal IPv4/IPv6 address (IPv6 without brackets or zone), or returns null. */
export function parseIp(text: string): IpValue | null {
  if (isIPv4(text)) {
    let v = 0n;
    for (const part of text.split('.')) v = (v << 8n) | BigInt(Number(part));
    return { family: 4, value: v };
  }
  if (isIPv6(text)) return { family: 6, value: parseIpv6(text) };
  return null;
}

function parseIpv6(text: string): bigint {
  let head = text;
  let tailV4: bigint | null = null;
  // An embedded dotted quad (::ffff:1.2.3.4) counts as the last two groups.
  const lastColon = text.lastIndexOf(':');
  const maybeV4 = text.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    tailV4 = parseIp(maybeV4)?.value ?? 0n;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const l = left ? left.split(':') : [];
  const r = right !== undefined && right !== '' ? right.split(':') : [];
  const fill = right === undefined ? [] : new Array<string>(8 - l.length - r.length).fill('0');
  const groups = [...l, ...fill, ...r];
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(parseInt(g || '0', 16));
  if (tailV4 !== null) v = (v & ~0xffffffffn) | tailV4;
  return v;
}

/** Formats an address back to text (IPv6 compressed per RFC 5952, lower case). */
export function formatIp(ip: IpValue): string {
  if (ip.family === 4) {
    const v = ip.value;
    return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip.value >> BigInt(i * 16)) & 0xffffn));
  // Longest run (>= 2) of zero groups becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Bit width of a family's address space. */
export function familyBits(family: IpFamily): bigint {
  return family === 4 ? 32n : 128n;
}

/** True for 127.0.0.0/8 and ::1 — the only addresses exhunt's own tests and lab may use. */
export function isLoopback(ip: IpValue): boolean {
  return ip.family === 4 ? ip.value >> 24n === 127n : ip.value === 1n;
}
