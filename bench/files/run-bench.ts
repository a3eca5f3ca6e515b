/**
 * Benchmark: exhunt's file hunt (YARA + MD5/SHA-1/SHA-256 + path and artefact checks, worker
 * threads) against Debian's `yara -r` with the same rules and `sha256sum` over the same files.
 * Each tool runs twice (the machine is shared and noisy); files/s, MB/s and peak RSS are printed,
 * and the ratio exhunt / yara.
 *
 *   npm run bench:files -- [tree-dir] [--size 2.2g]
 *   EXHUNT_SIGBASE_DIR=/path/to/signature-base/yara npm run bench:files   # adds the full set
 *
 * Needs Debian's yara and /usr/bin/time (`apt-get install -y yara time`); without yara only
 * exhunt and sha256sum are timed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const RUNS = 2;

interface Timed {
  ms: number;
  rssMb: number;
  stdout: string;
  code: number | null;
}

/** Runs a command under /usr/bin/time for wall time and peak RSS. */
function timed(cmd: string, args: string[], opts: { cwd?: string; shell?: boolean } = {}): Timed {
  const rssFile = path.join(tmpdir(), `exhunt-bench-rss-${process.pid}`);
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args], {
    cwd: opts.cwd,
    maxBuffer: 512 * 1024 * 1024,
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  const rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  rmSync(rssFile, { force: true });
  if (r.status !== 0 && r.status !== 1)
    process.stderr.write(`${cmd} exited ${r.status}: ${(r.stderr ?? '').slice(0, 400)}\n`);
  return { ms, rssMb: rssKb / 1024, stdout: r.stdout ?? '', code: r.status };
}

const have = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

function row(name: string, t: Timed, m: TreeManifest, extra = '') {
  const s = t.ms / 1000;
  process.stdout.write(
    `  ${name.padEnd(34)} ${s.toFixed(2).padStart(7)} s  ${(m.files / s).toFixed(0).padStart(7)} files/s  ${(m.bytes / 1e6 / s).toFixed(0).padStart(5)} MB/s  peak RSS ${t.rssMb.toFixed(0).padStart(5)} MB  ${extra}\n`,
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

async function main() {
  const manifestFile = path.join(path.dirname(tree), `${path.basename(tree)}.manifest.json`);
  let m: TreeManifest;
  if (existsSync(manifestFile)) m = JSON.parse(readFileSync(manifestFile, 'utf8')) as TreeManifest;
  else {
    process.stdout.write(`generating ${(target / 1e9).toFixed(1)} GB tree in ${tree} …\n`);
    m = await generateTree(tree, target);
  }
  process.stdout.write(
    `tree: ${tree}: ${m.files} files, ${(m.bytes / 1e9).toFixed(2)} GB (${m.planted} planted samples)\n`,
  );
  // Warm the page cache so every tool reads from memory, as in the deps measurements.
  spawnSync('sh', ['-c', `find '${tree}' -type f -print0 | xargs -0 cat > /dev/null`]);

  // Measure the compiled library, as users run it (tsc emits even if another module has type errors).
  spawnSync(
    process.execPath,
    [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: REPO },
  );
  const dist = existsSync(path.join(REPO, 'dist/detect/files/scan-worker.js')) ? ['--dist'] : [];
  if (!dist.length) process.stdout.write('dist/ not built: measuring the TypeScript sources through tsx\n');
  const exhunt = (extra: string[]) =>
    timed(process.execPath, ['--import', 'tsx', 'bench/files/scan-tree.ts', tree, ...dist, ...extra], {
      cwd: REPO,
    });
  const ownRules = readdirSync(path.join(REPO, 'rules/yara'))
    .filter((f) => f.endsWith('.yar'))
    .map((f) => path.join(REPO, 'rules/yara', f));
  const yaraOk = have('yara') && have('yarac');

  const sets: { name: string; exhuntArgs: string[]; ruleFiles: string[] }[] = [
    { name: 'exhunt rules', exhuntArgs: [], ruleFiles: ownRules },
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

  for (const set of sets) {
    process.stdout.write(`\nrule set: ${set.name}\n`);
    const ex: Timed[] = [];
    const ya: Timed[] = [];
    for (let run = 0; run < RUNS; run++) {
      const e = exhunt(set.exhuntArgs);
      const stats = JSON.parse(e.stdout.trim().split('\n').pop() || '{}');
      ex.push(e);
      row(
        `exhunt (YARA+3 hashes+paths) #${run + 1}`,
        e,
        m,
        `${stats.yaraBackend}, ${stats.rulesLoaded} rule files, ${stats.yaraHits} YARA hits, ${stats.findings} findings`,
      );
      if (!yaraOk) continue;
      const dir = mkdtempSync(path.join(tmpdir(), 'exhunt-bench-yarac-'));
      const compiled = path.join(dir, 'rules.yarc');
      const c = yaracCompile(set.ruleFiles, compiled);
      if (!c.compiled) continue;
      const y = timed('yara', ['-C', '-r', '-w', '-p', '2', compiled, tree]);
      ya.push(y);
      const hits = y.stdout.split('\n').filter(Boolean).length;
      row(
        `yara -r -p 2 #${run + 1}`,
        y,
        m,
        `${hits} hits${c.dropped.length ? `, ${c.dropped.length} rule files yara 4 cannot compile` : ''}`,
      );
      rmSync(dir, { recursive: true, force: true });
    }
    // Where the time goes: the same scan with fewer digests (MD5 costs the most CPU).
    for (const [label, hashes] of [
      ['exhunt (YARA+SHA-256+paths)', 'sha256'],
      ['exhunt (YARA+paths, no hashes)', 'none'],
    ] as const) {
      const e = exhunt([...set.exhuntArgs, '--hashes', hashes]);
      row(label, e, m);
    }
    if (ya.length) {
      const best = (xs: Timed[]) => Math.min(...xs.map((x) => x.ms));
      process.stdout.write(
        `  ratio exhunt/yara (best of ${RUNS}): ${(best(ex) / best(ya)).toFixed(2)} (< 1 means exhunt is faster)\n`,
      );
      process.stdout.write(
        `  ratios per run: ${ex.map((e, i) => (e.ms / ya[i]!.ms).toFixed(2)).join(', ')}\n`,
      );
    }
  }

  process.stdout.write('\nsha256sum over the same files\n');
  const list = path.join(tmpdir(), `exhunt-bench-list-${process.pid}`);
  const found = spawnSync('find', [tree, '-type', 'f', '-print0'], { maxBuffer: 1024 ** 3 });
  writeFileSync(list, found.stdout);
  for (let run = 0; run < RUNS; run++) {
    row(
      `sha256sum (xargs -P 2) #${run + 1}`,
      timed('sh', ['-c', `xargs -0 -n 256 -P 2 sha256sum < '${list}' > /dev/null`]),
      m,
    );
  }
  rmSync(list, { force: true });
}

await main();
