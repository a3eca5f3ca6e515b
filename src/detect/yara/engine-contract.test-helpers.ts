/**
 * @module detect/yara/engine-contract.test-helpers
 * The contract every YARA backend must pass, shared by each backend's test file (after hono's
 * `common.case.test.ts`): same rules, same generated corpus, same matches. A backend that is not
 * installed is skipped with its reason, never silently.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webShellSamples } from '../files/synthetic/webshell-samples.js';
import { loadRuleSources } from './rule-source.js';
import type { CompiledRules, YaraEngine } from './types.js';

export const REPO_RULES = fileURLToPath(new URL('../../../rules/yara', import.meta.url));

const names = (hits: { rule: string }[]) => [...new Set(hits.map((h) => h.rule))].sort();

/** Call with top-level await: the backend's status decides, before any test, whether to skip. */
export async function runEngineContract(engine: YaraEngine): Promise<void> {
  const status = await engine.status();
  const skip = status.available ? false : `backend unavailable: ${status.detail}`;
  // The reason is in the suite's title, so a skipped backend says why in every report.
  describe(`YaraEngine contract: ${engine.name}${skip ? ` (SKIPPED, ${skip})` : ''}`, () => {
    let rules: CompiledRules;
    let dir: string;
    const samples = webShellSamples();

    beforeAll(async () => {
      if (skip) return;
      const { sources, issues } = await loadRuleSources([REPO_RULES]);
      expect(issues).toEqual([]);
      rules = await engine.compile(sources);
      dir = await mkdtemp(path.join(tmpdir(), 'exhunt-contract-'));
      for (const s of samples) {
        await mkdir(path.join(dir, s.id), { recursive: true });
        await writeFile(path.join(dir, s.id, 'sample.bin'), s.data);
      }
    }, 120_000);
    afterAll(async () => {
      await rules?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it.skipIf(skip)('compiles every exhunt rule file without issues', () => {
      expect(rules.issues).toEqual([]);
      expect(rules.loaded).toBeGreaterThanOrEqual(5);
    });

    for (const s of samples) {
      it.skipIf(skip)(
        `buffer scan of ${s.id} matches exactly ${s.rules.join(', ') || 'nothing'}`,
        async () => {
          expect(names(await rules.scanBuffer(s.data))).toEqual([...s.rules].sort());
        },
      );
    }

    it.skipIf(skip)('file and batch scans agree with buffer scans', async () => {
      const files = samples.map((s) => ({ path: path.join(dir, s.id, 'sample.bin') }));
      const batch = await rules.scanFiles(files);
      for (const [i, s] of samples.entries()) {
        const single = names(await rules.scanFile(files[i]!.path));
        expect(single, s.id).toEqual([...s.rules].sort());
        expect(names(batch.get(files[i]!.path) ?? []), s.id).toEqual(single);
      }
    });

    it.skipIf(skip)('reports the namespace of the file that defined the rule', async () => {
      const hits = await rules.scanBuffer(samples[0]!.data);
      expect(hits[0]?.namespace).toBe('webshell-china-chopper');
    });

    it.skipIf(skip)('drops a broken source with a reason and keeps the others', async () => {
      const broken = await engine.compile([
        {
          origin: 'broken.yar',
          namespace: 'broken',
          text: 'rule broken { strings: $a = "x" condition: $b }',
        },
        {
          origin: 'good.yar',
          namespace: 'good',
          text: 'rule good_one { strings: $a = "needle" condition: $a }',
        },
      ]);
      try {
        expect(broken.issues.map((i) => i.origin)).toEqual(['broken.yar']);
        expect(broken.loaded).toBe(1);
        expect(names(await broken.scanBuffer(Buffer.from('a needle here')))).toEqual(['good_one']);
      } finally {
        await broken.close();
      }
    });

    it.skipIf(skip)('keeps duplicate rule names from two sources apart', async () => {
      const dup = await engine.compile([
        { origin: 'a.yar', namespace: 'a', text: 'rule same_name { strings: $a = "alpha" condition: $a }' },
        { origin: 'b.yar', namespace: 'b', text: 'rule same_name { strings: $a = "beta" condition: $a }' },
      ]);
      try {
        expect(dup.issues).toEqual([]);
        const hits = await dup.scanBuffer(Buffer.from('beta'));
        expect(hits).toEqual([{ rule: 'same_name', namespace: 'b' }]);
      } finally {
        await dup.close();
      }
    });
  });
}
