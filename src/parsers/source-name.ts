/**
 * @module parsers/source-name
 * The name a log source goes by in coverage and reports ("HttpProxy/Owa", "ECP/Server",
 * "IIS/W3SVC1"), the same whatever drive or collection layout the files came from.
 */
import type { LogKind } from './types.js';

export function sourceName(kind: LogKind, subkind: string | null): string {
  const sub = subkind ?? '';
  switch (kind) {
    case 'httpproxy':
      return sub ? `HttpProxy/${sub}` : 'HttpProxy';
    case 'ecp-server':
      return 'ECP/Server';
    case 'oabgen':
      return 'OABGeneratorLog';
    case 'rps':
      return sub || 'RPS';
    case 'iis':
      return sub ? `IIS/${sub}` : 'IIS';
    case 'event':
      return sub ? `evtx/${sub}` : 'evtx';
  }
}
