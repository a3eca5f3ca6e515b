/**
 * @module cli/commands/probe
 * `exhunt probe <targets…>`: find Exchange front-ends in hosts, URLs, CIDR blocks, ranges, target
 * files, stdin, nmap XML or masscan output; fingerprint each, run the safe checks, assess the
 * build. Results stream in `--format table|jsonl|json|csv`; progress goes to stderr. Exit 1 when
 * any target is vulnerable, 0 otherwise, 2 when the run could not start.
 */
import { batchedWriter } from '../batched-writer.js';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import {
  collectSpecs,
  createSink,
  ExcludeList,
  expandTargets,
  isVulnerable,
  loadChecksFile,
  loadWebshellPaths,
  parseTarget,
  readResume,
  readTargetFile,
  runProbe,
  skipDone,
  specSize,
  escapeTerminal,
  type ProbeFormat,
  type ProbeOptions,
  type ProbeProgress,
  type SourceProblem,
  type TargetSpec,
} from '../../probe/index.js';
import { EXIT, UsageError } from '../exit.js';
import { formatOption } from '../format-option.js';

interface ProbeCliOptions {
  format: ProbeFormat;
  input: string[];
  exclude: string[];
  excludeFile: string[];
  ports: string;
  concurrency: string;
  workers: string;
  rate: string;
  hostInterval: string;
  connectTimeout: string;
  timeout: string;
  targetTimeout: string;
  retries: string;
  maxBody: string;
  services: boolean;
  webshellPaths?: string | boolean;
  checks?: string;
  output?: string;
  resume?: string;
  progress: boolean;
}

