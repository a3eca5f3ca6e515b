/**
 * @module parsers/layouts
 * Field layouts a log falls back to when it has no header (a header-less copy, a fragment cut out
 * of a larger file). Taken from the `#Fields:` lines Exchange and IIS write; a file's own header
 * always wins over these.
 */
import type { LogKind } from './types.js';

/** Exchange 2013–2019 HttpProxy (Logging/HttpProxy/<Protocol>/*.log), in log order. */
// prettier-ignore
export const HTTPPROXY_FIELDS: readonly string[] = [
  'DateTime', 'RequestId', 'MajorVersion', 'MinorVersion', 'BuildVersion', 'RevisionVersion', 'ClientRequestId',
  'Protocol', 'UrlHost', 'UrlStem', 'ProtocolAction', 'AuthenticationType', 'IsAuthenticated', 'AuthenticatedUser',
  'Organization', 'AnchorMailbox', 'UserAgent', 'ClientIpAddress', 'ServerHostName', 'HttpStatus', 'BackEndStatus',
  'ErrorCode', 'Method', 'ProxyAction', 'TargetServer', 'TargetServerVersion', 'RoutingType', 'RoutingHint',
  'BackEndCookie', 'ServerLocatorHost', 'ServerLocatorLatency', 'RequestBytes', 'ResponseBytes',
  'TargetOutstandingRequests', 'AuthModulePerfContext', 'HttpPipelineLatency', 'CalculateTargetBackEndLatency',
  'GlsLatencyBreakup', 'TotalGlsLatency', 'AccountForestLatencyBreakup', 'TotalAccountForestLatency',
  'ResourceForestLatencyBreakup', 'TotalResourceForestLatency', 'ADLatency', 'SharedCacheLatencyBreakup',
  'TotalSharedCacheLatency', 'ActivityContextLifeTime', 'ModuleToHandlerSwitchingLatency', 'ClientReqStreamLatency',
  'BackendReqInitLatency', 'BackendReqStreamLatency', 'BackendProcessingLatency', 'BackendRespInitLatency',
  'BackendRespStreamLatency', 'ClientRespStreamLatency', 'KerberosAuthHeaderLatency', 'HandlerCompletionLatency',
  'RequestHandlerLatency', 'HandlerToModuleSwitchingLatency', 'ProxyTime', 'CoreLatency', 'RoutingLatency',
  'HttpProxyOverhead', 'TotalRequestTime', 'RouteRefresherLatency', 'UrlQuery', 'BackEndGenericInfo', 'GenericInfo',
  'GenericErrors', 'EdgeTraceId', 'DatabaseGuid', 'UserADObjectGuid', 'PartitionEndpointLookupLatency',
  'RoutingStatus',
];

/** Exchange ECP server log (Logging/ECP/Server/*.log). */
export const ECP_SERVER_FIELDS: readonly string[] = ['TimeStamp', 'ServerName', 'EventId', 'EventData'];

/** IIS 8.5+ default W3C field set (15 fields, with cs(Referer)). */
// prettier-ignore
export const IIS_DEFAULT_FIELDS: readonly string[] = [
  'date', 'time', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username', 'c-ip',
  'cs(User-Agent)', 'cs(Referer)', 'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken',
];

/** IIS 7.x default W3C field set (14 fields, no cs(Referer)). */
export const IIS_LEGACY_FIELDS: readonly string[] = IIS_DEFAULT_FIELDS.filter((f) => f !== 'cs(Referer)');

/** Delimiter byte per kind: IIS W3C is space-separated, Exchange logs are CSV. */
export function delimiterFor(kind: LogKind): number {
  return kind === 'iis' ? 0x20 : 0x2c;
}

/** Header-less fallbacks for a kind, tried by column count; empty when the kind has none. */
export function defaultLayouts(kind: LogKind): readonly (readonly string[])[] {
  switch (kind) {
    case 'httpproxy':
      return [HTTPPROXY_FIELDS];
    case 'ecp-server':
      return [ECP_SERVER_FIELDS];
    case 'iis':
      return [IIS_DEFAULT_FIELDS, IIS_LEGACY_FIELDS];
    default:
      return [];
  }
}
