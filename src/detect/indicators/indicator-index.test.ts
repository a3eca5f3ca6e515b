/**
 * @module detect/indicators/indicator-index.test
 * Path and hash look-ups, including the MSTIC paths on an Exchange installed elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { loadBuiltinIndicators } from './builtin-indicators.js';
import { IndicatorIndex } from './indicator-index.js';
import { pythonRegex } from './python-regex.js';
import { requiredLiteral } from './required-literal.js';
import { emptySet, type Provenance } from './types.js';
import { toWindowsPath } from './windows-path.js';

const src: Provenance = {
  id: 't',
  format: 'loki-filename',
  origin: 't',
  author: '',
  licence: '',
  reference: '',
};

describe('requiredLiteral', () => {
  it.each([
    ['\\\\aspnet_client\\\\[^\\\\]{1,20}\\.aspx', '\\aspnet_client\\'],
    ['(?i)x', null],
    ['abc|def', null],
    ['\\\\owa\\\\auth\\\\(x|y)\\.aspx$', '\\owa\\auth\\'],
    ['ab?cdef', 'cdef'],
  ])('%s → %s', (source, lit) => {
    expect(requiredLiteral(source)).toBe(lit);
  });
});

describe('pythonRegex', () => {
  it('turns a leading (?i) into the i flag and named groups into ECMAScript', () => {
    const r = pythonRegex('(?i)\\\\(?P<n>shell)\\.aspx\\Z') as RegExp;
    expect(r.flags).toBe('i');
    expect(r.test('C:\\X\\SHELL.ASPX')).toBe(true);
  });
  it('returns the error for a pattern that cannot compile', () => {
    expect(typeof pythonRegex('(unclosed')).toBe('string');
  });
});

describe('IndicatorIndex', () => {
  it('matches MSTIC file paths on a D: install of Exchange in another folder', async () => {
    const idx = new IndicatorIndex(await loadBuiltinIndicators());
    const hits = idx.pathHits(
      toWindowsPath('D/Exchange/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/8Lw7tAhF9i1pJnRo.aspx'),
    );
    expect(hits.map((h) => h.indicator.source.author)).toContain(
      'Microsoft Threat Intelligence Center (MSTIC)',
    );
  });

  it('stays quiet on stock Exchange files', async () => {
    const idx = new IndicatorIndex(await loadBuiltinIndicators());
    const base = 'Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth';
    for (const f of [
      'logon.aspx',
      'errorFE.aspx',
      'Current/themes/resources/logon.css',
      '15.1.2106/scripts/premium/flogon.js',
    ]) {
      expect(idx.pathHits(toWindowsPath(`${base}/${f}`)), f).toEqual([]);
    }
  });

  it('honours the LOKI false-positive column', () => {
    const set = emptySet();
    const p = pythonRegex('(?i)\\\\procdump(64)?\\.exe') as RegExp;
    const fp = pythonRegex('(?i)SysInternals\\\\') as RegExp;
    set.paths.push({
      pattern: p,
      on: 'windows-path',
      falsePositive: fp,
      score: 50,
      comment: '',
      source: src,
    });
    const idx = new IndicatorIndex(set);
    expect(idx.pathHits('C:\\Windows\\Temp\\procdump64.exe')).toHaveLength(1);
    expect(idx.pathHits('C:\\Tools\\SysInternals\\procdump.exe')).toHaveLength(0);
  });

  it('finds MD5, SHA-1 and SHA-256 of the MSTIC map in any case', async () => {
    const idx = new IndicatorIndex(await loadBuiltinIndicators());
    expect(
      idx.hashHits('B75F163CA9B9240BF4B37AD92BC7556B40A17E27C2B8ED5C8991385FE07D17D0').length,
    ).toBeGreaterThan(0);
  });

  it('maps a triage drive folder to its drive letter', () => {
    expect(toWindowsPath('D/inetpub/x.aspx')).toBe('D:\\inetpub\\x.aspx');
    expect(toWindowsPath('inetpub/x.aspx')).toBe('C:\\inetpub\\x.aspx');
  });
});
