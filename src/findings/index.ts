/**
 * @module findings
 * Finding, Coverage, Timeline, exposure windows and the verdict — in one place. Hunts produce
 * findings and per-file coverage; this module turns them into what a responder reads first.
 *
 * @example
 * const windows = exposureWindows({ campaigns, statusOf, sightings });
 * const { verdict, reasons } = decideVerdict({ findings, coverage, windows });
 */
export type { Coverage, Finding, Severity, Verdict } from './types.js';
export { findingFromHit, compareFindings, SEVERITY_RANK } from './finding-from-hit.js';
export { summarizeCoverage, coveredIntervals, sourceOf, DAY_MS, type FileCoverageLike } from './coverage.js';
export {
  noteBuild,
  mergeBuildHistory,
  buildSightings,
  type BuildHistory,
  type BuildSighting,
} from './build-history.js';
export { exposureWindows, type ExposureInput, type ExposureWindow } from './exposure.js';
export {
  decideVerdict,
  webIntervals,
  isWebSource,
  type VerdictInput,
  type VerdictResult,
  type UncoveredSpan,
} from './verdict.js';
export { buildTimeline, type AttackerIp, type Timeline, type TimelineEntry } from './timeline.js';
