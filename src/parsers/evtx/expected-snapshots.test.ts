/**
 * Records rendered like the upstream readers' expected snapshots (copied beside the samples):
 * the Rust crate's insta snapshots (XML) and Velocidex's golden JSON. The Rust crate's XML style
 * differs in spelling only (empty elements written open/close, microsecond times, GUIDs without
 * braces), so both sides are normalised before the line-by-line comparison.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readSample } from './testing/samples.js';
import type { EvtxRecord } from './types.js';

function snapshotBody(name: string): string {
  const text = readFileSync(`${FIXTURES}omerbenamram-evtx/expected-snapshots/${name}`, 'utf8');
  // insta files: a YAML header between two '---' lines, then the value.
  return text.split(/^---$/m).slice(2).join('---').trim();
}

function canonicalXml(xml: string): string[] {
  return xml
    .replace(/<\?xml[^>]*\?>\s*/, '')
    .replace(/<(\w+)((?:\s[^>]*)?)>\s*<\/\1>/g, (m, tag: string, attrs: string) =>
      attrs.endsWith('/') ? m : `<${tag}${attrs}/>`,
    )
    .replace(/SystemTime="([^".]+)\.(\d{6})\d*Z"/g, 'SystemTime="$1.$2Z"')
    .replace(
      /\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?/g,
      (_, g: string) => g.toUpperCase(),
    )
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

function pick(file: string, eventRecordId: number | 'first'): EvtxRecord {
  const { records } = readSample(file, { xml: true });
  const r = eventRecordId === 'first' ? records[0] : records.find((x) => x.eventRecordId === eventRecordId);
  expect(r, `${file} record ${eventRecordId}`).toBeDefined();
  return r!;
}

const XML_SNAPSHOTS: [snap: string, file: string, record: number | 'first'][] = [
  ['test_record_samples__event_xml_sample.snap', 'omerbenamram-evtx/security.evtx', 'first'],
  [
    'test_record_samples__event_xml_sample_with_string_with_trailing_spaces.snap',
    'omerbenamram-evtx/security.evtx',
    2260,
  ],
  [
    'test_record_samples__event_xml_sample_with_event_data_with_attributes_and_text.snap',
    'omerbenamram-evtx/system.evtx',
    'first',
  ],
  [
    'test_record_samples__event_xml_sample_with_user_data.snap',
    'omerbenamram-evtx/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx',
    'first',
  ],
  [
    'test_record_samples__event_xml_sample_with_entity_ref.snap',
    'omerbenamram-evtx/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx',
    28,
  ],
  [
    'test_record_samples__event_xml_sample_with_entity_ref_2.snap',
    'omerbenamram-evtx/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx',
    25,
  ],
  [
    'test_record_samples__event_json_with_multiple_data_elements.snap',
    'omerbenamram-evtx/MSExchange_Management_wec.evtx',
    'first',
  ],
];

describe('XML like the Rust crate snapshots', () => {
  for (const [snap, file, record] of XML_SNAPSHOTS) {
    it(snap, () => {
      const r = pick(file, record);
      expect(canonicalXml(r.xml!)).toEqual(canonicalXml(snapshotBody(snap)));
    });
  }
});

describe('MSExchange_Management_wec.evtx (both Debian readers fail on it)', () => {
  it('renders the Set-Mailbox forwarding change with both record numbers', () => {
    const { records, errors } = readSample('omerbenamram-evtx/MSExchange_Management_wec.evtx');
    expect(errors).toEqual([]);
    expect(records).toHaveLength(1);
    const r = records[0]!;
    const json = JSON.parse(
      snapshotBody('test_record_samples__event_json_with_multiple_data_elements-2.snap'),
    );
    const data = json.Event.EventData.Data['#text'] as string[];
    expect(Object.values(r.eventData)).toEqual(data);
    expect(r.eventData.param1).toBe('Set-Mailbox');
    expect(r.provider).toBe(json.Event.System.Provider['#attributes'].Name);
    expect(r.channel).toBe('MSExchange Management');
    expect(r.eventId).toBe(1);
    expect(r.qualifiers).toBe(16384);
    expect(r.recordId).toBe(1);
    expect(r.eventRecordId).toBe(3229);
    expect(r.computer).toBe('WEC.ave.local');
    expect(r.time).toBe(Date.parse('2021-11-19T16:52:33.833Z'));
  });
});

