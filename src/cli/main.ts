#!/usr/bin/env node
/**
 * @module cli/main
 * The `exhunt` binary: parses arguments, dispatches to a command, maps outcomes to exit statuses.
 * Commands are thin; library logic lives in the modules they call.
 */
import { Command, CommanderError } from 'commander';
import { commandsFor } from './commands/index.js';
import { EXIT, UsageError } from './exit.js';

/**
 * A reader that goes away before the end (`exhunt probe … | head`) is not a bug: one line and
 * status 2 (the output is incomplete), not an unhandled 'error' event with a stack trace.
 */
function stopWhenOutputCloses(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    const why =
      err.code === 'EPIPE'
        ? 'output closed before the end (broken pipe)'
        : `cannot write output: ${err.code ?? err.message}`;
    process.stderr.write(`exhunt: ${why}; stopped\n`);
    process.exit(EXIT.ERROR);
  });
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('exhunt')
    .description('Find, assess and hunt on-premises Microsoft Exchange servers.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showSuggestionAfterError();
  for (const register of await commandsFor(argv)) register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.CLEAN;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return err.exitCode === 0 ? EXIT.CLEAN : EXIT.ERROR;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`exhunt: ${err.message}\n`);
      return EXIT.ERROR;
    }
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`exhunt: internal error: ${msg.split('\n')[0]}\n`);
    if (process.env.EXHUNT_DEBUG) console.error(err);
    return EXIT.ERROR;
  }
}

stopWhenOutputCloses();
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT.ERROR;
  },
);
