import { describe, expect, it } from 'vitest';
import { NeedMatcher, type LineNeed } from './line-needs.js';

function lines(needs: (string | LineNeed)[], text: string): number[] {
  const m = new NeedMatcher(needs, true);
  const out: number[] = [];
  m.findLines(text, (at) => out.push(text.slice(0, at).split('\n').length - 1));
  return out;
}

const cookie: LineNeed = { anchors: ['server~'], clauses: [[['server~', '/', '~']]] };

describe('NeedMatcher', () => {
  it('keeps a line only when the rest of a need holds where its anchor is', () => {
    const text = [
      'a,Server~ex01.contoso.local~1942062522~2021-03-01T01:00:00,/ecp/x',
      'a,Server~ex01.contoso.local/ecp/default.flt?~1942062522,b',
      'no anchor / here ~',
      'a,SERVER~EX01/ECP/Y.JS~1,b',
    ].join('\n');
    expect(lines([cookie], text)).toEqual([1, 3]);
  });

  it('tries a later anchor in the same line when the first one fails its need', () => {
    const post: LineNeed = { anchors: ['/ecp/'], clauses: [[['post']], [['/ecp/', '.js']]] };
    const text = 'GET /ecp/a.js x\nPOST /ecp/ then /ecp/y.js\nPOST /ecp/default.aspx\n';
    expect(lines([post], text)).toEqual([1]);
    expect(lines([post, 'default.aspx'], text)).toEqual([1, 2]);
  });

  it('checks a longer anchor than the one searched for', () => {
    // "serverinfo~localhost" is searched as "serverinfo~" (it contains it) and then verified.
    const text = 'ServerInfo~a/b\nServerInfo~LOCALHOST~/x\n';
    expect(lines(['serverinfo~', 'serverinfo~localhost'], text)).toEqual([0, 1]);
    expect(lines(['serverinfo~localhost', 'zzzzz'], text)).toEqual([1]);
  });

  it('stays linear on a hostile line full of anchors that never verify', () => {
    const line = 'server~'.repeat(200_000) + '\n';
    const t0 = performance.now();
    expect(lines([cookie], line)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('reports the needs one decoded line satisfies', () => {
    const m = new NeedMatcher([cookie, { anchors: ['abc'] }, { anchors: ['xyz'] }], false);
    const out: number[] = [];
    const n = m.satisfied('xyz Server~h/p~1 abc', out);
    expect(out.slice(0, n).sort()).toEqual([0, 1, 2]);
    expect(m.satisfied('Server~h~1', out)).toBe(0);
  });

  it('does not count blank words, yet keeps a line whose field is another word (issue 3: logon.aspx)', () => {
    const aspx: LineNeed = {
      anchors: ['/owa/auth/'],
      clauses: [[['/owa/auth/', '.as', 'x']]],
      blank: ['/owa/auth/logon.aspx'],
    };
    const text = [
      '2021-03-01 00:00:01 10.0.0.10 GET /owa/auth/logon.aspx url=x 443 - 10.0.0.1 UA - 200 0 0 1',
      '2021-03-01 00:00:02 10.0.0.10 POST /owa/auth/Shell.aspx - 443 - 10.0.0.2 UA - 200 0 0 1',
      // The stock page in the referer does not hide the web shell in the stem.
      '2021-03-01 00:00:03 10.0.0.10 POST /owa/auth/x.aspx - 443 - 10.0.0.3 UA /owa/auth/logon.aspx 200 0 0 1',
      '2021-03-01 00:00:04 10.0.0.10 GET /owa/auth/LOGON.ASPX - 443 - 10.0.0.4 UA - 200 0 0 1',
      '2021-03-01 00:00:05 10.0.0.10 GET /owa/auth/logon.aspxx - 443 - 10.0.0.4 UA - 200 0 0 1',
    ].join('\n');
    expect(lines([aspx], text)).toEqual([1, 2, 4]);
    const m = new NeedMatcher([aspx], false);
    expect(m.satisfied(text.split('\n')[0]!, [])).toBe(0);
    expect(m.satisfied(text.split('\n')[2]!, [])).toBe(1);
  });

  it('judges blank-word needs word by word on the bytes exactly as on the line (issue 3: IIS /owa/auth/ lines)', () => {
    const aspx: LineNeed = {
      anchors: ['/aspnet_client/', '/owa/auth/'],
      clauses: [
        [
          ['/aspnet_client/', '.as', 'x'],
          ['/owa/auth/', '.as', 'x'],
        ],
      ],
      blank: ['/owa/auth/logon.aspx', '/owa/auth/errorfe.aspx'],
    };
    // A need whose anchor contains the blank need's: found as itself, verified on its own lines.
    const current: LineNeed = {
      anchors: ['/owa/auth/current/'],
      clauses: [[['post']], [['/owa/auth/current/']]],
    };
    const rows = [
      'GET /owa/auth/logon.aspx - /owa/auth/errorfe.aspx 443\r', // blank words only
      'GET /owa/auth/logon.aspx q /aspnet_client/s.ashx 443\r', // a second word holds
      'POST /OWA/Auth/Current/themes/x.css - 443\r', // the other need
      'GET /owa/auth/Current/themes/x.css - 443\r', // neither: no .as…x, not POST
      'GET /owa/auth/errorfe.aspx', // blank, at the end of the text without newline… next row
      'GET - - /owa/auth/z.aspx', // the word at the end of a line
      'GET /owa/auth/logon.aspx\r', // '\r' stays in the last word: not the blank word
    ];
    // Unique words by the thousand: the memo starts over and answers stay right.
    for (let i = 0; i < 9_000; i++) rows.push(`GET /owa/auth/p${i}.${i % 3 ? 'png' : 'aspx'} - 443`);
    const text = rows.join('\n');
    const m = new NeedMatcher([aspx, current], true);
    expect(m.simd).toBe(true);
    const buf = Buffer.from(text, 'latin1');
    const simd: number[] = [];
    m.findLinesIn(buf, 0, buf.length, (at) => simd.push(text.slice(0, at).split('\n').length - 1));
    const regex = lines([aspx, current], text);
    expect(simd).toEqual(regex);
    expect(simd.slice(0, 4)).toEqual([1, 2, 5, 6]);
    expect(simd.length).toBe(4 + 3_000);
  });

  it('reads a hostile word of a million anchors once, and does not keep it (blank-word needs)', () => {
    const aspx: LineNeed = {
      anchors: ['/owa/auth/'],
      clauses: [[['/owa/auth/', '.as', 'x']]],
      blank: ['/owa/auth/logon.aspx'],
    };
    const word = '/owa/auth/'.repeat(400_000); // 4 MB, no space, no .as…x
    const text = `GET ${word} 443\nGET ${word}.aspx 443\n`;
    const m = new NeedMatcher([aspx], true);
    const buf = Buffer.from(text, 'latin1');
    const got: number[] = [];
    const t0 = performance.now();
    // Below the SIMD path's range limit (8 MiB) in two calls, as the scanner hands whole lines.
    const nl = text.indexOf('\n') + 1;
    m.findLinesIn(buf, 0, nl, (at) => got.push(at < nl ? 0 : 1));
    m.findLinesIn(buf, nl, buf.length, (at) => got.push(at < nl ? 0 : 1));
    expect(got).toEqual([1]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('verifies a need of a longer anchor only where that anchor is, in any case, wherever the shorter one sits in it', () => {
    // 'ab/ab/x' contains the searched 'ab/' twice; 'ab/' alone is another need's anchor.
    const long: LineNeed = { anchors: ['ab/ab/x'], clauses: [[['post']], [['ab/ab/x']]] };
    const short: LineNeed = { anchors: ['ab/'], clauses: [[['get']], [['ab/', 'zz']]] };
    const text = [
      'POST AB/Ab/X', // the long one, upper case
      'POST ab/ab/y', // the short one twice, not the long one
      'GET ab/zz', // the short need
      'POST q ab/ab/ab/x', // the long one starting at the second hit
    ].join('\n');
    const m = new NeedMatcher([long, short], true);
    const buf = Buffer.from(text, 'latin1');
    const simd: number[] = [];
    m.findLinesIn(buf, 0, buf.length, (at) => simd.push(text.slice(0, at).split('\n').length - 1));
    expect(simd).toEqual(lines([long, short], text));
    expect(simd).toEqual([0, 2, 3]);
  });

  it('checks a letter-free tail on the bytes after the anchor, never past its line', () => {
    // Many lines whose tail literal ('/') only occurs much later: still linear, still exact.
    const quiet = 'x,Server~ex01.contoso.local~1942062522~2021,y\n'.repeat(20_000);
    const text = `${quiet}a,Server~h/ecp/y.js?~1,b\n${quiet}c,server~h~1/x\n`;
    const m = new NeedMatcher([cookie], true);
    expect(m.simd).toBe(true);
    const got: number[] = [];
    const buf = Buffer.from(text, 'latin1');
    m.findLinesIn(buf, 0, buf.length, (at) => got.push(text.slice(0, at).split('\n').length - 1));
    expect(got).toEqual([20_000]);
    expect(lines([cookie], text)).toEqual([20_000]);
  });

  it('verifies lines and words in WebAssembly exactly as on strings, and falls back for non-ASCII needs', () => {
    // Random IIS-like lines against needs of every shape: clauses on the line, blank words,
    // a need with a non-ASCII literal (checked on the string), an anchor alone.
    let seed = 5;
    const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const post: LineNeed = {
      anchors: ['/ecp/', '/owa/auth/x.js'],
      clauses: [[['post']], [['/ecp/'], ['/owa/auth/']], [['/ecp/', '.js'], ['/owa/auth/x.js']]],
    };
    const shell: LineNeed = {
      anchors: ['/owa/auth/', '/ecp/auth/'],
      clauses: [
        [
          ['/owa/auth/', '.as', 'x'],
          ['/ecp/auth/', '.as', 'x'],
        ],
      ],
      blank: ['/owa/auth/logon.aspx', '/ecp/auth/t.aspx'],
    };
    const accent: LineNeed = { anchors: ['/ecp/'], clauses: [[['caf\u00e9']], [['/ecp/']]] };
    const words = [
      'GET',
      'POST',
      'post',
      '/ECP/',
      '/ecp/a.js',
      '/OWA/auth/x.JS',
      '/owa/auth/logon.aspx',
      '/Owa/Auth/Logon.ASPX',
      '/owa/auth/s.ashx',
      '/ecp/auth/t.aspx',
      '/ecp/auth/u.asmx',
      'café',
      'CAFÉ',
      '-',
      '.as',
      'x',
      '200',
    ];
    const rows = Array.from({ length: 3_000 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(words)).join(pick([' ', ' ', '+', ''])),
    );
    const text = rows.join(pick(['\n', '\r\n']));
    const buf = Buffer.from(text, 'utf8');
    const view = buf.toString('latin1');
    for (const needs of [[post], [shell], [accent], [post, shell, accent, 'x.js']]) {
      const m = new NeedMatcher(needs, true);
      expect(m.simd).toBe(true);
      const simd: number[] = [];
      // In two ranges, as the scanner hands whole lines.
      const cut = buf.indexOf(10, buf.length >> 1) + 1;
      for (const [a, b] of [
        [0, cut],
        [cut, buf.length],
      ] as const)
        m.findLinesIn(buf, a, b, (at) => simd.push(view.slice(0, at).split('\n').length - 1));
      const regex = lines(needs, view);
      expect(simd).toEqual(regex);
      expect(regex.length).toBeGreaterThan(10);
      expect(regex.length).toBeLessThan(rows.length - 10);
    }
  });
});
