// Child process of the file-hunt benchmark: runs the built library's file hunt over a whole tree
// (`full`, as `yara -r` does) and prints one JSON line: wall and CPU time (all threads), peak RSS,
// stats, and every YARA hit as [rule, path] so the bench can check it against `yara`'s.
// Plain ESM on dist/ so no TypeScript loader runs in the measured process or its workers.
//
//   node bench/files/scan-child.mjs <dist dir> <root> [--rules <dir>] [--no-builtin] [--workers n]
//        [--hashes md5,sha1,sha256|none] [--yara yara-x|cli|wasm]
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, rootDir, ...argv] = process.argv.slice(2);
const flag = (n) => {
  const i = argv.indexOf(n);
  return i >= 0 ? argv[i + 1] : undefined;
};
const load = (m) => import(pathToFileURL(path.join(dist, m, 'index.js')).href);
const { locate, openEvidence } = await load('evidence');
const { scanFiles } = await load('detect');

const t0 = performance.now();
const root = await openEvidence(rootDir);
// As `exhunt hunt --full` does: locate the layout, then hunt every file.
const layout = await locate(root);
const hashes = flag('--hashes');
const res = await scanFiles(root, layout, {
  full: true,
  builtin: !argv.includes('--no-builtin'),
  rules: flag('--rules') ? [flag('--rules')] : [],
  // The user's imported intel packs would differ from machine to machine.
  intelDir: null,
  workers: flag('--workers') ? Number(flag('--workers')) : undefined,
  // yara -r scans every file whatever its size: so does this run (default limit 100 MiB).
  maxScanBytes: 256 * 1024 * 1024,
  hashes: hashes === undefined ? undefined : hashes.split(',').filter((h) => h && h !== 'none'),
  yara: flag('--yara') ? { backend: flag('--yara') } : undefined,
});
const wallMs = performance.now() - t0;
await root.close();
const u = process.resourceUsage();
const yara = res.findings.filter((f) => f.rule.startsWith('yara:'));
process.stdout.write(
  JSON.stringify({
    wallMs,
    cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000,
    maxRssMb: u.maxRSS / 1024,
    files: res.stats.files,
    bytes: res.stats.bytes,
    hashed: res.stats.hashed,
    contentScanned: res.stats.contentScanned,
    yaraBackend: res.stats.yaraBackend,
    rulesLoaded: res.stats.yaraRulesLoaded,
    dropped: res.stats.yaraSourcesDropped,
    findings: res.findings.length,
    issues: res.issues.length,
    hits: yara.map((f) => [f.facts.yaraRule, f.source.path]),
  }) + '\n',
);
