/**
 * @module detect/yara/condition-tree.test — three-valued reading of conditions: what the filter
 * may call false, and that anything it does not know stays unknown.
 */
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  FALSE,
  neededStrings,
  readCondition,
  TRUE,
  UNKNOWN,
  type Truth,
} from './condition-tree.js';
import { EMPTY_VARIABLES } from './externals.js';
import { tokenize, type Token } from './source-reader.js';
import type { ScanVariables } from './types.js';

const STRINGS = ['a', 'b', 'x1', 'x2', ''];

function truth(
  condition: string,
  opts: {
    present?: string[];
    data?: Uint8Array;
    vars?: Partial<ScanVariables>;
    rules?: Record<string, Truth>;
  } = {},
): Truth {
  const node = readCondition(tokenize(condition) as Token[], STRINGS, new Set(Object.keys(opts.rules ?? {})));
  const present = new Set(opts.present ?? []);
  return evaluate(node, {
    data: opts.data ?? Buffer.from('plain text, not a PE'),
    externals: { ...EMPTY_VARIABLES, ...opts.vars },
    present: (i) => present.has(STRINGS[i]!),
    rule: (name) => opts.rules?.[name] ?? UNKNOWN,
  });
}

describe('readCondition + evaluate', () => {
  it('is false when the strings a condition needs cannot match, unknown when they may', () => {
    expect(truth('$a')).toBe(FALSE);
    expect(truth('$a', { present: ['a'] })).toBe(UNKNOWN);
    expect(truth('any of them')).toBe(FALSE);
    expect(truth('2 of ($x*)', { present: ['x1'] })).toBe(FALSE);
    expect(truth('2 of ($x*)', { present: ['x1', 'x2'] })).toBe(UNKNOWN);
    expect(truth('all of ($a, $b)', { present: ['a'] })).toBe(FALSE);
    expect(truth('$a at 0 or $b in (0..100)')).toBe(FALSE);
    expect(truth('#a > 2')).toBe(FALSE);
    expect(truth('#a >= 0')).toBe(TRUE); // 0 >= 0, as YARA-X says
    expect(truth('#x1 + #x2 > #a + #b', { present: ['a'] })).toBe(FALSE);
  });

  it('keeps not, none and unknown parts unknown or true, never false', () => {
    expect(truth('not $a')).toBe(TRUE);
    expect(truth('none of them')).toBe(UNKNOWN);
    expect(truth('for any i in (1..#a) : ( @a[i] < 10 )')).toBe(UNKNOWN);
    expect(truth('math.entropy(0, filesize) > 7')).toBe(UNKNOWN);
    expect(truth('$a or math.entropy(0, filesize) > 7')).toBe(UNKNOWN);
    expect(truth('filesize > 10 and')).toBe(UNKNOWN);
  });

  it('computes integer expressions exactly, with undefined reads false', () => {
    const mz = Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(0x3a),
      Buffer.from([0x40, 0, 0, 0]),
      Buffer.from('PE\0\0'),
    ]);
    expect(truth('uint16(0) == 0x5a4d', { data: mz })).toBe(TRUE);
    expect(truth('uint16(0) == 0x5A4D and uint32(uint32(0x3C)) == 0x00004550', { data: mz })).toBe(TRUE);
    expect(truth('uint32be(0) == 0x4d5a0000', { data: mz })).toBe(TRUE);
    expect(truth('uint32(1000) == 0')).toBe(FALSE);
    expect(truth('not (uint32(1000) == 0)')).toBe(TRUE);
    expect(truth('filesize < 1KB and filesize > 5')).toBe(TRUE);
    expect(truth('(uint16(0) ^ 0x5a4d) << 16 == 0', { data: mz })).toBe(TRUE);
    expect(truth('uint32(@a + 4) == 1')).toBe(FALSE);
    expect(truth('uint32(@a + 4) == 1', { present: ['a'] })).toBe(UNKNOWN);
    expect(truth('(@b - @a) < 700')).toBe(FALSE);
    expect(truth('int8(0) == -128', { data: Buffer.from([0x80]) })).toBe(TRUE);
    expect(truth('uint32(0) \\ 0 == 1', { data: Buffer.alloc(8) })).toBe(FALSE);
  });

  it('reads external variables exactly', () => {
    const vars = {
      filename: 'Update.EXE',
      filepath: 'C:\\Users\\x\\AppData\\Local\\Microsoft\\Teams',
      extension: '.exe',
    };
    expect(truth('filename iequals "update.exe"', { vars })).toBe(TRUE);
    expect(truth('filename == "update.exe"', { vars })).toBe(FALSE);
    expect(truth('filepath icontains "\\\\appdata\\\\local\\\\microsoft\\\\teams"', { vars })).toBe(TRUE);
    expect(truth('extension == ".jpg" or extension == ".jpeg"', { vars })).toBe(FALSE);
    expect(truth('filename matches /\\.txt\\.exe$/is', { vars: { filename: 'a.TXT.exe' } })).toBe(TRUE);
    expect(truth('filename matches /\\.txt\\.exe$/is', { vars })).toBe(FALSE);
    expect(truth('filename matches /a.b/', { vars: { filename: 'a\rb' } })).toBe(TRUE); // YARA's . takes \r
    expect(truth('filename contains "é"', { vars: { filename: 'café' } })).toBe(TRUE);
    expect(truth('filename icontains "é"', { vars: { filename: 'café' } })).toBe(UNKNOWN);
  });

  it('knows pe fields are undefined and pe.is_pe false on data that is not a PE', () => {
    expect(truth('pe.number_of_signatures == 0')).toBe(FALSE);
    expect(truth('pe.is_pe')).toBe(FALSE);
    expect(truth('pe.is_pe == 0')).toBe(TRUE);
    expect(truth('pe.exports("ServiceMain")')).toBe(FALSE);
    // A function may return a defined false: `not` of it stays possible.
    expect(truth('not pe.exports("ServiceMain")')).toBe(TRUE);
    expect(truth('pe.exports("x") == 0')).toBe(UNKNOWN);
    expect(truth('pe.machine == pe.MACHINE_I386')).toBe(UNKNOWN);
    expect(truth('pe.number_of_signatures == 0', { data: Buffer.from('MZ....') })).toBe(UNKNOWN);
    expect(truth('for any i in (0 .. pe.number_of_signatures) : ( true )')).toBe(FALSE);
  });

  it('follows other rules by name', () => {
    expect(truth('helper and $a', { present: ['a'], rules: { helper: FALSE } })).toBe(FALSE);
    expect(truth('helper or $a', { rules: { helper: TRUE } })).toBe(TRUE);
  });
});

describe('neededStrings', () => {
  const needs = (condition: string) =>
    neededStrings(
      readCondition(tokenize(condition) as Token[], STRINGS, new Set(['helper'])),
      (i) => i,
      () => [4],
    );
  it('names strings of which one must match, or null', () => {
    expect(needs('$a and filesize < 10')).toEqual([0]);
    expect(needs('$a or 2 of ($x*)')).toEqual([0, 2, 3]);
    expect(needs('$a or filesize < 10')).toBeNull();
    expect(needs('not $a')).toBeNull();
    expect(needs('uint32(@b) == 5')).toEqual([1]);
    expect(needs('#x1 + #x2 > 3')).toEqual([2, 3]);
    expect(needs('helper and filesize < 5')).toEqual([4]);
    expect(needs('false')).toEqual([]);
  });
});
