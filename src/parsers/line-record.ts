/**
 * @module parsers/line-record
 * LogRecord over one line of a reused read buffer. Fields are decoded only when asked for. The
 * record expires when its onRecord callback returns (the buffer is reused); a late read is a bug
 * in the caller and throws, instead of silently returning another line's bytes.
 */
import { decodeCsvField } from './field-split.js';
import type { LogHeader } from './log-header.js';
import type { LogKind, LogRecord } from './types.js';

export class LineRecord implements LogRecord {
  private buf: Buffer | null;

  constructor(
    readonly kind: LogKind,
    readonly subkind: string | null,
    readonly path: string,
    readonly line: number,
    readonly time: number | null,
    buf: Buffer,
    private readonly start: number,
    private readonly end: number,
    private readonly header: LogHeader | null,
    private readonly bounds: Int32Array,
    private readonly count: number,
  ) {
    this.buf = buf;
  }

  get(field: string): string | undefined {
    const buf = this.live();
    const header = this.header;
    if (header === null) return undefined;
    const i = header.index.get(field) ?? header.index.get(field.toLowerCase());
    if (i === undefined || i >= this.count) return undefined;
    const s = this.bounds[i * 2]!;
    const e = this.bounds[i * 2 + 1]!;
    return header.delimiter === 0x2c ? decodeCsvField(buf, s, e) : buf.toString('utf8', s, e);
  }

  fields(): readonly string[] {
    return this.header?.names ?? [];
  }

  raw(): string {
    return this.live().toString('utf8', this.start, this.end);
  }

  /** Called by the scanner when the callback returns. */
  expire(): void {
    this.buf = null;
  }

  private live(): Buffer {
    if (this.buf === null) {
      throw new Error(
        'LogRecord used after its onRecord callback returned: keep detachRecord(record) instead',
      );
    }
    return this.buf;
  }
}

/** A self-contained copy of a record (all fields decoded), safe to keep after the callback. */
export function detachRecord(record: LogRecord): LogRecord {
  const names = [...record.fields()];
  const values = new Map<string, string>();
  for (const n of names) {
    const v = record.get(n);
    const key = n.toLowerCase();
    if (v !== undefined && !values.has(key)) values.set(key, v);
  }
  const raw = record.raw();
  return {
    kind: record.kind,
    subkind: record.subkind,
    path: record.path,
    line: record.line,
    time: record.time,
    get: (field) => values.get(field.toLowerCase()),
    fields: () => names,
    raw: () => raw,
  };
}
