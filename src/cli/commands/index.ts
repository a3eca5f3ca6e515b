/**
 * @module cli/commands
 * Every subcommand, by name, loaded on demand: `exhunt probe` does not pay for importing the hunt,
 * the EVTX reader and YARA (about 0.6 s of start-up when every command was imported eagerly).
 * Adding a command: one line here, one file beside this one exporting `register(program)`.
 */
import type { Command } from 'commander';

export type Register = (program: Command) => void;
type Loader = () => Promise<{ register: Register }>;

export const COMMAND_LOADERS: Readonly<Record<string, Loader>> = {
  hunt: () => import('./hunt.js'),
  build: () => import('./build.js'),
  assess: () => import('./assess.js'),
  probe: () => import('./probe.js'),
  census: () => import('./census.js'),
  lab: () => import('./lab.js'),
  evtx: () => import('./evtx.js'),
  intel: () => import('./intel.js'),
};

/** The commands to register for these arguments: just the one named, or all (help, typos). */
export async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const name = argv.slice(2).find((a) => !a.startsWith('-'));
  const loaders =
    name !== undefined && COMMAND_LOADERS[name] ? [COMMAND_LOADERS[name]] : Object.values(COMMAND_LOADERS);
  return (await Promise.all(loaders.map((load) => load()))).map((m) => m.register);
}
