/**
 * @module parsers/events-json/json-event
 * One exported Windows event as JSON → the same `WindowsEvent` shape the EVTX reader produces,
 * so `eventLogRecord` answers the same field names for both. Three export shapes are known:
 *
 * - **Winlogbeat / Elastic (ECS)**: `winlog.event_id`, `winlog.channel`, `winlog.provider_name`,
 *   `winlog.computer_name`, `winlog.record_id`, `winlog.event_data.*`, `winlog.user_data.*`,
 *   `@timestamp`, `message` (nested or dotted keys); and Winlogbeat 5/6's top-level `event_id`,
 *   `log_name`, `source_name`, `computer_name`, `record_number`, `event_data`, `user_data`.
 * - **Flat (NXLog, OTRF Security-Datasets)**: `EventID`, `Channel`, `SourceName`, `Hostname`,
 *   `TimeCreated`/`@timestamp`/`EventTime`, `Message`, with the event data as top-level keys.
 * - **Event XML as JSON** (`evtx_dump -o json`, `{"Event":{"System":…,"EventData":…}}`).
 */
import { type WindowsEvent, setFirst } from '../evtx/index.js';
import { type JsonObject, at, first, flatten, int, isObject, text, unflatten } from './json-value.js';

const LEVELS: Record<string, number> = {
  logalways: 0,
  critical: 1,
  error: 2,
  warning: 3,
  information: 4,
  informational: 4,
  info: 4,
  verbose: 5,
};

/** Keys of the flat shape that describe the event rather than carry its data. */
const FLAT_SYSTEM_KEYS = new Set(
  [
    'SourceName',
    'ProviderName',
    'ProviderGuid',
    'Level',
    'Keywords',
    'Channel',
    'Hostname',
    'Computer',
    'TimeCreated',
    '@timestamp',
    '@version',
    'EventTime',
    'EventReceivedTime',
    'EventID',
    'Message',
    'Task',
    'Opcode',
    'OpcodeValue',
    'RecordNumber',
    'EventRecordID',
    'ExecutionProcessID',
    'ExecutionThreadID',
    'ActivityID',
    'RelatedActivityID',
    'UserID',
    'Version',
    'Category',
    'SeverityValue',
    'Severity',
    'EventType',
    'SourceModuleName',
    'SourceModuleType',
    'AccountName',
    'AccountType',
    'Domain',
    'Qualifiers',
  ].map((k) => k.toLowerCase()),
);

function levelOf(v: unknown): number | null {
  const n = int(v);
  if (n !== null) return n;
  return typeof v === 'string' ? (LEVELS[v.toLowerCase()] ?? null) : null;
}

const NAIVE_TIME = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?$/;

/** Epoch ms and the ISO text of an export's time; a time without zone is read as UTC. */
function timeOf(v: unknown): { time: number | null; timeIso: string | null } {
  if (typeof v === 'number') return { time: v, timeIso: new Date(v).toISOString() };
  if (typeof v !== 'string') return { time: null, timeIso: null };
  const iso = NAIVE_TIME.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})\d*(Z|[+-]\d\d:?\d\d)$/.exec(iso);
  const ms = Date.parse(m ? `${m[1]}${m[2]}` : iso);
  return Number.isFinite(ms) ? { time: ms, timeIso: v } : { time: null, timeIso: v };
}

function base(): WindowsEvent {
  return {
    recordId: 0,
    eventRecordId: null,
    time: null,
    timeIso: null,
    provider: null,
    providerGuid: null,
    eventId: null,
    qualifiers: null,
    version: null,
    level: null,
    task: null,
    opcode: null,
    keywords: null,
    channel: null,
    computer: null,
    userId: null,
    processId: null,
    threadId: null,
    activityId: null,
    relatedActivityId: null,
    eventData: {},
  };
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    const t = text(x);
    if (t !== undefined) setFirst(out, k, t);
  }
  return out;
}

function fromWinlogbeat(flat: JsonObject): WindowsEvent {
  const o = unflatten(flat);
  const e = base();
  const w = (p: string) => first(o, `winlog.${p}`, p);
  e.eventId = int(first(o, 'winlog.event_id', 'event_id', 'event.code'));
  e.provider = text(first(o, 'winlog.provider_name', 'source_name', 'event.provider')) ?? null;
  e.providerGuid = text(first(o, 'winlog.provider_guid', 'provider_guid')) ?? null;
  e.channel = text(first(o, 'winlog.channel', 'log_name')) ?? null;
  e.computer = text(first(o, 'winlog.computer_name', 'computer_name', 'host.name', 'host.hostname')) ?? null;
  e.eventRecordId = int(first(o, 'winlog.record_id', 'record_number'));
  e.level = levelOf(first(o, 'winlog.level', 'level', 'log.level'));
  e.task = int(w('task'));
  e.opcode = int(w('opcode'));
  e.version = int(w('version'));
  e.keywords = text(w('keywords')) ?? null;
  e.processId = int(first(o, 'winlog.process.pid', 'process_id'));
  e.threadId = int(first(o, 'winlog.process.thread.id', 'thread_id'));
  e.activityId = text(w('activity_id')) ?? null;
  e.relatedActivityId = text(w('related_activity_id')) ?? null;
  e.userId = text(first(o, 'winlog.user.identifier', 'user.identifier')) ?? null;
  Object.assign(e, timeOf(first(o, '@timestamp', 'event.created')));
  e.eventData = stringMap(first(o, 'winlog.event_data', 'event_data'));
  const userData = first(o, 'winlog.user_data', 'user_data');
  if (isObject(userData)) e.userData = flatten(userData);
  const message = text(first(o, 'message'));
  if (message !== undefined) e.message = message;
  return e;
}