describe('JSON snapshots, field by field', () => {
  it('event_json_with_size_t: Security_with_size_t.evtx record 196', () => {
    const r = pick('omerbenamram-evtx/Security_with_size_t.evtx', 196);
    const want = JSON.parse(snapshotBody('test_record_samples__event_json_with_size_t.snap')).Event;
    expect(r.eventData).toEqual(want.EventData);
    expect(r.eventId).toBe(want.System.EventID);
    expect(r.processId).toBe(want.System.Execution['#attributes'].ProcessID);
    expect(r.providerGuid?.toLowerCase()).toBe(want.System.Provider['#attributes'].Guid);
  });

  it('event_json_missing_string_cache_entry: the damaged string table does not change the record', () => {
    const r = pick('omerbenamram-evtx/security_bad_string_cache.evtx', 'first');
    const want = JSON.parse(
      snapshotBody('test_record_samples__event_json_missing_string_cache_entry.snap'),
    ).Event;
    expect(r.provider).toBe(want.System.Provider_attributes.Name);
    expect(r.eventId).toBe(want.System.EventID);
    expect(r.computer).toBe(want.System.Computer);
    expect(r.processId).toBe(want.System.Execution_attributes.ProcessID);
  });
});

describe('Velocidex golden output', () => {
  it('CAPI2_Operational.golden: UserData of event 70, record 707', () => {
    const golden = JSON.parse(
      readFileSync(`${FIXTURES}velocidex-evtx/expected-golden/CAPI2_Operational.golden`, 'utf8'),
    );
    const r = pick('velocidex-evtx/Microsoft-Windows-CAPI2_Operational_EventID70.evtx', 707);
    expect(r.eventId).toBe(golden.System.EventID.Value);
    expect(r.computer).toBe(golden.System.Computer);
    expect(r.userId).toBe(golden.System.Security.UserID);
    expect(r.activityId).toBe(`{${golden.System.Correlation.ActivityID}}`);
    // The golden file holds Keywords as a JSON number, so it has float precision.
    expect(Number(BigInt(r.keywords!))).toBe(golden.System.Keywords);
    expect(r.time! / 1000).toBeCloseTo(golden.System.TimeCreated.SystemTime, 2);
    const ud = golden.UserData.CryptAcquireCertificatePrivateKey;
    expect(r.userData).toMatchObject({
      fileRef: ud.Certificate.fileRef,
      subjectName: ud.Certificate.subjectName,
      ProcessName: ud.EventAuxInfo.ProcessName,
      TaskId: ud.CorrelationAuxInfo.TaskId,
      SeqNumber: ud.CorrelationAuxInfo.SeqNumber,
    });
  });

  it('Event4624_linux.golden: Security.evtx record 31880', () => {
    const golden = JSON.parse(
      readFileSync(`${FIXTURES}velocidex-evtx/expected-golden/Event4624_linux.golden`, 'utf8'),
    );
    const r = pick('velocidex-evtx/Security.evtx', 31880);
    const want: Record<string, string> = {};
    for (const [k, v] of Object.entries(golden.EventData as Record<string, unknown>)) want[k] = String(v);
    for (const [k, v] of Object.entries(want)) {
      const mine = r.eventData[k]!;
      // Velocidex prints hex and size_t values as decimal numbers, and GUIDs without braces.
      const spelled = /^0x/.test(mine) ? String(BigInt(mine)) : mine.replace(/^\{(.*)\}$/, '$1');
      expect(spelled, k).toBe(v);
    }
  });
});

describe('python-evtx regressions', () => {
  it('issue_38.evtx: HexInt64 SubjectLogonId', () => {
    const r = pick('python-evtx/issue_38.evtx', 'first');
    expect(BigInt(r.eventData.SubjectLogonId!)).toBe(0x19d3afn);
  });

  it('issue_39.evtx: record 129 SYSTEMTIME', () => {
    const r = pick('python-evtx/issue_39.evtx', 129);
    expect(r.timeIso?.startsWith('2017-04-21T07:41:17.003393')).toBe(true);
  });

  it('issue_43.evtx: record 508 with an undecodable UTF-16 string still renders', () => {
    const r = pick('python-evtx/issue_43.evtx', 508);
    expect(r.eventId).not.toBeNull();
  });

  it('dns_log_malformed.evtx: all 5 records render despite invalid ASCII in QNAME', () => {
    expect(readSample('python-evtx/dns_log_malformed.evtx').records).toHaveLength(5);
  });
});
