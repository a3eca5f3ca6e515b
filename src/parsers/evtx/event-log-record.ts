/**
 * @module parsers/evtx/event-log-record
 * A Windows event (from EVTX or from JSON lines) → the shared `LogRecord` contract, so the same
 * event rules run over both. `get()` is case-insensitive and answers the same names whichever
 * source the event came from:
 *
 * - System: `EventID`, `Provider` (= `ProviderName`, `SourceName`), `ProviderGuid`, `Channel`,
 *   `Computer` (= `Hostname`, `ComputerName`), `Level`, `Task`, `Opcode`, `Keywords`, `Version`,
 *   `Qualifiers`, `TimeCreated` (ISO 8601), `EventRecordID` (= `RecordNumber`), `UserID`,
 *   `ExecutionProcessID`, `ExecutionThreadID`, `ActivityID`, `RelatedActivityID`, `Message`.
 * - Every `EventData` name (`CommandLine`, `ParentImage`, `TargetFilename`, …; unnamed data are
 *   `param1`, `param2`, …) and every `UserData` leaf name.
 * - `Data`: all EventData values joined with newlines (for events whose data have no names).
 * - For `MSExchange CmdletLogs` events: `Cmdlet` and `Parameters` (from the data strings in EVTX,
 *   from the message text in exports that carry only the message).
 *
 * System names win over EventData names, which win over UserData and the derived names.
 */
import type { LogRecord } from '../types.js';
import type { EvtxRecord } from './types.js';

const EXCHANGE_CMDLET_PROVIDER = 'MSExchange CmdletLogs';
const CMDLET_MESSAGE = /\bCmdlet ([A-Za-z]+-[A-Za-z0-9]+), parameters ([\s\S]*?)\.?\s*$/;

function str(n: number | null): string | undefined {
  return n === null ? undefined : String(n);
}

/** The System-level names, in display order. */
function systemFields(e: EvtxRecord): [string, string | undefined][] {
  return [
    ['EventID', str(e.eventId)],
    ['Provider', e.provider ?? undefined],
    ['ProviderName', e.provider ?? undefined],
    ['SourceName', e.provider ?? undefined],
    ['ProviderGuid', e.providerGuid ?? undefined],
    ['Channel', e.channel ?? undefined],
    ['Computer', e.computer ?? undefined],
    ['Hostname', e.computer ?? undefined],
    ['ComputerName', e.computer ?? undefined],
    ['Level', str(e.level)],
    ['Task', str(e.task)],
    ['Opcode', str(e.opcode)],
    ['Keywords', e.keywords ?? undefined],
    ['Version', str(e.version)],
    ['Qualifiers', str(e.qualifiers)],
    ['TimeCreated', e.timeIso ?? undefined],
    ['EventRecordID', str(e.eventRecordId ?? e.recordId)],
    ['RecordNumber', str(e.eventRecordId ?? e.recordId)],
    ['UserID', e.userId ?? undefined],
  ];
}

function secondaryFields(e: EvtxRecord): [string, string | undefined][] {
  const out: [string, string | undefined][] = [
    ['ExecutionProcessID', str(e.processId)],
    ['ExecutionThreadID', str(e.threadId)],
    ['ActivityID', e.activityId ?? undefined],
    ['RelatedActivityID', e.relatedActivityId ?? undefined],
    ['Message', e.message],
  ];
  const values = Object.values(e.eventData);
  if (values.length > 0) out.push(['Data', values.join('\n')]);
  if (e.provider === EXCHANGE_CMDLET_PROVIDER) {
    const fromData = e.eventData.param1 !== undefined;
    const m = fromData ? null : e.message ? CMDLET_MESSAGE.exec(e.message) : null;
    out.push(['Cmdlet', fromData ? e.eventData.param1 : m?.[1]]);
    out.push(['Parameters', fromData ? e.eventData.param2 : m?.[2]]);
  }
  return out;
}

function buildIndex(e: EvtxRecord): { map: Map<string, string>; names: string[] } {
  const map = new Map<string, string>();
  const names: string[] = [];
  const add = (k: string, v: string | undefined) => {
    if (v === undefined) return;
    const key = k.toLowerCase();
    if (map.has(key)) return;
    map.set(key, v);
    names.push(k);
  };
  for (const [k, v] of systemFields(e)) add(k, v);
  for (const k in e.eventData) add(k, e.eventData[k]);
  if (e.userData) for (const k in e.userData) add(k, e.userData[k]);
  for (const [k, v] of secondaryFields(e)) add(k, v);
  return { map, names };
}

/** The event without its XML, as one line of JSON (the evidence shown for a finding). */
function rawOf(e: EvtxRecord): string {
  const { xml: _xml, ...rest } = e;
  return JSON.stringify(rest);
}

/**
 * Wrap an event as a `LogRecord` (`kind: 'event'`, `subkind` = channel).
 *
 * @param path where it came from, relative to the evidence root, forward slashes
 * @param line the file's own record number (EVTX) or the line number (JSON lines)
 * @example
 * const rec = eventLogRecord(event, 'Windows/System32/winevt/Logs/Security.evtx', event.recordId);
 * rec.get('commandline'); // same as rec.get('CommandLine')
 */
export function eventLogRecord(e: EvtxRecord, path: string, line: number | null): LogRecord {
  let index: ReturnType<typeof buildIndex> | undefined;
  const idx = () => (index ??= buildIndex(e));
  return {
    kind: 'event',
    subkind: e.channel,
    path,
    line,
    time: e.time,
    get: (field) => idx().map.get(field.toLowerCase()),
    fields: () => idx().names,
    raw: () => rawOf(e),
  };
}
