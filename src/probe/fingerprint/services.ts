/**
 * @module probe/fingerprint/services
 * Which front-end virtual directories answer. Each is one GET of the directory root; an Exchange
 * front-end answers 200/302/401/403 (authentication required is the usual answer), a missing one
 * 404. The request list is data; the classification is a pure function.
 */
import type { RequestOutcome, ServiceName, ServiceState } from '../types.js';

export const SERVICE_PATHS: Record<Exclude<ServiceName, 'owa'>, string> = {
  ecp: '/ecp/',
  ews: '/EWS/Exchange.asmx',
  autodiscover: '/autodiscover/autodiscover.xml',
  mapi: '/mapi/',
  activesync: '/Microsoft-Server-ActiveSync',
};

export function serviceState(outcome: RequestOutcome): ServiceState {
  if (!outcome.ok) return 'error';
  const s = outcome.response.status;
  return s === 404 || s === 410 || s >= 500 || s < 200 ? 'absent' : 'answers';
}
