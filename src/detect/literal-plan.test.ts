import { describe, expect, it } from 'vitest';
import { LiteralPlan } from './literal-plan.js';

const rule = (ord: number, literals: string[] | null) => ({ ord, literals });

describe('LiteralPlan', () => {
  const a = rule(0, ['/owa/auth/']);
  const b = rule(1, ['/owa/auth/current/']);
  const c = rule(2, ['abc', 'xyz']);
  const d = rule(3, ['bcd']);
  const always = rule(4, null);
  const plan = new LiteralPlan([a, b, c, d, always]);

  it('returns only the rules whose literals the line contains, plus literal-free rules, in order', () => {
    expect(plan.candidates('GET /OWA/Auth/Current/themes x')).toEqual([a, b, always]);
    expect(plan.candidates('GET /owa/auth/logon.aspx')).toEqual([a, always]);
    expect(plan.candidates('nothing here')).toEqual([always]);
  });
  it('finds overlapping literals', () => {
    expect(plan.candidates('xabcdx')).toEqual([c, d, always]);
  });
});
