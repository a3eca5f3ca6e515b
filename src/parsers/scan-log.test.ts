import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryReader } from '../evidence/index.js';
import { detachRecord } from './line-record.js';
import { scanLog } from './scan-log.js';
import type { ScanOptions } from './scan-types.js';
import { proxyLogonSsrf, proxyShellIis } from './testing/attack-lines.js';
import { generateEcpServerLog } from './testing/ecp-server-log.js';
import { generateHttpProxyLog } from './testing/httpproxy-log.js';
import { generateIisLog } from './testing/iis-log.js';
import { DEFAULT_START } from './testing/log-options.js';
import type { LogRecord } from './types.js';

type Opts = Omit<ScanOptions, 'onRecord'>;

async function scan(
  bytes: Uint8Array | string,
  opts: Opts,
  pick: (r: LogRecord) => unknown = (r) => r.raw(),
) {
  const got: unknown[] = [];
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const result = await scanLog(memoryReader(data), { ...opts, onRecord: (r) => got.push(pick(r)) });
  return { ...result, got };
}

const T = (i: number, step = 1500) => DEFAULT_START + i * step;

describe('scanLog: Exchange HttpProxy CSV', () => {
  const log = generateHttpProxyLog({
    lines: 2000,
    protocol: 'Ecp',
    plant: [100, 1000, 1999].map((at) => ({ at, fields: proxyLogonSsrf(T(at)) })),
  });

  it('keeps the ProxyLogon rows whole: `#` inside AnchorMailbox is data, not a comment', async () => {
    const r = await scan(log, { kind: 'httpproxy', subkind: 'Ecp', prefilter: ['ServerInfo~'] }, (rec) => ({
      anchor: rec.get('anchormailbox'),
      user: rec.get('AuthenticatedUser'),
      status: rec.get('HttpStatus'),
      line: rec.line,
      time: rec.time,
      fields: rec.fields().length,
    }));
    expect(r.emitted).toBe(3);
    expect(r.got).toEqual(
      [100, 1000, 1999].map((at) => ({
        anchor: 'ServerInfo~a]@EX01.contoso.local:444/autodiscover/autodiscover.xml?#',
        user: '',
        status: '200',
        line: at + 6, // five header lines, 1-based
        time: T(at),
        fields: 74,
      })),
    );
    expect(r.coverage).toMatchObject({ lines: 2005, records: 2000, first: T(0), last: T(1999), issues: 0 });
    expect(r.meta).toMatchObject({ Software: 'Microsoft Exchange Server', 'Log-type': 'HttpProxy Logs' });
  });

  it('matches prefilter literals case-insensitively and skips other lines unsplit', async () => {
    const lower = await scan(log, { kind: 'httpproxy', prefilter: ['serverinfo~'] });
    const upper = await scan(log, { kind: 'httpproxy', prefilter: ['SERVERINFO~A]@'] });
    const none = await scan(log, { kind: 'httpproxy', prefilter: ['no-such-literal'] });
    expect(lower.emitted).toBe(3);
    expect(upper.emitted).toBe(3);
    expect(none.emitted).toBe(0);
    expect(none.coverage).toMatchObject({ records: 2000, first: T(0), last: T(1999) });
  });

  it('gives the same result whatever the chunk size (lines cut across reads)', async () => {
    const big = await scan(log, { kind: 'httpproxy', prefilter: ['ServerInfo~'] });
    for (const chunkBytes of [4096, 997, 64 * 1024]) {
      const small = await scan(log, {
        kind: 'httpproxy',
        prefilter: ['ServerInfo~'],
        chunkBytes,
        maxLineBytes: 8192,
      });
      expect(small.got).toEqual(big.got);
      expect(small.coverage).toEqual(big.coverage);
    }
  });

  it('reads a bare header line, header blocks repeated mid-file, CRLF and a BOM', async () => {
    for (const header of ['fields', 'bare'] as const) {
      const text = generateHttpProxyLog({
        lines: 300,
        header,
        repeatHeaderEvery: 100,
        bom: true,
        eol: '\r\n',
      });
      const r = await scan(text, { kind: 'httpproxy' }, (rec) => rec.get('DateTime'));
      expect(r.emitted).toBe(300);
      expect(r.got[0]).toBe(new Date(T(0)).toISOString());
      expect(r.issues).toEqual([]);
      expect(r.coverage.records).toBe(300);
    }
  });

  it('reads a header-less file with the default layout and says so once', async () => {
    const text = generateHttpProxyLog({ lines: 50, header: 'none' });
    const r = await scan(text, { kind: 'httpproxy' }, (rec) => rec.get('UrlHost'));
    expect(r.emitted).toBe(50);
    expect(r.got.every((h) => h === 'mail.contoso.com')).toBe(true);
    expect(r.issues.map((i) => i.kind)).toEqual(['no-header']);
  });

  it('decodes quoted fields: commas, doubled quotes, quoted `#`', async () => {
    const text = generateHttpProxyLog({
      lines: 3,
      plant: [{ at: 1, fields: { UserAgent: 'Mozilla/5.0 (X, "quoted" #1)', AnchorMailbox: 'a,b#' } }],
    });
    const r = await scan(text, { kind: 'httpproxy', prefilter: ['quoted'] }, (rec) => [
      rec.get('UserAgent'),
      rec.get('AnchorMailbox'),
      rec.get('ClientIpAddress'),
    ]);
    expect(r.got).toEqual([['Mozilla/5.0 (X, "quoted" #1)', 'a,b#', expect.stringMatching(/^10\.0\./)]]);
  });

  it('tracks the build from the version columns across an update', async () => {
    const text = generateHttpProxyLog({ lines: 5000, buildChange: { at: 3000, build: '15.1.2176.9' } });
    const r = await scan(text, { kind: 'httpproxy', prefilter: ['nothing-matches'], chunkBytes: 64 * 1024 });
    expect(r.builds.map((b) => [b.build, b.firstLine, b.lastLine, b.first, b.last])).toEqual([
      ['15.1.2176.2', 6, 3005, T(0), T(2999)],
      ['15.1.2176.9', 3006, 5005, T(3000), T(4999)],
    ]);
  });
});

