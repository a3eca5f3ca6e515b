import { describe, expect, it } from 'vitest';
import { parseTarget, specSize } from './parse-target.js';

function ok(text: string) {
  const r = parseTarget(text);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r.spec;
}

describe('parseTarget', () => {
  it('reads hosts, host:port and URLs', () => {
    expect(ok('Mail.Contoso.COM')).toMatchObject({
      kind: 'host',
      host: 'mail.contoso.com',
      port: null,
      scheme: null,
    });
    expect(ok('mail.contoso.com:8443')).toMatchObject({ kind: 'host', port: 8443 });
    expect(ok('https://mail.contoso.com/owa/')).toMatchObject({
      kind: 'host',
      host: 'mail.contoso.com',
      port: 443,
      scheme: 'https',
    });
    expect(ok('http://127.0.0.1:8080')).toMatchObject({
      kind: 'host',
      host: '127.0.0.1',
      port: 8080,
      scheme: 'http',
    });
  });

  it('reads IPv4, IPv6, CIDR and ranges as intervals', () => {
    expect(ok('127.0.0.5')).toMatchObject({
      kind: 'interval',
      family: 4,
      first: 0x7f000005n,
      last: 0x7f000005n,
    });
    expect(ok('[::1]:443')).toMatchObject({ kind: 'interval', family: 6, first: 1n, port: 443 });
    expect(specSize(ok('10.0.0.0/8'))).toBe(16_777_216n);
    expect(specSize(ok('127.0.0.1-127.0.1.0'))).toBe(256n);
    expect(specSize(ok('127.0.0.5-40'))).toBe(36n);
    expect(specSize(ok('2001:db8::/64'))).toBe(1n << 64n);
    expect(ok('10.1.2.3/24')).toMatchObject({ first: 0x0a010200n, last: 0x0a0102ffn });
  });

  it('returns bad input as a value, never throws', () => {
    for (const bad of [
      '',
      'a b',
      'host:99999',
      '10.0.0.0/33',
      '10.0.0.9-3',
      'ftp://x',
      'bad\x1b[31m',
      '-foo',
      '10.0.0.1-300',
    ]) {
      const r = parseTarget(bad);
      expect(r.ok, bad).toBe(false);
    }
  });
});
