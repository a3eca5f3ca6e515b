import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aborts, urlDecode } from './mitigation-rules.js';
import { respondAsExchange, type LabAction } from './exchange-responder.js';
import { respondAsDecoy } from './decoy-responder.js';
import { exchangeProfile, placeHosts } from './presets.js';
import { makeSelfSignedCert } from './cert/self-signed-cert.js';
import { assertLoopback, startLab } from './lab-fleet.js';
import { parseFleet } from './read-fleet.js';

const get = (url: string, cookie = '') => ({ method: 'GET', url, cookie, host: 'mail.lab.test' });
const status = (a: LabAction): number | 'abort' => (a.abort ? 'abort' : a.status);

describe('URL Rewrite mitigation rules (microsoft-anchors.md §3.1, §3.3)', () => {
  it('EOMT aborts on either cookie pattern and nothing else', () => {
    expect(aborts(['eomt'], { requestUri: '/owa/auth/x.js', cookie: 'X-AnonResource-Backend=a' })).toBe(true);
    expect(aborts(['eomt'], { requestUri: '/owa/auth/x.js', cookie: 'X-BEResource=a/b~1' })).toBe(true);
    expect(aborts(['eomt'], { requestUri: '/owa/auth/x.js', cookie: 'X-BEResource=nothing' })).toBe(false);
    expect(aborts(['eomt'], { requestUri: '/autodiscover/powershell', cookie: '' })).toBe(false);
  });

  it('EOMTv2 final matches the URL-decoded URI; the 2022-10-03 rule is bypassed by URL encoding', () => {
    const plain = { requestUri: '/autodiscover/autodiscover.json?x=powershell', cookie: '' };
    const encoded = { requestUri: '/autodiscover/autodiscover.json?x=%50owershell', cookie: '' };
    expect(aborts(['eomtv2'], plain)).toBe(true);
    expect(aborts(['eomtv2'], encoded)).toBe(true);
    expect(aborts(['eomtv2-2022-10-03'], plain)).toBe(true);
    expect(aborts(['eomtv2-2022-10-03'], encoded)).toBe(false);
    expect(aborts(['eomtv2'], { requestUri: '/autodiscover/autodiscover.json?x=control', cookie: '' })).toBe(
      false,
    );
    expect(urlDecode('%41%zz')).toBe('A%zz');
  });
});

describe('Exchange responder', () => {
  const vuln = exchangeProfile({ product: '2016', build: '15.1.2176.2', proxyLogon: true, proxyShell: true });
  const patched = exchangeProfile({
    product: '2016',
    build: '15.1.2176.14',
    owaVersionHeader: false,
    exportToolManifest: false,
  });
  const PL = 'X-AnonResource=true; X-AnonResource-Backend=localhost/ecp/default.flt?~3;';

  it('serves the login page with the 3-part build and X-OWA-Version only when configured', () => {
    const a = respondAsExchange(vuln, get('/owa/auth/logon.aspx'));
    expect(!a.abort && a.body).toContain('/owa/auth/15.1.2176/themes/resources/favicon.ico');
    expect(!a.abort && a.headers['x-owa-version']).toBe('15.1.2176.2');
    const b = respondAsExchange(patched, get('/owa/auth/logon.aspx'));
    expect(!b.abort && b.headers['x-owa-version']).toBeUndefined();
  });

  it('answers the safe checks like a vulnerable or patched front-end', () => {
    const pl = respondAsExchange(vuln, get('/owa/auth/x.js', PL));
    expect(!pl.abort && pl.headers['x-calculatedbetarget']).toMatch(/localhost/);
    expect(status(respondAsExchange(patched, get('/owa/auth/x.js', PL)))).toBe(404);
    const ps =
      '/autodiscover/autodiscover.json?@test.com/owa/?&Email=autodiscover/autodiscover.json%3F@test.com';
    expect(status(respondAsExchange(vuln, get(ps)))).toBe(302);
    expect(status(respondAsExchange(patched, get(ps)))).toBe(400);
    expect(
      status(
        respondAsExchange(exchangeProfile({ ...vuln, mitigations: ['eomt'] }), get('/owa/auth/x.js', PL)),
      ),
    ).toBe('abort');
  });

  it('serves the manifest only when configured, refuses writes', () => {
    const m = '/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application';
    expect(status(respondAsExchange(vuln, get(m)))).toBe(200);
    expect(status(respondAsExchange(patched, get(m)))).toBe(404);
    expect(status(respondAsExchange(vuln, { ...get('/owa/auth.owa'), method: 'POST' }))).toBe(405);
  });

  it('decoys: the catch-all answers every path the same', () => {
    const a = respondAsDecoy({ kind: 'decoy', style: 'catch-all' }, get('/anything'));
    const b = respondAsDecoy({ kind: 'decoy', style: 'catch-all' }, get('/owa/auth/logon.aspx'));
    expect(a).toEqual(b);
    expect(status(respondAsDecoy({ kind: 'decoy', style: 'iis' }, get('/owa/auth/logon.aspx')))).toBe(404);
  });
});

describe('lab infrastructure', () => {
  it('makes a valid self-signed certificate with SANs (test-only key, never on disk)', () => {
    const c = makeSelfSignedCert({
      commonName: 'ex.lab.test',
      organization: 'Lab',
      altNames: ['ex.lab.test', '127.0.0.2'],
    });
    const x = new X509Certificate(c.certPem);
    expect(x.subject).toContain('CN=ex.lab.test');
    expect(x.subjectAltName).toBe('DNS:ex.lab.test, IP Address:127.0.0.2');
    expect(x.verify(x.publicKey)).toBe(true);
  });

  it('refuses any non-loopback address', async () => {
    expect(() => assertLoopback('10.0.0.1')).toThrow(/loopback/);
    expect(() => assertLoopback('0.0.0.0')).toThrow(/loopback/);
    expect(() => assertLoopback('127.3.4.5')).not.toThrow();
    await expect(startLab(placeHosts([{ kind: 'tarpit' }], '192.168.0.1', 20000))).rejects.toThrow(
      /loopback/,
    );
  });

  it('reads fleet files, filling Exchange defaults and refusing bad hosts', () => {
    const ok = parseFleet(
      JSON.stringify({
        hosts: [
          {
            address: '127.0.0.9',
            port: 8443,
            profile: { kind: 'exchange', product: '2019', build: '15.2.1118.20' },
          },
        ],
      }),
    );
    expect(ok.ok && ok.hosts[0]?.profile).toMatchObject({
      kind: 'exchange',
      owaVersionHeader: true,
      services: expect.any(Array),
    });
    expect(
      parseFleet(JSON.stringify({ hosts: [{ address: '10.0.0.1', port: 1, profile: { kind: 'tarpit' } }] }))
        .ok,
    ).toBe(false);
    expect(parseFleet('nope').ok).toBe(false);
  });
});
