/**
 * Benchmark helper: runs a lab fleet in its own process (so the lab's CPU is not charged to the
 * tool being measured). Usage: tsx bench/probe/lab-child.ts <hosts> <base> <port>. Prints
 * `READY`, one target per line and `END`. Each `STATS` line read on stdin is answered on stdout
 * with `STATS <json>` (requests by method, TCP connections, TLS handshakes and how many of them
 * resumed a session, the lab's CPU milliseconds, since the previous STATS) and the counters start again. On SIGTERM (or
 * stdin closed) it prints the totals to stderr and stops.
 */
import { createInterface } from 'node:readline';
import { benchFleet, placeHosts, startLab } from '../../src/lab/index.js';

const [n = '500', base = '127.77.0.10', port = '8443'] = process.argv.slice(2);
const lab = await startLab(placeHosts(benchFleet(Number(n)), base, Number(port)));
const log = lab.log;
const totals = {
  requests: 0,
  connections: 0,
  handshakes: 0,
  resumed: 0,
  methods: {} as Record<string, number>,
};
let cpuFrom = process.cpuUsage();
const snapshot = () => ({
  cpuMs: (({ user, system }) => Math.round((user + system) / 1000))(process.cpuUsage(cpuFrom)),
  requests: log.total,
  methods: Object.fromEntries(log.methods),
  connections: log.connections,
  handshakes: log.handshakes,
  resumed: log.resumed,
});
const take = () => {
  const s = snapshot();
  totals.requests += s.requests;
  totals.connections += s.connections;
  totals.handshakes += s.handshakes;
  totals.resumed += s.resumed;
  for (const [m, c] of Object.entries(s.methods)) totals.methods[m] = (totals.methods[m] ?? 0) + c;
  log.clear();
  cpuFrom = process.cpuUsage();
  return s;
};
process.stdout.write(`READY\n${lab.targets.join('\n')}\nEND\n`);
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  take();
  process.stderr.write(
    `lab: ${totals.requests} requests: ${JSON.stringify(totals.methods)}; ${totals.connections} TCP connections, ` +
      `${totals.handshakes} TLS handshakes (${totals.resumed} resumed)\n`,
  );
  void lab.stop().then(() => process.exit(0));
};
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (line.trim() === 'STATS') process.stdout.write(`STATS ${JSON.stringify(take())}\n`);
});
rl.on('close', stop);
process.on('SIGTERM', stop);
