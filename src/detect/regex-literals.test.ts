import { describe, expect, it } from 'vitest';
import { regexLiterals } from './regex-literals.js';

describe('regexLiterals', () => {
  it('reads the literal runs of a simple pattern, in order', () => {
    expect(regexLiterals('^/ecp/[a-z0-9_]{1,3}\\.js$')).toEqual(['/ecp/', '.js']);
    expect(regexLiterals('^/owa/[^/]+(@|%40)[^/]+/powershell')).toEqual(['/owa/', '/powershell']);
  });
  it('ends a run at optional atoms and keeps one copy of a repeated one', () => {
    expect(regexLiterals('abcd?ef')).toEqual(['abc', 'ef']);
    expect(regexLiterals('abc+d')).toEqual(['abc', 'd']);
    expect(regexLiterals('ab{0,2}cd')).toEqual(['a', 'cd']);
    expect(regexLiterals('x{2}y')).toEqual(['x', 'y']);
  });
  it('treats classes, escapes of letters, lookarounds and back-references as breaks', () => {
    expect(regexLiterals('Set-.+VirtualDirectory.+?(?=Url).+<\\w+.*>')).toEqual([
      'set-',
      'virtualdirectory',
      '<',
      '>',
    ]);
    expect(regexLiterals('a\\d\\u0041b\\x41c\\1d\\.e')).toEqual(['a', 'b', 'c', 'd.e']);
    expect(regexLiterals('ab[]]cd')).toEqual(['ab', ']cd']);
  });
  it('requires nothing from a top-level alternation or a malformed pattern', () => {
    expect(regexLiterals('abc|def')).toBeNull();
    expect(regexLiterals('abc)')).toBeNull();
    expect(regexLiterals('(abc')).toBeNull();
    expect(regexLiterals('*abc')).toBeNull();
    expect(regexLiterals('[abc')).toBeNull();
  });
  it('every run it names is in every value the pattern matches (sampled)', () => {
    const cases: [string, string[]][] = [
      ['^/ecp/[a-z0-9_]{1,3}\\.js$', ['/ecp/y.js', '/ECP/ab_.JS']],
      ["Download failed and temporary file '?[a-z]:\\\\", ["x Download failed and temporary file 'c:\\"]],
      ['ab?c+d*e{1,}f', ['ace f'.replace(' ', ''), 'abcccddef']],
    ];
    for (const [src, values] of cases) {
      const runs = regexLiterals(src)!;
      for (const v of values) {
        expect(new RegExp(src, 'is').test(v)).toBe(true);
        let from = 0;
        for (const r of runs) {
          const at = v.toLowerCase().indexOf(r, from);
          expect(at, `${r} in ${v}`).toBeGreaterThanOrEqual(0);
          from = at + r.length;
        }
      }
    }
  });
});
