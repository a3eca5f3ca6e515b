/**
 * @module parsers/testing/generate-corpus
 * Write a benchmark-sized triage copy (KAPE layout, drive C) of realistic Exchange and IIS logs
 * with a few planted attack lines: HttpProxy in several protocol folders (~75 %), IIS W3SVC1
 * (~20 %) and ECP server logs (~5 %). Deterministic for a given seed. Streams to disk: memory
 * stays flat whatever the size.
 *
 * CLI: `npx tsx src/parsers/testing/generate-corpus.ts <dir> [--size 1g] [--seed 1] [--file-size 64m]`
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ecpOabWebShell, proxyLogonSsrf, proxyShellIis } from './attack-lines.js';
import { ecpServerLines } from './ecp-server-log.js';
import { httpProxyLines } from './httpproxy-log.js';
import { iisLines } from './iis-log.js';
import { DEFAULT_START, type PlantedLine } from './log-options.js';

export interface CorpusOptions {
  /** Total bytes to write (approximate, rounded up to whole lines). */
  bytes: number;
  seed?: number;
  /** Size at which a log file rolls over. Default 64 MiB. */
  fileBytes?: number;
}

export interface CorpusFile {
  path: string;
  kind: 'httpproxy' | 'iis' | 'ecp-server';
  subkind: string | null;
  bytes: number;
}

export interface CorpusManifest {
  files: CorpusFile[];
  bytes: number;
  /** Where attack lines were planted (relative path, 0-based data-line index, what). */
  planted: { path: string; at: number; what: string }[];
}

const INSTALL = 'C/Program Files/Microsoft/Exchange Server/V15';
const PROTOCOLS = ['Owa', 'Ecp', 'Ews', 'Autodiscover', 'Mapi', 'PowerShell'];

/** Write the corpus under `dir` and return (and save as corpus-manifest.json) what was written. */
export async function writeCorpus(dir: string, options: CorpusOptions): Promise<CorpusManifest> {
  const seed = options.seed ?? 1;
  const fileBytes = options.fileBytes ?? 64 * 1024 * 1024;
  const manifest: CorpusManifest = { files: [], bytes: 0, planted: [] };
  const shares: { kind: CorpusFile['kind']; subkind: string | null; share: number }[] = [
    ...PROTOCOLS.map((p) => ({ kind: 'httpproxy' as const, subkind: p, share: 0.75 / PROTOCOLS.length })),
    { kind: 'iis', subkind: 'W3SVC1', share: 0.2 },
    { kind: 'ecp-server', subkind: null, share: 0.05 },
  ];
  let fileNo = 0;
  for (const s of shares) {
    let remaining = Math.ceil(options.bytes * s.share);
    for (let part = 1; remaining > 0; part++) {
      fileNo++;
      const target = Math.min(remaining, fileBytes);
      const start = DEFAULT_START + (part - 1) * 86_400_000;
      const lines = Math.max(1, Math.floor(target / lineEstimate(s.kind)));
      const plant = plantFor(s.kind, s.subkind, part, lines, start);
      const rel = relPath(s.kind, s.subkind, part, start);
      for (const p of plant) manifest.planted.push({ path: rel, at: p.at, what: describe(p) });
      const opts = { lines, seed: seed * 1000 + fileNo, start, plant, repeatHeaderEvery: 50_000 };
      const gen =
        s.kind === 'httpproxy'
          ? httpProxyLines({ ...opts, protocol: s.subkind! })
          : s.kind === 'iis'
            ? iisLines(opts)
            : ecpServerLines(opts);
      const bytes = await writeLines(path.join(dir, ...rel.split('/')), gen);
      manifest.files.push({ path: rel, kind: s.kind, subkind: s.subkind, bytes });
      manifest.bytes += bytes;
      remaining -= bytes;
    }
  }
  writeFileSync(path.join(dir, 'corpus-manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

function lineEstimate(kind: CorpusFile['kind']): number {
  return kind === 'httpproxy' ? 900 : kind === 'iis' ? 260 : 200;
}

function relPath(kind: CorpusFile['kind'], subkind: string | null, part: number, start: number): string {
  const d = new Date(start).toISOString();
  const ymdh = d.slice(0, 4) + d.slice(5, 7) + d.slice(8, 10) + d.slice(11, 13);
  if (kind === 'httpproxy') return `${INSTALL}/Logging/HttpProxy/${subkind}/HttpProxy_${ymdh}-${part}.LOG`;
  if (kind === 'iis') return `C/inetpub/logs/LogFiles/W3SVC1/u_ex${ymdh.slice(2, 8)}.log`;
  return `${INSTALL}/Logging/ECP/Server/ECPServer${ymdh}-${part}.LOG`;
}

/** A handful of attack lines in the first file of the Ecp, IIS and ECP-server streams. */
function plantFor(
  kind: CorpusFile['kind'],
  subkind: string | null,
  part: number,
  lines: number,
  start: number,
): PlantedLine[] {
  if (part !== 1) return [];
  const at = (f: number): number => Math.floor(lines * f);
  const t = (i: number): number => start + i * 1000;
  if (kind === 'httpproxy' && subkind === 'Ecp') {
    return [0.3, 0.31, 0.7].map((f) => ({ at: at(f), fields: proxyLogonSsrf(t(at(f))) }));
  }
  if (kind === 'iis') return [0.5].map((f) => ({ at: at(f), fields: proxyShellIis(t(at(f))) }));
  if (kind === 'ecp-server') return [0.4].map((f) => ({ at: at(f), fields: ecpOabWebShell(t(at(f))) }));
  return [];
}

function describe(p: PlantedLine): string {
  if ('AnchorMailbox' in p.fields) return 'proxylogon-ssrf';
  if ('cs-uri-query' in p.fields) return 'proxyshell';
  return 'ecp-oab-webshell';
}

async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let bytes = 0;
  let batch: string[] = [];
  let batchLen = 0;
  const flush = async (): Promise<void> => {
    const chunk = Buffer.from(batch.join(''), 'utf8');
    bytes += chunk.length;
    batch = [];
    batchLen = 0;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  for (const line of lines) {
    batch.push(line);
    batchLen += line.length;
    if (batchLen >= 1 << 20) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return bytes;
}

/** `1g`, `500m`, `64k`, or a byte count. */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([kmg]?)i?b?$/i.exec(text.trim());
  if (!m) return null;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * mult);
}

async function main(argv: string[]): Promise<number> {
  const dir = argv[0];
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const bytes = parseSize(flag('--size') ?? '1g');
  const fileBytes = parseSize(flag('--file-size') ?? '64m');
  const seed = Number(flag('--seed') ?? '1');
  if (!dir || bytes === null || fileBytes === null || !Number.isInteger(seed)) {
    process.stderr.write('usage: generate-corpus <dir> [--size 1g] [--file-size 64m] [--seed 1]\n');
    return 2;
  }
  const t0 = Date.now();
  const m = await writeCorpus(dir, { bytes, fileBytes, seed });
  process.stdout.write(
    `wrote ${m.files.length} files, ${(m.bytes / 1e6).toFixed(0)} MB, ${m.planted.length} planted lines in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`generate-corpus: ${(error as Error).message}\n`);
      process.exit(2);
    },
  );
}
