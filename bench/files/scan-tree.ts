/**
 * Runs exhunt's file hunt over a whole tree (`full`, as `yara -r` does) and prints its stats as
 * one JSON line. Started by run-bench.ts under /usr/bin/time to measure peak RSS.
 *
 *   tsx bench/files/scan-tree.ts <root> [--dist] [--rules <yara dir>] [--no-builtin] [--workers n]
 */
import type * as Detect from '../../src/detect/index.js';
import type * as Evidence from '../../src/evidence/index.js';

const argv = process.argv.slice(2);
const flag = (n: string) => {
  const i = argv.indexOf(n);
  return i >= 0 ? argv[i + 1] : undefined;
};

// --dist: run the compiled library (what users run; workers then start without the TS loader).
const base = argv.includes('--dist') ? '../../dist' : '../../src';
const { locate, openEvidence } = (await import(`${base}/evidence/index.js`)) as typeof Evidence;
const { scanFiles } = (await import(`${base}/detect/index.js`)) as typeof Detect;
const root = await openEvidence(argv[0]!);
const t0 = performance.now();
const layout = await locate(root);
const res = await scanFiles(root, layout, {
  full: true,
  builtin: !argv.includes('--no-builtin'),
  rules: flag('--rules') ? [flag('--rules')!] : [],
  workers: flag('--workers') ? Number(flag('--workers')) : undefined,
  maxScanBytes: 256 * 1024 * 1024,
  hashes:
    flag('--hashes') === undefined
      ? undefined
      : (flag('--hashes')!
          .split(',')
          .filter((h) => h && h !== 'none') as ('md5' | 'sha1' | 'sha256')[]),
  yara: flag('--backend') ? { backend: flag('--backend') as 'yara-x' } : undefined,
});
const ms = performance.now() - t0;
const yaraHits = res.findings.filter((f) => f.rule.startsWith('yara:')).length;
process.stdout.write(
  JSON.stringify({
    ms,
    files: res.stats.files,
    bytes: res.stats.bytes,
    hashed: res.stats.hashed,
    contentScanned: res.stats.contentScanned,
    yaraBackend: res.stats.yaraBackend,
    rulesLoaded: res.stats.yaraRulesLoaded,
    dropped: res.stats.yaraSourcesDropped,
    yaraHits,
    findings: res.findings.length,
    issues: res.issues.length,
  }) + '\n',
);
await root.close();
