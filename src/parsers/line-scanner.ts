/**
 * @module parsers/line-scanner
 * The per-line work of a log scan (see scan-log.ts for the whole picture): directives and header
 * lines, data lines counted for coverage, prefilter candidates split and handed to `onRecord`,
 * damaged lines counted, time coverage and the build history kept.
 */
import { BuildTracker } from './build-tracker.js';
import { trackChunkBuilds } from './chunk-builds.js';
import { splitCsv, splitSpaces } from './field-split.js';
import { IssueLog } from './issue-log.js';
import { defaultLayouts, delimiterFor } from './layouts.js';
import { compilePrefilter, type Prefilter } from './literal-prefilter.js';
import {
  dataStartsWithDigit,
  looksLikeHeader,
  makeHeader,
  parseFieldsDirective,
  type LogHeader,
} from './log-header.js';
import { parseDateAndTime, parseIsoTime } from './log-time.js';
import { LineRecord } from './line-record.js';
import type { ScanOptions, ScanResult } from './scan-types.js';

const MiB = 1024 * 1024;
export const MAX_FIELDS = 1024;
/** Longest header or directive line decoded (a longer one is damage, not a layout). */
const MAX_HEADER_BYTES = 64 * 1024;
/** Lines a chunk must hold before its prefilter hit rate is trusted. */
const MIN_LINES_TO_JUDGE = 256;

/** Line-level state of one scan: layout, counters, coverage, issues. */
export class LineScanner {
  bytes = 0;
  lineNo = 0;
  readonly issues: IssueLog;
  private readonly prefilter: Prefilter | null;
  private readonly hits: number[] = [];
  private readonly bounds = new Int32Array(MAX_FIELDS * 2);
  private readonly scratch = new Int32Array(MAX_FIELDS * 2);
  private readonly builds = new BuildTracker();
  private readonly meta: Record<string, string> = {};
  private readonly path: string;
  private readonly subkind: string | null;
  /**
   * The delimiter of a header-less file of this kind, derived once. A call for it in `timeOf`
   * (inlined into `range`) that the common path never made left optimised code without feedback
   * for it, and node 20's V8 kept re-entering that stale on-stack-replaced code, deoptimising at the end
   * of nearly every 1.3 MB range (~140 times per 1 GB hunt).
   */
  private readonly kindDelimiter: number;
  /** The last data line of the latest `walk` (start, end, line number; start -1 when none). */
  private walkLastData = -1;
  private walkLastDataEnd = -1;
  private walkLastDataLine = 0;
  private header: LogHeader | null = null;
  private digitStart = true;
  private warnedHeaderless = false;
  private dataLines = 0;
  private emitted = 0;
  private firstTime: number | null = null;
  private lastTime: number | null = null;
  private sawFirstData = false;
  private prefixLines = 0;
  private prefilterDroppedAt: number | null = null;

  readonly maxLine: number;

  private readonly buildContext = {
    header: null as LogHeader | null,
    scratch: this.scratch,
    tracker: this.builds,
    timeOf: (view: Buffer, pos: number, end: number) => this.timeOf(view, pos, end),
  };

  constructor(private readonly options: ScanOptions) {
    this.maxLine = options.maxLineBytes ?? MiB;
    this.path = options.path ?? '';
    this.subkind = options.subkind ?? null;
    this.kindDelimiter = delimiterFor(options.kind);
    this.prefilter = compilePrefilter(options.prefilter);
    this.issues = new IssueLog(this.path, options.maxIssues ?? 200);
  }

  /**
   * A read buffer the prefilter searches in place (no copy of each chunk), or null: see
   * Prefilter.lease. Give it back with `releaseReadBuffer`.
   */
  leaseReadBuffer(size: number): Buffer | null {
    return this.prefilter?.lease(size) ?? null;
  }

  releaseReadBuffer(buf: Buffer): void {
    this.prefilter?.release(buf);
  }

