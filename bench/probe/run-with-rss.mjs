// Benchmark helper: runs the exhunt CLI given as the first argument (a compiled dist/cli/main.js)
// in this process and prints its peak RSS (KiB, from process.resourceUsage) to stderr on exit as
// `maxRSS=<n>`. Usage: node run-with-rss.mjs <main.js> <exhunt args…>
import { pathToFileURL } from 'node:url';

const [main, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], main, ...rest];
process.on('exit', () => {
  process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\n`);
});
await import(pathToFileURL(main).href);
