import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locate, openEvidence } from '../../evidence/index.js';
import { scanLogFile } from '../scan-log-file.js';
import { parseSize, writeCorpus } from './generate-corpus.js';

const dir = mkdtempSync(path.join(tmpdir(), 'exhunt-corpus-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeCorpus', () => {
  it('writes a KAPE-style tree whose planted lines the scanner finds, and nothing else damaged', async () => {
    const m = await writeCorpus(dir, { bytes: 3 * 1024 * 1024, fileBytes: 256 * 1024, seed: 7 });
    expect(m.bytes).toBeGreaterThanOrEqual(3 * 1024 * 1024 * 0.95);
    expect(m.planted.map((p) => p.what).sort()).toEqual([
      'ecp-oab-webshell',
      'proxylogon-ssrf',
      'proxylogon-ssrf',
      'proxylogon-ssrf',
      'proxyshell',
    ]);
    const root = await openEvidence(dir);
    const found = await locate(root);
    expect(found.installs.map((i) => i.windows)).toEqual([
      '\\Program Files\\Microsoft\\Exchange Server\\V15',
    ]);
    let hits = 0;
    let issues = 0;
    for (const g of found.logs) {
      for (const f of g.files) {
        const r = await scanLogFile(root, f, {
          kind: g.kind,
          subkind: g.subkind,
          prefilter: ['ServerInfo~', 'X-Rps-CAT', 'runat=""server""'],
          onRecord: () => void hits++,
        });
        issues += r.coverage.issues;
      }
    }
    expect(hits).toBe(5);
    expect(issues).toBe(0);
  });

  it('parses sizes', () => {
    expect(parseSize('1g')).toBe(1024 ** 3);
    expect(parseSize('64M')).toBe(64 * 1024 ** 2);
    expect(parseSize('12345')).toBe(12345);
    expect(parseSize('lots')).toBeNull();
  });
});
