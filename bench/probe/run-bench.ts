/**
 * `npm run bench:probe`: exhunt probe vs nmap (Debian nmap 7.93) running bench/probe/exhunt-probe.nse,
 * which sends the same GETs, against one lab fleet of >= 500 hosts on loopback (127.0.0.0/8 only).
 * After one unmeasured pass that warms the lab up, each run times exhunt as shipped (one thread
 * per core, at most 4), exhunt on one thread, and nmap, in alternating order; it prints wall time,
 * hosts/s, CPU time, and what the lab saw of each (requests, TCP connections, TLS handshakes and
 * resumed ones per host, the lab's own CPU), the ratios, and how many hosts got the same answers
 * (exchange, build, precision, check verdicts); then the median ratio over the runs. Then the
 * scale part: exhunt's peak RSS for 1,000, 10,000 and 100,000 targets that refuse connections,
 * with the default threads and with one. Installs nmap with apt-get when it is missing.
 * Options: --hosts N[,N…] (fleet sizes, default 500,2000: one lab of the largest, each fleet its
 * first N hosts), --runs N (default 3), --skip-scale, --skip-nmap,
 * --exhunt-args "…" (time only this exhunt configuration, e.g. "--workers 1"), --keep (leave the
 * temporary folder with the compiled copy and both tools' outputs).
 *
 * exhunt is measured as shipped (compiled and bundled JavaScript, `node dist/cli/main.js`), not
 * through tsx: the bench compiles src/ with tsc and bundles it into a temporary folder whose
 * rules/, data/ and node_modules are links to the repository's, so nothing is written inside the
 * working tree.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
// Fleet sizes compared, e.g. --hosts 500,2000: one lab of the largest size, each fleet its first N hosts.
const FLEETS = (args.includes('--hosts') ? (args[args.indexOf('--hosts') + 1] ?? '') : '500,2000')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
if (FLEETS.length === 0) throw new Error('--hosts wants sizes like 500 or 500,2000');
const HOSTS = Math.max(...FLEETS);
const RUNS = opt('--runs', 3);
// Extra exhunt arguments for experiments, e.g. --exhunt-args "--workers 1".
const EXTRA = args.includes('--exhunt-args')
  ? (args[args.indexOf('--exhunt-args') + 1] ?? '').split(' ').filter(Boolean)
  : [];
const PORT = 8443; // an SSL port for nmap's http library (shortport.ssl), on addresses only the lab uses
const dir = mkdtempSync(join(tmpdir(), 'exhunt-bench-probe-'));
const TSX = ['--import', 'tsx'];
const second = 100 + Math.floor(Math.random() * 150);
const BASE = `127.${second}.0.10`;

type Answer = Record<string, string>;

/**
 * Compiles src/ into <dir>/dist (type errors elsewhere do not stop the emit) and bundles the CLI
 * and its workers as `npm run build` does (scripts/build/bundle.mjs); returns main.js.
 */
function compileExhunt(): string {
  const root = join(import.meta.dirname, '..', '..');
  const out = join(dir, 'build');
  mkdirSync(out, { recursive: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(out, 'dist')], {
    stdio: 'ignore',
  });
  for (const link of ['rules', 'data', 'node_modules']) symlinkSync(join(root, link), join(out, link));
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  const main = join(out, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error('tsc produced no dist/cli/main.js');
  const bundle = spawnSync(process.execPath, [join(root, 'scripts/build/bundle.mjs'), join(out, 'dist')], {
    encoding: 'utf8',
  });
  if (bundle.status !== 0) throw new Error(`bundle step failed: ${bundle.stderr.split('\n')[0]}`);
  return main;
}
let MAIN = '';

function run(cmd: string, argv: string[]): Promise<{ code: number; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? -1, stderr, ms: performance.now() - t0 }));
  });
}

