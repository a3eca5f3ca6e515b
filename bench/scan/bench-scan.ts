/**
 * Benchmark: exhunt's log scanner alone (one thread) vs ripgrep on the same files with the same
 * literals, case-insensitive. Prints MB/s for each and the ratio.
 *
 *   npm run bench:scan -- [corpus-dir] [--size 1g] [--literals 'ServerInfo~,autodiscover.json']
 *
 * The corpus is generated (src/parsers/testing/generate-corpus.ts) when the folder does not exist.
 * ripgrep comes from Debian (`apt-get install -y ripgrep`); without it only exhunt is timed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openEvidence, locate } from '../../src/evidence/index.js';
import { scanLogFile } from '../../src/parsers/index.js';
import { parseSize, writeCorpus, type CorpusManifest } from '../../src/parsers/testing/index.js';

const argv = process.argv.slice(2);
const flag = (n: string): string | undefined => {
  const i = argv.indexOf(n);
  return i >= 0 ? argv[i + 1] : undefined;
};
const dir = argv[0] && !argv[0].startsWith('--') ? argv[0] : '/tmp/exhunt-corpus';
const literals = (
  flag('--literals') ?? 'ServerInfo~,autodiscover.json,X-Rps-CAT,/ecp/default.flt,Set-OabVirtualDirectory'
).split(',');

async function main(): Promise<void> {
  if (!existsSync(path.join(dir, 'corpus-manifest.json'))) {
    const bytes = parseSize(flag('--size') ?? '1g') ?? 1024 ** 3;
    process.stdout.write(`generating ${(bytes / 1e6).toFixed(0)} MB corpus in ${dir} …\n`);
    await writeCorpus(dir, { bytes });
  }
  const manifest = JSON.parse(readFileSync(path.join(dir, 'corpus-manifest.json'), 'utf8')) as CorpusManifest;
  const root = await openEvidence(dir);
  const found = await locate(root);
  const files = found.logs.flatMap((g) => g.files.map((f) => ({ f, kind: g.kind, subkind: g.subkind })));
  const bytes = files.reduce((n, x) => n + x.f.size, 0);

  let records = 0;
  let lines = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const { f, kind, subkind } of files) {
    const r = await scanLogFile(root, f, {
      kind,
      subkind,
      prefilter: literals,
      onRecord: () => void records++,
    });
    lines += r.coverage.lines;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const mbps = bytes / 1e6 / (ms / 1000);
  process.stdout.write(
    `exhunt scanner: ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB, ${lines} lines, ${records} candidate records ` +
      `(${manifest.planted.length} planted) in ${(ms / 1000).toFixed(2)} s = ${mbps.toFixed(0)} MB/s (1 thread); ` +
      `CPU ${cpuS.toFixed(2)} s = ${(bytes / 1e6 / cpuS).toFixed(0)} MB per CPU-second; ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
  );

  const rgArgs = [
    '-c',
    '-i',
    '-F',
    ...literals.flatMap((l) => ['-e', l]),
    '-j',
    '1',
    ...files.map((x) => path.join(dir, x.f.path)),
  ];
  const t1 = process.hrtime.bigint();
  const rg = spawnSync('rg', rgArgs, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const rgMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
  if (rg.error) {
    process.stdout.write('rg not installed (apt-get install -y ripgrep): no ratio\n');
    return;
  }
  const rgCount = rg.stdout
    .split('\n')
    .reduce((n, l) => n + (Number(l.slice(l.lastIndexOf(':') + 1)) || 0), 0);
  const rgMbps = bytes / 1e6 / (rgMs / 1000);
  process.stdout.write(
    `rg -c -i -F -j1: ${rgCount} matching lines in ${(rgMs / 1000).toFixed(2)} s = ${rgMbps.toFixed(0)} MB/s\n` +
      `ratio exhunt/rg wall time: ${(ms / rgMs).toFixed(2)}x (1-minute load average ${load} on ${(await import('node:os')).cpus().length} cores)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-scan: ${(error as Error).message}\n`);
  process.exit(2);
});
