/**
 * @module detect/validate-rule
 * Checks one rule document (parsed YAML, untrusted shape) and returns a typed rule or the list of
 * everything wrong with it — all problems at once, so a rule author fixes a file in one round.
 */
import type { LogKind } from '../parsers/index.js';
import type {
  AggregateSpec,
  Condition,
  LogRule,
  Outcome,
  RuleExample,
  Selector,
  Severity,
} from './rule-types.js';
import { likeToRegExp } from './like-pattern.js';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const OUTCOMES: readonly Outcome[] = ['compromise', 'attempt', 'context'];
export const LOG_KINDS: readonly LogKind[] = ['httpproxy', 'ecp-server', 'oabgen', 'rps', 'iis', 'event'];
export const STRING_OPS = ['equals', 'in', 'contains', 'startswith', 'endswith', 'like'] as const;
export const OTHER_OPS = ['regex', 'gt', 'gte', 'lt', 'lte', 'after', 'before', 'empty', 'absent'] as const;
const ID = /^[a-z0-9][a-z0-9-]{2,80}$/;
/** Every top-level key a rule may have (documented in rule-format-doc.ts). */
export const RULE_KEY_NAMES = [
  'id',
  'title',
  'description',
  'severity',
  'outcome',
  'cves',
  'campaign',
  'category',
  'attack',
  'references',
  'author',
  'licence',
  'select',
  'match',
  'aggregate',
  'facts',
  'examples',
] as const;

