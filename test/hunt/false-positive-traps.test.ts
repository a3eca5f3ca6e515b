// Benign traffic that looks like exploitation — health probes, RPS ClientInfo and WinRM sessions,
// version scanners, crawlers, normal autodiscover and ECP use, administrators' own changes — run
// through the real parsers with the shipped rules. None may raise more than an info finding.
import { describe, expect, it } from 'vitest';
import { loadLogRules, RuleSet, type RuleHit } from '../../src/detect/index.js';
import { memoryReader } from '../../src/evidence/index.js';
import { scanLog, type LogKind } from '../../src/parsers/index.js';

const { rules } = loadLogRules();
const set = new RuleSet(rules);

async function scan(
  kind: LogKind,
  subkind: string | null,
  text: string,
): Promise<{ hits: RuleHit[]; records: number }> {
  const hits: RuleHit[] = [];
  let records = 0;
  await scanLog(memoryReader(Buffer.from(text)), {
    kind,
    subkind,
    path: `trap/${kind}.log`,
    onRecord: (rec) => {
      records++;
      hits.push(...set.match(rec));
    },
  });
  return { hits, records };
}

const severityOf = (h: RuleHit): string => set.rule(h.rule)?.severity ?? '?';
const loud = (hits: RuleHit[]): string[] =>
  hits.filter((h) => severityOf(h) !== 'info').map((h) => `${h.rule}: ${h.evidence}`);

const IIS_FIELDS =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n';
const iis = (
  method: string,
  stem: string,
  query: string,
  user: string,
  ip: string,
  ua: string,
  status: string,
): string =>
  `2022-12-01 08:00:00 10.0.0.10 ${method} ${stem} ${query} 443 ${user} ${ip} ${ua} - ${status} 0 0 12\n`;

const IIS_TRAPS = [
  iis(
    'GET',
    '/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application',
    '-',
    '-',
    '192.0.2.50',
    'Mozilla/5.0+zgrab/0.x',
    '200',
  ),
  iis('GET', '/owa/healthcheck.htm', '-', '-', '127.0.0.1', 'AMProbe/Local/ClientAccess', '200'),
  iis('GET', '/ecp/healthcheck.htm', '-', '-', '127.0.0.1', 'AMProbe/Local/ClientAccess', '200'),
  iis(
    'POST',
    '/owa/HealthMailbox6e1a0f@contoso.com/powershell',
    'clientApplication=ActiveMonitor',
    'CONTOSO\\HealthMailbox6e1a0f',
    '10.0.0.10',
    'Microsoft+WinRM+Client',
    '200',
  ),
  iis('POST', '/owa/admin@contoso.com/powershell', '-', 'CONTOSO\\admin', '10.0.0.11', 'ClientInfo', '200'),
  iis('POST', '/owa/probe@contoso.com/powershell', '-', '-', '10.0.0.10', 'Exchange+BackEnd+Probes', '200'),
  iis(
    'POST',
    '/powershell',
    'clientApplication=ActiveMonitor;PSVersion=5.1.17763.1',
    'CONTOSO\\HealthMailbox6e1a0f',
    '10.0.0.10',
    'Microsoft+WinRM+Client',
    '200',
  ),
  iis(
    'POST',
    '/powershell',
    'serializationLevel=Full;ExchClientVer=15.1.2176.2;clientApplication=ManagementShell',
    'CONTOSO\\admin',
    '10.0.0.11',
    'Microsoft+WinRM+Client',
    '200',
  ),
  iis(
    'POST',
    '/autodiscover/autodiscover.json',
    'Email=alice%40contoso.com&Protocol=ActiveSync&RedirectCount=1',
    'alice@contoso.com',
    '10.0.0.12',
    'Outlook-iOS/709.2226530.prod.iphone+(4.31.0)',
    '200',
  ),
  iis(
    'GET',
    '/autodiscover/autodiscover.json/v1.0/alice@contoso.com',
    'Protocol=EWS&RedirectCount=1',
    '-',
    '10.0.0.12',
    'Microsoft+Office/16.0',
    '200',
  ),
  iis('POST', '/owa/auth.owa', '-', '-', '10.0.3.4', 'Mozilla/5.0', '302'),
  iis('POST', '/owa/auth/logon.aspx', 'replaceCurrent=1', '-', '10.0.3.4', 'Mozilla/5.0', '200'),
  iis(
    'POST',
    '/ecp/RulesEditor/InboxRules.svc/NewObject',
    '-',
    'CONTOSO\\alice',
    '10.0.3.5',
    'Mozilla/5.0',
    '200',
  ),
  iis(
    'GET',
    '/owa/',
    '-',
    '-',
    '192.0.2.66',
    'Mozilla/5.0+(compatible;+Googlebot/2.1;++http://www.google.com/bot.html)',
    '302',
  ),
  iis('GET', '/owa/auth/15.1.2176/themes/resources/logon.css', '-', '-', '10.0.3.4', 'Mozilla/5.0', '200'),
  iis('GET', '/owa/auth/Current/themes/resources/logon.css', '-', '-', '10.0.3.4', 'Mozilla/5.0', '304'),
  iis(
    'GET',
    '/aspnet_client/system_web/4_0_30319/WebUIValidation.js',
    '-',
    '-',
    '10.0.3.4',
    'Mozilla/5.0',
    '200',
  ),
  iis(
    'POST',
    '/ecp/DDI/DDIService.svc/GetList',
    'schema=MailboxService&msExchEcpCanary=x',
    'CONTOSO\\admin',
    '10.0.0.11',
    'Mozilla/5.0',
    '200',
  ),
  iis(
    'POST',
    '/EWS/Exchange.asmx',
    '-',
    'CONTOSO\\alice',
    '10.0.3.6',
    'ExchangeServicesClient/15.01.2176.002',
    '200',
  ),
];

