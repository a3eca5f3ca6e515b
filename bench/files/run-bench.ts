/**
 * Benchmark: exhunt's file hunt (YARA + MD5/SHA-1/SHA-256 + path and artefact checks, worker
 * threads) against Debian's `yara -r -p 2` with the same rules over the same files, and
 * `sha256sum` alone. The machine is shared with other CPU-heavy jobs, so the tools are
 * interleaved (exhunt, yara, exhunt, yara, …, `--runs` pairs, default 3) and the result is the
 * median of each tool and the median of the per-pair ratios, with the load average at each run.
 * CPU time (user + system, all threads) is printed too: it moves less with the load than wall time.
 * The YARA hits of both tools are compared file by file on every run.
 *
 *   npm run bench:files -- [tree-dir] [--size 2.2g] [--runs 3] [--variants]
 *   EXHUNT_SIGBASE_DIR=/path/to/signature-base/yara npm run bench:files   # adds the full set
 *
 * `--variants` also times exhunt with SHA-256 only and without digests (where the time goes).
 * Needs Debian's yara and /usr/bin/time (`apt-get install -y yara time`); without yara only
 * exhunt and sha256sum are timed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTree, type TreeManifest } from './generate-tree.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const argv = process.argv.slice(2);
const flag = (n: string) => {
  const i = argv.indexOf(n);
  return i >= 0 ? argv[i + 1] : undefined;
};
const tree =
  argv[0] && !argv[0].startsWith('--')
    ? path.resolve(argv[0])
    : path.join(tmpdir(), 'exhunt-files-bench', 'tree');
const sizeArg = flag('--size');
const target = sizeArg ? parseFloat(sizeArg) * 1024 ** (/g/i.test(sizeArg) ? 3 : 2) : 2.2 * 1024 ** 3;
const RUNS = Math.max(1, Number(flag('--runs') ?? 3));
const VARIANTS = argv.includes('--variants');

interface Run {
  tool: string;
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  load: number;
  /** "rule\0relative/path" of every YARA hit. */
  hits: Set<string>;
  note: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Runs a command under /usr/bin/time for wall time, CPU time and peak RSS. */
function timed(cmd: string, args: string[], opts: { cwd?: string } = {}) {
  const out = path.join(tmpdir(), `exhunt-bench-time-${process.pid}`);
  const load = loadavg()[0]!;
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', out, cmd, ...args], {
    cwd: opts.cwd,
    maxBuffer: 512 * 1024 * 1024,
    encoding: 'utf8',
  });
  const wallMs = performance.now() - t0;
  const [user, sys, rssKb] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(out, { force: true });
  if (r.status !== 0 && r.status !== 1)
    process.stderr.write(`${cmd} exited ${r.status}: ${(r.stderr ?? '').slice(0, 400)}\n`);
  return { wallMs, cpuMs: (user! + sys!) * 1000, rssMb: rssKb! / 1024, stdout: r.stdout ?? '', load };
}

const have = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

function printRun(i: number, r: Run, m: TreeManifest) {
  const s = r.wallMs / 1000;
  process.stdout.write(
    `  #${i + 1} ${r.tool.padEnd(32)} ${s.toFixed(2).padStart(7)} s  CPU ${(r.cpuMs / 1000).toFixed(1).padStart(6)} s  ` +
      `${(m.files / s).toFixed(0).padStart(6)} files/s  ${(m.bytes / 1e6 / s).toFixed(0).padStart(4)} MB/s  ` +
      `RSS ${r.rssMb.toFixed(0).padStart(5)} MB  load ${r.load.toFixed(2)}  ${r.note}\n`,
  );
}

function summary(name: string, runs: Run[], m: TreeManifest) {
  const s = median(runs.map((r) => r.wallMs)) / 1000;
  process.stdout.write(
    `  median ${name.padEnd(28)} ${s.toFixed(2).padStart(7)} s  CPU ${(median(runs.map((r) => r.cpuMs)) / 1000).toFixed(1).padStart(6)} s  ` +
      `${(m.files / s).toFixed(0).padStart(6)} files/s  ${(m.bytes / 1e6 / s).toFixed(0).padStart(4)} MB/s  ` +
      `peak RSS ${median(runs.map((r) => r.rssMb)).toFixed(0)} MB (max ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)})\n`,
  );
}

