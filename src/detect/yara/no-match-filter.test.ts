/**
 * @module detect/yara/no-match-filter.test — the filter held to YARA-X itself: on every generated
 * sample and variant, with exhunt's rules and with a set of rules written to exercise each kind of
 * string and condition the filter reads, a buffer the filter rules out must get no hit from a
 * real scan. And the filter must rule out files (it is not a no-op) while letting through every
 * file that matches.
 */
import { describe, expect, it } from 'vitest';
import { yaraXEngine } from './backend-yara-x.js';
import { REPO_RULES } from './engine-contract.test-helpers.js';
import { variablesFor } from './externals.js';
import { literalSearchAvailable } from './literal-index.js';
import { NoMatchFilter } from './no-match-filter.js';
import { loadRuleSources } from './rule-source.js';
import { TRICKY, variants } from './no-match-samples.test-helpers.js';
import type { RuleSource } from './types.js';

const available = (await yaraXEngine().status()).available && literalSearchAvailable();

async function check(sources: RuleSource[]): Promise<{ skipped: number; matched: number; total: number }> {
  const filter = NoMatchFilter.of(sources);
  expect(filter).not.toBeNull();
  const yara = await yaraXEngine({ partition: false, noMatchFilter: false }).compile(sources);
  let skipped = 0;
  let matched = 0;
  const cases = variants();
  try {
    for (const c of cases) {
      const hits = await yara.scanBuffer(c.data, c.vars);
      const vars = { ...variablesFor(''), ...c.vars };
      const may = filter!.mayMatch(c.data, vars);
      if (hits.length > 0) {
        matched++;
        expect(
          may,
          `${c.id}: YARA-X matched ${hits.map((h) => h.rule).join(', ')} but the filter ruled it out`,
        ).toBe(true);
      }
      if (!may) skipped++;
    }
  } finally {
    await yara.close();
  }
  return { skipped, matched, total: cases.length };
}

describe.skipIf(!available)('no-match filter against YARA-X', () => {
  it('never rules out a buffer that YARA-X matches, with a set of tricky rules', async () => {
    const r = await check([{ origin: 'tricky.yar', namespace: 'tricky', text: TRICKY }]);
    // Every crafted file matches something; the plain and grown files match nothing.
    expect(r.matched).toBeGreaterThan(25);
    expect(r.skipped).toBeGreaterThan(20);
  }, 60_000);

  it('rules out the plain files for each tricky rule alone, and still never misses a match', async () => {
    const rules = TRICKY.split(/\n(?=(?:private )?rule )/).slice(1);
    expect(rules.length).toBe(19);
    for (const rule of rules.filter((r) => !r.startsWith('private'))) {
      // A rule that names the private helper needs it in the same unit.
      const text = `import "pe"\n${rule.includes('helper and') ? rules.find((r) => r.startsWith('private'))! : ''}\n${rule}`;
      const r = await check([{ origin: 'one.yar', namespace: 'one', text }]);
      expect(r.skipped, rule.split('{')[0]!).toBeGreaterThanOrEqual(20);
    }
  }, 120_000);

  it("never rules out a buffer that YARA-X matches, with exhunt's own rules", async () => {
    const { sources } = await loadRuleSources([REPO_RULES]);
    const r = await check(sources);
    expect(r.matched).toBeGreaterThan(20);
    expect(r.skipped).toBeGreaterThan(20);
  }, 60_000);

  it('is used by the backend only for large units unless asked, and then gives the same hits', async () => {
    const sources = [{ origin: 'tricky.yar', namespace: 'tricky', text: TRICKY }];
    const filtered = await yaraXEngine({ noMatchFilter: true }).compile(sources);
    const plain = await yaraXEngine({ noMatchFilter: false }).compile(sources);
    try {
      for (const c of variants()) {
        expect(await filtered.scanBuffer(c.data, c.vars), c.id).toEqual(
          await plain.scanBuffer(c.data, c.vars),
        );
      }
    } finally {
      await filtered.close();
      await plain.close();
    }
  }, 60_000);
});
