import { describe, expect, it } from 'vitest';
import { assessInventory, readInventory } from './index.js';

const AS_OF = '2026-11-27';

describe('readInventory', () => {
  it('reads Export-Csv output with its #TYPE line and prefers ExSetup over AdminDisplayVersion', () => {
    const csv = [
      '#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.ExchangeServer',
      '"Name","AdminDisplayVersion","ExSetupVersion"',
      '"EX1","Version 15.1 (Build 2176.2)","15.01.2176.009"',
      '"EX2","Version 15.2 (Build 1118.7)",""',
    ].join('\r\n');
    const r = readInventory(csv, 'servers.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((x) => [x.name, x.buildText, x.buildColumn])).toEqual([
      ['EX1', '15.01.2176.009', 'ExSetupVersion'],
      ['EX2', 'Version 15.2 (Build 1118.7)', 'AdminDisplayVersion'],
    ]);
    const [ex1, ex2] = assessInventory(r.rows, AS_OF).sort((a, b) => a.name.localeCompare(b.name));
    expect(ex1!.assessment!.precision).toBe('exact');
    expect(ex1!.assessment!.vulnerabilities['CVE-2021-26855']).toBe('patched');
    expect(ex2!.assessment!.precision).toBe('cu');
    expect(ex2!.assessment!.vulnerabilities['CVE-2022-41040']).toBe('unknown');
  });

  it('reads semicolon-separated exports (European locales) and plain build columns', () => {
    const r = readInventory('Server;Build;Site\nmail1;15.2.1118.20;Paris\nmail2;15.0.1497.2;Lyon\n');
    expect(r.ok && r.rows.map((x) => x.buildText)).toEqual(['15.2.1118.20', '15.0.1497.2']);
    expect(r.ok && r.rows[0]!.extra).toEqual({ Site: 'Paris' });
  });

  it('reads JSON arrays, {servers: []} and HealthChecker VulnerabilityReport (Servers[].BuildVersion)', () => {
    const a = readInventory('[{"name":"a","build":"15.1.2507.72"}]');
    const b = readInventory(
      '{"servers":[{"Fqdn":"b.contoso.com","ExSetup":{"FileVersion":"15.02.1748.049"}}]}',
    );
    const c = readInventory('{"Servers":[{"Name":"c","BuildVersion":"15.2.1544.4","Online":true}]}');
    expect(a.ok && a.rows[0]!.buildText).toBe('15.1.2507.72');
    expect(b.ok && [b.rows[0]!.name, b.rows[0]!.buildText]).toEqual(['b.contoso.com', '15.02.1748.049']);
    expect(c.ok && c.rows[0]!.buildText).toBe('15.2.1544.4');
  });

  it('bad input: a clear error for files without a build column, counted skips for bad rows', () => {
    expect(readInventory('Name,Site\nx,y\n')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no build or version column/),
    });
    expect(readInventory('{"servers": 3}')).toMatchObject({ ok: false });
    expect(readInventory('[{"name": "x"')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid JSON/),
    });
    expect(readInventory('')).toMatchObject({ ok: false });
    const r = readInventory('Name,Build\nok,15.1.2176.2\nempty,\nbad,banana\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.skipped).toEqual([{ line: 3, reason: 'no build in this row' }]);
    const list = assessInventory(r.rows, AS_OF);
    expect(list.find((s) => s.name === 'bad')!.error).toMatch(/not an Exchange build/);
  });
});

describe('assessInventory', () => {
  it('orders the most urgent first: open campaigns, then undecided ones, then open CVEs; errors last', () => {
    const r = readInventory(
      'Name,Build\nuptodate,15.2.2562.46\nproxylogon,15.1.2176.2\ncu-only,15.1.2176\nbroken,??\nnotshell,15.2.1118.7\n',
    );
    if (!r.ok) throw new Error(r.error);
    const names = assessInventory(r.rows, AS_OF).map((s) => s.name);
    // cu-only (2016 CU19) is certainly open to ProxyToken, ProxyNotShell and OWASSRF: 3 campaigns beat notshell's 2.
    expect(names).toEqual(['proxylogon', 'cu-only', 'notshell', 'uptodate', 'broken']);
  });
});