  /** Whole lines in `view[start, stop)`; at end of file the last one may lack its newline. */
  range(view: Buffer, start: number, stop: number, eof: boolean): void {
    const pf = this.prefilterDroppedAt === null ? this.prefilter : null;
    const nHits = pf === null ? 0 : pf.find(view, start, stop, this.hits);
    const firstLineNo = this.lineNo + 1;
    // The line loop is a method of its own: V8 compiles a hot loop while it runs (on-stack
    // replacement), before the code after it has ever run, and kept re-entering that code, which
    // had no feedback for what follows the loop: it deoptimised at the end of nearly every range
    // (~140 times in a 1 GB hunt), each time finishing in the interpreter.
    this.walk(view, start, stop, eof, pf !== null, nHits);
    // A prefilter that lets most lines through costs its search and saves nothing: drop it for
    // the rest of the file (every line then goes to the rules, which check literals themselves).
    const lines = this.lineNo - firstLineNo + 1;
    if (pf !== null && lines >= MIN_LINES_TO_JUDGE && nHits * 2 > lines)
      this.prefilterDroppedAt = this.lineNo + 1;
    const lastData = this.walkLastData;
    if (lastData >= 0) {
      this.noteTime(this.timeOf(view, lastData, this.walkLastDataEnd));
      if (this.header?.build)
        trackChunkBuilds(this.buildContext, view, start, stop, firstLineNo, {
          pos: lastData,
          end: this.walkLastDataEnd,
          line: this.walkLastDataLine,
        });
    }
  }

  /**
   * The lines of one range: candidates (a prefilter hit on the line, or every data line when
   * `filtered` is false) go to the rules. Leaves the last data line in `walkLastData*`.
   */
  private walk(
    view: Buffer,
    start: number,
    stop: number,
    eof: boolean,
    filtered: boolean,
    nHits: number,
  ): void {
    const hits = this.hits;
    let h = 0;
    let nul = view.indexOf(0, start);
    if (nul < 0 || nul >= stop) nul = stop;
    let lastData = -1;
    let lastDataEnd = -1;
    let lastDataLine = 0;
    let pos = start;
    while (pos < stop) {
      let nl = view.indexOf(10, pos);
      if (nl < 0 || nl >= stop) nl = stop;
      let end = nl;
      if (end > pos && view[end - 1] === 13) end--;
      const line = ++this.lineNo;
      if (nul < nl) {
        // NUL padding in front of a line is what a dirty shutdown leaves in IIS and Exchange logs:
        // count it, and still read the line after it. NULs anywhere else make the line binary.
        let k = pos;
        if (nul === pos) while (k < end && view[k] === 0) k++;
        let next = k > pos && k < end ? view.indexOf(0, k) : pos;
        const padded = k > pos && k < end && (next < 0 || next >= nl);
        this.issues.line(
          'binary',
          line,
          padded ? 'NUL padding before a line (dirty shutdown)' : 'binary data (NUL bytes)',
        );
        next = view.indexOf(0, nl);
        nul = next < 0 || next >= stop ? stop : next;
        if (!padded) {
          pos = nl + 1;
          continue;
        }
        pos = k;
      }
      if (end - pos > this.maxLine) {
        // Same rule whether or not the long line happened to fit in one read.
        this.issues.line('too-long', line, `line longer than ${this.maxLine} bytes: skipped`);
      } else if (end > pos) {
        let c = view[pos]!;
        if (c === 0xef && end - pos >= 3 && view[pos + 1] === 0xbb && view[pos + 2] === 0xbf) {
          // A BOM at a line start: files concatenated (`type *.log > all.log`). Read past it.
          pos += 3;
          if (pos >= end) {
            pos = nl + 1;
            continue;
          }
          c = view[pos]!;
        }
        if (c === 0x23) this.directive(view, pos, end, line);
        else if (this.digitStart ? c >= 0x30 && c <= 0x39 : !this.maybeHeader(view, pos, end, c)) {
          this.dataLines++;
          if (!this.sawFirstData) {
            this.sawFirstData = true;
            this.noteTime(this.timeOf(view, pos, end));
          }
          lastData = pos;
          lastDataEnd = end;
          lastDataLine = line;
          let candidate = !filtered;
          if (!candidate) {
            while (h < nHits && hits[h]! < pos) h++;
            candidate = h < nHits && hits[h]! < nl;
          }
          if (candidate) this.emit(view, pos, end, line, eof && nl === stop && view[stop - 1] !== 10);
          this.issues.flush();
        } else this.oddLine(view, pos, end, line);
      }
      pos = nl + 1;
    }
    this.walkLastData = lastData;
    this.walkLastDataEnd = lastDataEnd;
    this.walkLastDataLine = lastDataLine;
  }

