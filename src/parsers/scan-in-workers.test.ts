// Reentrancy: worker threads each open the same evidence root (a zip here: the costly case) and
// scan byte ranges of the same file at once; together they must equal one scan on the main thread.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { openEvidence, writeZip } from '../evidence/index.js';
import { scanLogFile } from './scan-log-file.js';
import { proxyLogonSsrf } from './testing/attack-lines.js';
import { generateHttpProxyLog } from './testing/httpproxy-log.js';
import { DEFAULT_START } from './testing/log-options.js';

const dir = mkdtempSync(path.join(tmpdir(), 'exhunt-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAME =
  'uploads/auto/C%3A/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Ecp/HttpProxy_2021030301-1.LOG';

// Runs in each worker: open the root again and scan one range. tsx's loader makes .ts importable.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import('tsx/esm/api').then(async (tsx) => {
  tsx.register();
  const ev = await import(workerData.evidence);
  const pa = await import(workerData.parsers);
  const root = await ev.openEvidence(workerData.zip);
  const lines = [];
  const r = await pa.scanLogFile(root, workerData.name, {
    kind: 'httpproxy', subkind: 'Ecp', prefilter: ['ServerInfo~'], range: workerData.range,
    onRecord: (rec) => lines.push(rec.line),
  });
  await root.close();
  parentPort.postMessage({ lines, records: r.coverage.records });
});
`;

function inWorker(
  zip: string,
  range: { start: number; end: number },
): Promise<{ lines: number[]; records: number }> {
  const workerData = {
    zip,
    name: NAME,
    range,
    evidence: new URL('../evidence/index.ts', import.meta.url).href,
    parsers: new URL('./index.ts', import.meta.url).href,
  };
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData });
    w.once('message', (m) => {
      resolve(m as { lines: number[]; records: number });
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('scanning from worker threads', () => {
  it('two workers on two ranges of one zipped log equal one scan', async () => {
    const log = generateHttpProxyLog({
      lines: 4000,
      protocol: 'Ecp',
      plant: [10, 1999, 2000, 3999].map((at) => ({ at, fields: proxyLogonSsrf(DEFAULT_START + at * 1500) })),
    });
    const zip = path.join(dir, 'triage.zip');
    writeFileSync(zip, writeZip([{ name: NAME, data: log, deflate: true }]));
    const half = Math.floor(log.length / 2);
    const [a, b] = await Promise.all([
      inWorker(zip, { start: 0, end: half }),
      inWorker(zip, { start: half, end: log.length }),
    ]);
    const root = await openEvidence(zip);
    const whole: number[] = [];
    const r = await scanLogFile(root, NAME, {
      kind: 'httpproxy',
      prefilter: ['ServerInfo~'],
      onRecord: (rec) => whole.push(rec.line!),
    });
    await root.close();
    expect([...a.lines, ...b.lines]).toEqual(whole);
    expect(whole).toEqual([16, 2005, 2006, 4005]);
    expect(a.records + b.records).toBe(r.coverage.records);
  });
});
