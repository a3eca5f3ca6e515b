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
import { TRICKY, TRICKY_NO_EXTERNALS, variants } from './no-match-samples.test-helpers.js';
import { loadRuleSources } from './rule-source.js';
import type { CompiledRules, YaraEngine } from './types.js';

export const REPO_RULES = fileURLToPath(new URL('../../../rules/yara', import.meta.url));

const names = (hits: { rule: string }[]) => [...new Set(hits.map((h) => h.rule))].sort();

/**
 * Call with top-level await: the backend's status decides, before any test, whether to skip.
 * `filtered` is the same backend with the no-match filter forced on (it is off for small sets).
 */
export async function runEngineContract(engine: YaraEngine, filtered?: YaraEngine): Promise<void> {
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

    // A backend may leave out of a scan the rules that cannot match the file (YARA-X does, by
    // size and leading bytes); these pin that the hits stay exactly those of a full scan.
    describe('only rules that cannot match are ever left out', () => {
      const bounded = [
        'rule Tiny_Bound { strings: $a = "needle" condition: filesize < 1KB and $a }',
        'rule Mz_Only { strings: $a = "needle" condition: uint16(0) == 0x5a4d and filesize < 1MB and $a }',
      ].join('\n');
      const orTop =
        'rule Or_Top { strings: $a = "needle" $b = "other" condition: filesize < 1KB and $a or $b }';
      let exact: CompiledRules;
      let onlyBounded: CompiledRules;
      let exactDir: string;
      /** `size` bytes: `head`, then the needle words, then filler. */
      const file = (size: number, head: string, words = 'needle other') => {
        const buf = Buffer.alloc(size, 0x2e);
        buf.write(head + ' ' + words + ' ', 0, 'latin1');
        return buf;
      };
      const cases = [
        { id: 'text-500', data: file(500, 'TX'), rules: ['Or_Top', 'Tiny_Bound'] },
        { id: 'text-1023', data: file(1023, 'TX'), rules: ['Or_Top', 'Tiny_Bound'] },
        { id: 'text-1024', data: file(1024, 'TX'), rules: ['Or_Top'] },
        { id: 'text-2000-no-other', data: file(2000, 'TX', 'needle'), rules: [] },
        { id: 'mz-500', data: file(500, 'MZ'), rules: ['Mz_Only', 'Or_Top', 'Tiny_Bound'] },
        { id: 'mz-5000', data: file(5000, 'MZ'), rules: ['Mz_Only', 'Or_Top'] },
        { id: 'zm-5000', data: file(5000, 'ZM'), rules: ['Or_Top'] },
        { id: 'mz-2mb', data: file(2 * 1024 * 1024, 'MZ'), rules: ['Or_Top'] },
        { id: 'one-byte-m', data: Buffer.from('M'), rules: [] },
      ];

      beforeAll(async () => {
        if (skip) return;
        exact = await engine.compile([
          { origin: 'bounded.yar', namespace: 'bounded', text: bounded },
          { origin: 'or.yar', namespace: 'or', text: orTop },
        ]);
        onlyBounded = await engine.compile([{ origin: 'bounded.yar', namespace: 'bounded', text: bounded }]);
        exactDir = await mkdtemp(path.join(tmpdir(), 'exhunt-contract-exact-'));
        for (const c of cases) await writeFile(path.join(exactDir, c.id), c.data);
      }, 120_000);
      afterAll(async () => {
        await exact?.close();
        await onlyBounded?.close();
        if (exactDir) await rm(exactDir, { recursive: true, force: true });
      });

      it.skipIf(skip)(
        'a size-bounded rule hits below its bound, a magic rule only with its magic, a top-level or everywhere',
        async () => {
          const files = cases.map((c) => ({ path: path.join(exactDir, c.id) }));
          const batch = await exact.scanFiles(files);
          for (const [i, c] of cases.entries()) {
            expect(names(await exact.scanBuffer(c.data)), `buffer ${c.id}`).toEqual(c.rules);
            expect(names(await exact.scanFile(files[i]!.path)), `file ${c.id}`).toEqual(c.rules);
            expect(names(batch.get(files[i]!.path) ?? []), `batch ${c.id}`).toEqual(c.rules);
          }
        },
      );

      it.skipIf(skip)(
        'hits of a smaller scan keep the namespace of the file that defined the rule',
        async () => {
          const hits = await exact.scanBuffer(cases[4]!.data);
          expect(hits.map((h) => `${h.namespace}:${h.rule}`).sort()).toEqual([
            'bounded:Mz_Only',
            'bounded:Tiny_Bound',
            'or:Or_Top',
          ]);
        },
      );

      it.skipIf(skip)('a file no rule can match gives no hits, one that can gives them', async () => {
        expect(await onlyBounded.scanBuffer(file(5000, 'TX'))).toEqual([]);
        expect(await onlyBounded.scanFile(path.join(exactDir, 'zm-5000'))).toEqual([]);
        expect(names(await onlyBounded.scanBuffer(file(500, 'TX')))).toEqual(['Tiny_Bound']);
      });
    });

    // The no-match filter may only skip scans whose answer is no hit: forced on, every buffer
    // gets the hits it gets with the filter off, and `ruledOut` never claims a buffer that hits.
    it.skipIf(skip || !filtered)(
      'the no-match filter changes no hit',
      async () => {
        let sources = [{ origin: 'tricky.yar', namespace: 'tricky', text: TRICKY }];
        let on = await filtered!.compile(sources);
        if (on.issues.length > 0) {
          // A backend without external variables (libyara-wasm) drops the source: test without them.
          await on.close();
          sources = [{ origin: 'tricky.yar', namespace: 'tricky', text: TRICKY_NO_EXTERNALS }];
          on = await filtered!.compile(sources);
        }
        const off = await engine.compile(sources);
        try {
          expect(on.issues).toEqual([]);
          let hits = 0;
          let ruledOut = 0;
          for (const c of variants()) {
            const expected = await off.scanBuffer(c.data, c.vars);
            hits += expected.length;
            expect(await on.scanBuffer(c.data, c.vars), c.id).toEqual(expected);
            const out = on.ruledOut?.(c.data) ?? false;
            if (out) ruledOut++;
            if (out) expect(expected, `${c.id} ruled out`).toEqual([]);
          }
          expect(hits).toBeGreaterThan(20);
          // A backend that offers `ruledOut` rules out the plain files at least.
          if (on.ruledOut) expect(ruledOut).toBeGreaterThanOrEqual(20);
        } finally {
          await on.close();
          await off.close();
        }
      },
      120_000,
    );

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