const HP_FIELDS =
  '#Fields: DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId,Protocol,UrlHost,UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization,AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName,HttpStatus,BackEndStatus,ErrorCode,Method,ProxyAction,TargetServer,TargetServerVersion,RoutingType,RoutingHint,BackEndCookie\n';
const hp = (
  protocol: string,
  stem: string,
  user: string,
  anchor: string,
  ua: string,
  cookie: string,
): string =>
  `2022-12-01T08:00:00.000Z,r,15,1,2176,2,,${protocol},mail.contoso.com,${stem},,Negotiate,True,${user},,${anchor},${ua},10.0.0.10,EX01,200,200,,POST,Proxy,ex01.contoso.local,Version 15.1 (Build 2176.2),DatabaseGuid,AnchorMailboxHeader,${cookie}\n`;

const HTTPPROXY_TRAPS = [
  hp(
    'Ecp',
    '/ecp/',
    'CONTOSO\\HealthMailbox6e1a0f',
    'ServerInfo~localhost/ecp/',
    'AMProbe/Local/ClientAccess',
    '',
  ),
  hp(
    'Owa',
    '/owa/',
    'CONTOSO\\HealthMailbox6e1a0f',
    'ServerInfo~localhost/owa/',
    'AMProbe/Local/ClientAccess',
    '',
  ),
  hp(
    'PowerShell',
    '/powershell',
    'CONTOSO\\admin',
    'SMTP:admin@contoso.com',
    'Microsoft WinRM Client',
    'Server~ex01.contoso.local~1942062522~2022-12-01T09:00:00',
  ),
  hp('PowerShell', '/powershell', 'CONTOSO\\admin', 'SMTP:admin@contoso.com', 'ClientInfo', ''),
  hp(
    'Owa',
    '/owa/HealthMailbox6e1a0f@contoso.com/powershell',
    'CONTOSO\\HealthMailbox6e1a0f',
    'SMTP:HealthMailbox6e1a0f@contoso.com',
    'Microsoft WinRM Client',
    '',
  ),
  hp(
    'Ecp',
    '/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application',
    '',
    'ServerVersion~15.1.2176.2',
    'Mozilla/5.0 zgrab',
    '',
  ),
  hp(
    'Autodiscover',
    '/autodiscover/autodiscover.json',
    'alice@contoso.com',
    'SMTP:alice@contoso.com',
    'Outlook-iOS',
    '',
  ),
];

describe('false-positive traps stay quiet', () => {
  it('IIS: health probes, RPS/WinRM, scanners, crawlers and normal use raise nothing above info', async () => {
    const { hits, records } = await scan('iis', 'W3SVC1', IIS_FIELDS + IIS_TRAPS.join(''));
    expect(records).toBeGreaterThan(0);
    expect(loud(hits)).toEqual([]);
    // The version scan is shown for context, not hidden.
    expect(hits.map((h) => h.rule)).toContain('recon-export-tool-version-scan');
  });

  it('HttpProxy: probes with ServerInfo~localhost, RPS sessions and scanners raise nothing above info', async () => {
    const { hits } = await scan('httpproxy', null, HP_FIELDS + HTTPPROXY_TRAPS.join(''));
    expect(loud(hits)).toEqual([]);
  });

  it('ECP Server: an administrator setting the real OAB URL is not reported', async () => {
    const text =
      '#Fields: TimeStamp,ServerName,EventId,EventData\n' +
      `2021-05-03T09:00:00.000Z,EX01,1,"S:CMD=Set-OabVirtualDirectory.ExternalUrl='https://mail.contoso.com/OAB'.Identity='OAB (Default Web Site)';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory"\n` +
      `2021-05-03T09:01:00.000Z,EX01,1,"S:CMD=Set-OwaVirtualDirectory.ExternalUrl='https://mail.contoso.com/owa'.Identity='owa (Default Web Site)';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OWAVirtualDirectory"\n`;
    const { hits, records } = await scan('ecp-server', null, text);
    expect(records).toBe(2);
    expect(loud(hits)).toEqual([]);
  });

  it('the traps are not vacuous: the same files with one attack line do fire', async () => {
    const attack = iis(
      'POST',
      '/owa/mastermailbox@outlook.com/powershell',
      '-',
      '-',
      '198.51.100.23',
      'python-requests/2.28.1',
      '200',
    );
    const { hits } = await scan('iis', 'W3SVC1', IIS_FIELDS + IIS_TRAPS.join('') + attack);
    expect(loud(hits).map((s) => s.split(':')[0])).toEqual(['owassrf-iis-powershell']);
  });
});
