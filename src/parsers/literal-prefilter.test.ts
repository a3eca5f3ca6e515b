import { describe, expect, it } from 'vitest';
import { compilePrefilter } from './literal-prefilter.js';

function candidates(literals: string[], text: string): number[] {
  const pf = compilePrefilter(literals)!;
  const buf = Buffer.from(text, 'latin1');
  const out: number[] = [];
  const n = pf.find(buf, 0, buf.length, out);
  // Map hit offsets to 0-based line numbers.
  return out.slice(0, n).map((off) => text.slice(0, off).split('\n').length - 1);
}

describe('compilePrefilter', () => {
  it('is null when nothing can be skipped', () => {
    expect(compilePrefilter(undefined)).toBeNull();
    expect(compilePrefilter([])).toBeNull();
    expect(compilePrefilter(['x', ''])).toBeNull();
  });

  it('matches ASCII literals in any case, once per line', () => {
    const text = 'a ServerInfo~ b serverinfo~\nnothing\nSERVERINFO~\nsErVeRiNfO~x\n';
    expect(candidates(['serverinfo~'], text)).toEqual([0, 2, 3]);
  });

  it('treats regex metacharacters literally', () => {
    expect(candidates(['/ecp/y.js', 'a+b', '(x)'], 'GET /ecp/yxjs\nGET /ecp/Y.JS\na+b\naab\n(x)\n')).toEqual([
      1, 2, 4,
    ]);
  });

  it('drops literals that contain another literal', () => {
    expect(compilePrefilter(['ServerInfo~', 'serverinfo~localhost', '.aspx'])!.literals).toEqual([
      'serverinfo~',
      '.aspx',
    ]);
  });

  it('finds hits on both sides of its internal slice boundaries', () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++)
      lines.push(i % 97 === 0 ? `line ${i} X-Rps-CAT=abc` : `line ${i} ${'z'.repeat(40)}`);
    const text = lines.join('\n') + '\n';
    const expected = lines.map((_, i) => i).filter((i) => i % 97 === 0);
    expect(candidates(['x-rps-cat'], text)).toEqual(expected);
  });

  it('does not fold non-ASCII bytes onto ASCII letters', () => {
    // U+0130 and U+212A are the classic case-folding traps; in Latin-1 bytes they cannot occur.
    expect(candidates(['kit'], Buffer.from('\u212Ait\n', 'utf8').toString('latin1'))).toEqual([]);
  });

  it('compiles an entry list once per thread, whether asked again with the same needs or equal ones', () => {
    const need = { anchors: ['/ecp/'], clauses: [[['post']], [['/ecp/']]] };
    const first = compilePrefilter([need, 'x-rps-cat']);
    expect(compilePrefilter([need, 'x-rps-cat'])).toBe(first); // a fresh list of the same items
    expect(compilePrefilter([structuredClone(need), 'x-rps-cat'])).toBe(first); // equal, not the same
    expect(compilePrefilter(['x-rps-cat', need])).not.toBe(first);
    expect(compilePrefilter([need])).not.toBe(first);
    expect(compilePrefilter([need])!.literals).toEqual(['/ecp/']);
  });
});
