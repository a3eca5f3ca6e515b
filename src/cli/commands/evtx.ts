/**
 * @module cli/commands/evtx
 * `exhunt evtx dump <file…> [--format jsonl|xml]`: every record of one or more `.evtx` files, one
 * per line, for analysts. Records that cannot be rendered are counted in a one-line summary on
 * stderr per file (and listed with `--errors`). Unreadable input exits 2 with a one-line message.
 */
import type { Command } from 'commander';
import {
  type EvtxResult,
  type EvtxSummary,
  readEvtxFile,
  readEvtxFiles,
  recordLine,
  safeJsonLine,
} from '../../parsers/index.js';
import { EXIT, UsageError } from '../exit.js';

type Format = 'jsonl' | 'xml';

interface DumpOptions {
  format: string;
  errors?: boolean;
  workers?: string;
}

export { safeJsonLine };

/** Buffered stdout: one write per ~64 KiB instead of one per record. */
class Out {
  private parts: string[] = [];
  private size = 0;
  closed = false;

  constructor() {
    // A closed pipe (`| head`) ends the dump quietly.
    process.stdout.on('error', () => (this.closed = true));
  }

  line(s: string): Promise<void> | void {
    return this.text(`${s}\n`);
  }

  /** Text that is already whole lines. */
  text(s: string): Promise<void> | void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65536) return this.flush();
  }

  flush(): Promise<void> | void {
    if (this.size === 0 || this.closed) return;
    const data = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!process.stdout.write(data)) return new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

function summaryLine(path: string, s: EvtxSummary | null): string {
  if (!s) return `${path}: no summary`;
  const extra: string[] = [];
  if (s.badMagicChunks) extra.push(`${s.badMagicChunks} slot(s) without chunk magic`);
  if (s.dataChecksumMismatches + s.headerChecksumMismatches) {
    extra.push(`${s.dataChecksumMismatches + s.headerChecksumMismatches} checksum mismatch(es)`);
  }
  if (s.header?.dirty) extra.push('dirty');
  return `${path}: ${s.records} records, ${s.errors} errors${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

function errorLine(
  path: string,
  r: { error: string; offset: number; chunk: number; recordId: number | null },
): string {
  return safeJsonLine({ path, error: r.error, offset: r.offset, chunk: r.chunk, recordId: r.recordId });
}

/**
 * Worker threads only when asked for: measured on the 2-core build machine (bench:evtx), one
 * warm thread beat the pool, whose workers each start cold and pass every record across threads.
 */
function useWorkers(files: string[], workers: number | null): boolean {
  return workers !== null && workers > 0 && files.length > 1;
}

async function dump(files: string[], opts: DumpOptions): Promise<void> {
  if (opts.format !== 'jsonl' && opts.format !== 'xml') {
    throw new UsageError(`unknown --format ${JSON.stringify(opts.format)} (use jsonl or xml)`);
  }
  const format: Format = opts.format;
  const readOptions = { xml: format === 'xml' ? ('line' as const) : false };
  const out = new Out();
  const failures: string[] = [];
  const emit = async (path: string, r: EvtxResult, tag: string | null) => {
    if (r.ok) await out.line(recordLine(r.record, format, tag));
    else if (opts.errors) process.stderr.write(`${errorLine(path, r)}\n`);
  };
  const workers = opts.workers === undefined ? null : Number(opts.workers);
  if (workers !== null && (!Number.isInteger(workers) || workers < 0 || workers > 64)) {
    throw new UsageError(
      `--workers must be a whole number from 0 to 64, not ${JSON.stringify(opts.workers)}`,
    );
  }
  if (!useWorkers(files, workers)) {
    for (const path of files) {
      const file = readEvtxFile(path, readOptions);
      for await (const r of file) {
        await emit(path, r, files.length > 1 ? path : null);
        if (out.closed) return;
      }
      await out.flush();
      if (file.failure) failures.push(`${path}: ${file.failure}`);
      else process.stderr.write(`exhunt: ${summaryLine(path, file.summary)}\n`);
    }
  } else {
    // The workers render the lines themselves; this thread only writes them.
    for await (const item of readEvtxFiles(files, {
      ...readOptions,
      lines: format,
      tagPath: true,
      ...(workers ? { workers } : {}),
    })) {
      if (item.type === 'lines') {
        await out.text(item.text);
        if (opts.errors) for (const e of item.errors) process.stderr.write(`${errorLine(item.path, e)}\n`);
        if (out.closed) return;
      } else if (item.type === 'results') {
        for (const r of item.results) await emit(item.path, r, item.path);
      } else if (item.failure) failures.push(`${item.path}: ${item.failure}`);
      else process.stderr.write(`exhunt: ${summaryLine(item.path, item.summary)}\n`);
    }
    await out.flush();
  }
  if (failures.length === files.length) throw new UsageError(failures[0]!);
  for (const f of failures) process.stderr.write(`exhunt: ${f}\n`);
  if (failures.length > 0) process.exitCode = EXIT.ERROR;
}

export function register(program: Command): void {
  const evtx = program
    .command('evtx')
    .description('Read Windows event logs (.evtx) with exhunt’s own reader.');
  evtx
    .command('dump')
    .description('Print every record of .evtx files, one per line (JSON lines or XML).')
    .argument('<files...>', '.evtx files (several are read in parallel)')
    .option('--format <format>', 'jsonl or xml', 'jsonl')
    .option('--errors', 'also list each record that could not be rendered, as JSON on stderr')
    .option('--workers <n>', 'worker threads for several files (default 0: read them in this thread)')
    .action((files: string[], opts: DumpOptions) => dump(files, opts));
}
