/** @module detect/yara/partition-plan.test — classes of files and the rules each keeps. */
import { describe, expect, it } from 'vitest';
import { chooseBreakpoints, PartitionPlan, type PlanOptions } from './partition-plan.js';
import type { RuleSource } from './types.js';

const ALL: PlanOptions = { maxBreakpoints: 32, maxMagics: 16, minMagicShare: 0 };
const src = (namespace: string, text: string): RuleSource => ({
  origin: `${namespace}.yar`,
  namespace,
  text,
});
const MZ = Buffer.from('MZ\x90\x00');
const TEXT = Buffer.from('<%@ ');

/** Names of the planned rules a file keeps. */
function kept(plan: PartitionPlan, size: number, head: Buffer): string[] {
  return plan.selection(plan.classOf(size, head)).map((i) => plan.rules[i]!.name);
}

describe('PartitionPlan', () => {
  const sources = [
    src(
      'a',
      [
        'import "pe"',
        'rule Small { strings: $a = "x" condition: filesize < 1KB and $a }',
        'rule Pe { strings: $a = "x" condition: uint16(0) == 0x5a4d and filesize < 100KB and $a }',
        'rule Either { strings: $a = "x" condition: filesize < 1KB and $a or uint16(0) == 0x5a4d }',
        'rule Plain { strings: $a = "x" condition: $a }',
      ].join('\n'),
    ),
    src('b', 'rule Big { strings: $a = "y" condition: filesize < 10MB and $a }'),
  ];
  const plan = PartitionPlan.of(sources, ALL);

  it('plans only rules with prerequisites; the others are in every unit', () => {
    expect(plan.rules.map((r) => r.name)).toEqual(['Small', 'Pe', 'Big']);
    expect(plan.alwaysRules).toBe(2);
    expect(plan.breakpoints).toEqual([0, 1024, 100 * 1024, 10 * 1024 * 1024]);
  });

  it('keeps for each file exactly the rules its size and first bytes allow', () => {
    expect(kept(plan, 500, TEXT)).toEqual(['Small', 'Big']);
    expect(kept(plan, 500, MZ)).toEqual(['Small', 'Pe', 'Big']);
    expect(kept(plan, 1024, MZ)).toEqual(['Pe', 'Big']);
    expect(kept(plan, 2048, TEXT)).toEqual(['Big']);
    expect(kept(plan, 20 * 1024 * 1024, MZ)).toEqual([]);
  });

  it('rounds a size down to its class, keeping a superset when breakpoints are few', () => {
    const coarse = PartitionPlan.of(sources, { ...ALL, maxBreakpoints: 1 });
    expect(coarse.breakpoints).toHaveLength(2);
    // Whatever breakpoint was kept, a file never loses a rule that could match it.
    for (const size of [10, 1023, 1024, 50_000, 102_400, 5_000_000, 10_485_760])
      for (const head of [MZ, TEXT]) {
        const exact = kept(plan, size, head);
        expect(kept(coarse, size, head), `${size}`).toEqual(expect.arrayContaining(exact));
      }
  });

  it('a file shorter than a magic cannot have it', () => {
    expect(kept(plan, 1, Buffer.from('M'))).toEqual(['Small', 'Big']);
  });

  it('builds unit texts with imports, unplanned rules and only the selected planned rules', () => {
    const [a, b] = plan.textsOf([2]);
    expect(a).toContain('import "pe"');
    expect(a).toContain('rule Either');
    expect(a).toContain('rule Plain');
    expect(a).not.toContain('rule Small');
    expect(a).not.toContain('rule Pe');
    expect(b).toContain('rule Big');
    expect(plan.textsOf([0, 1, 2])).toEqual(sources.map((s) => s.text));
  });

  it('keeps both ends of a rule reference, across sources too', () => {
    const p = PartitionPlan.of(
      [
        src('a', 'private rule IsPe { condition: uint16(0) == 0x5a4d and filesize < 1MB }'),
        src('b', 'rule UsesIt { strings: $a = "x" condition: filesize < 1KB and IsPe and $a }'),
        src('c', 'rule Alone { strings: $a = "x" condition: filesize < 1KB and $a }'),
      ],
      ALL,
    );
    expect(p.rules.map((r) => r.name)).toEqual(['Alone']);
    expect(p.alwaysRules).toBe(2);
  });

  it('keeps every rule a rule-set pattern names', () => {
    const p = PartitionPlan.of(
      [
        src(
          'a',
          [
            'rule Web_A { strings: $a = "x" condition: filesize < 1KB and $a }',
            'rule Web_B { strings: $a = "y" condition: filesize < 1KB and $a }',
            'rule Other { strings: $a = "z" condition: filesize < 1KB and $a }',
            'rule AnyWeb { condition: filesize < 2KB and any of (Web_*) }',
          ].join('\n'),
        ),
      ],
      ALL,
    );
    expect(p.rules.map((r) => r.name)).toEqual(['Other']);
  });

  it('keeps a source with a global rule whole', () => {
    const p = PartitionPlan.of(
      [
        src(
          'g',
          'global rule Gate { condition: filesize < 1MB }\nrule R { strings: $a = "x" condition: filesize < 1KB and $a }',
        ),
        src('h', 'rule S { strings: $a = "x" condition: filesize < 1KB and $a }'),
      ],
      ALL,
    );
    expect(p.rules.map((r) => r.name)).toEqual(['S']);
    expect(p.alwaysRules).toBe(2);
    expect(p.textsOf([])[0]).toContain('rule R');
  });

  it('keeps a source it cannot read whole, and the rules it may name', () => {
    const p = PartitionPlan.of(
      [
        src('bad', 'include "x.yar"\nrule Odd { condition: Named and filesize < 1KB }'),
        src(
          'ok',
          'rule Named { strings: $a = "x" condition: filesize < 1KB and $a }\nrule Free { strings: $a = "x" condition: filesize < 1KB and $a }',
        ),
      ],
      ALL,
    );
    expect(p.rules.map((r) => r.name)).toEqual(['Free']);
    expect(p.textsOf([])[0]).toContain('include "x.yar"');
  });

  it('with no rule kept anywhere, a class keeps nothing', () => {
    const p = PartitionPlan.of(
      [src('a', 'rule T { strings: $a = "x" condition: filesize < 10 and $a }')],
      ALL,
    );
    expect(p.alwaysRules).toBe(0);
    expect(p.selection(p.classOf(100, TEXT))).toEqual([]);
  });

  it('leaves rare leading bytes out of the class, keeping their rules everywhere', () => {
    const rules = [
      ...Array.from(
        { length: 10 },
        (_, i) => `rule Pe${i} { strings: $a = "x" condition: uint16(0) == 0x5a4d and $a }`,
      ),
      'rule Elf { strings: $a = "x" condition: uint32(0) == 0x464c457f and $a }',
    ];
    const p = PartitionPlan.of([src('a', rules.join('\n'))], { ...ALL, maxMagics: 1, minMagicShare: 0.2 });
    expect(p.magics).toEqual([{ width: 2, bigEndian: false, value: 0x5a4d }]);
    expect(kept(p, 100, TEXT)).toEqual(['Elf']);
    expect(kept(p, 100, MZ)).toHaveLength(11);
  });
});

describe('chooseBreakpoints', () => {
  it('keeps every bound when there is room', () => {
    expect(chooseBreakpoints([5, 3, 3, Infinity], 4)).toEqual([0, 3, 5]);
  });

  it('with fewer slots, prefers bounds where many rules drop out', () => {
    const bounds = [...Array<number>(100).fill(100 * 1024), 1024, 2048, 50 * 1024 * 1024];
    expect(chooseBreakpoints(bounds, 1)).toEqual([0, 100 * 1024]);
  });

  it('ignores bounds above the largest file the hunt scans', () => {
    expect(chooseBreakpoints([200 * 1024 * 1024, 1024], 4)).toEqual([0, 1024]);
  });
});
