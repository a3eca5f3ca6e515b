/**
 * `npm run bench:evtx`: exhunt's EVTX reader against Debian's `evtxexport` (libevtx) and
 * `evtx_dump.py` (python-evtx) on the same inputs, as records/s, MB/s and ratios.
 *
 * Inputs: (1) the 21 samples of test/fixtures/evtx that both peers read to the end (EXPECTED.md's
 * timing set, 20.1 MB), (2) those samples copied 5× into a temp folder (>= 100 MB, 105 files).
 * exhunt runs in-process: one thread (readEvtxFile, file after file) and the worker pool
 * (readEvtxFiles, both cores), each with full XML rendering (what evtxexport -f xml does) and
 * with typed records only (what a hunt uses); plus the CLI end to end (`exhunt evtx dump
 * --format xml` to /dev/null). The peers print XML to a file, file after file.
 * python-evtx takes ~40 s per pass over (1); on (2) it runs only with BENCH_EVTX_PYTHON_LARGE=1.
 * Missing peers are installed with apt-get when possible (`.ci/run` can pre-install them:
 * apt-get install -y libevtx-utils python3-evtx).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as fromSource from '../../src/parsers/evtx/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIX = join(ROOT, 'test/fixtures/evtx');
/** Built JavaScript, as users run it (workers from source would each boot the tsx compiler). */
const DIST = join(ROOT, '.exhunt-tmp/bench-evtx/dist');

type Evtx = typeof fromSource;
let evtx: Evtx = fromSource;
let cliEntry = 'src/cli/main.ts';
let cliArgs = ['--import', 'tsx'];

function build(): void {
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', DIST], { cwd: ROOT, stdio: 'ignore' });
}

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function ensurePeers(): void {
  if (have('evtxexport') && have('evtx_dump.py')) return;
  console.log('installing peers: apt-get install -y libevtx-utils python3-evtx');
  const r = spawnSync('apt-get', ['install', '-y', 'libevtx-utils', 'python3-evtx'], { stdio: 'ignore' });
  if (r.status !== 0) console.log('  apt-get failed: peers that are missing will be skipped');
}

/** The samples both peers read to the end, from the recorded evtxexport run and EXPECTED.md. */
function cleanSamples(): string[] {
  const recorded = JSON.parse(readFileSync(join(FIX, 'evtxexport-sample.json'), 'utf8')) as {
    files: Record<string, { exit: number; records?: number }>;
  };
  // python-evtx's evtx_dump.py stops at the first bad record in these (EXPECTED.md Table B).
  const pythonFails =
    /RdpCoreTS|RemoteConnectionManager|LanguagePackSetup|dns_log_malformed|issue_43|CAPI2|MSExchange/;
  return Object.entries(recorded.files)
    .filter(([f, r]) => r.exit === 0 && !pythonFails.test(f))
    .map(([f]) => join(FIX, f));
}

interface Run {
  tool: string;
  seconds: number;
  records: number;
  bytes: number;
}

function mb(bytes: number) {
  return bytes / 1e6;
}

/** What a hunt asks for: process creation, file creation, log cleared, Exchange cmdlets. */
const HUNT_SELECT = { eventIds: [1, 11, 4688, 1102, 104, 6] };

async function exhuntSequential(files: string[], xml: boolean, select?: typeof HUNT_SELECT): Promise<Run> {
  const t0 = performance.now();
  let records = 0;
  let bytes = 0;
  let sink = 0;
  for (const f of files) {
    const file = evtx.readEvtxFile(f, { xml, select });
    for await (const r of file) if (r.ok && xml) sink += r.record.xml!.length;
    bytes += file.summary.bytes;
    // Selected or not, every record was decoded: count them all for records/s.
    records += file.summary.records;
  }
  if (sink < 0) console.log(sink);
  const what = select ? ', hunt select' : xml ? ', XML' : ', records';
  return { tool: `exhunt 1 thread${what}`, seconds: (performance.now() - t0) / 1000, records, bytes };
}

type PoolMode = 'records' | 'xml lines' | 'hunt select';

/** The pool as each user of it runs it: objects, rendered lines (dump), or a hunt's selection. */
async function exhuntPool(files: string[], mode: PoolMode): Promise<Run> {
  const t0 = performance.now();
  let records = 0;
  let bytes = 0;
  let sink = 0;
  const options =
    mode === 'xml lines'
      ? { xml: 'line' as const, lines: 'xml' as const }
      : mode === 'hunt select'
        ? { select: HUNT_SELECT }
        : {};
  for await (const item of evtx.readEvtxFiles(files, options)) {
    if (item.type === 'results') sink += item.results.length;
    else if (item.type === 'lines') sink += item.text.length;
    else {
      bytes += item.summary?.bytes ?? 0;
      // Selected or not, every record was decoded: count them all for records/s.
      records += item.summary?.records ?? 0;
    }
  }
  if (sink < 0) console.log(sink);
  return { tool: `exhunt pool, ${mode}`, seconds: (performance.now() - t0) / 1000, records, bytes };
}

