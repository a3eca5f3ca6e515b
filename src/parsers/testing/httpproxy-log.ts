/**
 * @module parsers/testing/httpproxy-log
 * Realistic Exchange HttpProxy logs (one protocol folder's file) with planted lines. The layout
 * is HTTPPROXY_FIELDS; values follow what Exchange writes (ISO time, GUID request ids, the
 * build in four columns, RoutingHint/BackEndCookie cookies, quoted user agents).
 */
import { HTTPPROXY_FIELDS } from '../layouts.js';
import { csvLine } from './csv-encode.js';
import { applyPlant, generatedLines, type GenerateOptions } from './log-options.js';
import { fakeGuid, type Random } from './seeded-random.js';

export interface HttpProxyOptions extends GenerateOptions {
  /** Protocol folder: Owa, Ecp, Ews, Autodiscover, Mapi, Eas, Oab, PowerShell, RpcHttp. Default Owa. */
  protocol?: string;
  /** Build written in the version columns. Default 15.1.2176.2 (2016 CU19). */
  build?: string;
  /** Switch to this build from data line `at` on (an update installed mid-file). */
  buildChange?: { at: number; build: string };
}

const STEMS: Record<string, readonly string[]> = {
  Owa: [
    '/owa/',
    '/owa/service.svc',
    '/owa/ev.owa2',
    '/owa/auth/logon.aspx',
    '/owa/prem/15.1.2176/resources/styles/fabric.color.theme.css',
  ],
  Ecp: [
    '/ecp/',
    '/ecp/default.aspx',
    '/ecp/DDI/DDIService.svc/GetList',
    '/ecp/PersonalSettings/HomePage.aspx',
  ],
  Ews: ['/EWS/Exchange.asmx', '/ews/exchange.asmx'],
  Autodiscover: ['/Autodiscover/Autodiscover.xml', '/autodiscover/autodiscover.json'],
  Mapi: ['/mapi/emsmdb/', '/mapi/nspi/'],
  Eas: ['/Microsoft-Server-ActiveSync/default.eas'],
  Oab: ['/OAB/5f3c/oab.xml'],
  PowerShell: ['/powershell'],
  RpcHttp: ['/rpc/rpcproxy.dll'],
};

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.190 Safari/537.36',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.13801; Pro)',
  'Apple-iPhone12C1/1803.106',
  'MSRPC',
  'Microsoft WinRM Client',
  'AMProbe/Local/ClientAccess',
];

const USERS = ['jdoe', 'asmith', 'bwayne', 'ckent', 'dprince', 'HealthMailbox6e1a0f'];

/** A benign HttpProxy line as field → value. */
export function benignHttpProxyFields(
  r: Random,
  time: number,
  protocol: string,
  build: string,
): Record<string, string> {
  const [major = '15', minor = '1', b = '2176', rev = '2'] = build.split('.');
  const user = r.pick(USERS);
  const server = `EX0${1 + r.int(3)}`;
  return {
    DateTime: new Date(time).toISOString(),
    RequestId: fakeGuid(r),
    MajorVersion: major,
    MinorVersion: minor,
    BuildVersion: b,
    RevisionVersion: rev,
    ClientRequestId: r.next() < 0.5 ? fakeGuid(r) : '',
    Protocol: protocol,
    UrlHost: 'mail.contoso.com',
    UrlStem: r.pick(STEMS[protocol] ?? STEMS.Owa!),
    ProtocolAction: r.pick(['GetItem', 'FindItem', 'GetFolder', '']),
    AuthenticationType: r.pick(['Negotiate', 'Basic', 'Kerberos']),
    IsAuthenticated: 'True',
    AuthenticatedUser: `CONTOSO\\${user}`,
    AnchorMailbox: `Smtp~${user}@contoso.com`,
    UserAgent: r.pick(USER_AGENTS),
    ClientIpAddress: `10.0.${r.int(8)}.${1 + r.int(250)}`,
    ServerHostName: server,
    HttpStatus: r.next() < 0.95 ? '200' : '401',
    BackEndStatus: '200',
    Method: r.next() < 0.6 ? 'POST' : 'GET',
    ProxyAction: 'Proxy',
    TargetServer: `${server.toLowerCase()}.contoso.local`,
    TargetServerVersion: `Version 15.1 (Build ${b}.${rev})`,
    RoutingType: 'BackEndCookie',
    RoutingHint: 'BackEndCookie',
    BackEndCookie: `Server~${server.toLowerCase()}.contoso.local~1942062522~${new Date(time + 3600_000).toISOString().slice(0, 19)}`,
    ServerLocatorHost: '',
    RequestBytes: String(200 + r.int(4000)),
    ResponseBytes: String(500 + r.int(40000)),
    TargetOutstandingRequests: '0',
    HttpPipelineLatency: String(r.int(20)),
    CalculateTargetBackEndLatency: String(r.int(5)),
    ActivityContextLifeTime: String(r.int(500)),
    TotalRequestTime: String(5 + r.int(900)),
    UrlQuery: r.next() < 0.3 ? `?action=${r.pick(['GetItem', 'FindItem'])}&UA=0` : '',
    GenericInfo: `OnBeginRequest=0;ProxyState-Run=None;BeginRequest=${new Date(time).toISOString()};CorrelationID=<empty>;`,
    RoutingStatus: 'DatabaseGuid-Success',
  };
}

function headerBlock(eol: string, style: 'fields' | 'bare', time: number, build: string): string {
  if (style === 'bare') return HTTPPROXY_FIELDS.join(',') + eol;
  return (
    [
      '#Software: Microsoft Exchange Server',
      `#Version: ${build}`,
      '#Log-type: HttpProxy Logs',
      `#Date: ${new Date(time).toISOString()}`,
      `#Fields: ${HTTPPROXY_FIELDS.join(',')}`,
    ].join(eol) + eol
  );
}

/** Lines (with end-of-line) of a HttpProxy log, lazily: the corpus writer streams them. */
export function* httpProxyLines(options: HttpProxyOptions): Generator<string> {
  const protocol = options.protocol ?? 'Owa';
  const first = options.build ?? '15.1.2176.2';
  const change = options.buildChange;
  const buildAt = (i: number) => (change && i >= change.at ? change.build : first);
  yield* generatedLines(options, {
    seed: 1,
    stepMs: 1500,
    header: (style, eol, time, i) => headerBlock(eol, style, time, buildAt(i)),
    line: (r, time, i, plant) =>
      csvLine(applyPlant(HTTPPROXY_FIELDS, benignHttpProxyFields(r, time, protocol, buildAt(i)), plant)),
  });
}

/** A whole HttpProxy log in memory. */
export function generateHttpProxyLog(options: HttpProxyOptions): Buffer {
  return Buffer.from([...httpProxyLines(options)].join(''), 'utf8');
}