/** Compiles rule files with yarac, dropping the ones yara 4.x cannot compile (as exhunt does). */
function yaracCompile(files: string[], out: string): { compiled: boolean; dropped: string[] } {
  const defs = ['filename', 'filepath', 'extension', 'filetype', 'owner'].flatMap((n) => ['-d', `${n}=`]);
  const dropped: string[] = [];
  let list = [...files];
  for (;;) {
    const r = spawnSync('yarac', [...defs, '-w', ...list.map((f, i) => `ns${i}:${f}`), out], {
      encoding: 'utf8',
    });
    if (r.status === 0) return { compiled: true, dropped };
    const bad = list.find((f) => (r.stderr ?? '').includes(f));
    if (!bad) {
      process.stderr.write(`yarac failed: ${(r.stderr ?? '').slice(0, 400)}\n`);
      return { compiled: false, dropped };
    }
    dropped.push(path.basename(bad));
    list = list.filter((f) => f !== bad);
  }
}

function exhuntRun(tool: string, args: string[]): Run {
  const t = timed(
    process.execPath,
    [path.join(REPO, 'bench/files/scan-child.mjs'), path.join(REPO, 'dist'), tree, ...args],
    {
      cwd: REPO,
    },
  );
  const stats = JSON.parse(t.stdout.trim().split('\n').pop() || '{}') as {
    hits?: [string, string][];
    yaraBackend?: string;
    rulesLoaded?: number;
    findings?: number;
    hashed?: number;
    contentScanned?: number;
  };
  const hits = new Set((stats.hits ?? []).map(([rule, p]) => `${rule}\0${p}`));
  return {
    tool,
    ...t,
    hits,
    note: `${stats.yaraBackend}, ${stats.rulesLoaded} rule files, ${hits.size} YARA hits, ${stats.findings} findings, ${stats.hashed} hashed, ${stats.contentScanned} YARA-scanned`,
  };
}

function yaraRun(compiled: string, dropped: number): Run {
  const t = timed('yara', ['-C', '-r', '-w', '-p', '2', compiled, tree]);
  const hits = new Set<string>();
  for (const line of t.stdout.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp < 0) continue;
    hits.add(
      `${line.slice(0, sp)}\0${path
        .relative(tree, line.slice(sp + 1))
        .split(path.sep)
        .join('/')}`,
    );
  }
  return {
    tool: 'yara -r -p 2',
    ...t,
    hits,
    note: `${hits.size} hits${dropped ? `, ${dropped} rule files yara 4 cannot compile` : ''}`,
  };
}

/** Same YARA verdicts? yara's hits must all be found by exhunt; extra exhunt hits are listed. */
function compareHits(ex: Run, ya: Run): string {
  const missed = [...ya.hits].filter((h) => !ex.hits.has(h));
  const extra = [...ex.hits].filter((h) => !ya.hits.has(h));
  const show = (xs: string[]) => xs.map((h) => h.replace('\0', ' on ')).join('; ');
  if (missed.length === 0 && extra.length === 0) return `same ${ex.hits.size} YARA hits as yara`;
  return (
    (missed.length ? `MISSED by exhunt: ${show(missed)}. ` : `all ${ya.hits.size} yara hits found. `) +
    (extra.length ? `only exhunt: ${show(extra)}` : '')
  );
}