export type Validated = { ok: true; rule: LogRule } | { ok: false; errors: string[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Validate a rule document from `file` (relative to the rules folder). */
export function validateRule(doc: unknown, file: string): Validated {
  const errors: string[] = [];
  if (!isObj(doc)) return { ok: false, errors: ['a rule must be a mapping'] };
  for (const k of Object.keys(doc)) {
    if (!(RULE_KEY_NAMES as readonly string[]).includes(k)) errors.push(`unknown key "${k}" (a typo?)`);
  }
  const str = (k: string, required = true): string => {
    const v = doc[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (required || v !== undefined) errors.push(`${k}: required text`);
    return '';
  };
  const strList = (k: string): string[] => {
    const v = doc[k] ?? [];
    if (isStrList(v)) return v;
    errors.push(`${k}: must be a list of strings`);
    return [];
  };
  const id = str('id');
  if (id && !ID.test(id)) errors.push(`id: "${id}" must be lower-case kebab-case`);
  const severity = str('severity') as Severity;
  if (severity && !SEVERITIES.includes(severity)) errors.push(`severity: one of ${SEVERITIES.join(', ')}`);
  const outcome = str('outcome') as Outcome;
  if (outcome && !OUTCOMES.includes(outcome)) errors.push(`outcome: one of ${OUTCOMES.join(', ')}`);
  const cves = strList('cves');
  for (const c of cves) if (!/^CVE-\d{4}-\d{4,}$/.test(c)) errors.push(`cves: "${c}" is not a CVE id`);
  const campaign = doc.campaign === undefined || doc.campaign === null ? null : str('campaign');
  const select = validateSelector(doc.select, errors);
  const match = validateCondition(doc.match, 'match', errors);
  const aggregate = doc.aggregate === undefined ? undefined : validateAggregate(doc.aggregate, errors);
  const facts = doc.facts ?? {};
  if (!isObj(facts) || !Object.values(facts).every((v) => typeof v === 'string')) {
    errors.push('facts: must map fact names to field names');
  }
  const examples = validateExamples(doc.examples, errors);
  const rule: LogRule = {
    id,
    title: str('title'),
    description: str('description'),
    severity,
    outcome,
    cves,
    campaign,
    category: str('category'),
    attack: strList('attack'),
    references: strList('references'),
    author: str('author'),
    licence: str('licence'),
    select,
    match: match ?? { all: [] },
    facts: isObj(facts) ? (facts as Record<string, string>) : {},
    examples,
    file,
  };
  if (aggregate) rule.aggregate = aggregate;
  return errors.length ? { ok: false, errors } : { ok: true, rule };
}

function validateSelector(v: unknown, errors: string[]): Selector {
  if (!isObj(v) || !isStrList(v.kinds) || v.kinds.length === 0) {
    errors.push('select.kinds: a non-empty list of log kinds');
    return { kinds: [] };
  }
  for (const k of v.kinds)
    if (!LOG_KINDS.includes(k as LogKind)) errors.push(`select.kinds: unknown kind "${k}"`);
  const sel: Selector = { kinds: v.kinds as LogKind[] };
  if (v.subkinds !== undefined) {
    if (isStrList(v.subkinds)) sel.subkinds = v.subkinds;
    else errors.push('select.subkinds: a list of strings');
  }
  return sel;
}

/** Validate a condition node; pushes errors with a path like `match.all[2].like`. */
export function validateCondition(v: unknown, at: string, errors: string[]): Condition | null {
  if (!isObj(v)) {
    errors.push(`${at}: must be a mapping`);
    return null;
  }
  for (const comb of ['all', 'any'] as const) {
    if (comb in v) {
      const items = v[comb];
      if (!Array.isArray(items) || items.length === 0) {
        errors.push(`${at}.${comb}: a non-empty list`);
        return null;
      }
      const parts = items.map((c, i) => validateCondition(c, `${at}.${comb}[${i}]`, errors));
      if (parts.some((p) => p === null)) return null;
      return comb === 'all' ? { all: parts as Condition[] } : { any: parts as Condition[] };
    }
  }
  if ('not' in v) {
    const inner = validateCondition(v.not, `${at}.not`, errors);
    return inner && { not: inner };
  }
  return validateFieldTest(v, at, errors);
}

function validateFieldTest(v: Obj, at: string, errors: string[]): Condition | null {
  const field = v.field;
  if (!(typeof field === 'string' || (isStrList(field) && field.length > 0))) {
    errors.push(`${at}.field: a field name or a list of them`);
    return null;
  }
  const ops = [...STRING_OPS, ...OTHER_OPS].filter((op) => op in v);
  const known = new Set<string>(['field', 'cased', ...STRING_OPS, ...OTHER_OPS]);
  for (const k of Object.keys(v)) if (!known.has(k)) errors.push(`${at}: unknown key "${k}"`);
  const numeric = ops.every((op) => ['gt', 'gte', 'lt', 'lte'].includes(op));
  const timeRange = ops.every((op) => ['after', 'before'].includes(op));
  if (ops.length === 0 || (ops.length > 1 && !numeric && !timeRange)) {
    errors.push(`${at}: exactly one operator (numeric and time bounds may combine)`);
    return null;
  }
  for (const op of ops) {
    const x = v[op];
    if ((STRING_OPS as readonly string[]).includes(op)) {
      if (!(typeof x === 'string' || (isStrList(x) && x.length > 0)))
        errors.push(`${at}.${op}: text or a list`);
      if (op === 'like') for (const p of [x].flat()) checkLike(p, `${at}.like`, errors);
    } else if (op === 'regex') {
      if (typeof x !== 'string') errors.push(`${at}.regex: text`);
      else checkRegex(x, `${at}.regex`, errors);
    } else if (op === 'after' || op === 'before') {
      if (typeof x !== 'string' || Number.isNaN(Date.parse(x))) errors.push(`${at}.${op}: an ISO 8601 time`);
    } else if (op === 'empty' || op === 'absent') {
      if (typeof x !== 'boolean') errors.push(`${at}.${op}: true or false`);
    } else if (typeof x !== 'number') {
      errors.push(`${at}.${op}: a number`);
    }
  }
  return v as unknown as Condition;
}

function checkLike(p: unknown, at: string, errors: string[]): void {
  if (typeof p !== 'string') return;
  const r = likeToRegExp(p);
  if (!(r instanceof RegExp)) errors.push(`${at}: ${r.error}`);
}

function checkRegex(src: string, at: string, errors: string[]): void {
  try {
    new RegExp(src);
  } catch (err) {
    errors.push(`${at}: ${(err as Error).message}`);
  }
}

function validateAggregate(v: unknown, errors: string[]): AggregateSpec | undefined {
  if (
    !isObj(v) ||
    typeof v.by !== 'string' ||
    typeof v.distinct !== 'string' ||
    typeof v.maxDistinct !== 'number'
  ) {
    errors.push('aggregate: needs by (field), distinct (field), maxDistinct (number), report (condition)');
    return undefined;
  }
  const report = validateCondition(v.report, 'aggregate.report', errors);
  return report ? { by: v.by, distinct: v.distinct, maxDistinct: v.maxDistinct, report } : undefined;
}

function validateExamples(v: unknown, errors: string[]): LogRule['examples'] {
  const out: LogRule['examples'] = { positive: [], negative: [] };
  if (!isObj(v)) {
    errors.push('examples: needs positive and negative lists (every rule is tested both ways)');
    return out;
  }
  for (const side of ['positive', 'negative'] as const) {
    const list = v[side];
    if (!Array.isArray(list) || list.length === 0) {
      errors.push(`examples.${side}: at least one example`);
      continue;
    }
    list.forEach((ex, i) => {
      const at = `examples.${side}[${i}]`;
      if (!isObj(ex) || !isObj(ex.fields)) {
        errors.push(`${at}.fields: a mapping of field names to values`);
        return;
      }
      const fields: Record<string, string> = {};
      for (const [k, val] of Object.entries(ex.fields)) fields[k] = String(val);
      const e: RuleExample = { fields };
      if (typeof ex.kind === 'string') e.kind = ex.kind as LogKind;
      if (typeof ex.subkind === 'string') e.subkind = ex.subkind;
      if (typeof ex.raw === 'string') e.raw = ex.raw;
      if (typeof ex.note === 'string') e.note = ex.note;
      out[side].push(e);
    });
  }
  return out;
}
