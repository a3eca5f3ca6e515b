/**
 * @module lab/exchange-responder
 * One request to an emulated Exchange front-end → what it does. Pure (no sockets), so every
 * branch is unit-tested. URL Rewrite rules run first, as on IIS's Default Web Site; then the
 * virtual directories: OWA, ECP (export-tool manifest), the ProxyLogon resource-cookie path,
 * autodiscover.json (ProxyShell '@' path), EWS/Autodiscover/MAPI/ActiveSync (401), else 404.
 */
import { aborts } from './mitigation-rules.js';
import { exchangeProduct } from './exchange-product.js';
import { exportToolManifest, IIS_404, logonPage } from './owa-pages.js';
import type { ExchangeProfile, LabService } from './types.js';

export interface LabRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  cookie: string;
  /** Host header (for absolute redirects). */
  host: string;
}

export type LabAction =
  { abort: true } | { abort?: false; status: number; headers: Record<string, string>; body: string };

const AUTH_REQUIRED: Record<Exclude<LabService, 'ecp'>, RegExp> = {
  ews: /^\/ews\//i,
  autodiscover: /^\/autodiscover\/autodiscover\.xml/i,
  mapi: /^\/mapi\//i,
  activesync: /^\/microsoft-server-activesync/i,
};

export function threePart(build: string): string {
  return build.split('.').slice(0, 3).join('.');
}

export function respondAsExchange(p: ExchangeProfile, req: LabRequest): LabAction {
  if (aborts(p.mitigations, { requestUri: req.url, cookie: req.cookie })) return { abort: true };
  const prod = exchangeProduct(p.product);
  const base: Record<string, string> = {
    server: prod.iis,
    'x-powered-by': 'ASP.NET',
    'x-feserver': p.serverName,
  };
  const owa: Record<string, string> = p.owaVersionHeader ? { ...base, 'x-owa-version': p.build } : base;
  const html = (status: number, body: string, headers = base): LabAction => ({
    status,
    headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
    body,
  });
  const redirect = (to: string, headers = base): LabAction => ({
    status: 302,
    headers: { ...headers, location: to, 'content-type': 'text/html; charset=utf-8' },
    body: `<html><head><title>Object moved</title></head><body><h2>Object moved to <a href="${to}">here</a>.</h2></body></html>`,
  });
  if (req.method !== 'GET' && req.method !== 'HEAD') return html(405, IIS_404);
  const [path = '/', query = ''] = req.url.split('?', 2) as [string, string?];
  const lower = path.toLowerCase();
  const origin = `https://${req.host}`;

  if (p.webshells?.some((w) => w.toLowerCase() === lower)) return html(200, '<html><body>ok</body></html>');
  if (lower === '/owa/auth/x.js') {
    const cookie = req.cookie;
    if (
      p.proxyLogon &&
      /X-AnonResource=true/i.test(cookie) &&
      /X-AnonResource-Backend=localhost/i.test(cookie)
    ) {
      const h = { ...base, 'x-calculatedbetarget': 'localhost/owa/auth/logon.aspx' };
      // Federated OWA redirects to the STS, but the header still shows the computed back-end.
      if (p.federatedAuth) return redirect('https://sts.lab.invalid/adfs/ls/?wa=wsignin1.0', h);
      return html(500, 'NegotiateSecurityContext failed with for host localhost', h);
    }
    return html(404, IIS_404);
  }
  if (lower === '/owa/auth/logon.aspx') return html(200, logonPage(prod, threePart(p.build)), owa);
  if (lower === '/owa' || lower === '/owa/') {
    return redirect(
      `${origin}/owa/auth/logon.aspx?url=${encodeURIComponent(`${origin}/owa/`)}&reason=0`,
      owa,
    );
  }
  if (
    lower.startsWith('/owa/auth/') &&
    /\.(css|js|png|ico|gif)$/.test(lower) &&
    lower.includes(threePart(p.build))
  ) {
    return { status: 200, headers: { ...owa, 'content-type': 'application/octet-stream' }, body: '' };
  }
  if (lower === '/autodiscover/autodiscover.json') {
    if (query.startsWith('@') && /owa/i.test(query)) {
      if (p.proxyShell) return redirect(`${origin}/owa/auth/errorFE.aspx?httpCode=500`, base);
      return html(400, 'Bad Request');
    }
    return p.services.includes('autodiscover')
      ? html(401, '', { ...base, 'www-authenticate': 'Negotiate, NTLM' })
      : html(404, IIS_404);
  }
  if (lower.startsWith('/ecp/')) {
    if (!p.services.includes('ecp')) return html(404, IIS_404);
    if (/^\/ecp\/[^/]+\/exporttool\/microsoft\.exchange\.ediscovery\.exporttool\.application$/i.test(path)) {
      if (!p.exportToolManifest) return html(404, IIS_404);
      return {
        status: 200,
        headers: { ...base, 'content-type': 'application/x-ms-application' },
        body: exportToolManifest(p.build),
      };
    }
    return redirect(`${origin}/owa/auth/logon.aspx?url=${encodeURIComponent(`${origin}${path}`)}&reason=0`);
  }
  for (const [svc, re] of Object.entries(AUTH_REQUIRED)) {
    if (re.test(path) || (svc !== 'autodiscover' && re.test(`${path}/`))) {
      if (!p.services.includes(svc as LabService)) return html(404, IIS_404);
      return html(401, '', { ...base, 'www-authenticate': 'Negotiate, NTLM, Basic realm="lab"' });
    }
  }
  return html(404, IIS_404);
}