describe('scanLog: damaged input is counted, the rest still counts', () => {
  const good = generateHttpProxyLog({
    lines: 20,
    plant: [{ at: 19, fields: { UserAgent: 'tail-marker' } }],
  }).toString('latin1');

  it('0-byte file: empty coverage, no issue', async () => {
    const r = await scan('', { kind: 'httpproxy' });
    expect(r.coverage).toMatchObject({ lines: 0, records: 0, bytes: 0, first: null, issues: 0 });
  });

  it('binary garbage mid-file is one damaged region', async () => {
    const lines = good.split('\r\n');
    const garbage = Buffer.alloc(3000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    const data = Buffer.concat([
      Buffer.from(lines.slice(0, 10).join('\r\n') + '\r\n', 'latin1'),
      garbage,
      Buffer.from('\r\n' + lines.slice(10).join('\r\n'), 'latin1'),
    ]);
    const r = await scan(data, { kind: 'httpproxy', prefilter: ['tail-marker'] });
    expect(r.emitted).toBe(1);
    expect(r.issues.length).toBeGreaterThanOrEqual(1);
    expect(r.issues.every((i) => i.kind === 'binary' || i.kind === 'damaged')).toBe(true);
    expect(r.coverage.records).toBeGreaterThanOrEqual(20);
  });

  it('a truncated last line is counted as truncated', async () => {
    const cut = good.slice(0, good.length - 300);
    const r = await scan(cut, { kind: 'httpproxy' });
    expect(r.emitted).toBe(19);
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'truncated', line: 25 })]);
  });

  it('a line with the wrong column count is damaged, not a record', async () => {
    const lines = good.split('\r\n');
    lines[8] = lines[8] + ',extra,columns';
    const r = await scan(lines.join('\r\n'), { kind: 'httpproxy' });
    expect(r.emitted).toBe(19);
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'damaged', line: 9 })]);
  });

  it('a 5 MB line is skipped as too-long; lines after it are still read', async () => {
    const lines = good.split('\r\n');
    const huge = '2021-03-01T00:00:00.000Z,' + 'A'.repeat(5 * 1024 * 1024);
    const text = [...lines.slice(0, 10), huge, ...lines.slice(10)].join('\r\n');
    const r = await scan(text, { kind: 'httpproxy', prefilter: ['tail-marker'] });
    expect(r.emitted).toBe(1);
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'too-long', line: 11 })]);
    expect(r.coverage.lines).toBe(lines.length + 1 - (lines.at(-1) === '' ? 1 : 0));
  });

  it('UTF-16 and compressed files are an unknown format, not garbage records', async () => {
    const r = await scan(Buffer.from('\ufeff#Fields: a,b\r\n', 'utf16le'), { kind: 'httpproxy' });
    expect(r.issues.map((i) => i.kind)).toEqual(['unknown-format']);
    expect(r.emitted).toBe(0);
  });

  it('a failing reader is an unreadable issue, not an exception', async () => {
    const reader = { read: async () => Promise.reject(new Error('EIO')), close: async () => {} };
    const r = await scanLog(reader, { kind: 'iis', path: 'x.log', onRecord: () => {} });
    expect(r.issues).toEqual([
      { path: 'x.log', line: null, kind: 'unreadable', message: 'read failed: EIO' },
    ]);
  });

  it('a record used after its callback throws; a detached copy stays valid', async () => {
    const kept: LogRecord[] = [];
    const detached: LogRecord[] = [];
    await scanLog(memoryReader(Buffer.from(good, 'latin1')), {
      kind: 'httpproxy',
      prefilter: ['tail-marker'],
      onRecord: (r) => {
        kept.push(r);
        detached.push(detachRecord(r));
      },
    });
    expect(() => kept[0]!.get('UserAgent')).toThrow(/detachRecord/);
    expect(detached[0]!.get('useragent')).toBe('tail-marker');
    expect(detached[0]!.raw()).toContain('tail-marker');
  });
});

