/**
 * @module parsers/events-json/read-events-json
 * Windows events exported as JSON lines (Winlogbeat/Elastic, NXLog/OTRF, evtx_dump), from a
 * `.json`/`.jsonl`/`.ndjson` file, from the matching entries of a `.zip` (OTRF datasets ship
 * zipped), or from any `ByteReader`. Bad lines and lines that are not events are counted issues,
 * never exceptions.
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { type ByteReader, fileHandleReader, streamReader } from '../../evidence/index.js';
import type { ParseIssue } from '../types.js';
import type { WindowsEvent } from '../evtx/index.js';
import { jsonToEvent } from './json-event.js';
import { readLines } from './json-lines.js';

export type EventsJsonResult =
  { ok: true; event: WindowsEvent; path: string; line: number } | { ok: false; issue: ParseIssue };

export interface EventsJsonSummary {
  lines: number;
  events: number;
  /** Lines that are JSON but not a known event shape. */
  notEvents: number;
  issues: number;
  first: number | null;
  last: number | null;
}

const JSON_ENTRY = /\.(jsonl?|ndjson)$/i;

function reason(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!;
}

/** Events of one JSON-lines source; `path` names it in results and issues. */
async function* fromReader(
  reader: ByteReader,
  path: string,
  summary: EventsJsonSummary,
): AsyncGenerator<EventsJsonResult> {
  try {
    for await (const l of readLines(reader)) {
      summary.lines++;
      if ('tooLong' in l) {
        summary.issues++;
        yield {
          ok: false,
          issue: { path, line: l.line, kind: 'too-long', message: 'line longer than 16 MiB skipped' },
        };
        continue;
      }
      const t = l.text.trim();
      if (t === '' || t === '[' || t === ']') continue;
      let value: unknown;
      try {
        // Pretty JSON arrays of events put one object per line with a trailing comma.
        value = JSON.parse(t.endsWith(',') ? t.slice(0, -1) : t);
      } catch (err) {
        summary.issues++;
        yield {
          ok: false,
          issue: { path, line: l.line, kind: 'damaged', message: `not JSON: ${reason(err)}` },
        };
        continue;
      }
      const event = jsonToEvent(value);
      if (!event) {
        summary.notEvents++;
        continue;
      }
      event.recordId = event.eventRecordId ?? l.line;
      summary.events++;
      if (event.time !== null) {
        if (summary.first === null || event.time < summary.first) summary.first = event.time;
        if (summary.last === null || event.time > summary.last) summary.last = event.time;
      }
      yield { ok: true, event, path, line: l.line };
    }
  } catch (err) {
    summary.issues++;
    yield {
      ok: false,
      issue: { path, line: null, kind: 'unreadable', message: `read failed: ${reason(err)}` },
    };
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/** A reader over a file on disk (the evidence module's handle reader). */
async function fileReader(path: string): Promise<ByteReader> {
  return fileHandleReader(await open(path, 'r'));
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    ),
  );
}

async function* fromZip(path: string, summary: EventsJsonSummary): AsyncGenerator<EventsJsonResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (err) {
    summary.issues++;
    yield {
      ok: false,
      issue: { path, line: null, kind: 'unreadable', message: `cannot open zip: ${reason(err)}` },
    };
    return;
  }
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(null));
        zip.once('error', reject);
        zip.readEntry();
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) break;
      if (!JSON_ENTRY.test(entry.fileName)) continue;
      const name = `${path}/${entry.fileName}`;
      let stream: Readable;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (err) {
        summary.issues++;
        yield { ok: false, issue: { path: name, line: null, kind: 'unreadable', message: reason(err) } };
        continue;
      }
      yield* fromReader(streamReader(stream), name, summary);
    }
  } catch (err) {
    summary.issues++;
    yield { ok: false, issue: { path, line: null, kind: 'damaged', message: `zip: ${reason(err)}` } };
  } finally {
    zip.close();
  }
}

/** A JSON-lines events source being read: iterate it; read `summary` afterwards. */
export class EventsJsonFile implements AsyncIterable<EventsJsonResult> {
  readonly summary: EventsJsonSummary = {
    lines: 0,
    events: 0,
    notEvents: 0,
    issues: 0,
    first: null,
    last: null,
  };

  constructor(private readonly produce: (summary: EventsJsonSummary) => AsyncGenerator<EventsJsonResult>) {}

  [Symbol.asyncIterator](): AsyncGenerator<EventsJsonResult> {
    return this.produce(this.summary);
  }
}

/**
 * Read exported events from a JSON-lines file or a zip of them.
 *
 * @example
 * const file = readEventsJsonFile('proxylogon_ssrf_rce_poc.zip');
 * for await (const r of file) if (r.ok) eventLogRecord(r.event, r.path, r.line);
 */
export function readEventsJsonFile(path: string): EventsJsonFile {
  if (/\.zip$/i.test(path)) return new EventsJsonFile((s) => fromZip(path, s));
  return new EventsJsonFile(async function* (s) {
    let reader: ByteReader;
    try {
      reader = await fileReader(path);
    } catch (err) {
      s.issues++;
      yield {
        ok: false,
        issue: { path, line: null, kind: 'unreadable', message: `cannot open: ${reason(err)}` },
      };
      return;
    }
    yield* fromReader(reader, path, s);
  });
}

/** Read exported events from any sequential `ByteReader` (closed at the end). */
export function readEventsJsonReader(reader: ByteReader, path: string): EventsJsonFile {
  return new EventsJsonFile((s) => fromReader(reader, path, s));
}
