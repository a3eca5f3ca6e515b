/**
 * @module parsers/testing/ecp-server-log
 * Realistic Exchange ECP server logs (`Logging/ECP/Server/*.log`: TimeStamp, ServerName, EventId,
 * EventData), where ECP writes each cmdlet it ran as `S:CMD=…` inside EventData.
 */
import { ECP_SERVER_FIELDS } from '../layouts.js';
import { csvLine } from './csv-encode.js';
import { applyPlant, DEFAULT_START, plantsByIndex, type GenerateOptions } from './log-options.js';
import { seededRandom, type Random } from './seeded-random.js';

export type EcpServerOptions = GenerateOptions;

const CMDS = [
  "Get-Mailbox.Identity=''contoso.com/Users/jdoe''",
  "Get-MailboxStatistics.Identity=''jdoe''",
  "Get-InboxRule.Mailbox=''jdoe''",
  "Get-OwaVirtualDirectory.Identity=''EX01\\owa (Default Web Site)''",
];

export function benignEcpFields(r: Random, time: number): Record<string, string> {
  return {
    TimeStamp: new Date(time).toISOString(),
    ServerName: 'EX01',
    EventId: String(r.pick([1, 2, 3])),
    EventData: `S:ActID=${r.hex(8)};S:RS=0;S:TS=0;S:CMD=${r.pick(CMDS)};S:URL=/ecp/DDI/DDIService.svc/GetList`,
  };
}

export function* ecpServerLines(options: EcpServerOptions): Generator<string> {
  const r = seededRandom(options.seed ?? 3);
  const eol = options.eol ?? '\r\n';
  const start = options.start ?? DEFAULT_START;
  const step = options.stepMs ?? 5000;
  const style = options.header ?? 'fields';
  const plants = plantsByIndex(options.plant);
  const total = Math.max(options.lines, ...(options.plant ?? []).map((p) => p.at + 1));
  if (options.bom) yield '\ufeff';
  for (let i = 0; i < total; i++) {
    const time = start + i * step;
    const repeat = options.repeatHeaderEvery && i > 0 && i % options.repeatHeaderEvery === 0;
    if (style === 'fields' && (i === 0 || repeat)) {
      yield (
        [
          '#Software: Microsoft Exchange Server',
          '#Version: 15.01.2176.002',
          '#Log-type: ECP Server Log',
          `#Fields: ${ECP_SERVER_FIELDS.join(',')}`,
        ].join(eol) + eol
      );
    }
    if (style === 'bare' && (i === 0 || repeat)) yield ECP_SERVER_FIELDS.join(',') + eol;
    yield csvLine(applyPlant(ECP_SERVER_FIELDS, benignEcpFields(r, time), plants.get(i))) + eol;
  }
}

export function generateEcpServerLog(options: EcpServerOptions): Buffer {
  return Buffer.from([...ecpServerLines(options)].join(''), 'utf8');
}
