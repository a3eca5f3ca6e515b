/**
 * @module parsers/build-tracker
 * The Exchange build a log's lines carry (HttpProxy and RPS logs write MajorVersion,
 * MinorVersion, BuildVersion, RevisionVersion on every line): a list of spans, one per run of
 * lines with the same build, so the hunt can tell when an update was installed.
 */
import type { BuildSpan } from './scan-types.js';

export class BuildTracker {
  readonly spans: BuildSpan[] = [];

  /** Record that `line` (time `time`) carried `build`. */
  see(build: string, line: number, time: number | null): void {
    const cur = this.spans[this.spans.length - 1];
    if (cur && cur.build === build) {
      cur.lastLine = line;
      if (time !== null) {
        if (cur.first === null || time < cur.first) cur.first = time;
        if (cur.last === null || time > cur.last) cur.last = time;
      }
      return;
    }
    this.spans.push({ build, first: time, last: time, firstLine: line, lastLine: line });
  }

  /** The build of the latest span, or null. */
  current(): string | null {
    return this.spans[this.spans.length - 1]?.build ?? null;
  }
}

/** "15.1.2176.2" from the four version fields (digits only), or null. */
export function buildFromParts(parts: readonly string[]): string | null {
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,6}$/.test(p))) return null;
  return parts.map((p) => String(Number(p))).join('.');
}
