/**
 * @module probe/fingerprint/exchange-signals
 * Is this Exchange? Weighs independent signals from the OWA login page: `X-OWA-Version`,
 * `X-FEServer`, OWA resource paths, the login form posting to `/owa/auth.owa`. A server that
 * answers 200 with the same page to a random path (a catch-all honeypot or captive portal) is a
 * decoy whatever its page says.
 */
import type { ProbeResponse } from '../types.js';

export interface ExchangeSignals {
  signals: string[];
  catchAll: boolean;
  exchange: boolean;
}

const TITLE =
  /<title>\s*(Outlook|Outlook Web App|Exchange Log In|Microsoft Exchange - Outlook Web Access)\s*<\/title>/i;

export function exchangeSignals(landing: ProbeResponse, randomPath: ProbeResponse | null): ExchangeSignals {
  const signals: string[] = [];
  if (landing.headers['x-owa-version']) signals.push('x-owa-version header');
  if (landing.headers['x-feserver']) signals.push('x-feserver header');
  if (/\/owa\/(?:auth\/)?\d{1,2}\.\d{1,2}\.\d{1,5}\//.test(landing.body)) signals.push('owa resource path');
  if (/action="\/owa\/auth\.owa"/i.test(landing.body)) signals.push('owa login form');
  if (TITLE.test(landing.body)) signals.push('owa title');
  const catchAll =
    randomPath !== null &&
    randomPath.status >= 200 &&
    randomPath.status < 300 &&
    (randomPath.body === landing.body || randomPath.body.length === landing.body.length);
  // Two independent signals, at least one of them Exchange-specific (header or resource path).
  const specific = signals.some((s) => s !== 'owa title' && s !== 'owa login form');
  return { signals, catchAll, exchange: !catchAll && specific && signals.length >= 2 };
}
