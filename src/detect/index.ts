/**
 * @module detect
 * The detection engine: log rules as data (`rules/logs/*.yaml`), compiled once into a RuleSet
 * that gives the parser its prefilter literals and evaluates every rule per record in one pass.
 * Aggregate ("rare") rules keep mergeable per-run state for a second pass.
 *
 * @example
 * const { rules, issues } = loadLogRules();
 * const set = new RuleSet(rules);
 * const hits = set.match(record); // RuleHit[]
 */
export type {
  AggregateSpec,
  AllOf,
  AnyOf,
  Condition,
  FieldTest,
  LogRule,
  NotOf,
  Outcome,
  RuleExample,
  RuleIssue,
  Selector,
  Severity,
} from './rule-types.js';
export { RuleSet } from './rule-set.js';
export {
  buildRuleCache,
  loadLogRules,
  parseRuleText,
  DEFAULT_LOG_RULES_DIR,
  PARSED_RULES_FILE,
  type LoadedRules,
  type ParsedRuleCache,
} from './load-rules.js';
export { validateRule, SEVERITIES, OUTCOMES, LOG_KINDS } from './validate-rule.js';
export { makeHit, MAX_EVIDENCE, type RuleHit } from './rule-hit.js';
export {
  emptyAggregate,
  mergeAggregate,
  rareHits,
  type AggregateGroup,
  type AggregatePartial,
} from './aggregate-state.js';
export { requiredLiterals } from './required-literals.js';
export { likeToRegExp, likeLiterals } from './like-pattern.js';
export { memoryRecord, type MemoryRecordInit } from './memory-record.js';
export { checkRuleExamples, exampleRecord } from './check-examples.js';
export {
  prepareFileScan,
  scanFiles,
  linkFindings,
  type FileScanPrep,
  type FileFinding,
  type FileScanIssue,
  type FileScanOptions,
  type FileScanResult,
  type FileScanStats,
} from './files/index.js';
export * as yara from './yara/index.js';
export * as intel from './indicators/index.js';