/** Children's user + system time from the last line of bash's `times` (`0m1.234s 0m0.567s`). */
function childCpuMs(stderr: string): number {
  const last = stderr.trim().split('\n').pop() ?? '';
  const t = [...last.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  return t.length === 2 ? (t[0] as number) + (t[1] as number) : NaN;
}

function ensureNmap(): boolean {
  if (spawnSync('nmap', ['--version']).status === 0) return true;
  console.log('nmap missing: apt-get install -y nmap');
  spawnSync('apt-get', ['install', '-y', 'nmap'], { stdio: 'inherit' });
  return spawnSync('nmap', ['--version']).status === 0;
}

interface LabStats {
  requests: number;
  connections: number;
  handshakes: number;
  resumed: number;
  cpuMs: number;
}

async function startLabChild(): Promise<{
  targets: string[];
  stats: () => Promise<LabStats>;
  stop: () => Promise<string>;
}> {
  const child = spawn(
    process.execPath,
    [...TSX, join(import.meta.dirname, 'lab-child.ts'), String(HOSTS), BASE, String(PORT)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const targets: string[] = [];
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  for (let l = await lines.next(); !l.done && l.value !== 'END'; l = await lines.next()) {
    if (l.value !== 'READY') targets.push(l.value);
  }
  return {
    targets,
    // Counters since the previous call: what the lab saw of one tool's run.
    stats: async () => {
      child.stdin.write('STATS\n');
      for (let l = await lines.next(); !l.done; l = await lines.next()) {
        if (l.value.startsWith('STATS ')) return JSON.parse(l.value.slice(6)) as LabStats;
      }
      throw new Error(`lab child ended: ${stderr}`);
    },
    stop: () =>
      new Promise((resolve) => {
        child.on('close', () => resolve(stderr.trim()));
        child.stdin.end();
      }),
  };
}

function describeStats(s: LabStats, hosts: number): string {
  const per = (n: number): string => (n / hosts).toFixed(1);
  return `${per(s.requests)} requests, ${per(s.connections)} TCP connections, ${per(s.handshakes)} TLS handshakes (${per(s.resumed)} resumed) per host; lab CPU ${(s.cpuMs / 1000).toFixed(2)} s`;
}

function exhuntAnswers(file: string): Map<string, Answer> {
  const m = new Map<string, Answer>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as {
      target: string;
      exchange: boolean;
      build: string | null;
      buildPrecision: string;
      checks: { id: string; verdict: string }[];
    };
    const a: Answer = { exchange: String(r.exchange) };
    if (r.exchange) {
      a.build = r.build ?? 'null';
      a.precision = r.buildPrecision;
      for (const c of r.checks) a[c.id] = c.verdict;
    }
    m.set(r.target.split(':')[0] as string, a);
  }
  return m;
}

function nmapAnswers(file: string): Map<string, Answer> {
  const m = new Map<string, Answer>();
  const xml = readFileSync(file, 'utf8');
  for (const host of xml.split('<host ').slice(1)) {
    const addr = /<address addr="([^"]+)"/.exec(host)?.[1];
    const out = /<script id="exhunt-probe" output="([^"]*)"/.exec(host)?.[1];
    if (!addr || out === undefined) continue;
    const a: Answer = {};
    for (const kv of out.split(' ')) {
      const [k, v] = kv.split('=');
      if (k && v !== undefined && k !== 'error') a[k] = v;
    }
    m.set(addr, a);
  }
  return m;
}

