/** @module detect/yara/source-reader.test — splitting YARA sources into imports and rule blocks. */
import { describe, expect, it } from 'vitest';
import { readSource, tokenize } from './source-reader.js';

function outline(text: string) {
  const r = readSource(text);
  if (!r.ok) throw new Error(r.reason);
  return r.outline;
}

const conditionText = (text: string, i = 0) =>
  outline(text)
    .rules[i]!.condition.map((t) => t.text)
    .join(' ');

describe('readSource', () => {
  it('reads imports, rule names, modifiers and the exact extent of each block', () => {
    const text = [
      'import "pe"',
      'import"math"',
      '// a comment with rule fake { condition: true }',
      'private rule Helper : tag1 tag2 { condition: true }',
      'global rule Gate { condition: filesize < 1MB }',
      'rule Main',
      '{',
      '  meta: author = "x"',
      '  condition: Helper',
      '}',
    ].join('\n');
    const o = outline(text);
    expect(o.imports).toEqual(['pe', 'math']);
    expect(o.rules.map((r) => [r.name, r.isPrivate, r.isGlobal])).toEqual([
      ['Helper', true, false],
      ['Gate', false, true],
      ['Main', false, false],
    ]);
    for (const r of o.rules) {
      const block = text.slice(r.start, r.end);
      expect(block.endsWith('}')).toBe(true);
      expect(block).toContain(`rule ${r.name}`);
    }
    expect(text.slice(o.rules[0]!.start, o.rules[0]!.start + 12)).toBe('private rule');
  });

  it('is not fooled by braces, quotes and comment markers inside strings, regexes and hex strings', () => {
    const text = String.raw`
rule Tricky {
  meta:
    description = "a } brace, a \" quote and // not a comment { condition: true }"
  strings:
    $s = "}" ascii
    $r = /a\/b}[{]c"d/ nocase
    $h = { 4D 5A [2-4] ( 90 | 00 ) // a } comment
           ?? /* another } */ FF }
    $t = "condition: evil"
  condition:
    /* } */ filesize < 10KB and $s and $r // and not }
    and $h and $t
}
rule After { condition: true }`;
    const o = outline(text);
    expect(o.rules.map((r) => r.name)).toEqual(['Tricky', 'After']);
    expect(conditionText(text)).toBe('filesize < 10KB and $s and $r and $h and $t');
  });

  it('reads a regex only where one can start (after `=` or `matches`), division elsewhere', () => {
    const text = 'rule R { condition: filesize / 2 > 10 and filename matches /x\\/y/i }';
    expect(conditionText(text)).toBe('filesize / 2 > 10 and filename matches /x\\/y/i');
  });

  it('keeps number suffixes and ranges apart', () => {
    const tokens = tokenize('filesize < 2MB and for all i in (1..#a) : (@a[i] < 0x1F)');
    expect(typeof tokens).not.toBe('string');
    const texts = (tokens as { text: string }[]).map((t) => t.text);
    expect(texts).toContain('2MB');
    expect(texts).toContain('1');
    expect(texts).toContain('..');
    expect(texts).toContain('#a');
    expect(texts).toContain('0x1F');
  });

  it('reports what it cannot read instead of guessing', () => {
    expect(readSource('include "other.yar"\nrule A { condition: true }').ok).toBe(false);
    expect(readSource('rule A { condition: true').ok).toBe(false);
    expect(readSource('rule A { strings: $a = "x" }').ok).toBe(false);
    expect(readSource('rule A { condition: true } garbage').ok).toBe(false);
    expect(readSource('rule A { strings: $a = "unterminated\n condition: $a }').ok).toBe(false);
    expect(readSource('/* never closed\nrule A { condition: true }').ok).toBe(false);
  });

  it('reads a source with no rules as empty, not as an error', () => {
    expect(outline('// nothing here\nimport "pe"\n')).toEqual({ imports: ['pe'], rules: [] });
  });
});
