/**
 * @module cli/commands
 * Every subcommand registers itself here: one line per command file.
 */
import type { Command } from 'commander';
import { register as build } from './build.js';
import { register as assess } from './assess.js';
import { register as probe } from './probe.js';
import { register as lab } from './lab.js';
import { register as census } from './census.js';
import { register as evtx } from './evtx.js';
import { register as huntCommand } from './hunt.js';
import { register as intel } from './intel.js';

export type Register = (program: Command) => void;

export const COMMANDS: Register[] = [build, assess, probe, lab, census, evtx, huntCommand, intel];
