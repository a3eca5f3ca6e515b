/**
 * `npm run bench:probe`: exhunt probe vs nmap (Debian nmap 7.93) running bench/probe/exhunt-probe.nse,
 * which sends the same GETs, against one lab fleet of >= 500 hosts on loopback (127.0.0.0/8 only).
 * Prints hosts/s of each, the ratio, and how many hosts got the same answers (exchange, build,
 * precision, check verdicts). Then the scale part: exhunt's peak RSS for 1,000, 10,000 and
 * 100,000 targets that refuse connections. Installs nmap with apt-get when it is missing.
 * Options: --hosts N (default 500), --runs N (default 1), --skip-scale, --skip-nmap.
 *
 * exhunt is measured as shipped (compiled JavaScript, `node dist/cli/main.js`), not through tsx:
 * the bench compiles src/ with tsc into a temporary folder whose rules/, data/ and node_modules
 * are links to the repository's, so nothing is written inside the working tree.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const HOSTS = opt('--hosts', 500);
const RUNS = opt('--runs', 1);
const PORT = 8443; // an SSL port for nmap's http library (shortport.ssl), on addresses only the lab uses
const dir = mkdtempSync(join(tmpdir(), 'exhunt-bench-probe-'));
const TSX = ['--import', 'tsx'];
const second = 100 + Math.floor(Math.random() * 150);
const BASE = `127.${second}.0.10`;

type Answer = Record<string, string>;

/** Compiles src/ into <dir>/dist (type errors elsewhere do not stop the emit) and returns main.js. */
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

function ensureNmap(): boolean {
  if (spawnSync('nmap', ['--version']).status === 0) return true;
  console.log('nmap missing: apt-get install -y nmap');
  spawnSync('apt-get', ['install', '-y', 'nmap'], { stdio: 'inherit' });
  return spawnSync('nmap', ['--version']).status === 0;
}

async function startLabChild(): Promise<{ targets: string[]; stop: () => Promise<string> }> {
  const child = spawn(
    process.execPath,
    [...TSX, join(import.meta.dirname, 'lab-child.ts'), String(HOSTS), BASE, String(PORT)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const targets: string[] = [];
  const rl = createInterface({ input: child.stdout });
  for await (const line of rl) {
    if (line === 'END') break;
    if (line !== 'READY') targets.push(line);
  }
  return {
    targets,
    stop: () =>
      new Promise((resolve) => {
        child.on('close', () => resolve(stderr.trim()));
        child.kill('SIGTERM');
      }),
  };
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
  return { ms: r.ms, rssMiB: rss / 1024, code: r.code, stderr: r.stderr };
}

async function comparison(): Promise<void> {
  const hasNmap = !args.includes('--skip-nmap') && ensureNmap();
  const lab = await startLabChild();
  console.log(
    `lab: ${lab.targets.length} hosts on ${BASE}..:${PORT} (Exchange 2013/2016/2019/SE variants and decoys)`,
  );
  const tFile = join(dir, 'targets.txt');
  writeFileSync(tFile, `${lab.targets.join('\n')}\n`);
  const ipFile = join(dir, 'ips.txt');
  writeFileSync(ipFile, `${lab.targets.map((t) => t.split(':')[0]).join('\n')}\n`);
  try {
    for (let run_ = 1; run_ <= RUNS; run_++) {
      const ex = await timeExhunt(tFile, join(dir, 'exhunt.jsonl'), ['--concurrency', '200']);
      const exRate = lab.targets.length / (ex.ms / 1000);
      console.log(
        `run ${run_}: exhunt ${(ex.ms / 1000).toFixed(2)} s, ${exRate.toFixed(1)} hosts/s, peak RSS ${ex.rssMiB.toFixed(0)} MiB (exit ${ex.code})`,
      );
      if (!hasNmap) {
        console.log('nmap not available: ratio not measured');
        continue;
      }
      const nm = await run('nmap', [
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
        join(dir, 'nmap.xml'),
      ]);
      const nmRate = lab.targets.length / (nm.ms / 1000);
      console.log(
        `run ${run_}: nmap   ${(nm.ms / 1000).toFixed(2)} s, ${nmRate.toFixed(1)} hosts/s (exit ${nm.code})`,
      );
      console.log(`run ${run_}: ratio exhunt/nmap = ${(exRate / nmRate).toFixed(1)}x (target >= 5x)`);
      const a = exhuntAnswers(join(dir, 'exhunt.jsonl'));
      const b = nmapAnswers(join(dir, 'nmap.xml'));
      let same = 0;
      const diffs: string[] = [];
      for (const [ip, ans] of a) {
        const other = b.get(ip);
        if (
          other &&
          JSON.stringify(Object.entries(ans).sort()) === JSON.stringify(Object.entries(other).sort())
        )
          same++;
        else if (diffs.length < 3)
          diffs.push(`${ip}: exhunt ${JSON.stringify(ans)} nmap ${JSON.stringify(other ?? null)}`);
      }
      console.log(
        `run ${run_}: same answers on ${same}/${lab.targets.length} hosts${diffs.length ? `; first differences:\n  ${diffs.join('\n  ')}` : ''}`,
      );
    }
  } finally {
    console.log(await lab.stop());
  }
}

function ipRange(count: number): string {
  // Loopback addresses nothing listens on (port 9): every connection is refused at once.
  const start = (127 << 24) + (((second + 1) % 256) << 16) + 1;
  const end = start + count - 1;
  const f = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  return `${f(start)}-${f(end)}:9`;
}

async function scale(): Promise<void> {
  for (const n of [1_000, 10_000, 100_000]) {
    const tFile = join(dir, `range-${n}.txt`);
    writeFileSync(tFile, `${ipRange(n)}\n`);
    const r = await timeExhunt(tFile, '/dev/null', ['--concurrency', '200']);
    console.log(
      `scale: ${n} refused targets: ${(r.ms / 1000).toFixed(1)} s, ${(n / (r.ms / 1000)).toFixed(0)} targets/s, peak RSS ${r.rssMiB.toFixed(0)} MiB (exit ${r.code})`,
    );
  }
}

MAIN = compileExhunt();
await comparison();
if (!args.includes('--skip-scale')) await scale();
