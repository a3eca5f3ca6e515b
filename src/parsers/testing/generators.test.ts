import { describe, expect, it } from 'vitest';
import { memoryReader } from '../../evidence/index.js';
import { scanLog } from '../scan-log.js';
import type { LogKind } from '../types.js';
import { generateEcpServerLog } from './ecp-server-log.js';
import { generateHttpProxyLog } from './httpproxy-log.js';
import { generateIisLog } from './iis-log.js';
import { generateOabGenLog, oabGenWebShellWrite } from './oabgen-log.js';

describe('log generators', () => {
  it('are deterministic for a seed and differ across seeds', () => {
    expect(
      generateHttpProxyLog({ lines: 50, seed: 9 }).equals(generateHttpProxyLog({ lines: 50, seed: 9 })),
    ).toBe(true);
    expect(
      generateHttpProxyLog({ lines: 50, seed: 9 }).equals(generateHttpProxyLog({ lines: 50, seed: 10 })),
    ).toBe(false);
  });

  const cases: [LogKind, Buffer][] = [
    ['httpproxy', generateHttpProxyLog({ lines: 300, repeatHeaderEvery: 100 })],
    ['iis', generateIisLog({ lines: 300, repeatHeaderEvery: 100 })],
    ['ecp-server', generateEcpServerLog({ lines: 300, header: 'bare' })],
    ['oabgen', generateOabGenLog({ lines: 300, plant: [{ at: 150, fields: oabGenWebShellWrite(0) }] })],
  ];
  for (const [kind, data] of cases) {
    it(`write ${kind} logs the scanner reads without a single issue`, async () => {
      let n = 0;
      const r = await scanLog(memoryReader(data), {
        kind,
        onRecord: (rec) => void (rec.time !== null && n++),
      });
      expect(r.issues).toEqual([]);
      expect(n).toBe(300);
      expect(r.coverage.records).toBe(300);
    });
  }

  it('plants the OAB web-shell write the way a raw-line rule sees it', async () => {
    const got: string[] = [];
    await scanLog(memoryReader(cases[3]![1]), {
      kind: 'oabgen',
      prefilter: ['Download failed and temporary file'],
      onRecord: (rec) => got.push(rec.get('Message')!),
    });
    expect(got).toEqual([
      "Download failed and temporary file 'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\x.aspx' needs to be removed",
    ]);
  });
});