describe('scanLog: IIS W3C and ECP server logs', () => {
  it('reads IIS lines with header blocks repeated mid-file, date+time as UTC', async () => {
    const text = generateIisLog({
      lines: 1000,
      repeatHeaderEvery: 300,
      plant: [{ at: 777, fields: proxyShellIis(T(777, 1000)) }],
    });
    const r = await scan(
      text,
      { kind: 'iis', subkind: 'W3SVC1', prefilter: ['autodiscover.json'] },
      (rec) => ({
        ua: rec.get('cs(user-agent)'),
        query: rec.get('cs-uri-query'),
        time: rec.time,
        sub: rec.subkind,
      }),
    );
    expect(r.got).toEqual([
      {
        ua: 'Python+PSRP+Client',
        query: expect.stringContaining('X-Rps-CAT='),
        time: T(777, 1000),
        sub: 'W3SVC1',
      },
    ]);
    expect(r.coverage).toMatchObject({
      records: 1000,
      lines: 1000 + 4 * 4,
      first: T(0, 1000),
      last: T(999, 1000),
      issues: 0,
    });
  });

  it('reads the APTSimulator ProxyShell line (header-less IIS) with the default layout', async () => {
    const bytes = readFileSync(
      new URL('../../test/fixtures/exchange/iis-logs/aptsimulator-hafnium-dummy.log', import.meta.url),
    );
    const r = await scan(bytes, { kind: 'iis', prefilter: ['x-rps-cat'] }, (rec) => ({
      stem: rec.get('cs-uri-stem'),
      status: rec.get('sc-status'),
      ip: rec.get('c-ip'),
      time: rec.time,
    }));
    expect(r.got).toEqual([
      {
        stem: '/autodiscover/autodiscover.json',
        status: '200',
        ip: '10.255.249.78',
        time: Date.UTC(2021, 7, 23, 9, 13, 18),
      },
    ]);
    expect(r.issues.map((i) => i.kind)).toEqual(['no-header']);
  });

  it('reads ECP server logs with their TimeStamp', async () => {
    const r = await scan(
      generateEcpServerLog({ lines: 10 }),
      { kind: 'ecp-server', prefilter: ['S:CMD='] },
      (rec) => [rec.time, rec.get('EventData')?.startsWith('S:ActID=')],
    );
    expect(r.emitted).toBe(10);
    expect(r.got[0]).toEqual([DEFAULT_START, true]);
  });
});

describe('scanLog: dirty-shutdown NUL padding', () => {
  it('counts the NUL run and still reads the line behind it (IIS after a crash)', async () => {
    const text = generateIisLog({
      lines: 10,
      plant: [{ at: 6, fields: proxyShellIis(T(6, 1000)) }],
    }).toString('latin1');
    const lines = text.split('\r\n');
    lines[9] = '\0'.repeat(4096) + lines[9]; // header block is 4 lines: data line 6 is line 11
    lines[10] = '\0'.repeat(100) + lines[10];
    const r = await scan(
      Buffer.from(lines.join('\r\n'), 'latin1'),
      { kind: 'iis', prefilter: ['Python+PSRP'] },
      (rec) => rec.get('sc-status'),
    );
    expect(r.got).toEqual(['200']);
    expect(r.coverage.records).toBe(10);
    expect(r.issues).toEqual(
      [10, 11].map((line) =>
        expect.objectContaining({ kind: 'binary', line, message: expect.stringContaining('NUL padding') }),
      ),
    );
  });
});