  /** Bytes of the file this scan owns: all of it, or its range (to the nearest line). */
  private rangeBytes(): number {
    const r = this.options.range;
    return r ? Math.max(0, Math.min(this.bytes, r.end) - Math.min(this.bytes, r.start)) : this.bytes;
  }

  /** A line longer than the buffer; `beforeRange` when it starts before this scan's range. */
  tooLong(beforeRange = false): void {
    const line = ++this.lineNo;
    if (beforeRange) this.prefixLines++;
    else this.issues.line('too-long', line, `line longer than ${this.maxLine} bytes: skipped`);
  }

  /**
   * Lines before this scan's range (another worker owns them): counted for line numbers, and
   * their header lines set the layout, but nothing else.
   */
  prefix(view: Buffer, start: number, stop: number): void {
    for (let pos = start; pos < stop;) {
      let nl = view.indexOf(10, pos);
      if (nl < 0 || nl >= stop) nl = stop;
      let end = nl;
      if (end > pos && view[end - 1] === 13) end--;
      this.lineNo++;
      this.prefixLines++;
      let from = pos;
      if (view[from] === 0xef && view[from + 1] === 0xbb && view[from + 2] === 0xbf && end - from >= 3)
        from += 3;
      const c = from < end ? view[from] : undefined;
      if (c === 0x23) this.directive(view, from, end, this.lineNo, true);
      else if (c !== undefined && (c < 0x30 || c > 0x39) && end - from <= MAX_HEADER_BYTES)
        this.isBareHeader(view, from, end);
      pos = nl + 1;
    }
  }

  result(): ScanResult {
    this.issues.flush();
    const { kind } = this.options;
    return {
      coverage: {
        path: this.path,
        kind,
        subkind: this.subkind,
        lines: this.lineNo - this.prefixLines,
        records: this.dataLines,
        first: this.firstTime,
        last: this.lastTime,
        bytes: this.rangeBytes(),
        issues: this.issues.total,
      },
      issues: this.issues.kept,
      issueCounts: this.issues.byKind,
      emitted: this.emitted,
      prefilterDroppedAt: this.prefilterDroppedAt,
      badLines: this.issues.badLines,
      builds: this.builds.spans,
      meta: this.meta,
    };
  }

  private directive(view: Buffer, pos: number, end: number, line: number, quiet = false): void {
    if (end - pos > MAX_HEADER_BYTES) {
      if (!quiet) this.issues.line('damaged', line, 'directive line too long to be a header');
      return;
    }
    const text = view.toString('utf8', pos + 1, end);
    const colon = text.indexOf(':');
    if (colon <= 0) return; // a bare `#` comment
    const name = text.slice(0, colon).trim();
    const value = text.slice(colon + 1).trim();
    if (name.toLowerCase() === 'fields') {
      const { names, delimiter } = parseFieldsDirective(value);
      if (names.length === 0) {
        if (!quiet) this.issues.line('damaged', line, 'empty #Fields line');
        return;
      }
      this.setHeader(makeHeader(names, delimiter, 'fields'));
    } else if (!(name in this.meta)) this.meta[name] = value;
  }

  private setHeader(header: LogHeader): void {
    this.header = header;
    this.buildContext.header = header;
    this.digitStart = dataStartsWithDigit(header);
  }

  /** A line that does not start with a digit: a (repeated) bare header line, or damage. */
  private oddLine(view: Buffer, pos: number, end: number, line: number): void {
    if (!this.isBareHeader(view, pos, end)) {
      this.issues.line('damaged', line, 'not a log line (does not start with a date)');
    }
  }

  /** Cheap first-byte test before the full header check, for layouts whose lines need not start with a digit. */
  private maybeHeader(view: Buffer, pos: number, end: number, c: number): boolean {
    const first = this.header?.names[0]?.charCodeAt(0) ?? -1;
    return (c | 0x20) === (first | 0x20) && this.isBareHeader(view, pos, end);
  }

