// A/B of the YARA-X backend's per-file rule selection (src/detect/yara/unit-selector.ts): one
// thread scans the same files of the bench tree from memory, with the selection and without it
// (every file against all rules), each in a fresh process, and prints per group of files the
// scan time, the compile time and whether the hits are the same. Run on a built dist/ (as
// bench:files does): `npx tsc -p tsconfig.build.json`, then
//
//   node bench/files/rule-selection.mjs [--rules <dir>] [--every n] [--tree <dir>]
//
// --rules defaults to rules/yara; --every 4 scans every 4th file (signature-base: the whole tree
// takes minutes). Reading is outside the timed part; the digests and checks of the hunt are not run.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const argv = process.argv.slice(2);
const flag = (n, d) => {
  const i = argv.indexOf(n);
  return i >= 0 ? argv[i + 1] : d;
};
const rules = path.resolve(flag('--rules', path.join(REPO, 'rules/yara')));
const every = Number(flag('--every', '1'));
const tree = path.resolve(flag('--tree', path.join(tmpdir(), 'exhunt-files-bench', 'tree')));
const child = argv.includes('--child');

/** Small text, small `MZ`, 0.5-100 MB, larger: where the selection changes most. */
const groupOf = (d) =>
  d.length > 100e6
    ? 'over 100 MB'
    : d.length > 500e3
      ? '0.5-100 MB'
      : d[0] === 0x4d && d[1] === 0x5a
        ? 'small MZ'
        : 'small';

async function measure(select) {
  const y = await import(pathToFileURL(path.join(REPO, 'dist/detect/yara/index.js')).href);
  const files = [];
  (function walk(d) {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else files.push(f);
    }
  })(tree);
  const { sources } = await y.loadRuleSources([rules]);
  const t0 = performance.now();
  const compiled = await y.yaraXEngine({ partition: select }).compile(sources);
  const compileMs = performance.now() - t0;
  const groups = {};
  const hits = [];
  for (const f of files.filter((_, i) => i % every === 0)) {
    const data = readFileSync(f);
    const t = performance.now();
    const found = await compiled.scanBuffer(data);
    const ms = performance.now() - t;
    const g = (groups[groupOf(data)] ??= { files: 0, ms: 0, bytes: 0 });
    g.files++;
    g.ms += ms;
    g.bytes += data.length;
    for (const h of found) hits.push(`${h.namespace}:${h.rule}:${path.relative(tree, f)}`);
  }
  return { compileMs, groups, hits: hits.sort() };
}

if (child) {
  process.stdout.write(JSON.stringify(await measure(argv.includes('--select'))) + '\n');
} else {
  const run = (select) => {
    const args = [
      fileURLToPath(import.meta.url),
      '--child',
      '--rules',
      rules,
      '--every',
      String(every),
      '--tree',
      tree,
    ];
    const r = spawnSync(process.execPath, select ? [...args, '--select'] : args, {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  };
  const off = run(false);
  const on = run(true);
  process.stdout.write(`rules ${rules}, every ${every}. file(s) of ${tree}\n`);
  process.stdout.write(
    `  compile (all rules): ${off.compileMs.toFixed(0)} ms without selection, ${on.compileMs.toFixed(0)} ms with (smaller units compile during the scans)\n`,
  );
  for (const g of Object.keys(off.groups)) {
    const a = off.groups[g];
    const b = on.groups[g];
    process.stdout.write(
      `  ${g.padEnd(12)} ${String(a.files).padStart(6)} files ${(a.bytes / 1e6).toFixed(0).padStart(5)} MB: ` +
        `all rules ${a.ms.toFixed(0).padStart(6)} ms, selected ${b.ms.toFixed(0).padStart(6)} ms\n`,
    );
  }
  const total = (r) => Object.values(r.groups).reduce((n, g) => n + g.ms, 0);
  process.stdout.write(
    `  scan total: all rules ${total(off).toFixed(0)} ms, selected ${total(on).toFixed(0)} ms\n`,
  );
  const same = off.hits.length === on.hits.length && off.hits.every((h, i) => h === on.hits[i]);
  process.stdout.write(
    `  hits: ${same ? `the same ${off.hits.length}` : `DIFFERENT (${off.hits.length} vs ${on.hits.length})`}\n`,
  );
  if (!same) process.exitCode = 1;
}
