import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRuleCache, DEFAULT_LOG_RULES_DIR, loadLogRules, PARSED_RULES_FILE } from './load-rules.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'exhunt-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parsed-rules cache', () => {
  it('is what the shipped YAML parses to now (run npm run rules:build when this fails)', () => {
    const shipped: unknown = JSON.parse(
      readFileSync(path.join(DEFAULT_LOG_RULES_DIR, PARSED_RULES_FILE), 'utf8'),
    );
    expect(shipped).toEqual(JSON.parse(JSON.stringify(buildRuleCache())));
  });

  it('gives the same rules as parsing, and parses a file whose text no longer matches', () => {
    const dir = path.join(tmp, 'logs');
    cpSync(DEFAULT_LOG_RULES_DIR, dir, { recursive: true });
    const cached = loadLogRules(dir);
    rmSync(path.join(dir, PARSED_RULES_FILE));
    expect(cached).toEqual(loadLogRules(dir));
    // A stale entry (same file name, other text) must not be used.
    writeFileSync(
      path.join(dir, PARSED_RULES_FILE),
      JSON.stringify({ 'reconnaissance.yaml': { sha256: 'x', rules: [], issues: [] } }),
    );
    expect(loadLogRules(dir).rules.map((r) => r.id)).toEqual(cached.rules.map((r) => r.id));
    // A damaged cache is only slower.
    writeFileSync(path.join(dir, PARSED_RULES_FILE), '{not json');
    expect(loadLogRules(dir).rules.length).toBe(cached.rules.length);
  });
});
