import { describe, expect, it } from 'vitest';
import { expandTargets } from './expand-targets.js';
import { ExcludeList } from './exclude-list.js';
import { parseTarget, type TargetSpec } from './parse-target.js';

const spec = (t: string): TargetSpec => {
  const r = parseTarget(t);
  if (!r.ok) throw new Error(r.error);
  return r.spec;
};

async function take<T>(it: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) {
    out.push(x);
    if (out.length >= n) break;
  }
  return out;
}

describe('expandTargets', () => {
  it('is lazy: the first targets of a /8 and a /64 come at once', async () => {
    const t0 = Date.now();
    const a = await take(expandTargets([spec('10.0.0.0/8')]), 3);
    const b = await take(expandTargets([spec('2001:db8::/64')]), 2);
    expect(a.map((t) => t.id)).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.2']);
    expect(b.map((t) => t.host)).toEqual(['2001:db8::', '2001:db8::1']);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('keeps ports and brackets IPv6 ids', async () => {
    const all = await take(expandTargets([spec('127.0.0.1-2:8443'), spec('[::1]:443')]), 10);
    expect(all.map((t) => t.id)).toEqual(['127.0.0.1:8443', '127.0.0.2:8443', '[::1]:443']);
  });

  it('exclude always wins, and excluded blocks are jumped, not walked', async () => {
    const ex = new ExcludeList([spec('10.0.0.0/9'), spec('10.200.0.0/16'), spec('mail.contoso.com')]);
    const t0 = Date.now();
    const first = await take(expandTargets([spec('10.0.0.0/8')], ex), 1);
    expect(first[0]?.id).toBe('10.128.0.0');
    expect(Date.now() - t0).toBeLessThan(1000);
    const hosts = await take(
      expandTargets([spec('mail.contoso.com'), spec('MAIL.contoso.com:443'), spec('other.test')], ex),
      5,
    );
    expect(hosts.map((t) => t.id)).toEqual(['other.test']);
    const small = await take(expandTargets([spec('10.199.255.254-10.200.0.1')], ex), 10);
    expect(small.map((t) => t.id)).toEqual(['10.199.255.254', '10.199.255.255']);
  });
});
