import { describe, expect, it } from 'vitest';
import { escapeCsvCell, escapeHtml, escapeTerminal, csvLine } from './escape.js';

describe('escapers (hostile user agents and names)', () => {
  it('terminal: ANSI escapes, bell, CR and bidi overrides become visible text', () => {
    const ua = 'Mozilla\u001b[31mRED\u001b[0m\u0007\rX\u202egnp.exe';
    const out = escapeTerminal(ua);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(out).toBe('Mozilla\\x1b[31mRED\\x1b[0m\\x07\\x0dX\\u{202e}gnp.exe');
  });
  it('csv: formula injection is defused and quoting is RFC 4180', () => {
    expect(escapeCsvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(escapeCsvCell('+1')).toBe("'+1");
    expect(escapeCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCsvCell('a,"b"')).toBe('"a,""b"""');
    expect(escapeCsvCell(-3)).toBe('-3');
    expect(csvLine(['x', null, 2])).toBe('x,,2');
  });
  it('html: markup is inert', () => {
    expect(escapeHtml('<script>alert("x")</script>')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
  });
});
