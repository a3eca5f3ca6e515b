/**
 * @module cli/commands/hunt
 * `exhunt hunt <root>`: hunt an evidence root (live drive, mounted image, triage folder or .zip)
 * for ProxyLogon, ProxyShell, ProxyNotShell, OWASSRF and ProxyToken exploitation and web-shell use.
 * Exit 1 when the verdict is compromised or suspicious, 2 when the root (or a file, with nothing
 * found) could not be read or held no logs at all, else 0. Progress goes to stderr on a terminal.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { FileScanOptions } from '../../detect/index.js';
import { isEvidenceError } from '../../evidence/index.js';
import { hunt, type HuntOptions, type HuntProgress } from '../../hunt/index.js';
import { escapeTerminal, HUNT_FORMATS, renderHunt, type HuntFormat } from '../../report/index.js';
import { EXIT, UsageError } from '../exit.js';

interface HuntCliOptions {
  format: HuntFormat;
  output?: string;
  since?: string;
  until?: string;
  build?: string;
  patchedOn?: string;
  threads?: string;
  rules?: string;
  quiet?: boolean;
  files: boolean;
  full?: boolean;
  yara?: string;
  yaraRules?: string[];
  intelDir?: string;
}

const YARA_BACKENDS = ['auto', 'yara-x', 'cli', 'wasm'];

/** `--yara auto|yara-x|cli|wasm` or a path to a `yara` binary (the CLI backend with that binary). */
function yaraChoice(value: string | undefined): FileScanOptions['yara'] {
  if (value === undefined) return undefined;
  if (YARA_BACKENDS.includes(value)) return { backend: value as 'auto' | 'yara-x' | 'cli' | 'wasm' };
  if (!existsSync(value)) {
    throw new UsageError(
      `--yara wants ${YARA_BACKENDS.join(', ')} or the path of a yara binary, got "${value}"`,
    );
  }
  return { backend: 'cli', cli: { binary: path.resolve(value) } };
}

function isoOption(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(
      `${name} wants an ISO date or time (2021-01-03 or 2021-01-03T10:00:00Z), got "${value}"`,
    );
  }
  return value;
}

function progressPrinter(): (p: HuntProgress) => void {
  let lastDraw = 0;
  return (p) => {
    const now = Date.now();
    if (now - lastDraw < 250 && p.filesDone < p.filesTotal) return;
    lastDraw = now;
    const pct = p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
    process.stderr.write(
      `\r\u001b[2Khunting: ${p.filesDone}/${p.filesTotal} files, ${pct}% of ${(p.bytesTotal / 1048576).toFixed(0)} MB`,
    );
    if (p.filesDone === p.filesTotal) process.stderr.write('\r\u001b[2K');
  };
}

export function register(program: Command): void {
  program
    .command('hunt')
    .description(
      'hunt an evidence root (folder or .zip) for Exchange exploitation and web-shell use: logs, event logs and files',
    )
    .argument('<root>', 'system drive, mounted image, KAPE/Velociraptor triage folder, or a .zip of one')
    .addOption(new Option('-f, --format <format>', 'output format').choices(HUNT_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to this file (never inside the evidence root)')
    .option('--since <date>', 'only findings at or after this ISO date/time')
    .option('--until <date>', 'only findings before this ISO date/time')
    .option('--build <build>', 'the build the server runs, when its logs do not show it')
    .option('--patched-on <date>', 'when the server was patched (overrides what the logs suggest)')
    .option('--threads <n>', 'worker threads (default: one per core for large evidence)')
    .option('--rules <dir>', 'a folder of log rules to use instead of the shipped rules/logs')
    .option('--no-files', 'hunt the logs only (skip the file hunt of web roots, ProgramData and temp)')
    .option('--full', 'file hunt over every file of the root, not only the places attackers use')
    .option('--yara <backend>', 'YARA backend: auto, yara-x, cli, wasm, or the path of a yara binary')
    .option('--yara-rules <path...>', 'extra YARA files or folders for the file hunt')
    .option(
      '--intel-dir <dir>',
      'rule pack of `exhunt intel import` (default $EXHUNT_HOME/intel or ~/.exhunt/intel)',
    )
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (root: string, opts: HuntCliOptions) => {
      const options: HuntOptions = {
        since: isoOption('--since', opts.since),
        until: isoOption('--until', opts.until),
        patchedOn: isoOption('--patched-on', opts.patchedOn),
        build: opts.build ?? null,
        files: opts.files,
        fileScan: {
          full: opts.full === true,
          yara: yaraChoice(opts.yara),
          ...(opts.yaraRules ? { rules: opts.yaraRules.map((r) => path.resolve(r)) } : {}),
          ...(opts.intelDir ? { intelDir: path.resolve(opts.intelDir) } : {}),
        },
      };
      if (opts.build !== undefined && !/^\d+\.\d+\.\d+(\.\d+)?$/.test(opts.build.trim())) {
        throw new UsageError(`--build wants a build like 15.1.2176.2, got "${opts.build}"`);
      }
      if (opts.threads !== undefined) {
        const n = Number(opts.threads);
        if (!Number.isInteger(n) || n < 1 || n > 256)
          throw new UsageError(`--threads wants a whole number from 1 to 256, got "${opts.threads}"`);
        options.threads = n;
      }
      if (opts.rules) options.rulesDir = path.resolve(opts.rules);
      if (opts.output) {
        const rel = path.relative(path.resolve(root), path.resolve(opts.output));
        if (!rel.startsWith('..') && !path.isAbsolute(rel))
          throw new UsageError(
            '--output must not be inside the evidence root (evidence is never written to)',
          );
      }
      if (!opts.quiet && process.stderr.isTTY) options.onProgress = progressPrinter();
      let result;
      try {
        result = await hunt(root, options);
      } catch (err) {
        if (isEvidenceError(err))
          throw new UsageError(err.message.split('\n')[0] ?? 'cannot open the evidence root');
        throw err;
      }
      const color =
        opts.format === 'text' && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
      const text = renderHunt(result, opts.format, { color });
      if (opts.output) {
        try {
          writeFileSync(opts.output, text);
        } catch (err) {
          throw new UsageError(`cannot write ${opts.output}: ${(err as Error).message.split('\n')[0]}`);
        }
      } else process.stdout.write(text);
      const found = result.verdict === 'compromised' || result.verdict === 'suspicious';
      if (result.filesScanned === 0 && (result.fileScan?.files ?? 0) === 0 && !found) {
        // Nothing to hunt is not a clean result: most likely the wrong folder.
        process.stderr.write(`exhunt: no Exchange, IIS or event logs found under ${escapeTerminal(root)}\n`);
        process.exitCode = EXIT.ERROR;
        return;
      }
      process.exitCode = found
        ? EXIT.FOUND
        : (result.issues.byKind.unreadable ?? 0) > 0
          ? EXIT.ERROR
          : EXIT.CLEAN;
    });
}