  /** Recognise and adopt a bare header line (`DateTime,RequestId,…`). */
  private isBareHeader(view: Buffer, pos: number, end: number): boolean {
    if (end - pos > MAX_HEADER_BYTES) return false;
    const delimiter = this.header?.delimiter ?? this.kindDelimiter;
    const n =
      delimiter === 0x2c ? splitCsv(view, pos, end, this.scratch) : splitSpaces(view, pos, end, this.scratch);
    if (n < 2) return false;
    const values: string[] = [];
    for (let i = 0; i < n; i++)
      values.push(view.toString('latin1', this.scratch[i * 2], this.scratch[i * 2 + 1]));
    if (!looksLikeHeader(values)) return false;
    const cur = this.header;
    if (
      cur &&
      cur.names.length === values.length &&
      cur.names.every((v, i) => v.toLowerCase() === values[i]!.toLowerCase())
    ) {
      return true; // the same header again (files concatenated, logging restarted)
    }
    this.setHeader(makeHeader(values, delimiter, 'bare'));
    return true;
  }

  private emit(view: Buffer, pos: number, end: number, line: number, unterminated: boolean): void {
    let header = this.header;
    const delimiter = header?.delimiter ?? this.kindDelimiter;
    const bounds = this.bounds;
    const n = delimiter === 0x2c ? splitCsv(view, pos, end, bounds) : splitSpaces(view, pos, end, bounds);
    if (n < 0) {
      this.issues.line('damaged', line, `more than ${MAX_FIELDS} fields`);
      return;
    }
    if (header === null || (header.source === 'default' && header.names.length !== n)) {
      header = this.adoptDefault(n, delimiter, line);
    }
    if (header !== null && header.names.length !== n) {
      if (unterminated && n < header.names.length) {
        this.issues.line('truncated', line, `last line cut short: ${n} of ${header.names.length} fields`);
      } else {
        this.issues.line('damaged', line, `${n} fields where the header has ${header.names.length}`);
      }
      return;
    }
    const time = this.timeFrom(view, bounds, n, header);
    this.noteTime(time);
    const { kind } = this.options;
    const rec = new LineRecord(kind, this.subkind, this.path, line, time, view, pos, end, header, bounds, n);
    this.emitted++;
    try {
      this.options.onRecord(rec);
    } finally {
      rec.expire();
    }
  }

  /** No header before the first record: use the kind's default layout with this column count. */
  private adoptDefault(n: number, delimiter: number, line: number): LogHeader | null {
    const fit = defaultLayouts(this.options.kind).find((l) => l.length === n);
    if (!this.warnedHeaderless) {
      this.warnedHeaderless = true;
      this.issues.file(
        'no-header',
        line,
        fit
          ? `no #Fields header: read with the default ${this.options.kind} layout`
          : `no #Fields header and ${n} columns match no known ${this.options.kind} layout: fields cannot be named, raw lines still checked`,
      );
    }
    if (fit) this.setHeader(makeHeader(fit, delimiter, 'default'));
    // No fit: keep a default already in use (this line is damaged), or none (a raw-only record).
    return this.header;
  }

  private timeOf(view: Buffer, pos: number, end: number): number | null {
    const header = this.header;
    const delimiter = header?.delimiter ?? this.kindDelimiter;
    const b = this.scratch;
    const n = delimiter === 0x2c ? splitCsv(view, pos, end, b) : splitSpaces(view, pos, end, b);
    if (n < 0) return null;
    if (header === null) {
      // Header-less: Exchange logs start with an ISO time, IIS with date and time.
      return delimiter === 0x20 && n > 1
        ? parseDateAndTime(view, b[0]!, b[1]!, b[2]!, b[3]!)
        : parseIsoTime(view, b[0]!, b[1]!);
    }
    return this.timeFrom(view, b, n, header);
  }

  private timeFrom(view: Buffer, b: Int32Array, n: number, header: LogHeader | null): number | null {
    if (header === null) return n > 0 ? parseIsoTime(view, b[0]!, b[1]!) : null;
    if (header.isoTime >= 0 && header.isoTime < n)
      return parseIsoTime(view, b[header.isoTime * 2]!, b[header.isoTime * 2 + 1]!);
    const d = header.date;
    const t = header.time;
    if (d >= 0 && t >= 0 && d < n && t < n)
      return parseDateAndTime(view, b[d * 2]!, b[d * 2 + 1]!, b[t * 2]!, b[t * 2 + 1]!);
    // A layout without a known time column: Exchange logs still lead with the timestamp.
    return n > 0 ? parseIsoTime(view, b[0]!, b[1]!) : null;
  }

  private noteTime(time: number | null): void {
    if (time === null) return;
    if (this.firstTime === null || time < this.firstTime) this.firstTime = time;
    if (this.lastTime === null || time > this.lastTime) this.lastTime = time;
  }
}
