/**
 * @module bench/hunt/run
 * `npm run bench:hunt [-- --size 1g --runs 2 --dir /tmp/exhunt-bench-hunt]`: exhunt's hunt with
 * all rules against ripgrep searching the same files for the rules' literal strings
 * (`rg -i -F -c -e … -e …`, all cores), on a generated triage copy of realistic Exchange and IIS
 * logs (the parsers' corpus writer, KAPE layout, a few planted attacks). exhunt is the shipped
 * CLI (`exhunt hunt <dir> --format json`), timed as a whole process like rg: node's start-up,
 * loading the code, the report and the exit count. Prints wall times, their ratio (target:
 * exhunt <= 1.5x rg), exhunt's peak RSS (target < 300 MB) and CPU use (both cores).
 * Needs `rg` and GNU time (apt-get install -y ripgrep time); builds dist/ first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { parseSize, writeCorpus, type CorpusManifest } from '../../src/parsers/testing/index.js';
import { loadLogRules, RuleSet } from '../../src/detect/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const size = parseSize(opt('size', '1g')) ?? 1024 ** 3;
const runs = Number(opt('runs', '2'));
const dir = path.resolve(opt('dir', '/tmp/exhunt-bench-hunt'));

function ensureCorpus(): Promise<CorpusManifest> | CorpusManifest {
  const manifest = path.join(dir, 'corpus-manifest.json');
  if (existsSync(manifest)) {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as CorpusManifest;
    if (m.bytes >= size) return m;
  }
  process.stdout.write(`writing ${(size / 1024 ** 3).toFixed(2)} GB of logs to ${dir} …\n`);
  return writeCorpus(dir, { bytes: size, seed: 1 });
}

/**
 * Always rebuild (a stale build would measure old code), as `npm run build` does (tsc, then the
 * bundle step) but into a folder of its own at dist/'s depth: other benchmarks compile into dist/
 * while this one runs. Type errors elsewhere still emit; the bundle step then runs all the same.
 */
function ensureBuild(): string {
  const out = path.join(repo, 'dist-bench-hunt');
  const tsc = spawnSync(
    process.execPath,
    [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out],
    { cwd: repo, encoding: 'utf8' },
  );
  if (tsc.status !== 0) process.stdout.write('note: tsc reported type errors (output emitted anyway)\n');
  const bundle = spawnSync(process.execPath, ['scripts/build/bundle.mjs', out], {
    cwd: repo,
    encoding: 'utf8',
  });
  if (bundle.status !== 0) throw new Error(`bundle step failed: ${bundle.stderr.split('\n')[0]}`);
  return path.join(out, 'cli/main.js');
}

interface ExhuntRun {
  /** The whole `exhunt hunt` process, as a user runs it: node start-up, module load, report, exit. */
  wallMs: number;
  /** hunt() alone, as the report states it (`durationMs`). */
  huntMs: number;
  maxRssMb: number;
  cpuMs: number;
  verdict: string;
  hits: number;
  files: number;
  threads: number;
}

/**
 * `exhunt hunt <corpus> --format json` exactly as shipped (the bundled CLI), under /usr/bin/time
 * for CPU time (all threads) and peak RSS. The wall time is the whole process, as for rg.
 */
function runExhunt(cli: string): ExhuntRun {
  const out = path.join(tmpdir(), `exhunt-bench-hunt-${process.pid}.json`);
  const usage = `${out}.time`;
  const t0 = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%U %S %M',
      '-o',
      usage,
      process.execPath,
      cli,
      'hunt',
      dir,
      '--format',
      'json',
      '-o',
      out,
      '--quiet',
    ],
    { encoding: 'utf8' },
  );
  const wallMs = performance.now() - t0;
  if (r.error) throw new Error(`/usr/bin/time not available (apt-get install -y time): ${r.error.message}`);
  // Exit 1 is "found something": the corpus has planted attacks.
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`exhunt hunt failed (${r.status}): ${r.stderr.split('\n')[0]}`);
  const [user, sys, rssKb] = readFileSync(usage, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    verdict: string;
    ruleCounts: Array<{ count: number }>;
    filesScanned: number;
    durationMs: number;
    threads: number;
  };
  rmSync(out, { force: true });
  rmSync(usage, { force: true });
  return {
    wallMs,
    huntMs: report.durationMs,
    maxRssMb: rssKb! / 1024,
    cpuMs: (user! + sys!) * 1000,
    verdict: report.verdict,
    hits: report.ruleCounts.reduce((n, c) => n + c.count, 0),
    files: report.filesScanned,
    threads: report.threads,
  };
}

