/**
 * @module detect/files/scan-files.test
 * The file hunt end to end on an evidence tree generated at test time: web shell forms, PST/DER
 * aspx, memory dumps, archives with the vendor-zip trap, stock Exchange pages that must stay
 * quiet, IIS configuration, MSTIC-style hashes of generated files (never real malware), size
 * limits that are counted, and the same findings with and without worker threads.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locate, openEvidence, type EvidenceRoot, type Located } from '../../evidence/index.js';
import { importIntel } from '../indicators/index.js';
import { cliEngine } from '../yara/index.js';
import { scanFiles } from './scan-files.js';
import { artefactSamples } from './synthetic/artefact-samples.js';
import { webShellSamples } from './synthetic/webshell-samples.js';
import type { FileScanResult } from './types.js';

let dir: string;
let evidence: string;
let intel: string;
let root: EvidenceRoot;
let layout: Located;
let inline: FileScanResult;
const cliAvailable = (await cliEngine().status()).available;

const planted = Buffer.from('exhunt test file standing in for a feed-listed web shell\n');
const plantedSha256 = createHash('sha256').update(planted).digest('hex');
const plantedMd5 = createHash('md5').update(planted).digest('hex');

async function put(rel: string, data: Buffer) {
  const file = path.join(evidence, ...rel.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, data);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'exhunt-files-'));
  evidence = path.join(dir, 'evidence');
  for (const s of webShellSamples()) await put(s.relPath, s.data);
  for (const a of artefactSamples()) await put(a.relPath, a.data);
  await put('inetpub/wwwroot/aspnet_client/system_web/update.aspx', planted);
  await put('ProgramData/big/blob.bin', Buffer.alloc(3 * 1024 * 1024, 0x20));
  // A feed in MSTIC's CSV format listing the generated file's hashes, imported like real intel.
  const feed = path.join(dir, 'feed', 'test-feed.csv');
  await mkdir(path.dirname(feed), { recursive: true });
  await writeFile(
    feed,
    `DateAdded,FirstSeen,Indicator,IndicatorType,TLP\n2021-03-09,2021-03-03T00:00:00Z,${plantedSha256},sha256,White\n2021-03-09,,${plantedMd5},md5,White\n`,
  );
  intel = path.join(dir, 'intel');
  const imported = await importIntel(feed, intel);
  expect(imported.issues).toEqual([]);
  root = await openEvidence(evidence);
  layout = await locate(root);
  inline = await scanFiles(root, layout, { workers: 0, intelDir: intel, maxScanBytes: 2 * 1024 * 1024 });
}, 120_000);

afterAll(async () => {
  await root?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const rulesAt = (r: FileScanResult, p: string) =>
  [...new Set(r.findings.filter((f) => f.source.path === p).map((f) => f.rule))].sort();

describe('scanFiles on a generated evidence tree', () => {
  it('loads our rules with no issue except the counted size limit', () => {
    expect(inline.stats.yaraBackend).not.toBeNull();
    expect(inline.stats.yaraRulesLoaded).toBeGreaterThanOrEqual(5);
    expect(inline.issues).toEqual([
      expect.objectContaining({ path: 'ProgramData/big/blob.bin', kind: 'too-large-for-yara' }),
    ]);
    expect(inline.stats.tooLargeForYara).toBe(1);
  });

  for (const s of webShellSamples()) {
    if (s.relPath.startsWith('inetpub/logs/') || s.relPath.includes('/Bin/')) continue; // not a relevant place
    it(`web shell sample ${s.id}: YARA rules ${s.rules.join(', ') || 'none'}`, () => {
      const yara = rulesAt(inline, s.relPath).filter((r) => r.startsWith('yara:'));
      expect(yara).toEqual(s.rules.map((r) => `yara:${r}`).sort());
    });
  }

  for (const a of artefactSamples()) {
    it(`artefact ${a.id}: ${a.rules.join(', ') || 'quiet'}`, () => {
      expect(rulesAt(inline, a.relPath)).toEqual([...a.rules].sort());
    });
  }

  it('stock logon.aspx stays completely quiet', () => {
    expect(rulesAt(inline, webShellSamples().find((s) => s.id === 'stock-logon-aspx')!.relPath)).toEqual([]);
  });

  it('finds the generated file by the hashes in the imported MSTIC-format feed, with MSTIC credited', () => {
    const hits = inline.findings.filter((f) => f.rule === 'file-hash-ioc');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.source.path).toBe('inetpub/wwwroot/aspnet_client/system_web/update.aspx');
    expect(hits[0]!.facts.sha256).toBe(plantedSha256);
    expect(hits[0]!.facts.md5).toBe(plantedMd5);
    expect(hits[0]!.author).toBe('Microsoft Threat Intelligence Center (MSTIC)');
    expect(hits[0]!.severity).toBe('critical');
  });

  it('YARA findings carry the rule author, licence, hashes and the file time', () => {
    const f = inline.findings.find((x) => x.rule === 'yara:EXHUNT_Webshell_ChinaChopper_JScript_Eval')!;
    expect(f.author).toBe('exhunt project');
    expect(f.licence).toBe('Apache-2.0');
    expect(f.facts.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(f.facts.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(f.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(f.outcome).toBe('compromise');
    expect(f.cves).toContain('CVE-2021-27065');
    const pst = inline.findings.find((x) => x.rule === 'yara:EXHUNT_Webshell_PST_Header_Page')!;
    expect(pst.campaign).toBe('proxyshell');
  });

  it('counts every selected file and hashes all but none', () => {
    expect(inline.stats.hashed).toBe(inline.stats.files);
    expect(inline.coverage[0]).toMatchObject({ source: 'files', files: inline.stats.files });
  });

  it('worker threads give exactly the same findings', async () => {
    const pooled = await scanFiles(root, layout, {
      workers: 2,
      intelDir: intel,
      maxScanBytes: 2 * 1024 * 1024,
    });
    const strip = (r: FileScanResult) =>
      r.findings.map((f) => `${f.source.path}|${f.rule}|${f.facts.sha256 ?? ''}`).sort();
    expect(strip(pooled)).toEqual(strip(inline));
    expect(pooled.issues).toEqual(inline.issues);
  }, 120_000);

  it('evidence with nothing to scan starts no worker and compiles no rule (issue 3: a copy of the logs only)', async () => {
    const logsOnly = path.join(dir, 'logs-only');
    const logDir = path.join(logsOnly, 'C/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Owa');
    await mkdir(logDir, { recursive: true });
    await writeFile(
      path.join(logDir, 'HttpProxy_2021030100-1.LOG'),
      '#Software: Microsoft Exchange Server\n',
    );
    const r = await openEvidence(logsOnly);
    try {
      const scanned = await scanFiles(r, await locate(r), { workers: 2, builtin: true, intelDir: null });
      expect(scanned.stats.files).toBe(0);
      // Rules are compiled by workers (or in-thread) only once a file is found.
      expect(scanned.stats.yaraRulesLoaded).toBe(0);
      expect(scanned.issues).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it('--full also reads the IIS log and other folders', async () => {
    const full = await scanFiles(root, layout, { workers: 0, full: true, builtin: true, intelDir: null });
    expect(full.stats.files).toBeGreaterThan(inline.stats.files);
    const log = webShellSamples().find((s) => s.id === 'iis-log-with-chopper-text')!;
    expect(rulesAt(full, log.relPath)).toEqual([]);
  });

  it('without a usable YARA backend: one counted issue, hashes and the other checks still run', async () => {
    const r = await scanFiles(root, layout, {
      workers: 0,
      intelDir: intel,
      yara: { backend: 'cli', cli: { binary: path.join(dir, 'no-such-yara') } },
    });
    expect(r.stats.yaraBackend).toBeNull();
    expect(r.issues.filter((i) => i.kind === 'rule')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^no YARA backend available: cli: /) }),
    ]);
    expect(r.findings.some((f) => f.rule === 'file-hash-ioc')).toBe(true);
    expect(r.findings.some((f) => f.rule === 'file-lsass-dump')).toBe(true);
    expect(r.findings.some((f) => f.rule.startsWith('yara:'))).toBe(false);
  });

  // The CLI reads files itself: files the no-match filter rules out (while their bytes are in
  // memory for the hashes) are not handed to it, and still count as scanned with no hit.
  it.skipIf(!cliAvailable)(
    'cli backend: the no-match filter leaves findings and counts as they are',
    async () => {
      const run = (noMatchFilter: boolean) =>
        scanFiles(root, layout, {
          workers: 0,
          intelDir: intel,
          yara: { backend: 'cli', cli: { noMatchFilter } },
        });
      const [off, on] = [await run(false), await run(true)];
      expect(on.stats.yaraBackend).toBe('cli');
      const key = (r: FileScanResult) => r.findings.map((f) => `${f.rule} ${f.source.path}`).sort();
      expect(key(on)).toEqual(key(off));
      expect(key(on).some((k) => k.startsWith('yara:'))).toBe(true);
      expect(on.stats.contentScanned).toBe(off.stats.contentScanned);
    },
    120_000,
  );

  it('a large file (read whole into a reused buffer) gets the same YARA verdict and hashes', async () => {
    const big = path.join(dir, 'big-evidence');
    // A mailbox export of 20 MB with the page at its end (the PST rule allows up to 100 MB).
    const data = Buffer.concat([
      Buffer.from('!BDN'),
      Buffer.alloc(20 * 1024 * 1024, 0x20),
      Buffer.from('<%@ Page Language="C#" %><% Response.Write(1); %>'),
    ]);
    await mkdir(path.join(big, 'inetpub', 'wwwroot', 'aspnet_client'), { recursive: true });
    await writeFile(path.join(big, 'inetpub', 'wwwroot', 'aspnet_client', 'padded.aspx'), data);
    const bigRoot = await openEvidence(big);
    try {
      for (const workers of [0, 2]) {
        const r = await scanFiles(bigRoot, await locate(bigRoot), { workers, intelDir: null });
        const f = r.findings.find((x) => x.rule === 'yara:EXHUNT_Webshell_PST_Header_Page');
        expect(f?.facts.sha256, `workers ${workers}`).toBe(createHash('sha256').update(data).digest('hex'));
        expect(r.stats.contentScanned).toBe(1);
        expect(r.issues).toEqual([]);
      }
    } finally {
      await bigRoot.close();
    }
  }, 60_000);

  it('computes only the digests asked for', async () => {
    const r = await scanFiles(root, layout, {
      workers: 0,
      builtin: true,
      hashes: ['sha256'],
      intelDir: null,
    });
    const f = r.findings.find((x) => x.rule === 'yara:EXHUNT_Webshell_SimpleSeeSharp')!;
    expect(f.facts.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(f.facts.md5).toBeUndefined();
    expect(r.stats.hashed).toBe(r.stats.files);
  });

  it('reports files over the hash limit and still checks their type', async () => {
    const r = await scanFiles(root, layout, {
      workers: 0,
      builtin: false,
      maxHashBytes: 1024,
      intelDir: null,
    });
    expect(r.stats.tooLargeToHash).toBeGreaterThan(0);
    expect(r.issues.some((i) => i.kind === 'too-large-to-hash')).toBe(true);
    expect(rulesAt(r, 'Windows/Temp/debug01.bin')).toEqual(['file-lsass-dump']);
  });
});