async function main() {
  const manifestFile = path.join(path.dirname(tree), `${path.basename(tree)}.manifest.json`);
  let m: TreeManifest;
  if (existsSync(manifestFile)) m = JSON.parse(readFileSync(manifestFile, 'utf8')) as TreeManifest;
  else {
    process.stdout.write(`generating ${(target / 1e9).toFixed(1)} GB tree in ${tree} …\n`);
    m = await generateTree(tree, target);
  }
  process.stdout.write(
    `tree: ${tree}: ${m.files} files, ${(m.bytes / 1e9).toFixed(2)} GB (${m.planted} planted samples); ` +
      `${RUNS} interleaved runs per tool; load average at start ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
  );
  // Warm the page cache so every tool reads from memory, as in the deps measurements.
  spawnSync('sh', ['-c', `find '${tree}' -type f -print0 | xargs -0 cat > /dev/null`]);

  // Measure the compiled library, as users run it (tsc emits even if another module has type
  // errors), with its worker entries bundled as `npm run build` leaves them.
  spawnSync(
    process.execPath,
    [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: REPO },
  );
  const bundled = spawnSync(process.execPath, [path.join(REPO, 'scripts/build/bundle.mjs')], { cwd: REPO });
  if (!existsSync(path.join(REPO, 'dist/detect/files/scan-worker.js')) || bundled.status !== 0) {
    process.stderr.write('dist/ could not be built\n');
    process.exitCode = 1;
    return;
  }
  const ownRules = readdirSync(path.join(REPO, 'rules/yara'))
    .filter((f) => f.endsWith('.yar'))
    .map((f) => path.join(REPO, 'rules/yara', f));
  const yaraOk = have('yara') && have('yarac');
  if (!yaraOk) process.stdout.write('yara/yarac not installed: timing exhunt and sha256sum only\n');

  const sets: { name: string; exhuntArgs: string[]; ruleFiles: string[] }[] = [
    { name: `exhunt's rules (${ownRules.length} files)`, exhuntArgs: [], ruleFiles: ownRules },
  ];
  const sig = process.env.EXHUNT_SIGBASE_DIR;
  if (sig && existsSync(sig)) {
    const files = readdirSync(sig)
      .filter((f) => /\.(yar|yara)$/.test(f))
      .map((f) => path.join(sig, f));
    sets.push({
      name: `signature-base (${files.length} files)`,
      exhuntArgs: ['--no-builtin', '--rules', sig],
      ruleFiles: files,
    });
  } else {
    process.stdout.write('EXHUNT_SIGBASE_DIR not set: skipping the signature-base rule set\n');
  }

  const verdicts: string[] = [];
  for (const set of sets) {
    process.stdout.write(`\nrule set: ${set.name}\n`);
    const dir = mkdtempSync(path.join(tmpdir(), 'exhunt-bench-yarac-'));
    const compiled = path.join(dir, 'rules.yarc');
    // Compiled once, outside the timing (yara then loads it with -C); exhunt compiles every run.
    const c = yaraOk ? yaracCompile(set.ruleFiles, compiled) : { compiled: false, dropped: [] };
    const ex: Run[] = [];
    const ya: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const e = exhuntRun('exhunt (YARA+3 hashes+paths)', set.exhuntArgs);
      ex.push(e);
      printRun(i, e, m);
      if (!c.compiled) continue;
      const y = yaraRun(compiled, c.dropped.length);
      ya.push(y);
      printRun(i, y, m);
      process.stdout.write(`     hits: ${compareHits(e, y)}\n`);
    }
    rmSync(dir, { recursive: true, force: true });
    summary('exhunt', ex, m);
    if (ya.length) {
      summary('yara -r -p 2', ya, m);
      const wall = ex.map((e, i) => e.wallMs / ya[i]!.wallMs);
      const cpu = ex.map((e, i) => e.cpuMs / ya[i]!.cpuMs);
      const r = median(wall);
      process.stdout.write(
        `  ratio exhunt/yara per pair (wall): ${wall.map((x) => x.toFixed(2)).join(', ')} -> median ${r.toFixed(2)}` +
          `  (CPU: ${cpu.map((x) => x.toFixed(2)).join(', ')} -> median ${median(cpu).toFixed(2)}); < 1 means exhunt is faster\n`,
      );
      process.stdout.write(
        `  load average (1 min) during the runs: ${Math.min(...[...ex, ...ya].map((x) => x.load)).toFixed(2)}-${Math.max(...[...ex, ...ya].map((x) => x.load)).toFixed(2)}\n`,
      );
      verdicts.push(`${set.name}: median wall ratio ${r.toFixed(2)} -> target ${r <= 1 ? 'met' : 'NOT met'}`);
    }
    if (VARIANTS) {
      // Where the time goes: the same scan with fewer digests (MD5 costs the most CPU).
      for (const [label, hashes] of [
        ['exhunt (YARA+SHA-256+paths)', 'sha256'],
        ['exhunt (YARA+paths, no hashes)', 'none'],
      ] as const) {
        printRun(0, exhuntRun(label, [...set.exhuntArgs, '--hashes', hashes]), m);
      }
    }
  }

  process.stdout.write('\nsha256sum over the same files\n');
  const list = path.join(tmpdir(), `exhunt-bench-list-${process.pid}`);
  const found = spawnSync('find', [tree, '-type', 'f', '-print0'], { maxBuffer: 1024 ** 3 });
  writeFileSync(list, found.stdout);
  const sums: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = timed('sh', ['-c', `xargs -0 -n 256 -P 2 sha256sum < '${list}' > /dev/null`]);
    sums.push({ tool: 'sha256sum (xargs -P 2)', ...t, hits: new Set(), note: '' });
    printRun(i, sums[i]!, m);
  }
  summary('sha256sum (xargs -P 2)', sums, m);
  rmSync(list, { force: true });
  if (verdicts.length) process.stdout.write(`\n${verdicts.join('\n')}\n`);
}

await main();
