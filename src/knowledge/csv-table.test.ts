/**
 * The knowledge CSV reader: RFC 4180 cases by hand, and the slice-based parser checked against a
 * plain character-at-a-time reading of the same rules over many generated inputs (quotes at and
 * after a field's start, doubled quotes, CR, CRLF, unterminated quotes, other separators).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCsvTable, parseCsvRows, parseCsvTable } from './csv-table.js';

/** The rules spelled out one character at a time: the reference the fast parser must equal. */
function referenceRows(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let begun = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && !begun) {
      quoted = true;
      begun = true;
    } else if (c === sep) {
      row.push(field);
      field = '';
      begun = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      begun = false;
    } else {
      field += c;
      begun = true;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A small deterministic generator (xorshift), so a failure names a reproducible seed. */
function generator(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('parseCsvRows', () => {
  it('reads RFC 4180 quoting, CRLF and a last line without a break', () => {
    expect(parseCsvRows('a,"b,1","c ""q"""\r\nd,,"e\nf"\ng')).toEqual([
      ['a', 'b,1', 'c "q"'],
      ['d', '', 'e\nf'],
      ['g'],
    ]);
  });

  it('keeps a quote inside a plain field and text after a closing quote', () => {
    expect(parseCsvRows('ab"c,"x"y,""z,"""')).toEqual([['ab"c', 'xy', 'z', '"']]);
  });

  it('takes the rest of the text into an unterminated quoted field', () => {
    expect(parseCsvRows('a,"b\nc')).toEqual([['a', 'b\nc']]);
    expect(parseCsvRows('a,"')).toEqual([['a', '']]);
  });

  it('reads other separators', () => {
    expect(parseCsvRows('a;b\t;"c;d"', ';')).toEqual([['a', 'b\t', 'c;d']]);
    expect(parseCsvRows('a\t"b\tc"', '\t')).toEqual([['a', 'b\tc']]);
  });

  it('equals the character-at-a-time reading on 3,000 generated inputs', () => {
    const alphabet = ['a', 'b', ',', ';', '"', '""', '\n', '\r', '\r\n', ' ', 'é', '\t'];
    for (let seed = 1; seed <= 3000; seed++) {
      const rnd = generator(seed);
      const len = Math.floor(rnd() * 40);
      let text = '';
      for (let k = 0; k < len; k++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      for (const sep of [',', ';', '\t']) {
        const got = parseCsvRows(text, sep);
        const want = referenceRows(text, sep);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          expect({ seed, sep, text, got }).toEqual({ seed, sep, text, got: want });
        }
      }
    }
  });

  it('reads the shipped build table as the reference does, and round-trips it', () => {
    const text = readFileSync(new URL('../../data/knowledge/builds.csv', import.meta.url), 'utf8');
    expect(parseCsvRows(text)).toEqual(referenceRows(text, ','));
    const table = parseCsvTable(text);
    expect(table.length).toBeGreaterThan(100);
    const columns = Object.keys(table[0] as Record<string, string>);
    expect(parseCsvTable(formatCsvTable(columns, table))).toEqual(table);
  });
});
