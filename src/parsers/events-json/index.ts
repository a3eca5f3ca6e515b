/**
 * @module parsers/events-json
 * Windows events exported as JSON (Winlogbeat/Elastic, NXLog/OTRF Security-Datasets, evtx_dump)
 * mapped to the same `WindowsEvent` the EVTX reader yields, so `eventLogRecord` (from
 * `parsers/evtx`) gives event rules the same field names whatever the source.
 */
export { jsonToEvent } from './json-event.js';
export { EventsJsonFile, readEventsJsonFile, readEventsJsonReader } from './read-events-json.js';
export type { EventsJsonResult, EventsJsonSummary } from './read-events-json.js';