async function timeExhunt(targetFile: string, outFile: string, extra: string[] = []) {
  const r = await run(process.execPath, [
    join(import.meta.dirname, 'run-with-rss.mjs'),
    MAIN,
    'probe',
    '-i',
    targetFile,
    '--format',
    'jsonl',
    '--no-progress',
    '-o',
    outFile,
    ...extra,
  ]);
  const rss = Number(/maxRSS=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const cpuMs = Number(/cpuMs=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms: r.ms, rssMiB: rss / 1024, cpuMs, code: r.code, stderr: r.stderr };
}

interface Timed {
  ms: number;
  cpuMs: number;
  line: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function sameAnswers(exFile: string, nmFile: string, hosts: number): string {
  const a = exhuntAnswers(exFile);
  const b = nmapAnswers(nmFile);
  let same = 0;
  const diffs: string[] = [];
  for (const [ip, ans] of a) {
    const other = b.get(ip);
    if (other && JSON.stringify(Object.entries(ans).sort()) === JSON.stringify(Object.entries(other).sort()))
      same++;
    else if (diffs.length < 3)
      diffs.push(`${ip}: exhunt ${JSON.stringify(ans)} nmap ${JSON.stringify(other ?? null)}`);
  }
  return `same answers on ${same}/${hosts} hosts${diffs.length ? `; first differences:\n  ${diffs.join('\n  ')}` : ''}`;
}

async function comparison(): Promise<void> {
  const hasNmap = !args.includes('--skip-nmap') && ensureNmap();
  const lab = await startLabChild();
  console.log(
    `lab: ${lab.targets.length} hosts on ${BASE}..:${PORT} (Exchange 2013/2016/2019/SE variants and decoys); ` +
      `${availableParallelism()} cores shared by the lab and the tool measured; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const summary: string[] = [];
  try {
    // One unmeasured pass warms the lab up (its JIT, its first connections), so neither tool
    // pays for a cold lab.
    await fleetComparison(lab, Math.min(...FLEETS), hasNmap, null);
    for (const n of FLEETS) summary.push(await fleetComparison(lab, n, hasNmap, RUNS));
    for (const line of summary) console.log(line);
  } finally {
    console.log(await lab.stop());
  }
}

type Lab = Awaited<ReturnType<typeof startLabChild>>;

/**
 * Times exhunt and nmap on the lab's first `hosts` hosts, `runs` times in alternating order (no
 * runs: one unmeasured exhunt pass); returns the line with the median ratios.
 */
async function fleetComparison(lab: Lab, hosts: number, hasNmap: boolean, runs: number | null) {
  const targets = lab.targets.slice(0, hosts);
  const tFile = join(dir, `targets-${hosts}.txt`);
  writeFileSync(tFile, `${targets.join('\n')}\n`);
  const ipFile = join(dir, `ips-${hosts}.txt`);
  writeFileSync(ipFile, `${targets.map((t) => t.split(':')[0]).join('\n')}\n`);
  const exFile = join(dir, `exhunt-${hosts}.jsonl`);
  const nmFile = join(dir, `nmap-${hosts}.xml`);

  const exhunt = async (extra: string[]): Promise<Timed> => {
    await lab.stats();
    const ex = await timeExhunt(tFile, exFile, ['--concurrency', '200', ...extra]);
    const rate = hosts / (ex.ms / 1000);
    return {
      ms: ex.ms,
      cpuMs: ex.cpuMs,
      line:
        `${(ex.ms / 1000).toFixed(2)} s, ${rate.toFixed(1)} hosts/s, CPU ${(ex.cpuMs / 1000).toFixed(2)} s, ` +
        `peak RSS ${ex.rssMiB.toFixed(0)} MiB (exit ${ex.code}); ${describeStats(await lab.stats(), hosts)}`,
    };
  };
  const nmap = async (): Promise<Timed> => {
    await lab.stats();
    // Through bash, whose `times` prints the CPU time of its children (nmap) on the last line.
    const nm = await run('bash', [
      '-c',
      'nmap "$@"; rc=$?; times >&2; exit $rc',
      'nmap',
      '-n',
      '-Pn',
      '-T4',
      '--min-hostgroup',
      '512',
      '-p',
      String(PORT),
      '--script',
      join(import.meta.dirname, 'exhunt-probe.nse'),
      '-iL',
      ipFile,
      '-oX',
      nmFile,
    ]);
    const cpuMs = childCpuMs(nm.stderr);
    const rate = hosts / (nm.ms / 1000);
    return {
      ms: nm.ms,
      cpuMs,
      line:
        `${(nm.ms / 1000).toFixed(2)} s, ${rate.toFixed(1)} hosts/s, CPU ${(cpuMs / 1000).toFixed(2)} s ` +
        `(exit ${nm.code}); ${describeStats(await lab.stats(), hosts)}`,
    };
  };

  // exhunt as shipped (threads: one per core, at most 4), and on one thread: the lab shares the
  // cores, so fewer prober threads can be faster here than on a machine of its own.
  const configs = EXTRA.length
    ? [{ label: `exhunt ${EXTRA.join(' ')}`, args: EXTRA }]
    : [
        { label: `exhunt (${Math.min(4, availableParallelism())} threads)`, args: [] },
        { label: 'exhunt --workers 1', args: ['--workers', '1'] },
      ];
  const ratios = configs.map(() => [] as number[]);
  const cpuRatios = configs.map(() => [] as number[]);
  if (runs === null) {
    await exhunt([]);
    return '';
  }
  for (let r = 1; r <= runs; r++) {
    const exFirst = r % 2 === 1;
    let nm: Timed | null = null;
    if (hasNmap && !exFirst) nm = await nmap();
    const exs: Timed[] = [];
    for (const c of configs) {
      exs.push(await exhunt(c.args));
      // Answers are compared on the default configuration's output.
      if (c === configs[0]) copyFileSync(exFile, `${exFile}.default`);
    }
    if (hasNmap && exFirst) nm = await nmap();
    const run = `${hosts} hosts, run ${r}`;
    configs.forEach((c, k) => console.log(`${run}: ${c.label}: ${(exs[k] as Timed).line}`));
    if (!nm) {
      console.log('nmap not available: ratio not measured');
      continue;
    }
    console.log(`${run}: nmap: ${nm.line}`);
    const parts = configs.map((c, k) => {
      const ex = exs[k] as Timed;
      ratios[k]?.push(nm.ms / ex.ms);
      cpuRatios[k]?.push(nm.cpuMs / ex.cpuMs);
      return `${c.label} ${(nm.ms / ex.ms).toFixed(1)}x (CPU ${(nm.cpuMs / ex.cpuMs).toFixed(1)}x)`;
    });
    console.log(
      `${run}: hosts/s vs nmap: ${parts.join(', ')}; ${sameAnswers(`${exFile}.default`, nmFile, hosts)}`,
    );
  }
  if (!hasNmap) return `${hosts} hosts: nmap not available, ratio not measured`;
  return (
    `${hosts} hosts, median of ${runs} run(s), hosts/s vs nmap (target >= 5x): ` +
    configs
      .map(
        (c, k) =>
          `${c.label} ${median(ratios[k] as number[]).toFixed(1)}x (CPU ${median(cpuRatios[k] as number[]).toFixed(1)}x)`,
      )
      .join(', ')
  );
}

function ipRange(count: number): string {
  // Loopback addresses nothing listens on (port 9): every connection is refused at once.
  const start = (127 << 24) + (((second + 1) % 256) << 16) + 1;
  const end = start + count - 1;
  const f = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  return `${f(start)}-${f(end)}:9`;
}

async function scale(): Promise<void> {
  const threads = Math.min(4, availableParallelism());
  for (const [label, extra] of [
    [`${threads} threads (default)`, []],
    ['--workers 1', ['--workers', '1']],
  ] as const) {
    for (const n of [1_000, 10_000, 100_000]) {
      const tFile = join(dir, `range-${n}.txt`);
      writeFileSync(tFile, `${ipRange(n)}\n`);
      const r = await timeExhunt(tFile, '/dev/null', ['--concurrency', '200', ...extra]);
      console.log(
        `scale, ${label}: ${n} refused targets: ${(r.ms / 1000).toFixed(1)} s, ${(n / (r.ms / 1000)).toFixed(0)} targets/s, peak RSS ${r.rssMiB.toFixed(0)} MiB (exit ${r.code})`,
      );
    }
  }
}

MAIN = compileExhunt();
try {
  await comparison();
  if (!args.includes('--skip-scale')) await scale();
} finally {
  // The compiled copy and the outputs; --keep leaves them for a look.
  if (args.includes('--keep')) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
