import { describe, expect, it } from 'vitest';
import { likeLiterals, likeToRegExp } from './like-pattern.js';

const like = (p: string, v: string): boolean => {
  const r = likeToRegExp(p);
  if (!(r instanceof RegExp)) throw new Error(r.error);
  return r.test(v);
};

describe('PowerShell -like semantics', () => {
  it('matches the whole value, case-insensitively, with * and ?', () => {
    expect(like('ServerInfo~*/*', 'serverinfo~exch01/ecp/y.js')).toBe(true);
    expect(like('ServerInfo~*/*', 'xServerInfo~exch01/ecp')).toBe(false);
    expect(like('ServerInfo~*/*', 'ServerInfo~exch01')).toBe(false);
    expect(like('a?c', 'abc')).toBe(true);
    expect(like('a?c', 'abbc')).toBe(false);
  });
  it('treats regex metacharacters as text and supports classes and backtick escapes', () => {
    expect(like('/ecp/*.js', '/ecp/y.js')).toBe(true);
    expect(like('/ecp/*.js', '/ecp/yxjs')).toBe(false);
    expect(like('[ab]x', 'bx')).toBe(true);
    expect(like('a`*b', 'a*b')).toBe(true);
    expect(like('a`*b', 'axb')).toBe(false);
    expect(like('*VirtualDirectory#', 'x\nResetOABVirtualDirectory#')).toBe(true);
  });
  it('reports an unterminated class as an error value', () => {
    expect(likeToRegExp('[ab')).toEqual({ error: expect.stringContaining('unterminated') });
  });
  it('gives the literal runs between wildcards', () => {
    expect(likeLiterals('ServerInfo~*/*Reset*VirtualDirectory#')).toEqual([
      'serverinfo~',
      '/',
      'reset',
      'virtualdirectory#',
    ]);
  });
});
