import { describe, expect, it } from 'vitest';
import { combineVerdicts } from './combine-verdicts.js';
import type { CheckResult } from '../types.js';

const r = (id: string, cves: string[], verdict: CheckResult['verdict']): CheckResult => ({
  id,
  cves,
  verdict,
  evidence: '',
});
const MIT = new Set(['m1', 'm2']);

describe('combineVerdicts', () => {
  it('a check beats the build, and the disagreement is reported', () => {
    const c = combineVerdicts({ A: 'patched' }, [r('v', ['A'], 'vulnerable')], MIT);
    expect(c.vulnerabilities.A).toBe('vulnerable');
    expect(c.disagreements[0]).toMatch(/build says patched/);
    const d = combineVerdicts({ A: 'vulnerable' }, [r('v', ['A'], 'patched')], MIT);
    expect(d.vulnerabilities.A).toBe('patched');
    expect(d.disagreements).toHaveLength(1);
  });

  it('a check settles what CU precision left unknown, silently', () => {
    const c = combineVerdicts({ A: 'unknown' }, [r('v', ['A'], 'patched')], MIT);
    expect(c).toMatchObject({ vulnerabilities: { A: 'patched' }, disagreements: [] });
  });

  it('mitigated needs every mitigation check to hold', () => {
    expect(
      combineVerdicts({ B: 'vulnerable' }, [r('m1', ['B'], 'mitigated'), r('m2', ['B'], 'mitigated')], MIT)
        .vulnerabilities.B,
    ).toBe('mitigated');
    const partial = combineVerdicts(
      { B: 'vulnerable' },
      [r('m1', ['B'], 'mitigated'), r('m2', ['B'], 'inconclusive')],
      MIT,
    );
    expect(partial.vulnerabilities.B).toBe('vulnerable');
    expect(partial.notes[0]).toMatch(/does not hold/);
  });

  it('a mitigation never turns a patched build into mitigated; inconclusive changes nothing', () => {
    const c = combineVerdicts(
      { B: 'patched' },
      [r('m1', ['B'], 'mitigated'), r('m2', ['B'], 'mitigated')],
      MIT,
    );
    expect(c.vulnerabilities.B).toBe('patched');
    expect(combineVerdicts({ C: 'unknown' }, [r('v', ['C'], 'inconclusive')], MIT).vulnerabilities.C).toBe(
      'unknown',
    );
  });
});
