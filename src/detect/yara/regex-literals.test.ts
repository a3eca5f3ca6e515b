/**
 * @module detect/yara/regex-literals.test — literal sets of regexes, and the property the filter
 * relies on: every string a regex matches contains one of its literals (case-folded).
 */
import { describe, expect, it } from 'vitest';
import { regexLiterals } from './regex-literals.js';

const set = (re: string) =>
  regexLiterals(re)
    ?.map((b) => String.fromCharCode(...b))
    .sort() ?? null;

describe('regexLiterals', () => {
  it('multiplies out alternations and the fixed text after them', () => {
    expect(set(String.raw`\b(ldap|rmi):\/\/[a-z0-9\.]{1,16}`)).toEqual(['ldap://', 'rmi://']);
  });

  it('folds case pairs and keeps optional characters as variants', () => {
    expect(set(String.raw`%([Aa]pp[Dd]ata|APPDATA)%\\`)).toEqual(['%appdata%\\']);
    expect(set(String.raw`ab[\^]?cd`)).toEqual(['ab^cd', 'abcd']);
  });

  it('takes the best required run when the rest is open', () => {
    expect(set(String.raw`[a-z]+ToolPane\.aspx\?x=\d+`)).toEqual(['toolpane.aspx?x=']);
    expect(set(String.raw`(parseInt\(_0x[a-f0-9]{2}){2,4}`)).toEqual(['parseint(_0x']);
  });

  it('drops what a quantifier makes optional', () => {
    // Both runs qualify; the one with fewer variants wins (abcd has abcdx beside it).
    expect(set(String.raw`abcdX?Y*efgh`)).toEqual(['efgh']);
    expect(set(String.raw`x{0,3}longer_run`)).toEqual([
      'longer_run',
      'xlonger_run',
      'xxlonger_run',
      'xxxlonger_run',
    ]);
    expect(set(String.raw`x*longer_run`)).toEqual(['longer_run']);
  });

  it('gives null when some match can avoid every literal', () => {
    expect(set(String.raw`abc|d`)).toBeNull();
    expect(set(String.raw`(foo)?bar`)).toEqual(['bar', 'foobar']);
    expect(set(String.raw`\w+\s*=\s*\d+`)).toBeNull();
    expect(set(String.raw`(?i)abcdef`)).toBeNull();
    expect(set(String.raw`a{`)).toBeNull();
  });

  it('reads escapes as the bytes they stand for', () => {
    expect(set(String.raw`\x41\x42\.\n\t\/`)).toEqual(['ab.\n\t/']);
  });

  it('holds on sample matches of signature-base-like regexes', () => {
    const cases: [string, string[]][] = [
      [
        String.raw`(ldap|ldaps|rmi|dns|iiop|http|nis|nds|corba):\/\/[a-zA-Z0-9\.]{7,80}:[0-9]{2,5}`,
        ['LDAPS://1.2.3.4.5:1389', 'corba://abcdefgh:99'],
      ],
      [
        String.raw`p[\^]?o[\^]?w[\^]?e[\^]?r[\^]?s[\^]?h[\^]?e[\^]?l\^l`,
        ['p^o^w^e^r^s^h^e^l^l', 'powershel^l'],
      ],
      [String.raw`\$_(GET|POST|REQUEST)\["\w"\]`, ['$_GET["a"]', '$_request["z"]']],
      [String.raw`(exec|system|eval)[\t ]{0,300}\(`, ['eval  (', 'SYSTEM(']],
    ];
    for (const [re, samples] of cases) {
      const lits = set(re);
      expect(lits, re).not.toBeNull();
      // The regex itself, as JavaScript reads it, accepts the sample; one literal is inside it.
      for (const s of samples) {
        expect(new RegExp(re, 'i').test(s), `${re} ~ ${s}`).toBe(true);
        expect(
          lits!.some((l) => s.toLowerCase().includes(l)),
          `${re}: ${s} contains none of ${lits!.join(' | ')}`,
        ).toBe(true);
      }
    }
  });
});