function int(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${name} wants a whole number from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

async function buildExclude(opts: ProbeCliOptions): Promise<ExcludeList> {
  const specs: TargetSpec[] = [];
  for (const w of opts.exclude) {
    const r = parseTarget(w);
    if (!r.ok) throw new UsageError(`--exclude ${r.text}: ${r.error}`);
    specs.push(r.spec);
  }
  for (const f of opts.excludeFile) {
    if (!existsSync(f)) throw new UsageError(`cannot read exclude file ${f}`);
    // An unreadable exclude entry must stop the run: skipping it could probe a host the user excluded.
    const bad: SourceProblem[] = [];
    for await (const s of readTargetFile(f, (p) => bad.push(p))) specs.push(s);
    if (bad[0]) throw new UsageError(`exclude file ${f} line ${bad[0].line}: ${bad[0].error}`);
  }
  return new ExcludeList(specs);
}

function progressPrinter(total: bigint | null): { tick: (p: ProbeProgress) => void; done: () => void } {
  if (!process.stderr.isTTY) return { tick: () => undefined, done: () => undefined };
  let last = 0;
  const line = (p: ProbeProgress): string => {
    const secs = Math.max(0.001, (Date.now() - p.startedAt) / 1000);
    const rate = p.done / secs;
    let eta = '';
    if (total !== null && rate > 0) {
      const left = Number(total) - p.done;
      eta = ` ETA ${Math.max(0, Math.round(left / rate))}s`;
    }
    const of = total !== null ? `/${total}` : '';
    return `\rprobe: ${p.done}${of} done, ${rate.toFixed(1)}/s, ${p.exchange} Exchange, ${p.vulnerable} vulnerable, ${p.errors} errors${eta}   `;
  };
  let lastP: ProbeProgress | null = null;
  return {
    tick: (p) => {
      lastP = p;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      process.stderr.write(line(p));
    },
    done: () => {
      if (lastP) process.stderr.write(`${line(lastP)}\n`);
    },
  };
}

export function register(program: Command): void {
  program
    .command('probe')
    .description('find and safely check Exchange servers (read-only GETs; never a POST or a payload)')
    .argument('[targets...]', 'hosts, host:port, URLs, IPv4/IPv6, CIDR (10.0.0.0/24), ranges (10.0.0.1-50)')
    .addOption(formatOption(['table', 'jsonl', 'json', 'csv'], 'table'))
    .option(
      '-i, --input <file>',
      'target file: plain list, nmap -oX, masscan -oL/-oJ/-oX, -oG; - for stdin',
      collect,
      [],
    )
    .option('-x, --exclude <target>', 'never contact this host/CIDR/range (always wins)', collect, [])
    .option('--exclude-file <file>', 'file of targets never to contact', collect, [])
    .option('-p, --ports <list>', 'ports tried for targets given without one', '443,80')
    .option('-c, --concurrency <n>', 'targets probed at once', '200')
    .option(
      '--workers <n>',
      'threads that probe, this one included (default: one per core, at most 4)',
      String(Math.min(4, availableParallelism())),
    )
    .option('--rate <n>', 'global limit, requests per second (0 = none)', '0')
    .option('--host-interval <ms>', 'minimum delay between two requests to one target', '0')
    .option('--connect-timeout <ms>', 'TCP connect timeout', '5000')
    .option('--timeout <ms>', 'hard deadline for one request, body included', '10000')
    .option('--target-timeout <ms>', 'hard deadline for everything asked of one target', '45000')
    .option('--retries <n>', 'retries of the first request after a timeout or abort', '1')
    .option('--max-body <bytes>', 'read at most this much of any response body', '262144')
    .option('--no-services', 'do not probe ECP/EWS/Autodiscover/MAPI/ActiveSync')
    .option(
      '--webshell-paths [file]',
      'also GET known web-shell URLs (default: the MSTIC path indicators of the rule pack)',
    )
    .option('--checks <file>', 'safe-check pack to use instead of rules/probe/safe-checks.json')
    .option('-o, --output <file>', 'write results to this file instead of stdout')
    .option(
      '--resume <file>',
      'skip targets already in this partial output file (jsonl/csv) and append to it',
    )
    .option('--no-progress', 'no progress line on stderr')
    .action(async (words: string[], opts: ProbeCliOptions) => {
      await runProbeCommand(words, opts);
    });
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

async function runProbeCommand(words: string[], opts: ProbeCliOptions): Promise<void> {
  if (words.length === 0 && opts.input.length === 0)
    throw new UsageError('no targets: give hosts, CIDR blocks, URLs or --input <file>');
  for (const f of opts.input)
    if (f !== '-' && !existsSync(f)) throw new UsageError(`cannot read target file ${f}`);
  const ports = opts.ports.split(',').map((p) => int('--ports', p.trim(), 1, 65535));
  const partial: Partial<ProbeOptions> = {
    ports,
    concurrency: int('--concurrency', opts.concurrency, 1, 10_000),
    workers: int('--workers', opts.workers, 1, 64),
    ratePerSecond: int('--rate', opts.rate, 0, 1_000_000),
    perHostIntervalMs: int('--host-interval', opts.hostInterval, 0, 600_000),
    connectTimeoutMs: int('--connect-timeout', opts.connectTimeout, 1, 600_000),
    requestTimeoutMs: int('--timeout', opts.timeout, 1, 600_000),
    targetTimeoutMs: int('--target-timeout', opts.targetTimeout, 1, 3_600_000),
    retries: int('--retries', opts.retries, 0, 10),
    maxBodyBytes: int('--max-body', opts.maxBody, 1024, 64 * 1024 * 1024),
    services: opts.services,
    exclude: await buildExclude(opts),
  };
  if (opts.checks) {
    const c = loadChecksFile(opts.checks);
    if (!c.ok)
      throw new UsageError(
        `--checks ${opts.checks}: ${c.problems[0]}${c.problems.length > 1 ? ` (+${c.problems.length - 1} more)` : ''}`,
      );
    partial.checks = c.checks;
  }
  if (opts.webshellPaths !== undefined && opts.webshellPaths !== false) {
    const w =
      typeof opts.webshellPaths === 'string' ? loadWebshellPaths(opts.webshellPaths) : loadWebshellPaths();
    if (!w.ok) throw new UsageError(`--webshell-paths: ${w.error}`);
    partial.webshellPaths = w.paths;
  }
  let done = new Set<string>();
  if (opts.resume) {
    if (!existsSync(opts.resume)) throw new UsageError(`--resume: cannot read ${opts.resume}`);
    done = (await readResume(opts.resume)).done;
  }
  // Validate command-line words up front: a typo there is a usage error, not a warning.
  for (const w of words) {
    const r = parseTarget(w);
    if (!r.ok) throw new UsageError(`target "${escapeTerminal(r.text)}": ${r.error}`);
  }
  const total = opts.input.length === 0 ? words.reduce((n, w) => n + specSizeOf(w), 0n) : null;
  let problems = 0;
  let firstProblem = '';
  const specs = collectSpecs(words, opts.input, (p) => {
    problems++;
    firstProblem ||= `${p.source}:${p.line}: ${p.error} (${p.text.slice(0, 80)})`;
  });
  const targets = skipDone(expandTargets(specs, partial.exclude ?? undefined), done);
  const outPath = opts.resume ?? opts.output;
  const format: ProbeFormat = opts.resume && opts.format !== 'csv' ? 'jsonl' : opts.format;
  const out: WriteStream | NodeJS.WriteStream = outPath
    ? createWriteStream(outPath, { flags: opts.resume ? 'a' : 'w' })
    : process.stdout;
  const sink = createSink(format);
  const rows = batchedWriter(out);
  const progress = opts.progress ? progressPrinter(total) : { tick: () => undefined, done: () => undefined };
  let vulnerable = false;
  if (!opts.resume || format !== 'csv' || done.size === 0) await rows.write(sink.begin());
  // Rows and the progress line share the terminal: clear the progress line before each row.
  const clearLine = opts.progress && process.stderr.isTTY && out === process.stdout && process.stdout.isTTY;
  for await (const r of runProbe(targets, partial, progress.tick)) {
    if (isVulnerable(r)) vulnerable = true;
    if (clearLine) process.stderr.write('\r\x1b[K');
    await rows.write(sink.write(r));
  }
  await rows.write(sink.end());
  await rows.flush();
  progress.done();
  if (out !== process.stdout) await new Promise<void>((r) => (out as WriteStream).end(() => r()));
  if (problems > 0)
    process.stderr.write(
      `exhunt: warning: ${problems} target line(s) skipped (first: ${escapeTerminal(firstProblem)})\n`,
    );
  process.exitCode = vulnerable ? EXIT.FOUND : EXIT.CLEAN;
}

function specSizeOf(word: string): bigint {
  const r = parseTarget(word);
  return r.ok ? specSize(r.spec) : 0n;
}
