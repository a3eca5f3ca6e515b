/**
 * @module detect/rule-types
 * The log-rule format: what a rule file under `rules/logs/` may say. Rules are data (YAML); this
 * file is the single source for their shape, the validator (`validate-rule.ts`) and the generated
 * reference (`docs/rules.md`, see `rule-format-doc.ts`).
 */
import type { LogKind } from '../parsers/index.js';

/** Same scale as findings' Severity (findings imports detect, not the other way round). */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * What a hit means for the verdict. `compromise`: evidence of successful exploitation or a web
 * shell in use. `attempt`: exploitation was tried (failed, or success unknown). `context`: worth
 * showing (scanners, recon) but never changes the verdict on its own.
 */
export type Outcome = 'compromise' | 'attempt' | 'context';

/** A boolean tree over field tests. */
export type Condition = AllOf | AnyOf | NotOf | FieldTest;

export interface AllOf {
  all: Condition[];
}
export interface AnyOf {
  any: Condition[];
}
export interface NotOf {
  not: Condition;
}

/** One or more strings: a list means "any of them". */
export type OneOrMany = string | string[];

/**
 * A test on one field (or on any of several fields). Exactly one operator per test. String
 * comparisons are case-insensitive unless `cased: true` (Exchange and IIS treat URLs and headers
 * case-insensitively, and so do attackers).
 */
export interface FieldTest {
  /** Field name(s), case-insensitive; a list passes if any field passes. Pseudo-fields: `@raw`, `@path`, `@subkind`, `@time`. */
  field: OneOrMany;
  equals?: OneOrMany;
  /** Alias of a list `equals`. */
  in?: string[];
  contains?: OneOrMany;
  startswith?: OneOrMany;
  endswith?: OneOrMany;
  /** PowerShell `-like`: `*` any run, `?` one character, `[abc]` a class; whole value. */
  like?: OneOrMany;
  /** ECMAScript regular expression, searched (not anchored) in the value. */
  regex?: string;
  /** Numeric comparisons; a value that is not a number fails. */
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  /** Time range (ISO 8601) on a time field or `@time`: after is inclusive, before exclusive. */
  after?: string;
  before?: string;
  /** True: the value is absent, empty or `-` (IIS's empty marker). */
  empty?: boolean;
  /** True: the log has no such field at all. */
  absent?: boolean;
  cased?: boolean;
}

/** Which records a rule looks at. */
export interface Selector {
  kinds: LogKind[];
  /** HttpProxy protocol folders or event channels, case-insensitive; absent = all. */
  subkinds?: string[];
}

/**
 * A second-pass rule: records that pass `match` are grouped by `by`; a group is reported only if
 * at most `maxDistinct` distinct values of `distinct` were seen in it over the whole run (that is
 * "rare"), and then only its records that pass `report`.
 */
export interface AggregateSpec {
  by: string;
  distinct: string;
  maxDistinct: number;
  report: Condition;
}

/** A generated example record for tests: fields by name, plus the raw line when it matters. */
export interface RuleExample {
  kind?: LogKind;
  subkind?: string;
  fields: Record<string, string>;
  raw?: string;
  /** Documentation: why this example is here (e.g. "health probe, must stay quiet"). */
  note?: string;
}

export interface LogRule {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  outcome: Outcome;
  cves: string[];
  /** Campaign id of knowledge's CAMPAIGNS, or null. */
  campaign: string | null;
  category: string;
  /** ATT&CK technique ids. */
  attack: string[];
  references: string[];
  author: string;
  licence: string;
  select: Selector;
  match: Condition;
  aggregate?: AggregateSpec;
  /** Facts to copy into each finding: fact name → field name. */
  facts: Record<string, string>;
  examples: { positive: RuleExample[]; negative: RuleExample[] };
  /** The rule file it came from, relative to the rules folder. */
  file: string;
}

/** A problem with a rule file: counted and shown, the other rules still run. */
export interface RuleIssue {
  file: string;
  rule: string | null;
  message: string;
}
