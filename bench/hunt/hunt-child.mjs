// Child process of the hunt benchmark: runs the built library's hunt() once and prints wall time,
// peak RSS and CPU time (all threads) as one JSON line. Plain ESM so it needs no TypeScript loader.
import { performance } from 'node:perf_hooks';

const [distHunt, root, threads] = process.argv.slice(2);
const { hunt } = await import(distHunt);
const t0 = performance.now();
const r = await hunt(root, threads ? { threads: Number(threads) } : {});
const wallMs = performance.now() - t0;
const u = process.resourceUsage();
process.stdout.write(
  JSON.stringify({
    wallMs,
    maxRssMb: u.maxRSS / 1024,
    cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000,
    verdict: r.verdict,
    findings: r.findings.length,
    hits: r.ruleCounts.reduce((n, c) => n + c.count, 0),
    files: r.filesScanned,
    bytes: r.bytes,
    threads: r.threads,
    issues: r.issues.total,
  }) + '\n',
);
