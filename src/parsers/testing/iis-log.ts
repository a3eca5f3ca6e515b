/**
 * @module parsers/testing/iis-log
 * Realistic IIS W3C logs (`W3SVC1/u_exYYMMDD.log`) with planted lines: the IIS 8.5+ default
 * fields, spaces in values written as `+`, `-` for empty, a header block per logging start.
 */
import { IIS_DEFAULT_FIELDS } from '../layouts.js';
import { applyPlant, generatedLines, type GenerateOptions } from './log-options.js';
import type { Random } from './seeded-random.js';

export type IisOptions = GenerateOptions;

const REQUESTS: readonly [string, string, string][] = [
  ['GET', '/owa/', '-'],
  ['POST', '/owa/service.svc', 'action=GetItem&UA=0&ID=-1&AC=1'],
  ['POST', '/EWS/Exchange.asmx', '-'],
  [
    'POST',
    '/Microsoft-Server-ActiveSync/default.eas',
    'Cmd=Sync&User=jdoe&DeviceId=ABC123&DeviceType=iPhone',
  ],
  ['POST', '/mapi/emsmdb/', 'mailboxId=0b9d@contoso.com'],
  ['GET', '/ecp/', '-'],
  ['POST', '/autodiscover/autodiscover.xml', '-'],
  ['GET', '/owa/auth/logon.aspx', 'url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=0'],
  ['GET', '/owa/auth/15.1.2176/themes/resources/favicon.ico', '-'],
];

const AGENTS = [
  'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/88.0.4324.190+Safari/537.36',
  'Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.13801;+Pro)',
  'Apple-iPhone12C1/1803.106',
  'AMProbe/Local/ClientAccess',
];

/** A benign IIS line as field → value. */
export function benignIisFields(r: Random, time: number): Record<string, string> {
  const iso = new Date(time).toISOString();
  const [method, stem, query] = r.pick(REQUESTS);
  return {
    date: iso.slice(0, 10),
    time: iso.slice(11, 19),
    's-ip': '10.0.0.10',
    'cs-method': method,
    'cs-uri-stem': stem,
    'cs-uri-query': query,
    's-port': '443',
    'cs-username': r.next() < 0.7 ? `CONTOSO\\${r.pick(['jdoe', 'asmith', 'bwayne'])}` : '-',
    'c-ip': `10.0.${r.int(8)}.${1 + r.int(250)}`,
    'cs(User-Agent)': r.pick(AGENTS),
    'cs(Referer)': '-',
    'sc-status': r.next() < 0.93 ? '200' : r.pick(['302', '401', '404']),
    'sc-substatus': '0',
    'sc-win32-status': '0',
    'time-taken': String(1 + r.int(900)),
  };
}

function headerBlock(eol: string, time: number): string {
  const at = new Date(time).toISOString().replace('T', ' ').slice(0, 19);
  return (
    [
      '#Software: Microsoft Internet Information Services 10.0',
      '#Version: 1.0',
      `#Date: ${at}`,
      `#Fields: ${IIS_DEFAULT_FIELDS.join(' ')}`,
    ].join(eol) + eol
  );
}

/** IIS writes a value's spaces as `+` and an empty value as `-`. */
export function iisValue(value: string): string {
  return value === '' ? '-' : value.replace(/ /g, '+');
}

export function* iisLines(options: IisOptions): Generator<string> {
  yield* generatedLines(options, {
    seed: 2,
    stepMs: 1000,
    header: (style, eol, time) =>
      style === 'bare' ? IIS_DEFAULT_FIELDS.join(' ') + eol : headerBlock(eol, time),
    line: (r, time, _i, plant) =>
      applyPlant(IIS_DEFAULT_FIELDS, benignIisFields(r, time), plant).map(iisValue).join(' '),
  });
}

export function generateIisLog(options: IisOptions): Buffer {
  return Buffer.from([...iisLines(options)].join(''), 'utf8');
}
