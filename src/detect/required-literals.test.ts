import { describe, expect, it } from 'vitest';
import { lineNeed, requiredLiterals } from './required-literals.js';

describe('required literals for the prefilter', () => {
  it('takes the most selective child of all, the union of any', () => {
    expect(
      requiredLiterals({
        all: [
          { field: 'cs-method', equals: 'POST' },
          { field: 'cs-uri-stem', startswith: '/owa/auth/Current/' },
        ],
      }),
    ).toEqual(['/owa/auth/current/']);
    expect(
      requiredLiterals({
        any: [
          { field: 'a', contains: 'Foo1' },
          { field: 'b', contains: ['bar2', 'baz3'] },
        ],
      }),
    ).toEqual(['foo1', 'bar2', 'baz3']);
  });
  it('has none when a branch can match without a literal', () => {
    expect(
      requiredLiterals({
        any: [
          { field: 'a', contains: 'foo' },
          { field: 'b', regex: 'x+' },
        ],
      }),
    ).toBeNull();
    expect(requiredLiterals({ not: { field: 'a', contains: 'foo' } })).toBeNull();
    expect(requiredLiterals({ field: '@path', contains: 'iis' })).toBeNull();
    expect(requiredLiterals({ field: 'a', contains: '@' })).toBeNull();
  });
  it('uses the longest literal run of a like pattern and never a run with a CSV-doubled quote', () => {
    expect(requiredLiterals({ field: 'AnchorMailbox', like: 'ServerInfo~*/*' })).toEqual(['serverinfo~']);
    expect(requiredLiterals({ field: 'x', contains: 'ab"cdefg' })).toEqual(['cdefg']);
  });
});

describe('literal choice avoids what most lines contain', () => {
  it('prefers a rare literal over a status code, a verb or a protocol path', () => {
    expect(
      requiredLiterals({
        all: [
          { field: 'cs-method', equals: 'POST' },
          { field: 'sc-status', equals: '200' },
          { field: 'cs-uri-stem', contains: '/powershell' },
          { field: 'cs-uri-query', contains: 'x-rps-cat' },
        ],
      }),
    ).toEqual(['x-rps-cat']);
    expect(requiredLiterals({ field: 'AnchorMailbox', like: 'ServerInfo~*/autodiscover*' })).toEqual([
      'serverinfo~',
    ]);
  });
});

describe('line needs: anchors plus what is checked where an anchor is found', () => {
  it('keeps every literal of a like pattern, in order, for a rule whose anchor is in every line', () => {
    expect(lineNeed({ field: 'BackEndCookie', like: 'Server~*/*~*' })).toEqual({
      anchors: ['server~'],
      clauses: [[['server~', '/', '~']]],
    });
  });
  it('joins the clauses of all, anchors on the rarest and reads literals out of regexes', () => {
    const need = lineNeed({
      all: [
        { field: 'cs-method', equals: 'POST' },
        {
          any: [
            { field: 'cs-uri-stem', regex: '^/ecp/[a-z0-9_]{1,3}\\.js$' },
            { field: 'cs-uri-stem', equals: '/ecp/default.flt' },
          ],
        },
      ],
    });
    expect(need).toEqual({
      anchors: ['/ecp/', '/ecp/default.flt'],
      clauses: [[['post']], [['/ecp/', '.js'], ['/ecp/default.flt']]],
    });
  });
  it('anchors on a long literal rather than a frequent short one in the same sequence', () => {
    expect(lineNeed({ field: 'UrlStem', like: '/owa/*%40*/powershell*' })?.anchors).toEqual(['/powershell']);
  });
  it('anchors on the clause with fewer frequent anchors (issue 3: a third of IIS lines carry /owa/auth/ or /ecp/)', () => {
    // "POST to /ecp/<x>.js, /ecp/default.flt … or /owa/auth/x.js": the path clause has one
    // frequent anchor (/ecp/) and rare ones; "/ecp/ or /owa/auth/" has two frequent ones.
    // The shape of the IIS ProxyLogon rule (rules/logs/proxylogon-iis.yaml).
    const need = lineNeed({
      all: [
        { field: 'cs-method', equals: 'POST' },
        { field: 'cs-uri-stem', contains: ['/ecp/', '/owa/auth/'] },
        {
          any: [
            { field: 'cs-uri-stem', regex: '^/ecp/[a-z0-9_]{1,3}\\.js$' },
            { field: 'cs-uri-stem', equals: ['/ecp/default.flt', '/owa/auth/x.js'] },
          ],
        },
      ],
    });
    expect(need?.anchors).toEqual(['/ecp/', '/ecp/default.flt', '/owa/auth/x.js']);
  });

  it('requires nothing of a negation and splits a literal at CSV-doubled quotes', () => {
    expect(lineNeed({ not: { field: 'a', contains: 'abc' } })).toBeNull();
    expect(lineNeed({ field: 'x', contains: 'ab"cdefg' })).toEqual({
      anchors: ['cdefg'],
      clauses: [[['ab', 'cdefg']]],
    });
  });
  it("blanks a field's excluded values only for space-split logs and a rule on that field alone", () => {
    const cond = {
      all: [
        { field: 'cs-uri-stem', like: ['/owa/auth/*.as?x'] },
        { not: { field: 'cs-uri-stem', in: ['/owa/auth/logon.aspx', '/owa/auth/LogOff.aspx'] } },
      ],
    };
    expect(lineNeed(cond, true)?.blank).toEqual(['/owa/auth/logon.aspx', '/owa/auth/logoff.aspx']);
    expect(lineNeed(cond, false)?.blank).toBeUndefined();
    const other = { all: [...cond.all, { field: 'cs(User-Agent)', contains: 'python' }] };
    expect(lineNeed(other, true)?.blank).toBeUndefined();
    const cased = {
      all: [cond.all[0]!, { not: { field: 'cs-uri-stem', in: ['/owa/auth/logon.aspx'], cased: true } }],
    };
    expect(lineNeed(cased, true)?.blank).toBeUndefined();
  });
});
