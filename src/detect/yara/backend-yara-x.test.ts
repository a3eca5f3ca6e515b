/**
 * @module detect/yara/backend-yara-x.test — the shared contract, run on the yara-x backend, and
 * its per-file rule selection held to the hits of scanning every file with every rule.
 */
import { describe, expect, it } from 'vitest';
import { artefactSamples } from '../files/synthetic/artefact-samples.js';
import { webShellSamples } from '../files/synthetic/webshell-samples.js';
import { yaraXEngine } from './backend-yara-x.js';
import { REPO_RULES, runEngineContract } from './engine-contract.test-helpers.js';
import { loadRuleSources } from './rule-source.js';

await runEngineContract(yaraXEngine(), yaraXEngine({ noMatchFilter: true }));

const available = (await yaraXEngine().status()).available;

/**
 * Every generated sample of the file-hunt tests, as it is and grown with filler to just below,
 * at and above each size our rules test, with its first bytes as they are and replaced by `MZ`,
 * `!BDN` and a DER header: every class of file the rule selection can put a file in.
 */
function variants(): { id: string; data: Buffer }[] {
  const base = [...webShellSamples(), ...artefactSamples()].map((s) => ({ id: s.id, data: s.data }));
  const sizes = [2048, 20 * 1024, 50 * 1024, 200 * 1024, 256 * 1024, 300 * 1024];
  const big = [5 * 1024 * 1024, 10 * 1024 * 1024];
  const heads = [null, 'MZ', '!BDN', '\x30\x82'];
  const out: { id: string; data: Buffer }[] = [];
  base.forEach(({ id, data }, n) => {
    const grown = [data.length, ...sizes.flatMap((s) => [s - 1, s, s + 1])];
    // The large sizes only for a few samples: they cost time, not coverage.
    if (n % 8 === 0) grown.push(...big.flatMap((s) => [s - 1, s]));
    for (const size of grown) {
      if (size < data.length) continue;
      for (const head of heads) {
        const buf = Buffer.alloc(size, 0x20);
        data.copy(buf);
        if (head) buf.write(head, 0, 'latin1');
        out.push({
          id: `${id}/${size}/${head ? Buffer.from(head, 'latin1').toString('hex') : 'as-is'}`,
          data: buf,
        });
      }
    }
  });
  return out;
}

describe.skipIf(!available)('yara-x rule selection per file', () => {
  it('gives the same hits, with namespaces, as scanning every file with all rules', async () => {
    const { sources } = await loadRuleSources([REPO_RULES]);
    const selecting = await yaraXEngine().compile(sources);
    const whole = await yaraXEngine({ partition: false }).compile(sources);
    const cases = variants();
    let hits = 0;
    const seen = new Map<string, Set<string>>();
    for (const c of cases) {
      const expected = await whole.scanBuffer(c.data);
      hits += expected.length;
      const sample = c.id.split('/')[0]!;
      if (!seen.has(sample)) seen.set(sample, new Set());
      seen.get(sample)!.add(expected.map((h) => h.rule).join(','));
      expect(await selecting.scanBuffer(c.data), c.id).toEqual(expected);
    }
    // Not a vacuous comparison: the samples do hit, and sizes and headers change the hits.
    expect(hits).toBeGreaterThan(100);
    expect(seen.size).toBeGreaterThan(20);
    expect([...seen.values()].filter((v) => v.size > 1).length).toBeGreaterThan(5);
    await selecting.close();
    await whole.close();
  }, 120_000);
});