function runRg(literals: string[]): { wallMs: number; matchedLines: number } {
  const rgArgs = [
    '-i',
    '-F',
    '-c',
    '--no-messages',
    '--no-ignore',
    '--hidden',
    ...literals.flatMap((l) => ['-e', l]),
    dir,
  ];
  const t0 = performance.now();
  const r = spawnSync('rg', rgArgs, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = performance.now() - t0;
  if (r.error) throw new Error(`rg not available (apt-get install -y ripgrep): ${r.error.message}`);
  const matchedLines = r.stdout
    .split('\n')
    .filter(Boolean)
    .reduce((n, line) => n + Number(line.slice(line.lastIndexOf(':') + 1)), 0);
  return { wallMs, matchedLines };
}

const manifest = await ensureCorpus();
const cli = ensureBuild();
const set = new RuleSet(loadLogRules().rules);
const literals = [
  ...new Set(['httpproxy', 'iis', 'ecp-server'].flatMap((k) => set.anchors(k as 'iis') ?? [])),
];
process.stdout.write(
  `corpus: ${manifest.files.length} files, ${(manifest.bytes / 1024 ** 3).toFixed(2)} GB; ${set.rules.length} rules, ${literals.length} literals for rg; ${availableParallelism()} cores\n`,
);
const ratios: number[] = [];
// hunt() alone against rg's whole process: what earlier versions of this bench reported.
const huntRatios: number[] = [];
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
for (let i = 1; i <= runs; i++) {
  const load = loadavg()[0]!;
  const rg = runRg(literals);
  const ex = runExhunt(cli);
  const ratio = ex.wallMs / rg.wallMs;
  ratios.push(ratio);
  huntRatios.push(ex.huntMs / rg.wallMs);
  const cores = ex.cpuMs / ex.wallMs;
  process.stdout.write(
    [
      `run ${i} (load average ${load.toFixed(2)} on ${availableParallelism()} cores):`,
      `  rg      ${(rg.wallMs / 1000).toFixed(2)} s  (${rg.matchedLines} candidate lines)`,
      `  exhunt  ${(ex.wallMs / 1000).toFixed(2)} s  (whole process; hunt() ${(ex.huntMs / 1000).toFixed(2)} s)  verdict ${ex.verdict}, ${ex.hits} hits, ${ex.files} files, ${ex.threads} threads`,
      `  ratio exhunt/rg = ${ratio.toFixed(2)}x (target <= 1.5x) ${ratio <= 1.5 ? 'OK' : 'MISSED'}; hunt() alone ${(ex.huntMs / rg.wallMs).toFixed(2)}x`,
      `  exhunt peak RSS ${ex.maxRssMb.toFixed(0)} MB (target < 300 MB) ${ex.maxRssMb < 300 ? 'OK' : 'MISSED'}`,
      `  exhunt CPU ${(ex.cpuMs / 1000).toFixed(2)} s = ${cores.toFixed(2)} cores busy on average`,
      '',
    ].join('\n'),
  );
}
if (runs > 1) {
  const m = median(ratios);
  process.stdout.write(
    `median ratio exhunt/rg over ${runs} runs = ${m.toFixed(2)}x (target <= 1.5x) ${m <= 1.5 ? 'OK' : 'MISSED'}` +
      ` (hunt() alone, not counting node's start-up, loading the code, the report and the exit: ${median(huntRatios).toFixed(2)}x)\n`,
  );
}
