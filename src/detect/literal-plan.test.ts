import { describe, expect, it } from 'vitest';
import { LiteralPlan } from './literal-plan.js';

const rule = (ord: number, literals: string[] | null) => ({ ord, need: literals && { anchors: literals } });

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
  it('evaluates a rule only when the rest of its need holds where its anchor is', () => {
    // BackEndCookie-like: the anchor is in every line, the need (Server~ … / … ~) in few.
    const cookie = {
      ord: 0,
      need: { anchors: ['server~'], clauses: [[['server~', '/', '~']], [['post']]] },
    };
    const p = new LiteralPlan([cookie]);
    expect(p.candidates('POST /ecp/x,Server~ex01.contoso.local~1942062522~2021')).toEqual([]);
    expect(p.candidates('GET /ecp/x,Server~ex01/ecp/default.flt?~1942062522')).toEqual([]);
    expect(p.candidates('POST /ecp/x,Server~ex01/ecp/default.flt?~1942062522')).toEqual([cookie]);
  });
});
