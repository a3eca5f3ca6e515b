/**
 * @module detect/yara/string-literals.test — the literals of each kind of string: every match
 * of the string must contain one of them (checked on the encodings YARA searches for).
 */
import { describe, expect, it } from 'vitest';
import { base64Forms, readStringDefs } from './string-literals.js';
import { tokenize, type Token } from './source-reader.js';

function defs(strings: string) {
  const tokens = tokenize(strings) as Token[];
  return readStringDefs(tokens);
}

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('readStringDefs', () => {
  it('reads text strings with escapes, folded, in their ascii and wide forms', () => {
    const d = defs(String.raw`$a = "Cmd\x2Eexe\t\"q\"" $b = "Ab" wide $c = "Xy" ascii wide nocase`)!;
    expect(d.map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(d[0]!.literals!.folded.map(text)).toEqual(['cmd.exe\t"q"']);
    expect(d[1]!.literals!.folded.map(text)).toEqual(['a\0b\0']);
    expect(d[2]!.literals!.folded.map(text)).toEqual(['xy', 'x\0y\0']);
  });

  it('reads anonymous strings', () => {
    const d = defs(`$ = "first" $= "second"`)!;
    expect(d.map((x) => x.name)).toEqual(['', '']);
    expect(d[1]!.literals!.folded.map(text)).toEqual(['second']);
  });

  it('takes the longest fixed run of a hex string, outside jumps, wildcards and alternatives', () => {
    const d = defs(`$h = { 4D 5A ?? 00 [2-4] 50 45 00 00 4C ( 01 | 02 03 04 05 06 ) ~00 AA BB }`)!;
    expect(d[0]!.literals!.folded.map((b) => Buffer.from(b).toString('hex'))).toEqual(['706500006c']); // folded: 'PE' reads as 'pe'
  });

  it('gives no literal for a single byte or a custom base64 alphabet', () => {
    const d = defs(
      `$a = "x" $b = { 4D ?? 5A } $c = "abcdef" base64("!@#$%^&*(){}[].,|ABCDEF0123456789abcdefghijklmnopqrstu")`,
    )!;
    expect(d.map((x) => x.literals)).toEqual([null, null, null]);
  });

  it('gives null for a section it cannot read', () => {
    expect(defs(`$a "no equals"`)).toBeNull();
  });

  it('covers every single-byte XOR key, 0 included, with neighbour differences', () => {
    const d = defs(`$x = "secret!" xor`)!;
    const diffs = d[0]!.literals!.diffs.map(text);
    expect(d[0]!.literals!.folded).toEqual([]);
    for (const key of [0, 1, 0x20, 0x7f, 0xff]) {
      const enc = Buffer.from('secret!', 'latin1').map((b) => b ^ key);
      const view = Buffer.from(enc.subarray(1).map((b, i) => b ^ enc[i]!));
      expect(diffs.some((l) => view.toString('latin1').includes(l))).toBe(true);
    }
  });

  it('covers base64 at every alignment, whatever surrounds the string', () => {
    const run = [...Buffer.from('powershell -enc', 'latin1')];
    const forms = base64Forms(run).map((f) => Buffer.from(f).toString('latin1'));
    for (const before of ['', 'a', 'ab', 'abc', 'xyzw']) {
      for (const after of ['', 'q', 'qr', '\xff\xfe\xfd']) {
        const enc = Buffer.from(before + 'powershell -enc' + after, 'latin1').toString('base64');
        expect(
          forms.some((f) => enc.includes(f)),
          `${JSON.stringify(before)} + ${JSON.stringify(after)}`,
        ).toBe(true);
      }
    }
    const d = defs(`$b = "powershell -enc" base64 $w = "powershell -enc" base64wide`)!;
    expect(d[0]!.literals!.folded.length).toBe(3);
    expect(d[1]!.literals!.folded.every((l) => l[1] === 0)).toBe(true);
  });

  it('takes a regex literal set (see regex-literals.test.ts)', () => {
    const d = defs(`$r = /(ldap|rmi):\\/\\/[a-z]+/ wide ascii`)!;
    expect(d[0]!.literals!.folded.map(text).sort()).toEqual(
      ['ldap://', 'rmi://', 'l\0d\0a\0p\0:\0/\0/\0', 'r\0m\0i\0:\0/\0/\0'].sort(),
    );
  });
});
