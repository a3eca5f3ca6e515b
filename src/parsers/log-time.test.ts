import { describe, expect, it } from 'vitest';
import { parseDateAndTime, parseIsoTime } from './log-time.js';

const iso = (s: string) => {
  const b = Buffer.from(s, 'latin1');
  return parseIsoTime(b, 0, b.length);
};

describe('parseIsoTime', () => {
  it('reads Exchange DateTime and TimeStamp values', () => {
    expect(iso('2021-03-03T07:13:56.437Z')).toBe(Date.UTC(2021, 2, 3, 7, 13, 56, 437));
    expect(iso('2021-03-03T07:13:56.4371234Z')).toBe(Date.UTC(2021, 2, 3, 7, 13, 56, 437));
    expect(iso('"2021-03-03T07:13:56Z"')).toBe(Date.UTC(2021, 2, 3, 7, 13, 56));
    expect(iso('2021-03-03 07:13:56')).toBe(Date.UTC(2021, 2, 3, 7, 13, 56));
    expect(iso('2021-03-03')).toBe(Date.UTC(2021, 2, 3));
  });

  it('converts offsets to UTC', () => {
    expect(iso('2021-03-03T09:13:56+02:00')).toBe(Date.UTC(2021, 2, 3, 7, 13, 56));
    expect(iso('2021-03-03T02:13:56-05:00')).toBe(Date.UTC(2021, 2, 3, 7, 13, 56));
  });

  it('returns null for anything else', () => {
    for (const bad of [
      '',
      'DateTime',
      '2021-13-03T00:00:00Z',
      '2021-03-03T25:00:00Z',
      '2021-03-03X07:13:56Z',
      '20210303',
      '2021-03-03T07:13:56Q',
    ]) {
      expect(iso(bad)).toBeNull();
    }
  });
});

describe('parseDateAndTime (IIS)', () => {
  it('joins the date and time columns as UTC', () => {
    const b = Buffer.from('2021-08-23 09:13:18', 'latin1');
    expect(parseDateAndTime(b, 0, 10, 11, 19)).toBe(Date.UTC(2021, 7, 23, 9, 13, 18));
    expect(parseDateAndTime(b, 0, 9, 11, 19)).toBeNull();
  });
});
