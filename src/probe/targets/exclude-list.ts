/**
 * @module probe/targets/exclude-list
 * The exclude list always wins: an address or host in it is never contacted, whether it came from
 * a CIDR block, a file, or a host name that resolved to it. Intervals are kept sorted and merged,
 * so the expander can jump over an excluded block instead of walking it.
 */
import { parseIp, type IpFamily, type IpValue } from './ip-address.js';
import type { TargetSpec } from './parse-target.js';

interface Interval {
  first: bigint;
  last: bigint;
}

export class ExcludeList {
  private readonly v4: Interval[] = [];
  private readonly v6: Interval[] = [];
  private readonly hosts = new Set<string>();

  /** Builds the list from parsed specs; ports are ignored on purpose (excluding a host excludes all its ports). */
  constructor(specs: Iterable<TargetSpec> = []) {
    for (const s of specs) {
      if (s.kind === 'host') this.hosts.add(s.host.toLowerCase());
      else (s.family === 4 ? this.v4 : this.v6).push({ first: s.first, last: s.last });
    }
    merge(this.v4);
    merge(this.v6);
  }

  /** Plain data for another thread (worker_threads cannot clone class instances). */
  serialize(): { v4: [string, string][]; v6: [string, string][]; hosts: string[] } {
    const iv = (l: Interval[]): [string, string][] => l.map((i) => [i.first.toString(), i.last.toString()]);
    return { v4: iv(this.v4), v6: iv(this.v6), hosts: [...this.hosts] };
  }

  static deserialize(d: ReturnType<ExcludeList['serialize']>): ExcludeList {
    const e = new ExcludeList();
    for (const [a, b] of d.v4) e.v4.push({ first: BigInt(a), last: BigInt(b) });
    for (const [a, b] of d.v6) e.v6.push({ first: BigInt(a), last: BigInt(b) });
    for (const h of d.hosts) e.hosts.add(h);
    return e;
  }

  get size(): number {
    return this.v4.length + this.v6.length + this.hosts.size;
  }

  hasHost(host: string): boolean {
    const ip = parseIp(host);
    if (ip) return this.hasIp(ip);
    return this.hosts.has(host.toLowerCase());
  }

  hasIp(ip: IpValue): boolean {
    return this.intervalContaining(ip.family, ip.value) !== null;
  }

  /** The last excluded address of the block containing `value`, or null when it is not excluded. */
  intervalContaining(family: IpFamily, value: bigint): bigint | null {
    const list = family === 4 ? this.v4 : this.v6;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const iv = list[mid] as Interval;
      if (value < iv.first) hi = mid - 1;
      else if (value > iv.last) lo = mid + 1;
      else return iv.last;
    }
    return null;
  }
}

function merge(list: Interval[]): void {
  list.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let w = 0;
  for (const iv of list) {
    const prev = list[w - 1];
    if (prev && iv.first <= prev.last + 1n) {
      if (iv.last > prev.last) prev.last = iv.last;
    } else list[w++] = { ...iv };
  }
  list.length = w;
}