function cli(files: string[], bytes: number, workers: number | null = null): Run {
  const t0 = performance.now();
  const out = execFileSync(
    'sh',
    [
      '-c',
      `node ${cliArgs.join(' ')} ${cliEntry} evtx dump --format xml ${workers === null ? '' : `--workers ${workers}`} "$@" | grep -c '^<Event xmlns'`,
      'sh',
      ...files,
    ],
    { cwd: ROOT, maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return {
    tool: `exhunt CLI dump --format xml${workers === null ? '' : ` --workers ${workers}`}`,
    seconds: (performance.now() - t0) / 1000,
    records: Number(out.toString().trim()),
    bytes,
  };
}

function peer(tool: string, cmd: string, files: string[], bytes: number, work: string): Run | null {
  if (!have(cmd.split(' ')[0]!)) return null;
  const out = join(work, 'peer.xml');
  let records = 0;
  const t0 = performance.now();
  for (const f of files) {
    spawnSync('sh', ['-c', `${cmd} "$1" > "$2" 2>/dev/null`, 'sh', f, out]);
    records += Number(spawnSync('grep', ['-c', '^<Event xmlns', out]).stdout.toString().trim() || 0);
  }
  return { tool, seconds: (performance.now() - t0) / 1000, records, bytes };
}

function report(title: string, runs: (Run | null)[]): void {
  const ok = runs.filter((r): r is Run => r !== null);
  console.log(`\n${title}`);
  console.log(
    'tool'.padEnd(34),
    'seconds'.padStart(8),
    'records'.padStart(9),
    'records/s'.padStart(10),
    'MB/s'.padStart(7),
  );
  for (const r of ok) {
    console.log(
      r.tool.padEnd(34),
      r.seconds.toFixed(2).padStart(8),
      String(r.records).padStart(9),
      Math.round(r.records / r.seconds)
        .toLocaleString('en')
        .padStart(10),
      (mb(r.bytes) / r.seconds).toFixed(1).padStart(7),
    );
  }
  const rate = (name: string) => ok.find((r) => r.tool.startsWith(name));
  for (const peerName of ['evtxexport', 'python-evtx']) {
    const p = rate(peerName);
    if (!p) continue;
    for (const mine of ok.filter((r) => r.tool.startsWith('exhunt'))) {
      const ratio = mine.records / mine.seconds / (p.records / p.seconds);
      console.log(`  ${mine.tool} vs ${peerName}: ${ratio.toFixed(1)}x records/s`);
    }
  }
}

async function main(): Promise<void> {
  ensurePeers();
  build();
  if (existsSync(join(DIST, 'parsers/evtx/index.js')) && existsSync(join(DIST, 'cli/main.js'))) {
    evtx = (await import(pathToFileURL(join(DIST, 'parsers/evtx/index.js')).href)) as Evtx;
    cliEntry = join(DIST, 'cli/main.js');
    cliArgs = [];
    console.log(`exhunt: built JavaScript in ${DIST}`);
  } else console.log('exhunt: build failed, running from TypeScript source (slower worker start)');
  const samples = cleanSamples();
  const sampleBytes = samples.reduce((n, f) => n + statSync(f).size, 0);
  const work = mkdtempSync(join(tmpdir(), 'exhunt-bench-evtx-'));
  try {
    console.log(`samples: ${samples.length} files, ${mb(sampleBytes).toFixed(1)} MB`);
    // Warm up the JIT once so the first timed run is not the compiler's.
    await exhuntSequential(samples.slice(0, 3), true);
    report('== samples (both peers finish on all of them) ==', [
      await exhuntSequential(samples, false),
      await exhuntSequential(samples, true),
      await exhuntPool(samples, 'xml lines'),
      cli(samples, sampleBytes),
      peer('evtxexport -f xml', 'evtxexport -f xml', samples, sampleBytes, work),
      process.env.BENCH_EVTX_NO_PYTHON
        ? null
        : peer('python-evtx evtx_dump.py', 'evtx_dump.py', samples, sampleBytes, work),
    ]);

    const big: string[] = [];
    for (let copy = 0; copy < 5; copy++) {
      const dir = join(work, `copy${copy}`);
      mkdirSync(dir);
      for (const f of samples) {
        const to = join(dir, basename(f));
        copyFileSync(f, to);
        big.push(to);
      }
    }
    const bigBytes = sampleBytes * 5;
    console.log(`\nlarge set: ${big.length} files, ${mb(bigBytes).toFixed(1)} MB (the samples 5 times)`);
    report('== large set ==', [
      await exhuntSequential(big, false),
      await exhuntSequential(big, true),
      await exhuntSequential(big, false, HUNT_SELECT),
      await exhuntPool(big, 'records'),
      await exhuntPool(big, 'xml lines'),
      await exhuntPool(big, 'hunt select'),
      cli(big, bigBytes, 0),
      cli(big, bigBytes),
      peer('evtxexport -f xml', 'evtxexport -f xml', big, bigBytes, work),
      process.env.BENCH_EVTX_PYTHON_LARGE
        ? peer('python-evtx evtx_dump.py', 'evtx_dump.py', big, bigBytes, work)
        : null,
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
