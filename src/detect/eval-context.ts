/**
 * @module detect/eval-context
 * One record as the rules see it: field values by name (plus the `@` pseudo-fields), with
 * lower-cased copies computed once per record however many rules ask for them.
 */
import type { LogRecord } from '../parsers/index.js';

export class EvalContext {
  private readonly lowered = new Map<string, string | undefined>();

  constructor(readonly record: LogRecord) {}

  /** The field's value as logged, or undefined when the record has no such field. */
  value(field: string): string | undefined {
    switch (field) {
      case '@raw':
        return this.record.raw();
      case '@path':
        return this.record.path;
      case '@subkind':
        return this.record.subkind ?? '';
      case '@kind':
        return this.record.kind;
      case '@time':
        return this.record.time === null ? undefined : new Date(this.record.time).toISOString();
      default:
        return this.record.get(field);
    }
  }

  /** The value lower-cased, cached: most tests are case-insensitive. */
  lower(field: string): string | undefined {
    if (this.lowered.has(field)) return this.lowered.get(field);
    const v = this.value(field)?.toLowerCase();
    this.lowered.set(field, v);
    return v;
  }

  /** Epoch ms for time tests: the record time for `@time`, else the field parsed as a date. */
  time(field: string): number | null {
    if (field === '@time') return this.record.time;
    const v = this.record.get(field);
    if (v === undefined || v === '') return null;
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
}