function fromFlat(o: JsonObject): WindowsEvent {
  const e = base();
  e.eventId = int(o.EventID);
  e.provider = text(first(o, 'SourceName', 'ProviderName')) ?? null;
  e.providerGuid = text(o.ProviderGuid) ?? null;
  e.channel = text(o.Channel) ?? null;
  e.computer = text(first(o, 'Hostname', 'Computer')) ?? null;
  e.eventRecordId = int(first(o, 'RecordNumber', 'EventRecordID'));
  e.level = levelOf(o.Level);
  e.task = int(o.Task);
  e.opcode = int(first(o, 'OpcodeValue', 'Opcode'));
  e.version = int(o.Version);
  e.qualifiers = int(o.Qualifiers);
  e.keywords = text(o.Keywords) ?? null;
  e.processId = int(o.ExecutionProcessID);
  e.threadId = int(o.ExecutionThreadID);
  e.activityId = text(o.ActivityID) ?? null;
  e.relatedActivityId = text(o.RelatedActivityID) ?? null;
  e.userId = text(o.UserID) ?? null;
  Object.assign(e, timeOf(first(o, 'TimeCreated', '@timestamp', 'EventTime')));
  for (const [k, v] of Object.entries(o)) {
    if (FLAT_SYSTEM_KEYS.has(k.toLowerCase())) continue;
    const t = text(v);
    if (t !== undefined) setFirst(e.eventData, k, t);
  }
  const message = text(o.Message);
  if (message !== undefined) e.message = message;
  return e;
}

/** `#attributes` (evtx_dump) or `X_attributes` (separate attributes) of an element. */
function attr(sys: JsonObject, el: string, name: string): unknown {
  return first(sys, `${el}.#attributes.${name}`, `${el}_attributes.${name}`, `${el}.${name}`);
}

function elementText(v: unknown): unknown {
  return isObject(v) ? v['#text'] : v;
}

function fromEventXmlJson(ev: JsonObject): WindowsEvent {
  const e = base();
  const sys = isObject(ev.System) ? ev.System : {};
  e.eventId = int(elementText(sys.EventID));
  e.qualifiers = int(attr(sys, 'EventID', 'Qualifiers'));
  e.provider =
    text(first(sys, 'Provider.#attributes.Name', 'Provider_attributes.Name', 'Provider.Name')) ?? null;
  e.providerGuid = text(attr(sys, 'Provider', 'Guid')) ?? null;
  e.channel = text(sys.Channel) ?? null;
  e.computer = text(sys.Computer) ?? null;
  e.eventRecordId = int(sys.EventRecordID);
  e.level = int(sys.Level);
  e.task = int(sys.Task);
  e.opcode = int(sys.Opcode);
  e.version = int(sys.Version);
  e.keywords = text(sys.Keywords) ?? null;
  e.processId = int(attr(sys, 'Execution', 'ProcessID'));
  e.threadId = int(attr(sys, 'Execution', 'ThreadID'));
  e.activityId = text(attr(sys, 'Correlation', 'ActivityID')) ?? null;
  e.userId = text(attr(sys, 'Security', 'UserID')) ?? null;
  Object.assign(e, timeOf(attr(sys, 'TimeCreated', 'SystemTime')));
  const data = ev.EventData;
  if (isObject(data)) {
    // Unnamed <Data> come as {"Data": {"#text": [...]}}: number them as the EVTX reader does.
    const unnamed = elementText(data.Data);
    if (Array.isArray(unnamed) || (data.Data !== undefined && !isObject(data.Data))) {
      const list = Array.isArray(unnamed) ? unnamed : [unnamed];
      list.forEach((v, i) => setFirst(e.eventData, `param${i + 1}`, text(v) ?? ''));
    }
    for (const [k, v] of Object.entries(data)) {
      if (k === 'Data' || k.startsWith('#')) continue;
      const t = text(elementText(v));
      if (t !== undefined) setFirst(e.eventData, k, t);
    }
  }
  if (isObject(ev.UserData)) e.userData = flatten(ev.UserData);
  return e;
}

/**
 * Map one parsed JSON value to a Windows event, or null when it is not one of the known shapes.
 *
 * @example
 * const event = jsonToEvent(JSON.parse(line));
 * if (event) eventLogRecord(event, path, lineNumber).get('CommandLine');
 */
export function jsonToEvent(value: unknown): WindowsEvent | null {
  if (!isObject(value)) return null;
  if (isObject(value.Event) && isObject(value.Event.System)) return fromEventXmlJson(value.Event);
  if (at(value, 'winlog.event_id') !== undefined || at(value, 'winlog.channel') !== undefined) {
    return fromWinlogbeat(value);
  }
  if ('event_id' in value && ('log_name' in value || 'source_name' in value)) return fromWinlogbeat(value);
  if ('EventID' in value && ('Channel' in value || 'SourceName' in value || 'ProviderName' in value)) {
    return fromFlat(value);
  }
  return null;
}
