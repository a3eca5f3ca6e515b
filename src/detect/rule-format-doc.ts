/**
 * @module detect/rule-format-doc
 * The log-rule format described once, next to the validator that enforces it: the reference page
 * (`rules/logs/README.md`) and the JSON Schema (`rules/logs/log-rule.schema.json`) are generated
 * from these tables by `scripts/detect/rule-docs.ts`, and a test fails when they, the validator's
 * operator lists or the committed files disagree.
 */
import { LOG_KINDS, OTHER_OPS, OUTCOMES, SEVERITIES, STRING_OPS } from './validate-rule.js';

export interface KeyDoc {
  key: string;
  required: boolean;
  type: string;
  description: string;
}

export const RULE_KEYS: readonly KeyDoc[] = [
  {
    key: 'id',
    required: true,
    type: 'kebab-case text',
    description: 'Unique rule id; findings carry it as `rule`.',
  },
  { key: 'title', required: true, type: 'text', description: 'One line shown for every finding.' },
  { key: 'description', required: true, type: 'text', description: 'What the rule sees and why it matters.' },
  { key: 'severity', required: true, type: SEVERITIES.join(' | '), description: 'How bad a hit is.' },
  {
    key: 'outcome',
    required: true,
    type: OUTCOMES.join(' | '),
    description:
      'What a hit means for the verdict: `compromise` (successful exploitation or a web shell in use) makes it compromised, `attempt` suspicious, `context` never changes it.',
  },
  {
    key: 'cves',
    required: false,
    type: 'list of CVE ids',
    description: 'CVEs the rule detects exploitation of.',
  },
  {
    key: 'campaign',
    required: false,
    type: 'campaign id or null',
    description: "A campaign of knowledge's CAMPAIGNS (proxylogon, proxyshell …).",
  },
  {
    key: 'category',
    required: true,
    type: 'text',
    description: 'exploitation, exploitation-attempt, web-shell, post-exploitation, reconnaissance …',
  },
  { key: 'attack', required: false, type: 'list of ATT&CK ids', description: 'MITRE ATT&CK techniques.' },
  {
    key: 'references',
    required: false,
    type: 'list of URLs',
    description: 'Where the detection logic comes from.',
  },
  {
    key: 'author',
    required: true,
    type: 'text',
    description: 'Who wrote the rule (and whose indicators it carries); kept in every finding.',
  },
  {
    key: 'licence',
    required: true,
    type: 'SPDX id',
    description: 'Licence of the rule content (DRL-1.1 requires attribution in findings).',
  },
  {
    key: 'select',
    required: true,
    type: `{ kinds: [${LOG_KINDS.join(', ')}], subkinds?: [...] }`,
    description:
      'Which records the rule looks at: log kinds, and optionally HttpProxy protocol folders or event channels (case-insensitive).',
  },
  {
    key: 'match',
    required: true,
    type: 'condition',
    description: 'The condition a record must meet (see Conditions).',
  },
  {
    key: 'aggregate',
    required: false,
    type: '{ by, distinct, maxDistinct, report }',
    description:
      'Second-pass rule: records passing `match` are grouped by field `by`; a group is reported only if at most `maxDistinct` distinct values of field `distinct` were seen in it over the whole run, and then only its records passing condition `report`.',
  },
  {
    key: 'facts',
    required: false,
    type: 'map fact → field',
    description:
      'Extra fields copied into each finding (client IP, method, URL, status and user agent are copied for IIS and HttpProxy already).',
  },
  {
    key: 'examples',
    required: true,
    type: '{ positive: [...], negative: [...] }',
    description:
      'At least one record that must fire and one that must not: `{ kind?, subkind?, fields: {...}, raw?, note? }`. The test suite runs every example through the engine and the prefilter.',
  },
];

export const OPERATOR_DOCS: Readonly<
  Record<(typeof STRING_OPS)[number] | (typeof OTHER_OPS)[number], string>
> = {
  equals: 'The value equals the text (or one of a list).',
  in: 'The value equals one of a list (same as a list `equals`).',
  contains: 'The value contains the text (or one of a list).',
  startswith: 'The value starts with the text (or one of a list).',
  endswith: 'The value ends with the text (or one of a list).',
  like: 'PowerShell `-like` on the whole value: `*` any run, `?` one character, `[a-z]` a class, a backtick escapes.',
  regex: 'ECMAScript regular expression searched in the value (not anchored).',
  gt: 'The value is a number greater than this.',
  gte: 'The value is a number at least this.',
  lt: 'The value is a number less than this.',
  lte: 'The value is a number at most this.',
  after: 'The time (field parsed as a date, or `@time`) is at or after this ISO 8601 time.',
  before: 'The time is before this ISO 8601 time.',
  empty: '`true`: the value is absent, empty or `-` (IIS); `false`: it has content.',
  absent: '`true`: the log has no such field at all.',
};

