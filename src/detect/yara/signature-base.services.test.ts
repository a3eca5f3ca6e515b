/**
 * @module detect/yara/signature-base.services.test
 * The whole third-party signature-base rule set (741 files, DRL 1.1) on every available backend:
 * it must load (files a backend cannot compile are listed with the reason, never silently
 * dropped), and every backend must report the same rules on the generated corpus. The set is not
 * copied into the repository; point `EXHUNT_SIGBASE_DIR` at its `yara/` folder (CI: the shared
 * research data). Skipped, with that reason, when the variable is not set.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { artefactSamples } from '../files/synthetic/artefact-samples.js';
import { webShellSamples } from '../files/synthetic/webshell-samples.js';
import { yaraXEngine } from './backend-yara-x.js';
import { variablesFor } from './externals.js';
import { NoMatchFilter } from './no-match-filter.js';
import { PartitionPlan } from './partition-plan.js';
import { loadRuleSources } from './rule-source.js';
import { readSource } from './source-reader.js';
import { policyFor } from './unit-selector.js';
import { engineByName } from './select-engine.js';
import { ruleNames } from './rule-meta.js';
import type { BackendName, YaraHit } from './types.js';

const DIR = process.env.EXHUNT_SIGBASE_DIR ?? '';
const skip = !DIR || !existsSync(DIR) ? 'EXHUNT_SIGBASE_DIR is not set to signature-base/yara' : false;
const corpus = [...webShellSamples(), ...artefactSamples()];
const names = (hits: YaraHit[]) => new Set(hits.map((h) => h.rule));

describe.skipIf(skip)(`signature-base from EXHUNT_SIGBASE_DIR (${skip || DIR})`, () => {
  const results = new Map<BackendName, { perSample: Set<string>[]; dropped: Set<string> }>();

  for (const name of ['yara-x', 'cli', 'wasm'] as const) {
    it(`${name}: loads the set and scans the corpus`, async () => {
      const engine = engineByName(name);
      const status = await engine.status();
      if (!status.available) {
        console.warn(`skipped ${name}: ${status.detail}`);
        return;
      }
      const { sources, issues } = await loadRuleSources([DIR], 'sigbase/');
      expect(issues).toEqual([]);
      expect(sources.length).toBeGreaterThanOrEqual(700);
      const rules = await engine.compile(sources);
      try {
        // YARA-X and yara 4 compile every file (externals defined); libyara-wasm cannot define
        // external variables, so the files that use them are listed as dropped.
        const maxDropped = name === 'wasm' ? 40 : 5;
        expect(rules.issues.length, JSON.stringify(rules.issues.slice(0, 5))).toBeLessThanOrEqual(maxDropped);
        expect(rules.loaded + rules.issues.length).toBe(sources.length);
        console.info(
          `${name}: ${rules.loaded}/${sources.length} signature-base files loaded, ${rules.issues.length} dropped`,
        );
        const perSample: Set<string>[] = [];
        for (const s of corpus) perSample.push(names(await rules.scanBuffer(s.data)));
        const droppedOrigins = new Set(rules.issues.map((i) => i.origin));
        const dropped = new Set(
          sources.filter((s) => droppedOrigins.has(s.origin)).flatMap((s) => ruleNames(s.text)),
        );
        results.set(name, { perSample, dropped });
        expect(
          perSample[corpus.findIndex((c) => c.id === 'chopper-jscript-oneliner')]!.has(
            'ChinaChopper_Generic',
          ),
        ).toBe(true);
      } finally {
        await rules.close();
      }
    }, 900_000);
  }

  it('the YARA source reader reads every file of the set', async () => {
    const { sources } = await loadRuleSources([DIR], 'sigbase/');
    const unread = sources.filter((s) => !readSource(s.text).ok).map((s) => s.origin);
    expect(unread).toEqual([]);
    const plan = PartitionPlan.of(sources, policyFor(6000));
    // Most rules have a size bound or leading bytes; those without are in every unit.
    expect(plan.rules.length).toBeGreaterThan(plan.alwaysRules);
  }, 120_000);

  it('yara-x: per-file rule selection, forced on for the whole set, gives the same hits', async () => {
    const engine = yaraXEngine();
    if (!(await engine.status()).available) return;
    const { sources } = await loadRuleSources([DIR], 'sigbase/');
    // The default budget gives signature-base no smaller units (they do not pay); force them.
    const selecting = await yaraXEngine({ policy: { maxUnitRules: Infinity, maxUnits: 8 } }).compile(sources);
    const whole = await yaraXEngine({ partition: false }).compile(sources);
    try {
      // The samples as they are, grown past the most common bounds, and with an MZ header.
      const cases = corpus.flatMap((c) =>
        [c.data.length, 100 * 1024, 600 * 1024].flatMap((size) =>
          ['', 'MZ'].map((head) => {
            const buf = Buffer.alloc(Math.max(size, c.data.length), 0x20);
            c.data.copy(buf);
            if (head) buf.write(head, 0, 'latin1');
            return { id: `${c.id}/${size}/${head}`, data: buf };
          }),
        ),
      );
      let hits = 0;
      for (const c of cases) {
        const expected = await whole.scanBuffer(c.data);
        hits += expected.length;
        expect(await selecting.scanBuffer(c.data), c.id).toEqual(expected);
      }
      expect(hits).toBeGreaterThan(20);
    } finally {
      await selecting.close();
      await whole.close();
    }
  }, 900_000);

  it('yara-x: the no-match filter never rules out a buffer the set matches, and rules out plain ones', async () => {
    const engine = yaraXEngine();
    if (!(await engine.status()).available) return;
    const { sources } = await loadRuleSources([DIR], 'sigbase/');
    const filter = NoMatchFilter.of(sources);
    expect(filter).not.toBeNull();
    const whole = await yaraXEngine({ partition: false, noMatchFilter: false }).compile(sources);
    try {
      // The samples as they are and in text and binary surroundings, plus plain text and
      // binary files that match nothing; each under a web shell name and a plain one.
      const filler = (n: number, k: number) =>
        k === 0
          ? Buffer.alloc(n, 'function load() { return page; }\n')
          : Buffer.from(Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 24));
      const datas = [
        ...corpus.flatMap((c) => [
          { id: c.id, data: c.data },
          { id: `${c.id}/text`, data: Buffer.concat([filler(5000, 0), c.data, filler(5000, 0)]) },
          { id: `${c.id}/binary`, data: Buffer.concat([filler(5000, 1), c.data]) },
        ]),
        ...[100, 5000, 80_000].flatMap((n) =>
          [0, 1].map((k) => ({ id: `plain-${n}-${k}`, data: filler(n, k) })),
        ),
      ];
      const cases = datas.flatMap((d) =>
        ['inetpub/wwwroot/aspnet_client/x.aspx', 'ProgramData/report.txt'].map((p) => ({
          ...d,
          vars: variablesFor(p),
        })),
      );
      let hits = 0;
      let ruledOut = 0;
      for (const c of cases) {
        const expected = await whole.scanBuffer(c.data, c.vars);
        hits += expected.length;
        const may = filter!.mayMatch(c.data, c.vars);
        if (!may) ruledOut++;
        if (expected.length > 0) expect(may, `${c.id}: ${expected.map((h) => h.rule).join(', ')}`).toBe(true);
      }
      expect(hits).toBeGreaterThan(20);
      expect(ruledOut).toBeGreaterThan(8);
      console.info(
        `no-match filter: ${ruledOut}/${cases.length} buffers ruled out, ${filter!.stats.rulesAlwaysEvaluated} rules evaluated on every file`,
      );
    } finally {
      await whole.close();
    }
  }, 900_000);

  it('every available backend reports the same rules per sample', () => {
    const all = [...results.values()];
    expect(all.length).toBeGreaterThanOrEqual(1);
    // Rules some backend could not load are left out of the comparison (listed in its issues).
    const dropped = new Set(all.flatMap((r) => [...r.dropped]));
    const view = (set: Set<string>) => [...set].filter((r) => !dropped.has(r)).sort();
    for (const other of all.slice(1)) {
      corpus.forEach((sample, i) => {
        expect(view(other.perSample[i]!), sample.id).toEqual(view(all[0]!.perSample[i]!));
      });
    }
  });
});
