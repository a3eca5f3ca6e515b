/**
 * @module parsers/evtx/event-fields
 * A resolved `<Event>` tree → the typed `EvtxRecord`: the `System` fields, `EventData` as a
 * name → value map (unnamed `<Data>` become `param1…`, as Winlogbeat names them), flattened
 * `UserData`, and the message of forwarded events.
 */
import { type XmlElement, type XmlNode, attrOf, childNamed, isElement, textOf } from './binxml-nodes.js';
import { setFirst } from './own-field.js';
import type { EvtxRecord } from './types.js';
import type { WindowsTime } from './windows-time.js';

function int(s: string | undefined): number | null {
  if (s === undefined || s === '') return null;
  const n = s.startsWith('0x') ? parseInt(s.slice(2), 16) : Number(s);
  return Number.isFinite(n) ? n : null;
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Epoch ms of a rendered SystemTime. The FILETIME form `YYYY-MM-DDTHH:MM:SS.fffffffZ` is read by
 * hand (it is on every record, and 7 fractional digits are more than Date.parse promises).
 */
function timeOf(s: string): number {
  if (s.length >= 24 && s[4] === '-' && s[10] === 'T' && s[19] === '.' && s.endsWith('Z')) {
    const ms = Date.UTC(
      digits(s, 0, 4),
      digits(s, 5, 7) - 1,
      digits(s, 8, 10),
      digits(s, 11, 13),
      digits(s, 14, 16),
      digits(s, 17, 19),
      digits(s, 20, 23),
    );
    if (Number.isFinite(ms)) return ms;
  }
  return Date.parse(s);
}

function text(e: XmlElement | undefined): string | null {
  return e ? textOf(e) : null;
}

function eventDataOf(e: XmlElement): Record<string, string> {
  const data: Record<string, string> = {};
  let position = 0;
  for (const c of e.children) {
    if (typeof c !== 'object' || !isElement(c)) continue;
    position++;
    // <Data Name="X"> and <ComplexData Name="X"> are both X; unnamed <Data> get their position.
    const key = attrOf(c, 'Name') || (c.name === 'Data' ? `param${position}` : c.name);
    setFirst(data, key, textOf(c));
  }
  return data;
}

function flattenInto(e: XmlElement, out: Record<string, string>): void {
  for (const [k, v] of e.attrs) setFirst(out, k, v);
  let leaf = true;
  for (const c of e.children) {
    if (typeof c === 'object' && isElement(c)) {
      leaf = false;
      flattenInto(c, out);
    }
  }
  if (leaf) setFirst(out, e.name, textOf(e));
}

function userDataOf(e: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of e.children) if (typeof c === 'object' && isElement(c)) flattenInto(c, out);
  return out;
}

/** The `<Event>` element of a record (or its first element when a log uses another root). */
export function eventElement(nodes: XmlNode[]): XmlElement | undefined {
  let first: XmlElement | undefined;
  for (const n of nodes) {
    if (typeof n === 'object' && isElement(n)) {
      if (n.name === 'Event') return n;
      first ??= n;
    }
  }
  return first;
}

/** Build the typed record from the resolved event and the record header's id and time. */
export function eventFields(
  ev: XmlElement | undefined,
  recordId: number,
  written: () => WindowsTime | null,
): EvtxRecord {
  const sys = ev && childNamed(ev, 'System');
  const provider = sys && childNamed(sys, 'Provider');
  const eventIdEl = sys && childNamed(sys, 'EventID');
  const timeCreated = sys && childNamed(sys, 'TimeCreated');
  const execution = sys && childNamed(sys, 'Execution');
  const correlation = sys && childNamed(sys, 'Correlation');
  const security = sys && childNamed(sys, 'Security');
  const systemTime = timeCreated && attrOf(timeCreated, 'SystemTime');
  const parsedTime = systemTime ? timeOf(systemTime) : NaN;
  // The record header's own time is the fallback (and only decoded when needed).
  const fallback = Number.isFinite(parsedTime) ? null : written();
  const time = Number.isFinite(parsedTime) ? parsedTime : (fallback?.ms ?? null);
  const timeIso = Number.isFinite(parsedTime) ? systemTime! : (fallback?.iso ?? null);
  const record: EvtxRecord = {
    recordId,
    eventRecordId: int(text(sys && childNamed(sys, 'EventRecordID')) ?? undefined),
    time,
    timeIso,
    provider: (provider && (attrOf(provider, 'Name') ?? attrOf(provider, 'EventSourceName'))) ?? null,
    providerGuid: (provider && attrOf(provider, 'Guid')) ?? null,
    eventId: int(text(eventIdEl) ?? undefined),
    qualifiers: int(eventIdEl && attrOf(eventIdEl, 'Qualifiers')),
    version: int(text(sys && childNamed(sys, 'Version')) ?? undefined),
    level: int(text(sys && childNamed(sys, 'Level')) ?? undefined),
    task: int(text(sys && childNamed(sys, 'Task')) ?? undefined),
    opcode: int(text(sys && childNamed(sys, 'Opcode')) ?? undefined),
    keywords: text(sys && childNamed(sys, 'Keywords')),
    channel: text(sys && childNamed(sys, 'Channel')),
    computer: text(sys && childNamed(sys, 'Computer')),
    userId: (security && attrOf(security, 'UserID')) ?? null,
    processId: int(execution && attrOf(execution, 'ProcessID')),
    threadId: int(execution && attrOf(execution, 'ThreadID')),
    activityId: (correlation && attrOf(correlation, 'ActivityID')) ?? null,
    relatedActivityId: (correlation && attrOf(correlation, 'RelatedActivityID')) ?? null,
    eventData: {},
  };
  if (!ev) return record;
  const eventData = childNamed(ev, 'EventData');
  if (eventData) record.eventData = eventDataOf(eventData);
  const userData = childNamed(ev, 'UserData');
  if (userData) record.userData = userDataOf(userData);
  const rendering = childNamed(ev, 'RenderingInfo');
  const message = rendering && childNamed(rendering, 'Message');
  if (message) record.message = textOf(message);
  return record;
}