describe('scanLog: hostile sizes and shapes', () => {
  const good = generateHttpProxyLog({ lines: 5, plant: [{ at: 4, fields: { UserAgent: 'tail-marker' } }] });

  it('an unterminated 5 MB line at the end of the file is too-long, the lines before still count', async () => {
    const data = Buffer.concat([good, Buffer.alloc(5 * 1024 * 1024, 0x41)]);
    const r = await scan(data, { kind: 'httpproxy', prefilter: ['tail-marker'] });
    expect(r.emitted).toBe(1);
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'too-long', line: 11 })]);
    expect(r.coverage).toMatchObject({ records: 5, lines: 11, bytes: data.length });
  });

  it('a 50 MB file that is one line costs one issue and bounded memory', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const r = await scan(Buffer.alloc(50 * 1024 * 1024, 0x42), { kind: 'iis' });
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'too-long', line: 1 })]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(60 * 1024 * 1024);
  });

  it('a line exactly as long as the limit is read, one byte more is too-long', async () => {
    const line = (len: number) => '2021-03-01T00:00:00.000Z,' + 'x'.repeat(len - 25);
    const header = '#Fields: DateTime,Data\n';
    const ok = await scan(header + line(1000) + '\n', {
      kind: 'oabgen',
      maxLineBytes: 1001,
      chunkBytes: 512,
    });
    expect(ok.emitted).toBe(1);
    const long = await scan(header + line(1002) + '\n', {
      kind: 'oabgen',
      maxLineBytes: 1001,
      chunkBytes: 512,
    });
    expect(long.issues.map((i) => i.kind)).toEqual(['too-long']);
  });

  it('thousands of garbage lines are one merged issue, not thousands', async () => {
    const junk = Array.from({ length: 5000 }, (_, i) => `junk line ${i} \u001b[31m<script>`).join('\n');
    const r = await scan(good.toString('latin1') + junk + '\n', { kind: 'httpproxy' });
    expect(r.issues).toEqual([
      expect.objectContaining({ kind: 'damaged', message: expect.stringContaining('5000 lines') }),
    ]);
    expect(r.badLines).toBe(5000);
    expect(r.emitted).toBe(5);
  });

  it('refuses event logs (they have their own readers)', async () => {
    const r = await scan(good, { kind: 'event' });
    expect(r.issues.map((i) => i.kind)).toEqual(['unknown-format']);
  });
});

describe('scanLog: issue counts beyond the kept issues', () => {
  it('counts every issue by kind even when only maxIssues are kept', async () => {
    const good = generateHttpProxyLog({ lines: 400 }).toString('latin1').split('\r\n');
    for (let i = 10; i < 400; i += 20) good[i] = 'garbage ' + i; // isolated damaged lines: one issue each
    good[5] = good[5] + ',x';
    const r = await scan(good.join('\r\n'), { kind: 'httpproxy', maxIssues: 3 });
    expect(r.issues).toHaveLength(3);
    expect(r.issueCounts).toEqual({ damaged: 21 });
    expect(r.coverage.issues).toBe(21);
  });
});

describe('scanLog: errors in the caller are not data errors', () => {
  it('an exception thrown by onRecord propagates (a bug), and the reader is still closed', async () => {
    let closed = false;
    const inner = memoryReader(generateHttpProxyLog({ lines: 5 }));
    const reader = { read: inner.read, close: async () => void (closed = true) };
    await expect(
      scanLog(reader, {
        kind: 'httpproxy',
        onRecord: () => {
          throw new Error('bug in a rule');
        },
      }),
    ).rejects.toThrow('bug in a rule');
    expect(closed).toBe(true);
  });
});

describe('scanLog: header-less files of an unknown layout', () => {
  it('still hands raw lines to the rules (no names), and says so once', async () => {
    // An Exchange 2013-style line: fewer columns than the default HttpProxy layout.
    const text = [
      '2021-03-03T01:00:00.000Z,a,b,ServerInfo~x/y#,c',
      '2021-03-03T02:00:00.000Z,a,b,ok,c',
      '',
    ].join('\r\n');
    const r = await scan(text, { kind: 'httpproxy', prefilter: ['ServerInfo~'] }, (rec) => [
      rec.raw(),
      rec.fields().length,
      rec.get('AnchorMailbox'),
      rec.time,
    ]);
    expect(r.got).toEqual([
      ['2021-03-03T01:00:00.000Z,a,b,ServerInfo~x/y#,c', 0, undefined, Date.UTC(2021, 2, 3, 1)],
    ]);
    expect(r.issues).toEqual([
      expect.objectContaining({ kind: 'no-header', message: expect.stringContaining('5 columns') }),
    ]);
    expect(r.coverage).toMatchObject({
      records: 2,
      first: Date.UTC(2021, 2, 3, 1),
      last: Date.UTC(2021, 2, 3, 2),
    });
  });
});

