// The SIMD prefilter (anchors, checked literals, tails, blank words) must keep exactly the lines
// the regex path keeps, for every shipped rule's need, on every bundled example log and on the
// attack lines of the research data (issue 3: the prefilter must never hide a line from a rule).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLogRules, RuleSet } from '../../src/detect/index.js';
import { NeedMatcher, type LogKind } from '../../src/parsers/index.js';

const EXAMPLES = new URL('../../examples/evidence/', import.meta.url).pathname;

function logsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...logsUnder(p));
    else if (/\.log$/i.test(name)) out.push(p);
  }
  return out;
}

function kindOf(p: string): { kind: LogKind; subkind: string | null } | null {
  if (/W3SVC/i.test(p)) return { kind: 'iis', subkind: 'W3SVC1' };
  const proxy = /HttpProxy[\\/]([^\\/]+)[\\/]/i.exec(p);
  if (proxy) return { kind: 'httpproxy', subkind: proxy[1]! };
  if (/ECP[\\/]Server/i.test(p)) return { kind: 'ecp-server', subkind: null };
  return null;
}

function keptBy(matcher: NeedMatcher, buf: Buffer, simd: boolean): number[] {
  const lines: number[] = [];
  const lineOf = (at: number): number => {
    let n = 0;
    for (let i = buf.indexOf(10); i >= 0 && i < at; i = buf.indexOf(10, i + 1)) n++;
    return n;
  };
  if (simd) expect(matcher.findLinesIn(buf, 0, buf.length, (at) => lines.push(lineOf(at)))).toBe(true);
  else matcher.findLines(buf.toString('latin1'), (at) => lines.push(lineOf(at)));
  return lines;
}

describe('SIMD prefilter parity with the regex path', () => {
  const set = new RuleSet(loadLogRules().rules);
  const files = logsUnder(EXAMPLES);

  it('finds the example logs', () => expect(files.length).toBeGreaterThan(50));

  it('keeps the same lines of every example log, for every kind and subkind', () => {
    let kept = 0;
    for (const file of files) {
      const k = kindOf(file);
      if (!k) continue;
      const entries = set.prefilter(k.kind, k.subkind);
      if (!entries) continue;
      const buf = readFileSync(file);
      const matcher = new NeedMatcher(entries, true);
      expect(matcher.simd).toBe(true);
      const simd = keptBy(matcher, buf, true);
      expect(simd, file).toEqual(keptBy(matcher, buf, false));
      kept += simd.length;
    }
    // The compromised example has attack lines: a parity of two empty sets would prove nothing.
    expect(kept).toBeGreaterThan(20);
  });

  it('leaves non-ASCII anchors to the regex (the SIMD search folds ASCII only)', () => {
    const m = new NeedMatcher(['Ünïcode-marker', 'plain'], true);
    expect(m.simd).toBe(false);
    expect(m.findLinesIn(Buffer.from('x'), 0, 1, () => undefined)).toBe(false);
  });
});
