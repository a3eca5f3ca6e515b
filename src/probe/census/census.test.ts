import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Census } from './census.js';
import { IpDatabase } from './ip-database.js';
import { censusCsv, censusText } from './census-text.js';
import { censusHtml } from './census-html.js';
import { readResults } from './read-results.js';
import { emptyResult } from '../probe-target.js';
import type { ProbeResult } from '../types.js';

// Documentation ranges (RFC 5737) only: the census never contacts anything, it reads results.
const IPDB = `start,end,country,asn,as_name
192.0.2.0,192.0.2.255,DE,64500,"Example Net, GmbH"
198.51.100.0,198.51.100.255,US,64501,=cmd|' /C calc'!A0
3221226240,3221226495,FR,64502,Decimal Rows SA
not-an-ip,1.2.3.4,XX,1,bad
`;

function result(ip: string, over: Partial<ProbeResult>): ProbeResult {
  const r = emptyResult({ id: `${ip}:443`, host: ip, port: 443, scheme: null, basePath: '/' });
  return { ...r, address: ip, ...over };
}

const exch = (
  ip: string,
  product: string,
  cu: string,
  update: string | null,
  campaigns: ProbeResult['campaigns'],
  org = 'Contoso',
): ProbeResult =>
  result(ip, {
    exchange: true,
    build: '15.1.2176.2',
    buildPrecision: update ? 'exact' : 'cu',
    product,
    cu,
    update,
    campaigns,
    vulnerabilities: { 'CVE-2021-26855': campaigns.proxylogon ?? 'unknown' },
    tls: {
      subject: { O: org },
      issuer: {},
      subjectAltNames: [],
      validFrom: null,
      validTo: null,
      serialNumber: null,
      fingerprint256: null,
      protocol: null,
      selfSigned: true,
    },
  });

function sample(): Census {
  const c = new Census(IpDatabase.fromCsv(IPDB));
  c.add(exch('192.0.2.10', '2016', 'CU19', null, { proxylogon: 'vulnerable', proxyshell: 'unknown' }));
  c.add(
    exch(
      '192.0.2.11',
      '2019',
      'CU12',
      'Nov22SU',
      { proxylogon: 'patched', proxyshell: 'patched' },
      '<script>alert(1)</script>',
    ),
  );
  c.add(
    exch(
      '198.51.100.7',
      '2016',
      'CU19',
      null,
      { proxylogon: 'mitigated', proxyshell: 'vulnerable' },
      '=HYPERLINK("x")',
    ),
  );
  c.add(result('192.0.2.200', { exchange: false }));
  c.add(result('192.0.2.201', { exchange: false, error: { code: 'timeout', message: 't' } }));
  return c;
}

describe('census', () => {
  it('counts Exchange servers by release, campaign, country, network and certificate organisation', () => {
    const s = sample().s;
    expect(s).toMatchObject({
      targets: 5,
      answered: 4,
      exchange: 3,
      vulnerableAny: 2,
      errors: { timeout: 1 },
    });
    expect(s.byRelease).toEqual({ 'Exchange 2016 CU19 (SU unknown)': 2, 'Exchange 2019 CU12 Nov22SU': 1 });
    expect(s.campaigns.proxylogon).toEqual({
      vulnerable: 1,
      mitigated: 1,
      patched: 1,
      unknown: 0,
      notAffected: 0,
    });
    expect(s.byCountry).toEqual({ DE: { exchange: 2, vulnerable: 1 }, US: { exchange: 1, vulnerable: 1 } });
    expect(s.byNetwork['AS64500 Example Net, GmbH']).toEqual({ exchange: 2, vulnerable: 1 });
    expect(s.byCertOrganization.Contoso).toEqual({ exchange: 1, vulnerable: 1 });
  });

  it('user IP CSV: dotted and decimal rows, bad rows counted', () => {
    const db = IpDatabase.fromCsv(IPDB);
    expect(db.badRows).toBe(1);
    expect(db.lookup('192.0.2.5')).toEqual({ country: 'DE', asn: 64500, asName: 'Example Net, GmbH' });
    expect(db.lookup('192.0.3.5')).toMatchObject({ country: 'FR', asn: 64502 });
    expect(db.lookup('203.0.113.1')).toEqual({ country: null, asn: null, asName: null });
  });

  it('HTML is self-contained and escapes hostile names; CSV is formula-safe', () => {
    const s = sample().s;
    const html = censusHtml(s, 'Census <b>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
    const csv = censusCsv(s);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(censusText(s)).toMatch(/3 Exchange servers, 2 \(66\.7%\) vulnerable/);
  });

  it('reads jsonl and json probe output, counting foreign lines', async () => {
    const a = JSON.stringify(result('192.0.2.1', {}));
    const text = `[\n${a},\n${a}\nnot json\n{"foo":1}\n]\n`;
    let bad = 0;
    const out: ProbeResult[] = [];
    for await (const r of readResults(Readable.from([text]), () => bad++)) out.push(r);
    expect(out).toHaveLength(2);
    expect(bad).toBe(2);
  });

  it('the npm IP data packages, when installed, resolve well-known networks', () => {
    const db = IpDatabase.fromNpmPackages();
    if (!db) return; // optional dependency not installed: census says so at run time
    const google = db.lookup('8.8.8.8');
    expect(google.asn).toBe(15169);
    expect(google.country).toBe('US');
    expect(db.attribution).toMatch(/CC BY 4\.0/);
  });
});
