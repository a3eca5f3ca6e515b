// Benchmark helper: runs the exhunt CLI given as the first argument (a compiled dist/cli/main.js)
// in this process and prints its peak RSS (KiB) and CPU time (ms, every thread: process.resourceUsage) to
// stderr on exit as `maxRSS=<n> cpuMs=<n>`. Usage: node run-with-rss.mjs <main.js> <exhunt args…>
import { pathToFileURL } from 'node:url';

const [main, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], main, ...rest];
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`maxRSS=${u.maxRSS} cpuMs=${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}\n`);
});
await import(pathToFileURL(main).href);
