import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';
import { guidAt, sidAt } from './guid-and-sid.js';
import { VALUE, renderItems, renderValue } from './value-types.js';
import { filetimeAt, systemtimeAt } from './windows-time.js';

const bytes = (...xs: number[]) => new Uint8Array(xs);
function le(n: bigint, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < size; i++) out.push(Number((n >> BigInt(8 * i)) & 0xffn));
  return out;
}
const utf16 = (s: string) => [...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]);

describe('windows-time', () => {
  it('FILETIME keeps all 100 ns digits (values above 2^53)', () => {
    // 2021-03-14T06:40:10.7751234Z
    const ft = (BigInt(Date.parse('2021-03-14T06:40:10.775Z')) + 11644473600000n) * 10000n + 1234n;
    const t = filetimeAt(bytes(...le(ft, 8)), 0)!;
    expect(t.iso).toBe('2021-03-14T06:40:10.7751234Z');
    expect(t.ms).toBe(Date.parse('2021-03-14T06:40:10.775Z'));
  });

  it('FILETIME zero is 1601 and an impossible one is null', () => {
    expect(filetimeAt(bytes(...le(0n, 8)), 0)!.iso).toBe('1601-01-01T00:00:00.0000000Z');
    expect(filetimeAt(bytes(...le(0xffffffffffffffffn, 8)), 0)).toBeNull();
  });

  it('SYSTEMTIME fields, and nonsense fields give null', () => {
    const st = [2017, 4, 5, 21, 7, 41, 17, 3].flatMap((v) => le(BigInt(v), 2));
    expect(systemtimeAt(bytes(...st), 0)!.iso).toBe('2017-04-21T07:41:17.003Z');
    expect(
      systemtimeAt(bytes(...[2017, 13, 0, 1, 0, 0, 0, 0].flatMap((v) => le(BigInt(v), 2))), 0),
    ).toBeNull();
  });
});

describe('guid-and-sid', () => {
  it('GUID in Windows byte order, upper case with braces', () => {
    const g = bytes(
      0x5f,
      0x38,
      0x70,
      0x57,
      0x2a,
      0xc2,
      0xe0,
      0x43,
      0xbf,
      0x4c,
      0x06,
      0xf5,
      0x69,
      0x8f,
      0xfb,
      0xd9,
    );
    expect(guidAt(g, 0)).toBe('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}');
  });

  it('SID S-1-5-21-…', () => {
    const sid = bytes(1, 2, 0, 0, 0, 0, 0, 5, ...le(21n, 4), ...le(500n, 4));
    expect(sidAt(sid, 0, sid.length)).toBe('S-1-5-21-500');
  });

  it('a SID whose count does not fit is a decode error, not garbage', () => {
    expect(() => sidAt(bytes(1, 9, 0, 0, 0, 0, 0, 5), 0, 8)).toThrow(/sub-authorities/);
  });
});

describe('value-types render as Windows does', () => {
  const r = (type: number, xs: number[]) => renderValue(bytes(...xs), type, 0, xs.length);
  it('integers, signed and unsigned, 64-bit beyond 2^53', () => {
    expect(r(VALUE.INT8, [0xff])).toBe('-1');
    expect(r(VALUE.UINT16, [0xff, 0xff])).toBe('65535');
    expect(r(VALUE.INT32, le(0x80048869n, 4))).toBe('-2147186583');
    expect(r(VALUE.UINT64, le(0xffffffffffffffffn, 8))).toBe('18446744073709551615');
    expect(r(VALUE.INT64, le(0xffffffffffffffffn, 8))).toBe('-1');
  });
  it('hex types and size_t', () => {
    expect(r(VALUE.HEX_INT32, le(0x3e7n, 4))).toBe('0x3e7');
    expect(r(VALUE.HEX_INT64, le(0x8020000000000000n, 8))).toBe('0x8020000000000000');
    expect(r(VALUE.SIZE_T, le(0x7eecn, 8))).toBe('0x7eec');
    expect(r(VALUE.SIZE_T, le(0x244n, 4))).toBe('0x244');
  });
  it('bool (any non-zero is true), reals, binary, strings', () => {
    expect(r(VALUE.BOOL, le(2n, 4))).toBe('true');
    expect(r(VALUE.BOOL, le(0n, 4))).toBe('false');
    expect(r(VALUE.REAL64, [0, 0, 0, 0, 0, 0, 0xf8, 0x3f])).toBe('1.5');
    expect(r(VALUE.BINARY, [0xde, 0xad, 0x01])).toBe('DEAD01');
    expect(r(VALUE.STRING, [...utf16('cmd /c whoami'), 0, 0])).toBe('cmd /c whoami');
    expect(r(VALUE.ANSI_STRING, [0x61, 0x62, 0])).toBe('ab');
  });
  it('a lone surrogate does not fail the value', () => {
    expect(r(VALUE.STRING, [0x00, 0xd8, 0x41, 0x00])).toBe('\ufffdA');
  });
  it('arrays: strings split on NUL, fixed-size items', () => {
    expect(
      renderItems(bytes(...utf16('a'), 0, 0, ...utf16('bc'), 0, 0), VALUE.STRING | VALUE.ARRAY, 0, 10),
    ).toEqual(['a', 'bc']);
    expect(r(VALUE.UINT16 | VALUE.ARRAY, [1, 0, 2, 0])).toBe('1, 2');
  });
  it('a value too short for its type is a decode error', () => {
    expect(() => r(VALUE.GUID, [1, 2, 3])).toThrow(/needs 16/);
    expect(() => r(0x33, [1])).toThrow(/unknown value type/);
  });
});

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'), 0, 9)).toBe(0xcbf43926);
  });
});
