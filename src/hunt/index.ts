/**
 * @module hunt
 * `hunt(root, options)`: the whole log hunt over an evidence root — locate, parse, detect on
 * worker threads, then findings, coverage, timeline, exposure windows and the verdict.
 *
 * @example
 * const result = await hunt('/cases/exch01', { threads: 2 });
 * console.log(result.verdict, result.firstActivity, result.findings.length);
 */
export { hunt, campaignStatusOf } from './hunt.js';
export type { HuntOptions, HuntProgress, HuntResult, IssueSample, RuleCount } from './types.js';
