/**
 * Benchmark helper: runs a lab fleet in its own process (so the lab's CPU is not charged to the
 * tool being measured). Usage: tsx bench/probe/lab-child.ts <hosts> <base> <port>. Prints
 * `READY` and then one target per line; on SIGTERM prints the request count by method to stderr.
 */
import { benchFleet, placeHosts, startLab } from '../../src/lab/index.js';

const [n = '500', base = '127.77.0.10', port = '8443'] = process.argv.slice(2);
const lab = await startLab(placeHosts(benchFleet(Number(n)), base, Number(port)));
process.stdout.write(`READY\n${lab.targets.join('\n')}\nEND\n`);
process.on('SIGTERM', () => {
  process.stderr.write(
    `lab: ${lab.log.total} requests: ${JSON.stringify(Object.fromEntries(lab.log.methods))}\n`,
  );
  void lab.stop().then(() => process.exit(0));
});
