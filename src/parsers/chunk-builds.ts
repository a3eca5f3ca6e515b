/**
 * @module parsers/chunk-builds
 * The Exchange build of a chunk's lines, cheaply. Builds change rarely (an update install), so
 * only the first and last data lines of a chunk are read; the chunk's lines are read one by one
 * only when those two disagree with the current span.
 */
import { BuildTracker, buildFromParts } from './build-tracker.js';
import { splitCsv } from './field-split.js';
import type { LogHeader } from './log-header.js';

export interface BuildContext {
  header: LogHeader | null;
  scratch: Int32Array;
  tracker: BuildTracker;
  timeOf(view: Buffer, pos: number, end: number): number | null;
}

/** Whole lines `[start, stop)` starting at line `firstLine`; the last data line is given. */
export function trackChunkBuilds(
  ctx: BuildContext,
  view: Buffer,
  start: number,
  stop: number,
  firstLine: number,
  last: { pos: number; end: number; line: number },
): void {
  const lastBuild = buildAt(ctx, view, last.pos, last.end);
  const firstData = firstDataIn(view, start, stop, firstLine);
  const firstBuild = firstData ? buildAt(ctx, view, firstData[0], firstData[1]) : null;
  const current = ctx.tracker.current();
  if (
    firstData &&
    firstBuild !== null &&
    firstBuild === lastBuild &&
    (current === null || current === firstBuild)
  ) {
    if (current === null)
      ctx.tracker.see(firstBuild, firstData[2], ctx.timeOf(view, firstData[0], firstData[1]));
    ctx.tracker.see(lastBuild, last.line, ctx.timeOf(view, last.pos, last.end));
    return;
  }
  let line = firstLine;
  for (let pos = start; pos < stop; line++) {
    let nl = view.indexOf(10, pos);
    if (nl < 0 || nl >= stop) nl = stop;
    let end = nl;
    if (end > pos && view[end - 1] === 13) end--;
    const c = view[pos];
    if (c !== undefined && c >= 0x30 && c <= 0x39) {
      const b = buildAt(ctx, view, pos, end);
      if (b !== null) ctx.tracker.see(b, line, ctx.timeOf(view, pos, end));
    }
    pos = nl + 1;
  }
}

/** First data line of a range: start, end, line number. */
function firstDataIn(
  view: Buffer,
  start: number,
  stop: number,
  firstLine: number,
): [number, number, number] | null {
  for (let pos = start, line = firstLine; pos < stop; line++) {
    let nl = view.indexOf(10, pos);
    if (nl < 0 || nl >= stop) nl = stop;
    const c = view[pos];
    if (c !== undefined && c >= 0x30 && c <= 0x39) return [pos, view[nl - 1] === 13 ? nl - 1 : nl, line];
    pos = nl + 1;
  }
  return null;
}

function buildAt(ctx: BuildContext, view: Buffer, pos: number, end: number): string | null {
  const idx = ctx.header?.build;
  if (!idx) return null;
  const b = ctx.scratch;
  const n = splitCsv(view, pos, end, b, Math.max(...idx) + 1);
  if (n < 0 || idx.some((i) => i >= n)) return null;
  return buildFromParts(idx.map((i) => view.toString('latin1', b[i * 2], b[i * 2 + 1])));
}
