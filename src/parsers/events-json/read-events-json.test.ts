import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventLogRecord } from '../evtx/index.js';
import type { LogRecord } from '../types.js';
import { jsonToEvent } from './json-event.js';
import { readEventsJsonFile } from './read-events-json.js';

const FIX = fileURLToPath(new URL('../../../test/fixtures/events-json/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'exhunt-events-json-'));

async function records(path: string) {
  const file = readEventsJsonFile(path);
  const out: LogRecord[] = [];
  const issues = [];
  for await (const r of file) {
    if (r.ok) out.push(eventLogRecord(r.event, r.path, r.line));
    else issues.push(r.issue);
  }
  return { out, issues, summary: file.summary };
}

/** The three ProxyLogon facts the event rules must find, read through `get()` only. */
function proxyLogonFacts(recs: LogRecord[]) {
  const oab = recs.find(
    (r) =>
      r.get('Channel') === 'MSExchange Management' &&
      r.get('Cmdlet') === 'Set-OabVirtualDirectory' &&
      /eval\(Request/.test(r.get('Parameters') ?? ''),
  );
  const aspx = recs.find(
    (r) =>
      r.get('EventID') === '11' &&
      r.get('Provider') === 'Microsoft-Windows-Sysmon' &&
      /\\ohyeah\.aspx$/i.test(r.get('TargetFilename') ?? ''),
  );
  const whoamiSysmon = recs.find(
    (r) =>
      r.get('EventID') === '1' &&
      /\\w3wp\.exe$/i.test(r.get('ParentImage') ?? '') &&
      /whoami/i.test(r.get('CommandLine') ?? ''),
  );
  const whoami4688 = recs.find(
    (r) =>
      r.get('EventID') === '4688' &&
      /\\w3wp\.exe$/i.test(r.get('ParentProcessName') ?? '') &&
      r.get('CommandLine') === 'cmd /c whoami',
  );
  return { oab, aspx, whoamiSysmon, whoami4688 };
}

describe('OTRF ProxyLogon dataset (flat NXLog-style JSON lines)', { timeout: 120_000 }, () => {
  it('key events: Set-OabVirtualDirectory web shell, ohyeah.aspx write, w3wp → cmd /c whoami, with times', async () => {
    const { out, issues, summary } = await records(`${FIX}proxylogon_ssrf_rce_poc.key-events.jsonl`);
    expect(issues).toEqual([]);
    expect(summary.events).toBe(14);
    expect(out.every((r) => r.kind === 'event' && r.time !== null)).toBe(true);
    const f = proxyLogonFacts(out);
    expect(f.oab?.get('Parameters')).toContain(
      '-ExternalUrl "http://ffff/#<script language="JScript" runat="server">',
    );
    expect(f.oab?.time).toBe(Date.parse('2021-03-14T01:40:12.987Z'));
    expect(f.oab?.subkind).toBe('MSExchange Management');
    expect(f.aspx?.get('TargetFilename')).toBe(
      'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\ohyeah.aspx',
    );
    expect(f.aspx?.get('Image')).toBe('System');
    expect(f.aspx?.time).toBe(Date.parse('2021-03-14T01:40:13.660Z'));
    expect(f.whoami4688?.time).toBe(Date.parse('2021-03-14T01:40:15.338Z'));
    expect(f.whoami4688?.get('Computer')).toBe('MXS01.azsentinel.local');
    expect(f.whoami4688?.get('Hostname')).toBe('MXS01.azsentinel.local');
    expect(f.whoamiSysmon?.get('ParentCommandLine')).toMatch(/w3wp\.exe/i);
    // Field names are case-insensitive and the event's own data wins over System extras.
    expect(f.whoami4688?.get('processid')).toBe('0x2a5c');
  });

  it('the whole zipped dataset (10,487 events) streams from the zip with the same findings', async () => {
    const { out, issues, summary } = await records(`${FIX}proxylogon_ssrf_rce_poc.zip`);
    expect(issues).toEqual([]);
    expect(summary.events).toBe(10487);
    expect(summary.notEvents).toBe(0);
    const f = proxyLogonFacts(out);
    expect(f.oab).toBeDefined();
    expect(f.aspx).toBeDefined();
    expect(f.whoamiSysmon).toBeDefined();
    expect(f.whoami4688).toBeDefined();
    expect(f.aspx!.path).toMatch(
      /proxylogon_ssrf_rce_poc\.zip\/proxylogon_ssrf_rce_poc_2021-03-14T01401970\.json$/,
    );
  });
});

describe('bad input is counted, never thrown', () => {
  it('damaged lines, non-events, a missing file', async () => {
    const p = join(tmp, 'mixed.jsonl');
    writeFileSync(
      p,
      '{"EventID": 4688, "Channel": "Security", "CommandLine": "x"}\n{not json\n{"hello": 1}\n\n',
    );
    const { out, issues, summary } = await records(p);
    expect(out).toHaveLength(1);
    expect(issues.map((i) => [i.kind, i.line])).toEqual([['damaged', 2]]);
    expect(summary).toMatchObject({ lines: 4, events: 1, notEvents: 1, issues: 1 });
    const missing = await records(join(tmp, 'missing.jsonl'));
    expect(missing.issues[0]).toMatchObject({ kind: 'unreadable' });
    expect(missing.issues[0]!.message).toMatch(/ENOENT/);
  });

  it('a line over the limit is skipped and counted', async () => {
    const p = join(tmp, 'long.jsonl');
    writeFileSync(
      p,
      `{"EventID": 1, "Channel": "x", "A": "${'a'.repeat(17 * 1024 * 1024)}"}\n{"EventID": 2, "Channel": "x"}\n`,
    );
    const { out, issues } = await records(p);
    expect(issues.map((i) => i.kind)).toEqual(['too-long']);
    expect(out.map((r) => r.get('EventID'))).toEqual(['2']);
  });
});

describe('jsonToEvent shapes answer the same names as EVTX', () => {
  it('Winlogbeat (ECS, nested) with unnamed data as param1…', () => {
    const e = jsonToEvent({
      '@timestamp': '2021-11-19T16:52:33.833Z',
      message: 'Cmdlet succeeded.',
      winlog: {
        channel: 'MSExchange Management',
        provider_name: 'MSExchange CmdletLogs',
        event_id: '1',
        computer_name: 'EX01.corp.local',
        record_id: 3229,
        event_data: {
          param1: 'New-MailboxExportRequest',
          param2: '-FilePath "\\\\ex01\\c$\\inetpub\\wwwroot\\aspnet_client\\x.aspx"',
        },
        process: { pid: 5668, thread: { id: 1 } },
      },
      log: { level: 'information' },
    })!;
    const r = eventLogRecord(e, 'winlogbeat.json', 1);
    expect(r.get('EventID')).toBe('1');
    expect(r.get('Provider')).toBe('MSExchange CmdletLogs');
    expect(r.get('Cmdlet')).toBe('New-MailboxExportRequest');
    expect(r.get('Parameters')).toContain('x.aspx');
    expect(r.get('Level')).toBe('4');
    expect(r.get('EventRecordID')).toBe('3229');
    expect(r.get('ExecutionProcessID')).toBe('5668');
    expect(r.time).toBe(Date.parse('2021-11-19T16:52:33.833Z'));
  });

  it('Winlogbeat with dotted keys, and Winlogbeat 6', () => {
    const a = jsonToEvent({
      'winlog.event_id': 4688,
      'winlog.channel': 'Security',
      'winlog.event_data.NewProcessName': 'C:\\x\\cmd.exe',
    })!;
    expect(eventLogRecord(a, 'x', 1).get('NewProcessName')).toBe('C:\\x\\cmd.exe');
    const b = jsonToEvent({
      event_id: 1102,
      log_name: 'Security',
      source_name: 'Microsoft-Windows-Eventlog',
      user_data: { LogFileCleared: { SubjectUserName: 'eve' } },
    })!;
    const rb = eventLogRecord(b, 'x', 1);
    expect(rb.get('EventID')).toBe('1102');
    expect(rb.get('SubjectUserName')).toBe('eve');
  });

  it('evtx_dump JSON (Event/System/EventData) with unnamed data', () => {
    const e = jsonToEvent({
      Event: {
        System: {
          Provider: { '#attributes': { Name: 'MSExchange CmdletLogs' } },
          EventID: { '#attributes': { Qualifiers: '16384' }, '#text': '1' },
          Channel: 'MSExchange Management',
          Computer: 'WEC.ave.local',
          EventRecordID: '3229',
          TimeCreated: { '#attributes': { SystemTime: '2021-11-19T16:52:33.833733500Z' } },
        },
        EventData: { Data: { '#text': ['Set-Mailbox', '-Identity "Administrateur"'] } },
      },
    })!;
    const r = eventLogRecord(e, 'x', 1);
    expect(r.get('Cmdlet')).toBe('Set-Mailbox');
    expect(r.get('param2')).toBe('-Identity "Administrateur"');
    expect(r.get('Qualifiers')).toBe('16384');
    expect(r.time).toBe(Date.parse('2021-11-19T16:52:33.833Z'));
  });

  it('anything else is not an event', () => {
    expect(jsonToEvent({ a: 1 })).toBeNull();
    expect(jsonToEvent([1, 2])).toBeNull();
    expect(jsonToEvent('EventID')).toBeNull();
  });
});

describe('hostile field names', () => {
  it('__proto__ and constructor are ordinary fields, in flat and dotted shapes', () => {
    const flat = jsonToEvent(
      JSON.parse('{"EventID": 1, "Channel": "x", "__proto__": "p", "constructor": "c"}'),
    )!;
    const r = eventLogRecord(flat, 'x', 1);
    expect(r.get('__proto__')).toBe('p');
    expect(r.get('constructor')).toBe('c');
    expect(Object.getPrototypeOf(flat.eventData)).toBe(Object.prototype);
    const dotted = jsonToEvent(
      JSON.parse(
        '{"winlog.channel": "x", "winlog.event_data.__proto__.polluted": "yes", "winlog.event_data.toString": "t"}',
      ),
    )!;
    expect(eventLogRecord(dotted, 'x', 1).get('toString')).toBe('t');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
