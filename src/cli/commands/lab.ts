/**
 * @module cli/commands/lab
 * `exhunt lab`: run emulated Exchange front-ends on loopback to rehearse probes against: the
 * rehearsal fleet (default), a benchmark fleet of N hosts, the whole build catalogue, given
 * builds, or a fleet file. Prints one target per
 * line (pipe it to `exhunt probe -i -`), logs every request (JSONL) with `--log`, runs until
 * interrupted, then prints the request count by method.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  benchFleet,
  catalogueFleet,
  profileForBuild,
  parseFleet,
  placeHosts,
  REHEARSAL,
  RequestLog,
  startLab,
  type LabHost,
} from '../../lab/index.js';
import { UsageError } from '../exit.js';

interface LabCliOptions {
  fleet?: string;
  count?: string;
  catalogue?: boolean;
  build?: string[];
  base: string;
  port: string;
  log?: string;
  seconds?: string;
}

export function register(program: Command): void {
  program
    .command('lab')
    .description('run emulated Exchange front-ends, decoys, tarpits and hostile servers on 127.0.0.x')
    .option('--fleet <file>', 'fleet description (JSON) instead of the rehearsal fleet')
    .option('-n, --count <n>', 'a benchmark fleet of n Exchange/decoy hosts instead of the rehearsal fleet')
    .option('--catalogue', 'one host per catalogued 2013/2016/2019/SE release, behaving as that build')
    .option(
      '--build <build>',
      'a host running this 4-part build (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [] as string[],
    )
    .option('--base <address>', 'first loopback address', '127.0.0.10')
    .option('-p, --port <port>', 'port every host listens on', '8443')
    .option('--log <file>', 'append every request received to this JSONL file')
    .option('--seconds <n>', 'stop after n seconds (default: run until Ctrl-C)')
    .action(async (opts: LabCliOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new UsageError(`--port: bad port "${opts.port}"`);
      if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(opts.base))
        throw new UsageError('--base must be a loopback address (127.0.0.0/8)');
      let hosts: LabHost[];
      if (opts.fleet) {
        let text: string;
        try {
          text = readFileSync(opts.fleet, 'utf8');
        } catch {
          throw new UsageError(`cannot read fleet file ${opts.fleet}`);
        }
        const f = parseFleet(text);
        if (!f.ok) throw new UsageError(`${opts.fleet}: ${f.error}`);
        hosts = f.hosts;
      } else if (opts.catalogue) {
        hosts = placeHosts(
          catalogueFleet().map((f) => f.profile),
          opts.base,
          port,
        );
      } else if (opts.build && opts.build.length > 0) {
        const profiles = opts.build.map((b) => {
          const p = profileForBuild(b);
          if (!p) throw new UsageError(`--build ${b}: not a 4-part Exchange 2013/2016/2019/SE build`);
          return p;
        });
        hosts = placeHosts(profiles, opts.base, port);
      } else if (opts.count) {
        const n = Number(opts.count);
        if (!Number.isInteger(n) || n < 1 || n > 60_000) throw new UsageError('--count wants 1 to 60000');
        hosts = placeHosts(benchFleet(n), opts.base, port);
      } else
        hosts = placeHosts(
          REHEARSAL.map((c) => c.profile),
          opts.base,
          port,
        );
      const sink = opts.log ? createWriteStream(opts.log, { flags: 'a' }) : null;
      const log = new RequestLog(10_000, sink ? (e) => sink.write(`${JSON.stringify(e)}\n`) : null);
      let lab;
      try {
        lab = await startLab(hosts, { log });
      } catch (e) {
        throw new UsageError(
          `cannot start the lab: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      for (const [i, t] of lab.targets.entries()) {
        const h = hosts[i] as LabHost;
        const what =
          h.profile.kind === 'exchange'
            ? `exchange ${h.profile.product} ${h.profile.build}`
            : h.profile.kind === 'hostile'
              ? `hostile ${h.profile.behaviour}`
              : h.profile.kind;
        process.stdout.write(`${t}\t# ${what}\n`);
      }
      process.stderr.write(`exhunt lab: ${hosts.length} hosts listening; Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
        if (opts.seconds) setTimeout(resolve, Number(opts.seconds) * 1000).unref();
      });
      await lab.stop();
      sink?.end();
      const methods = [...log.methods].map(([m, n]) => `${m} ${n}`).join(', ') || 'none';
      process.stderr.write(`exhunt lab: ${log.total} requests (${methods}); non-GET/HEAD: ${log.unsafe()}\n`);
    });
}
