/**
 * @module lab/decoy-responder
 * Servers that are not Exchange: a plain IIS start page, and a catch-all honeypot that answers
 * every path with the same "Outlook" page and Exchange-looking headers (even an OWA resource
 * path). The probe must call both "not Exchange".
 */
import { IIS_404, IIS_START, logonPage } from './owa-pages.js';
import { exchangeProduct } from './exchange-product.js';
import type { LabAction, LabRequest } from './exchange-responder.js';
import type { DecoyProfile } from './types.js';

export function respondAsDecoy(p: DecoyProfile, req: LabRequest): LabAction {
  const headers = { server: 'Microsoft-IIS/10.0', 'content-type': 'text/html; charset=utf-8' };
  if (p.style === 'catch-all') {
    return {
      status: 200,
      headers: { ...headers, 'x-feserver': 'HONEYPOT01' },
      body: logonPage(exchangeProduct('2016'), '15.1.2176'),
    };
  }
  const path = req.url.split('?')[0];
  return path === '/' || path === '/iisstart.htm'
    ? { status: 200, headers, body: IIS_START }
    : { status: 404, headers, body: IIS_404 };
}
