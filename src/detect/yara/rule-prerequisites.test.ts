/** @module detect/yara/rule-prerequisites.test — what a file must be for a rule to match. */
import { describe, expect, it } from 'vitest';
import { integerValue, namesIn, prerequisitesOf } from './rule-prerequisites.js';
import { readSource } from './source-reader.js';

function condition(cond: string) {
  const r = readSource(`rule R { strings: $a = "x" $b = "y" condition: ${cond} }`);
  if (!r.ok) throw new Error(r.reason);
  return r.outline.rules[0]!.condition;
}
const of = (cond: string) => prerequisitesOf(condition(cond));

describe('integerValue', () => {
  it('reads decimal, hex, octal and KB/MB like YARA', () => {
    expect(integerValue('123')).toBe(123);
    expect(integerValue('0x5A4d')).toBe(0x5a4d);
    expect(integerValue('0o17')).toBe(15);
    expect(integerValue('20KB')).toBe(20 * 1024);
    expect(integerValue('5MB')).toBe(5 * 1024 * 1024);
    expect(integerValue('1.5')).toBeNull();
    expect(integerValue('x')).toBeNull();
  });
});

describe('prerequisitesOf', () => {
  it('takes a size bound and leading bytes from a top-level conjunction', () => {
    expect(of('uint16(0) == 0x5a4d and filesize < 300KB and $a')).toEqual({
      sizeBelow: 300 * 1024,
      magics: [{ width: 2, bigEndian: false, value: 0x5a4d }],
    });
  });

  it('reads <= as a bound one byte higher and keeps the tightest of several', () => {
    expect(of('filesize <= 1000 and $a').sizeBelow).toBe(1001);
    expect(of('filesize < 2MB and $a and filesize < 10KB').sizeBelow).toBe(10 * 1024);
  });

  it('reads every uint form at offset 0, big-endian and decimal included', () => {
    expect(of('uint8(0) == 77 and uint32be(0) == 0x7f454c46 and uint32(0x0) == 0x4e444221').magics).toEqual([
      { width: 1, bigEndian: false, value: 77 },
      { width: 4, bigEndian: true, value: 0x7f454c46 },
      { width: 4, bigEndian: false, value: 0x4e444221 },
    ]);
  });

  it('looks into parenthesised conjuncts', () => {
    expect(of('(uint16(0) == 0x5a4d and (filesize < 1MB)) and $a')).toEqual({
      sizeBelow: 1024 * 1024,
      magics: [{ width: 2, bigEndian: false, value: 0x5a4d }],
    });
  });

  it('gives nothing for a top-level or, even next to bounds', () => {
    expect(of('filesize < 1KB and $a or $b')).toEqual({ sizeBelow: Infinity, magics: [] });
    expect(of('uint16(0) == 0x5a4d and filesize < 1KB and $a or filesize < 2MB')).toEqual({
      sizeBelow: Infinity,
      magics: [],
    });
  });

  it('takes nothing from a conjunct that holds an or, but keeps the other conjuncts', () => {
    expect(of('filesize < 1KB and (uint16(0) == 0x5a4d or $a)')).toEqual({ sizeBelow: 1024, magics: [] });
  });

  it('takes nothing from negations, other offsets, other operators or computed values', () => {
    for (const cond of [
      'not filesize < 1KB and $a',
      'not (uint8(0) == 0x23) and $a',
      'uint16(2) == 0x5a4d and $a',
      'uint16(0) != 0x5a4d and $a',
      'filesize > 1KB and $a',
      'filesize < 1KB * 2 and $a',
      'uint16(0) == 0x5a4d + 1 and $a',
      'int16(0) == 0x5a4d and $a',
      '0x5a4d == uint16(0) and $a',
      'uint8(0) == 0x1ff and $a',
      'filesize < 1.5 and $a',
    ]) {
      expect(of(cond), cond).toEqual({ sizeBelow: Infinity, magics: [] });
    }
  });

  it('gives nothing for a condition whose brackets do not balance', () => {
    const tokens = condition('filesize < 1KB and $a');
    expect(prerequisitesOf([...tokens, { kind: 'punct', text: ')', start: 0, end: 0 }])).toEqual({
      sizeBelow: Infinity,
      magics: [],
    });
  });

  it('reads the conditions of exhunt-style and signature-base-style rules', () => {
    expect(of('filesize < 5MB and $a\n// comment\nand not (uint8(0) == 0x23)').sizeBelow).toBe(
      5 * 1024 * 1024,
    );
    expect(of('uint16(0) == 0x5A4D and filesize < 100KB and 1 of ($a*) and all of ($b*)')).toEqual({
      sizeBelow: 100 * 1024,
      magics: [{ width: 2, bigEndian: false, value: 0x5a4d }],
    });
  });
});

describe('namesIn', () => {
  it('lists identifiers and rule-set prefixes a condition may use as rule names', () => {
    expect(namesIn(condition('Helper and any of (Other_*) and pe.is_dll() and filesize * 2 > 1'))).toEqual([
      'Helper',
      'and',
      'any',
      'of',
      'Other_*',
      'and',
      'pe',
      'is_dll',
      'and',
      'filesize*',
    ]);
  });
});
