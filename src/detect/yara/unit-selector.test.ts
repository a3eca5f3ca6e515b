/**
 * @module detect/yara/unit-selector.test — which unit a file is scanned with. The "compiler"
 * here records the unit texts, so each test sees which rules every unit holds.
 */
import { describe, expect, it } from 'vitest';
import { PartitionPlan } from './partition-plan.js';
import { policyFor, UnitSelector, type SelectorPolicy } from './unit-selector.js';

const TEXT = Buffer.from('abcd');
const MZ = Buffer.from('MZ\x90\x00');

const rule = (name: string, cond: string) => `rule ${name} { strings: $a = "x" condition: ${cond} and $a }`;
const SOURCE = [
  rule('Tiny', 'filesize < 100'),
  rule('Small', 'filesize < 1KB'),
  rule('Medium', 'filesize < 100KB'),
  rule('Pe', 'uint16(0) == 0x5a4d and filesize < 1MB'),
].join('\n');

interface FakeUnit {
  text: string;
}

function setup(policy: Partial<SelectorPolicy> = {}, source = SOURCE, failOn?: string) {
  const full: FakeUnit = { text: 'FULL' };
  const compiled: string[] = [];
  const p = { ...policyFor(4), ...policy };
  const plan = PartitionPlan.of([{ origin: 'a.yar', namespace: 'a', text: source }], p);
  const selector = new UnitSelector<FakeUnit>(
    plan,
    full,
    (text) => {
      compiled.push(text);
      return failOn && text.includes(failOn) ? null : { text };
    },
    p,
  );
  const names = (u: FakeUnit | null) =>
    u === null ? null : u === full ? 'FULL' : [...u.text.matchAll(/rule (\w+)/g)].map((m) => m[1]).join(',');
  return { selector, compiled, names, full };
}

describe('UnitSelector', () => {
  it('compiles one unit per class on first use and reuses it', () => {
    const { selector, compiled, names } = setup();
    expect(names(selector.forFile(500, TEXT))).toBe('Small,Medium');
    expect(names(selector.forFile(600, TEXT))).toBe('Small,Medium');
    expect(names(selector.forFile(5000, TEXT))).toBe('Medium');
    expect(compiled).toHaveLength(2);
    expect(selector.stats).toEqual({ units: 2, classes: 2, failures: 0 });
  });

  it('uses the unit of all rules when a class keeps them all, without compiling', () => {
    const { selector, compiled, full } = setup();
    expect(selector.forFile(10, MZ)).toBe(full);
    expect(compiled).toEqual([]);
  });

  it('does not scan a file no rule can match', () => {
    const { selector, compiled } = setup();
    expect(selector.forFile(2 * 1024 * 1024, MZ)).toBeNull();
    expect(selector.forFile(2 * 1024 * 1024, TEXT)).toBeNull();
    expect(compiled).toEqual([]);
  });

  it('scans with the unplanned rules even where no planned rule applies', () => {
    const { selector, names } = setup({}, `${SOURCE}\nrule Any { strings: $a = "x" condition: $a }`);
    expect(names(selector.forFile(2 * 1024 * 1024, TEXT))).toBe('Any');
  });

  it('shares one unit between classes that keep the same rules', () => {
    const { selector, compiled } = setup();
    selector.forFile(200 * 1024, MZ); // Pe only
    selector.forFile(200 * 1024, Buffer.from('MZ!!')); // same class
    expect(compiled).toHaveLength(1);
  });

  it('past the unit cap, uses the smallest compiled unit that holds every needed rule', () => {
    const { selector, compiled, names } = setup({ maxUnits: 2 });
    expect(names(selector.forFile(50, TEXT))).toBe('Tiny,Small,Medium');
    expect(names(selector.forFile(500, TEXT))).toBe('Small,Medium');
    // A third class: no new unit; Small,Medium holds Medium and is smaller than the first.
    expect(names(selector.forFile(5000, TEXT))).toBe('Small,Medium');
    // Pe is in no compiled unit: the full one.
    expect(names(selector.forFile(5000, MZ))).toBe('FULL');
    expect(compiled).toHaveLength(2);
  });

  it('compiles no more rules into units than the budget allows', () => {
    const { selector, compiled, full, names } = setup({ maxUnitRules: 3 });
    expect(names(selector.forFile(5000, TEXT))).toBe('Medium'); // 1 rule
    expect(names(selector.forFile(500, TEXT))).toBe('Small,Medium'); // 2: 3 in all
    expect(selector.forFile(50, TEXT)).toBe(full); // 3 more would pass the budget
    expect(compiled).toHaveLength(2);
  });

  it('falls back to the full unit if a smaller one does not compile', () => {
    const { selector, full } = setup({}, SOURCE, 'rule Medium');
    expect(selector.forFile(5000, TEXT)).toBe(full);
    expect(selector.stats.failures).toBe(1);
  });
});

describe('policyFor', () => {
  it('lets a small rule set have many units and a large one few', () => {
    expect(policyFor(10).maxUnits).toBeGreaterThan(policyFor(6000).maxUnits);
    expect(policyFor(6000).maxBreakpoints).toBeLessThan(policyFor(10).maxBreakpoints);
    expect(policyFor(6000).maxUnitRules).toBeLessThan(6000);
  });
});
