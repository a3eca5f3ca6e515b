import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATOR_DOCS, RULE_KEYS, ruleFormatMarkdown, ruleJsonSchema } from './rule-format-doc.js';
import { OTHER_OPS, RULE_KEY_NAMES, STRING_OPS } from './validate-rule.js';

describe('rule format reference', () => {
  it('documents exactly the keys and operators the validator accepts', () => {
    expect(RULE_KEYS.map((k) => k.key)).toEqual([...RULE_KEY_NAMES]);
    expect(Object.keys(OPERATOR_DOCS).sort()).toEqual([...STRING_OPS, ...OTHER_OPS].sort());
  });
  it('committed rules/logs/README.md and log-rule.schema.json are generated from it', () => {
    const dir = new URL('../../rules/logs/', import.meta.url);
    expect(readFileSync(new URL('README.md', dir), 'utf8')).toBe(ruleFormatMarkdown());
    expect(JSON.parse(readFileSync(new URL('log-rule.schema.json', dir), 'utf8'))).toEqual(ruleJsonSchema());
  });
});
