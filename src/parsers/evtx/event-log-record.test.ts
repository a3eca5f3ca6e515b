import { describe, expect, it } from 'vitest';
import { eventLogRecord } from './event-log-record.js';
import { readSample } from './testing/samples.js';

describe('eventLogRecord: EVTX events through the shared LogRecord contract', () => {
  it('MSExchange_Management_wec.evtx: System fields, data strings and the cmdlet', () => {
    const [e] = readSample('omerbenamram-evtx/MSExchange_Management_wec.evtx').records;
    const rec = eventLogRecord(e!, 'Logs/MSExchange Management.evtx', e!.recordId);
    expect(rec.kind).toBe('event');
    expect(rec.subkind).toBe('MSExchange Management');
    expect(rec.line).toBe(1);
    expect(rec.time).toBe(e!.time);
    expect(rec.get('EventID')).toBe('1');
    expect(rec.get('eventid')).toBe('1');
    expect(rec.get('Provider')).toBe('MSExchange CmdletLogs');
    expect(rec.get('ProviderName')).toBe('MSExchange CmdletLogs');
    expect(rec.get('Channel')).toBe('MSExchange Management');
    expect(rec.get('Computer')).toBe('WEC.ave.local');
    expect(rec.get('EventRecordID')).toBe('3229');
    expect(rec.get('Cmdlet')).toBe('Set-Mailbox');
    expect(rec.get('Parameters')).toContain('-ForwardingSmtpAddress "smtp:test2@example.com"');
    expect(rec.get('param7')).toBe('5668 w3wp#MSExchangePowerShellAppPool');
    expect(rec.get('Data')).toContain('Set-Mailbox\n-Identity');
    expect(rec.get('NoSuchField')).toBeUndefined();
    expect(rec.fields()).toContain('param27');
    expect(JSON.parse(rec.raw()).eventData.param1).toBe('Set-Mailbox');
  });

  it('sysmon.evtx: EventData names are fields, and EventData wins over System extras', () => {
    const records = readSample('omerbenamram-evtx/sysmon.evtx').records;
    const create = records.find((r) => r.eventId === 1)!;
    const rec = eventLogRecord(create, 'sysmon.evtx', create.recordId);
    expect(rec.get('Image')).toBe(create.eventData.Image);
    expect(rec.get('commandline')).toBe(create.eventData.CommandLine);
    expect(rec.get('ParentImage')).toMatch(/\.exe$/i);
    expect(rec.get('ProcessId')).toBe(create.eventData.ProcessId);
    expect(rec.get('ExecutionProcessID')).toBe(String(create.processId));
    expect(rec.get('TimeCreated')).toBe(create.timeIso);
    expect(rec.get('Level')).toBe('4');
  });

  it('CAPI2 UserData leaves are fields', () => {
    const [e] = readSample('velocidex-evtx/Microsoft-Windows-CAPI2_Operational_EventID70.evtx').records;
    const rec = eventLogRecord(e!, 'capi2.evtx', 1);
    expect(rec.get('ProcessName')).toBe('RuntimeBroker.exe');
    expect(rec.get('UserID')).toBe('S-1-5-21-1332095402-2705258134-1427695613-1001');
  });
});
