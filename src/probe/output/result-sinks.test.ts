import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSink } from './result-sinks.js';
import { readResume } from './read-resume.js';
import { escapeCsv, escapeHtml, escapeTerminal } from './escape.js';
import { emptyResult } from '../probe-target.js';

const hostile = () => {
  const r = emptyResult({ id: '127.0.0.9:443', host: '127.0.0.9', port: 443, scheme: null, basePath: '/' });
  r.exchange = true;
  r.serverName = '=HYPERLINK("http://x")\x1b[2J';
  r.error = { code: 'protocol', message: 'bad \x1b]0;title\x07 header\u202e' };
  r.vulnerabilities = { 'CVE-2021-26855': 'vulnerable' };
  r.campaigns = { proxylogon: 'vulnerable' };
  return r;
};

describe('escapers', () => {
  it('neutralise terminal, CSV formula and HTML payloads', () => {
    expect(escapeTerminal('a\x1b[31mb\x9b')).toBe('a\\x1b[31mb\\x9b');
    expect(escapeCsv('=1+2')).toBe(`"'=1+2"`);
    expect(escapeCsv('-cmd')).toBe(`"'-cmd"`);
    expect(escapeCsv('a"b')).toBe('"a""b"');
    expect(escapeHtml('<img src=x onerror="a">')).not.toMatch(/[<>"]/);
  });
});

describe('result sinks', () => {
  it('jsonl puts the contract keys first and has no raw control characters', () => {
    const line = createSink('jsonl').write(hostile());
    expect(Object.keys(JSON.parse(line)).slice(0, 5)).toEqual([
      'target',
      'exchange',
      'build',
      'buildPrecision',
      'vulnerabilities',
    ]);
    expect(line.trimEnd()).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
  });

  it('json is one valid array, also when empty', () => {
    const s = createSink('json');
    expect(JSON.parse(s.begin() + s.write(hostile()) + s.write(hostile()) + s.end())).toHaveLength(2);
    const e = createSink('json');
    expect(JSON.parse(e.begin() + e.end())).toEqual([]);
  });

  it('csv and table escape hostile server text', () => {
    const csv = createSink('csv').write(hostile());
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")`);
    expect(csv).not.toMatch(/\x1b/);
    const table = createSink('table').write(hostile());
    expect(table).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
    expect(table).toContain('VULN');
  });
});

describe('resume', () => {
  it('reads targets from a partial jsonl file and ignores a torn last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exhunt-resume-'));
    const f = join(dir, 'out.jsonl');
    writeFileSync(
      f,
      '{"target":"127.0.0.1:443","exchange":false}\n{"target":"127.0.0.2:443"}\n{"target":"127.0.0.3:4',
    );
    const r = await readResume(f);
    expect([...r.done]).toEqual(['127.0.0.1:443', '127.0.0.2:443']);
  });
});
