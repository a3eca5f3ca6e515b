/**
 * @module findings/build-history
 * The server's builds as its own HttpProxy logs recorded them (MajorVersion, MinorVersion,
 * BuildVersion, RevisionVersion on every line): when each build was first and last seen. A
 * change from a vulnerable to a fixed build is when the patch went in. Plain data, mergeable
 * across worker threads.
 */
import { ordinal } from './code-unit-order.js';

export interface BuildSighting {
  build: string;
  /** Epoch ms of the first and last record seen with this build. */
  first: number;
  last: number;
  records: number;
}

/** build → sighting. */
export type BuildHistory = Record<string, BuildSighting>;

export function noteBuild(history: BuildHistory, build: string, time: number, records = 1): void {
  const s = history[build];
  if (!s) history[build] = { build, first: time, last: time, records };
  else {
    if (time < s.first) s.first = time;
    if (time > s.last) s.last = time;
    s.records += records;
  }
}

export function mergeBuildHistory(into: BuildHistory, from: BuildHistory): void {
  for (const s of Object.values(from)) {
    noteBuild(into, s.build, s.first, s.records);
    noteBuild(into, s.build, s.last, 0);
  }
}

/** Sightings in the order the server ran them (by first sighting). */
export function buildSightings(history: BuildHistory): BuildSighting[] {
  return Object.values(history).sort((a, b) => a.first - b.first || ordinal(a.build, b.build));
}
