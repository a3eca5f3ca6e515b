/**
 * @module parsers/testing/ecp-server-log
 * Realistic Exchange ECP server logs (`Logging/ECP/Server/*.log`: TimeStamp, ServerName, EventId,
 * EventData), where ECP writes each cmdlet it ran as `S:CMD=…` inside EventData.
 */
import { ECP_SERVER_FIELDS } from '../layouts.js';
import { csvLine } from './csv-encode.js';
import { applyPlant, generatedLines, type GenerateOptions } from './log-options.js';
import type { Random } from './seeded-random.js';

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
  yield* generatedLines(options, {
    seed: 3,
    stepMs: 5000,
    header: (style, eol) =>
      style === 'bare'
        ? ECP_SERVER_FIELDS.join(',') + eol
        : [
            '#Software: Microsoft Exchange Server',
            '#Version: 15.01.2176.002',
            '#Log-type: ECP Server Log',
            `#Fields: ${ECP_SERVER_FIELDS.join(',')}`,
          ].join(eol) + eol,
    line: (r, time, _i, plant) => csvLine(applyPlant(ECP_SERVER_FIELDS, benignEcpFields(r, time), plant)),
  });
}

export function generateEcpServerLog(options: EcpServerOptions): Buffer {
  return Buffer.from([...ecpServerLines(options)].join(''), 'utf8');
}