const PSEUDO = [
  ['@raw', 'the whole line as logged (for events: the record as JSON)'],
  ['@path', 'the file, relative to the evidence root'],
  ['@subkind', 'HttpProxy protocol folder, IIS site or event channel'],
  ['@time', 'the record time (ISO 8601), for `after`/`before`'],
] as const;

/** The reference page for rule authors. */
export function ruleFormatMarkdown(): string {
  const out: string[] = [
    '# Log rules',
    '',
    '<!-- Generated by `npx tsx scripts/detect/rule-docs.ts` from src/detect/rule-format-doc.ts; do not edit. -->',
    '',
    'Each `*.yaml` file here holds one or more rules, as YAML documents separated by `---`. exhunt',
    'compiles them all once and evaluates every rule for a record in one pass. Detection content',
    'lives only here: the engine never names a CVE, a path or an address.',
    '',
    '## Keys',
    '',
    '| key | required | type | meaning |',
    '|---|---|---|---|',
    ...RULE_KEYS.map(
      (k) =>
        `| \`${k.key}\` | ${k.required ? 'yes' : 'no'} | ${k.type.replace(/\|/g, '\\|')} | ${k.description} |`,
    ),
    '',
    '## Conditions',
    '',
    'A condition is `all: [conditions]`, `any: [conditions]`, `not: condition`, or a field test',
    '`{ field: name-or-list, <operator>: value, cased?: true }`. Field names are case-insensitive;',
    'a list of fields passes if any of them passes. Text comparisons are case-insensitive unless',
    '`cased: true`. A field test has exactly one operator (numeric bounds may combine, and so may',
    '`after`/`before`). A missing field fails every operator but `empty` and `absent`.',
    '',
    '| operator | meaning |',
    '|---|---|',
    ...Object.entries(OPERATOR_DOCS).map(([op, d]) => `| \`${op}\` | ${d} |`),
    '',
    'Pseudo-fields:',
    '',
    ...PSEUDO.map(([f, d]) => `- \`${f}\`: ${d}`),
    '',
    '## Speed: required literals',
    '',
    'For each rule the engine derives literals of which every matching line contains one (from',
    '`equals`, `contains`, `startswith`, `endswith` and the literal runs of `like`; `all` takes its',
    'rarest child, `any` the union; `not`, `regex`, numbers and times give none). The parser skips',
    "lines containing none of a log kind's literals without splitting them, and a line is",
    'evaluated only against the rules whose literals it contains. A rule with no literal for a',
    'kind makes the whole kind unfiltered: give every log rule at least one distinctive string.',
    '',
  ];
  return `${out.join('\n')}\n`;
}

/** JSON Schema (draft 2020-12) of a rule document, for editors. */
export function ruleJsonSchema(): Record<string, unknown> {
  const text = { type: 'string', minLength: 1 };
  const oneOrMany = { oneOf: [text, { type: 'array', items: text, minItems: 1 }] };
  const ops: Record<string, unknown> = {};
  for (const op of STRING_OPS) ops[op] = op === 'in' ? { type: 'array', items: text } : oneOrMany;
  for (const op of OTHER_OPS) {
    ops[op] =
      op === 'regex' || op === 'after' || op === 'before'
        ? text
        : op === 'empty' || op === 'absent'
          ? { type: 'boolean' }
          : { type: 'number' };
  }
  for (const [op, d] of Object.entries(OPERATOR_DOCS)) (ops[op] as Record<string, unknown>).description = d;
  const props: Record<string, unknown> = {};
  for (const k of RULE_KEYS) props[k.key] = { description: k.description };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://exhunt.invalid/log-rule.schema.json',
    title: 'exhunt log rule',
    type: 'object',
    required: RULE_KEYS.filter((k) => k.required).map((k) => k.key),
    properties: {
      ...props,
      severity: { enum: SEVERITIES, description: RULE_KEYS.find((k) => k.key === 'severity')?.description },
      outcome: { enum: OUTCOMES, description: RULE_KEYS.find((k) => k.key === 'outcome')?.description },
      select: {
        type: 'object',
        required: ['kinds'],
        properties: {
          kinds: { type: 'array', items: { enum: LOG_KINDS }, minItems: 1 },
          subkinds: { type: 'array', items: text },
        },
      },
      match: { $ref: '#/$defs/condition' },
    },
    $defs: {
      condition: {
        oneOf: [
          {
            type: 'object',
            required: ['all'],
            properties: { all: { type: 'array', items: { $ref: '#/$defs/condition' }, minItems: 1 } },
          },
          {
            type: 'object',
            required: ['any'],
            properties: { any: { type: 'array', items: { $ref: '#/$defs/condition' }, minItems: 1 } },
          },
          { type: 'object', required: ['not'], properties: { not: { $ref: '#/$defs/condition' } } },
          {
            type: 'object',
            required: ['field'],
            properties: { field: oneOrMany, cased: { type: 'boolean' }, ...ops },
            additionalProperties: false,
          },
        ],
      },
    },
  };
}
