/**
 * Field-by-field comparison with libevtx's `evtxexport -f xml`, recorded once into
 * test/fixtures/evtx/evtxexport-sample.json by bench/evtx/record-evtxexport-sample.py.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readSample } from './testing/samples.js';
import type { EvtxRecord } from './types.js';

interface SampledEvent {
  EventRecordID: string | null;
  EventID: string | null;
  Provider: string | null;
  Channel: string | null;
  Computer: string | null;
  Level: string | null;
  SystemTime: string | null;
  EventData: Record<string, string>;
}

const recorded = JSON.parse(readFileSync(`${FIXTURES}evtxexport-sample.json`, 'utf8')) as {
  files: Record<string, { exit: number; records?: number; sample?: SampledEvent[] }>;
};

/**
 * libevtx and Windows differ only in spelling: hex padding (and decimal size_t), time digits,
 * GUID case, and the XML parser that read libevtx's output turned CR LF into LF.
 */
function norm(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (/^0x[0-9a-f]+$/i.test(v)) return BigInt(v).toString();
  if (v.includes('\r\n')) return v.replace(/\r\n/g, '\n');
  const t = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(v);
  if (t) return `${t[1]}.${(t[2] ?? '').padEnd(7, '0').slice(0, 7)}Z`;
  if (/^\{[0-9a-f-]{36}\}$/i.test(v)) return v.toUpperCase();
  return v;
}

/**
 * Values where libevtx is wrong and we are not, each checked by hand against the bytes:
 * file → EventRecordID → field → why.
 */
const LIBEVTX_WRONG: Record<string, Record<string, Record<string, string>>> = {
  'omerbenamram-evtx/Application_no_crc32.evtx': {
    '441': { ExtraInfo: 'the stored string is a single LF; libevtx drops a value that is only whitespace' },
  },
  'python-evtx/issue_39.evtx': {
    '97': { ErrorCode: 'Int32 0x80048869 is -2147186583; libevtx prints -297065' },
  },
};

function ours(r: EvtxRecord): SampledEvent {
  return {
    EventRecordID: r.eventRecordId === null ? null : String(r.eventRecordId),
    EventID: r.eventId === null ? null : String(r.eventId),
    Provider: r.provider,
    Channel: r.channel,
    Computer: r.computer,
    Level: r.level === null ? null : String(r.level),
    SystemTime: r.timeIso,
    EventData: { ...r.eventData },
  };
}

function normalised(e: SampledEvent, reference?: SampledEvent) {
  const data: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(e.EventData)) {
    // libevtx prints '<' in values unescaped, so its XML reader saw markup: compare the text.
    const markup = (reference ?? e).EventData[k]?.includes('<');
    data[k] = norm(markup ? v.replace(/<[^>]*>/g, '') : v);
  }
  return { ...e, EventRecordID: e.EventRecordID, SystemTime: norm(e.SystemTime), EventData: data };
}

describe('parity with evtxexport (libevtx), field by field', () => {
  for (const [file, rec] of Object.entries(recorded.files)) {
    if (rec.exit !== 0 || !rec.sample) continue;
    it(file, () => {
      const { records } = readSample(file);
      // Every record libevtx prints, we print too (we may recover more from damaged chunks).
      expect(records.length).toBeGreaterThanOrEqual(rec.records!);
      const byId = new Map<string, EvtxRecord[]>();
      for (const r of records) {
        const k = String(r.eventRecordId);
        byId.set(k, [...(byId.get(k) ?? []), r]);
      }
      for (const want of rec.sample!) {
        const candidates = byId.get(String(want.EventRecordID)) ?? [];
        const match = candidates.find((c) => norm(c.timeIso) === norm(want.SystemTime)) ?? candidates[0];
        expect(match, `record ${want.EventRecordID}`).toBeDefined();
        const mine = ours(match!);
        for (const field of Object.keys(LIBEVTX_WRONG[file]?.[String(want.EventRecordID)] ?? {})) {
          delete mine.EventData[field];
          delete want.EventData[field];
        }
        // libevtx leaves out elements whose optional value is empty; Windows and the Rust crate
        // keep them as empty elements (so do we).
        for (const [k, v] of Object.entries(mine.EventData))
          if (v === '' && !(k in want.EventData)) delete mine.EventData[k];
        expect(normalised(mine, mine)).toEqual(normalised(want, mine));
      }
    });
  }
});
