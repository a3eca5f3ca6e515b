import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locate, openEvidence, writeZip } from '../evidence/index.js';
import { scanLogFile } from './scan-log-file.js';
import { proxyLogonSsrf } from './testing/attack-lines.js';
import { generateHttpProxyLog } from './testing/httpproxy-log.js';
import { DEFAULT_START } from './testing/log-options.js';

const ECP = 'Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Ecp/HttpProxy_2021030301-1.LOG';
let dir: string;
const log = generateHttpProxyLog({
  lines: 500,
  protocol: 'Ecp',
  plant: [{ at: 250, fields: proxyLogonSsrf(DEFAULT_START) }],
});

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'exhunt-scanfile-'));
  mkdirSync(path.join(dir, 'C', path.dirname(ECP)), { recursive: true });
  writeFileSync(path.join(dir, 'C', ECP), log);
  writeFileSync(path.join(dir, 'C', path.dirname(ECP), 'empty.LOG'), '');
  writeFileSync(
    path.join(dir, 'triage.zip'),
    writeZip([{ name: `uploads/auto/C%3A/${ECP}`, data: log, deflate: true }]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scanLogFile over an evidence root', () => {
  for (const where of ['folder', 'zip'] as const) {
    it(`finds the ProxyLogon row in a ${where}, located by locate()`, async () => {
      const root = await openEvidence(
        where === 'zip' ? path.join(dir, 'triage.zip') : path.join(dir, 'C', '..'),
      );
      const found = await locate(root);
      const group = found.logs.find((g) => g.kind === 'httpproxy' && g.subkind === 'Ecp')!;
      const file = group.files.find((f) => f.path.endsWith('-1.LOG'))!;
      const rows: { anchor?: string; line: number | null; path: string }[] = [];
      const r = await scanLogFile(root, file, {
        kind: group.kind,
        subkind: group.subkind,
        prefilter: ['ServerInfo~'],
        onRecord: (rec) => rows.push({ anchor: rec.get('AnchorMailbox'), line: rec.line, path: rec.path }),
      });
      expect(rows).toEqual([
        { anchor: expect.stringMatching(/^ServerInfo~.*#$/), line: 256, path: file.path },
      ]);
      expect(r.coverage).toMatchObject({
        path: file.path,
        kind: 'httpproxy',
        subkind: 'Ecp',
        records: 500,
        bytes: log.length,
      });
      await root.close();
    });
  }

  it('a 0-byte log is empty coverage; a missing one is an unreadable issue', async () => {
    const root = await openEvidence(dir);
    const empty = await scanLogFile(root, `C/${path.dirname(ECP)}/empty.LOG`, {
      kind: 'httpproxy',
      onRecord: () => {},
    });
    expect(empty.coverage).toMatchObject({ lines: 0, records: 0, issues: 0 });
    const missing = await scanLogFile(root, 'C/nope.log', { kind: 'iis', onRecord: () => {} });
    expect(missing.issues).toEqual([expect.objectContaining({ kind: 'unreadable', path: 'C/nope.log' })]);
    expect(missing.coverage.issues).toBe(1);
  });
});