describe('scanLog: concatenated files', () => {
  it('reads past a BOM at the start of a later file, whole file or range', async () => {
    const one = generateHttpProxyLog({ lines: 50, bom: true, seed: 1 });
    const two = generateHttpProxyLog({ lines: 50, bom: true, seed: 2, start: T(50) });
    const both = Buffer.concat([one, two]);
    const r = await scan(both, { kind: 'httpproxy' }, (rec) => rec.get('UrlHost'));
    expect(r.issues).toEqual([]);
    expect(r.emitted).toBe(100);
    expect(r.coverage).toMatchObject({ first: T(0), last: T(99) });
    const tail = await scan(both, {
      kind: 'httpproxy',
      range: { start: one.length + 100, end: both.length },
    });
    expect(tail.issues).toEqual([]);
    expect(tail.emitted).toBe(50);
  });
});

describe('scanLog: an unselective prefilter is dropped', () => {
  it('stops searching when most lines pass, and hands every later line over', async () => {
    const log = generateHttpProxyLog({ lines: 3000 });
    const all = await scan(log, { kind: 'httpproxy', prefilter: ['Server~'], chunkBytes: 64 * 1024 });
    expect(all.emitted).toBe(3000);
    expect(all.prefilterDroppedAt).not.toBeNull();
    const rare = await scan(log, { kind: 'httpproxy', prefilter: ['ServerInfo~'], chunkBytes: 64 * 1024 });
    expect(rare.emitted).toBe(0);
    expect(rare.prefilterDroppedAt).toBeNull();
  });
});

describe('scanLog: the event loop turns during a long synchronous read', () => {
  it('lets other callbacks (a hunt worker waiting for its next file) run within a large file', async () => {
    const log = generateIisLog({ lines: 60_000 }); // ~12 MB, read synchronously from memory
    expect(log.length).toBeGreaterThan(9 * 1024 * 1024);
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const r = await scan(log, { kind: 'iis', prefilter: ['nothing-matches'] });
    const during = turns;
    ticking = false;
    expect(r.coverage.records).toBe(60_000);
    expect(during).toBeGreaterThanOrEqual(2);
  });
});

describe('scanLog: scans sharing one prefilter at once', () => {
  it('finds the same lines whether a scan reads into the SIMD memory or, while another holds it, elsewhere', async () => {
    // Same prefilter entries: one compiled prefilter, one SIMD read buffer, two scans
    // interleaved chunk by chunk (the second reads into its own buffer and searches otherwise).
    const need = {
      anchors: ['/ecp/', 'autodiscover.json'],
      clauses: [
        [['post'], ['autodiscover.json']],
        [['/ecp/'], ['@']],
      ],
    };
    // Different shapes of text, so that one scan's bytes written over the other's would show.
    const logs = [
      generateIisLog({
        lines: 4000,
        plant: [5, 1999, 3999].map((at) => ({ at, fields: proxyShellIis(T(at, 1000)) })),
      }),
      Buffer.from(
        Array.from({ length: 20_000 }, (_, i) => (i % 97 ? `${i}\n` : `${i} POST /ecp/x@y\n`)).join(''),
        'latin1',
      ),
    ];
    const opts: Opts = { kind: 'iis', prefilter: [need], chunkBytes: 4096, maxLineBytes: 2048 };
    const pick = (r: LogRecord) => `${r.line}:${r.get('cs-uri-stem')}`;
    const alone = [];
    for (const log of logs) alone.push(await scan(log, opts, pick));
    const together = await Promise.all(logs.map((log) => scan(log, opts, pick)));
    expect(together.map((r) => r.got)).toEqual(alone.map((r) => r.got));
    expect(together.map((r) => r.coverage)).toEqual(alone.map((r) => r.coverage));
    expect(alone[0]!.got.length).toBeGreaterThanOrEqual(3);
    expect(alone[1]!.coverage.lines).toBe(20_000);
  });
});
