import { describe, expect, it } from 'vitest';
import { defaultChecks, parseChecks } from './load-checks.js';
import { evaluateCheck } from './evaluate-check.js';
import { runChecks } from './run-checks.js';
import { webshellUrlPaths, loadWebshellPaths } from './webshell-paths.js';
import type { HttpSession } from '../http/session.js';
import type { ProbeRequest, RequestOutcome } from '../types.js';

const respond = (status: number, headers: Record<string, string> = {}): RequestOutcome => ({
  ok: true,
  response: { status, headers, body: '', truncated: false, httpVersion: '1.1' },
});
const aborted: RequestOutcome = { ok: false, error: { code: 'aborted', message: 'socket hang up' } };
const check = (id: string) => {
  const c = defaultChecks().find((x) => x.id === id);
  if (!c) throw new Error(id);
  return c;
};

describe('shipped safe-check pack', () => {
  it('is valid and only ever GETs', () => {
    const checks = defaultChecks();
    expect(checks.length).toBeGreaterThanOrEqual(4);
    for (const c of checks) {
      expect(c.request.method).toBe('GET');
      if (c.control) expect(c.control.method).toBe('GET');
    }
  });

  it('rejects a pack that would POST', () => {
    const bad = JSON.stringify({
      checks: [{ ...check('proxyshell-ssrf'), request: { method: 'POST', path: '/ecp/x' } }],
    });
    const r = parseChecks(bad);
    expect(r.ok).toBe(false);
    expect(parseChecks('{').ok).toBe(false);
  });
});

describe('verdict rules', () => {
  it('ProxyLogon: X-CalculatedBETarget with localhost is vulnerable whatever the status (CSS-Exchange #171)', () => {
    const c = check('proxylogon-ssrf');
    expect(
      evaluateCheck(c, respond(500, { 'x-calculatedbetarget': 'localhost/owa/auth/logon.aspx' }), null)
        .verdict,
    ).toBe('vulnerable');
    expect(evaluateCheck(c, respond(302, { 'x-calculatedbetarget': 'LOCALHOST' }), null).verdict).toBe(
      'vulnerable',
    );
    expect(evaluateCheck(c, respond(404), null).verdict).toBe('patched');
  });

  it('an abort is a mitigation only when the trigger-free control is answered', () => {
    const c = check('proxylogon-ssrf');
    expect(evaluateCheck(c, aborted, respond(404)).verdict).toBe('mitigated');
    const r = evaluateCheck(c, aborted, aborted);
    expect(r.verdict).toBe('inconclusive');
    expect(r.evidence).toMatch(/control/);
  });

  it('ProxyShell: 302 vulnerable, 400 patched, else inconclusive', () => {
    const c = check('proxyshell-ssrf');
    expect(evaluateCheck(c, respond(302), null).verdict).toBe('vulnerable');
    expect(evaluateCheck(c, respond(400), null).verdict).toBe('patched');
    expect(evaluateCheck(c, respond(200), null).verdict).toBe('inconclusive');
    expect(evaluateCheck(c, { ok: false, error: { code: 'timeout', message: 't' } }, null).verdict).toBe(
      'inconclusive',
    );
  });
});

describe('web-shell paths from path indicators', () => {
  it('maps front-end Windows paths to URL paths and drops the rest', () => {
    const text = [
      '2021-03-09,,C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\shell.aspx,filepath,White',
      '2021-03-09,,C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\x.aspx,filepath,White',
      '2021-03-09,,C:\\Windows\\Temp\\nc.exe,filepath,White',
      '/custom/known.aspx',
    ].join('\n');
    expect(webshellUrlPaths(text)).toEqual([
      '/owa/auth/shell.aspx',
      '/aspnet_client/system_web/x.aspx',
      '/custom/known.aspx',
    ]);
  });

  it('reads the shipped MSTIC indicators', () => {
    const r = loadWebshellPaths();
    expect(r.ok && r.paths.length).toBeGreaterThan(10);
    expect(loadWebshellPaths('/nonexistent/x.csv').ok).toBe(false);
  });
});

describe('runChecks', () => {
  /** A server with the current EOMTv2 rule: any autodiscover request naming powershell is aborted. */
  function eomtv2Server(): HttpSession & { sent: string[] } {
    const sent: string[] = [];
    return {
      origin: 'https://192.0.2.1:443',
      tls: null,
      remoteAddress: null,
      requests: 0,
      sent,
      get(req: ProbeRequest) {
        sent.push(req.path);
        return Promise.resolve(
          /autodiscover.*(powershell|%50owershell)/i.test(req.path) ? aborted : respond(200),
        );
      },
      close() {},
    };
  }

  it('sends the EOMTv2 control once for both checks that share it, and still reads both as mitigated', async () => {
    const s = eomtv2Server();
    const results = await runChecks(s, defaultChecks());
    const verdict = (id: string) => results.find((r) => r.id === id)?.verdict;
    expect(verdict('eomtv2-autodiscover-powershell')).toBe('mitigated');
    expect(verdict('eomtv2-url-encoded-bypass')).toBe('mitigated');
    expect(s.sent.filter((p) => p.endsWith('exhunt-probe=control'))).toHaveLength(1);
  });

  it('sends a control again when the earlier one was not answered', async () => {
    const s = eomtv2Server();
    const get = s.get.bind(s);
    s.get = (req) =>
      req.path.endsWith('=control') ? (s.sent.push(req.path), Promise.resolve(aborted)) : get(req);
    const defs = defaultChecks().map((d) =>
      d.id === 'eomtv2-url-encoded-bypass' ? { ...d, onlyIf: undefined } : d,
    );
    await runChecks(s, defs);
    expect(s.sent.filter((p) => p.endsWith('exhunt-probe=control'))).toHaveLength(2);
  });
});
