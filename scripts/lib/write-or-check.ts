/**
 * The last step of a script that generates a committed file: write it, or with `--check` fail
 * (exit 1) when the committed file is not what the generator gives now, naming the command that
 * regenerates it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeOrCheck(file: string, text: string, command: string): void {
  const name = path.basename(file);
  if (!process.argv.includes('--check')) {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    console.error(`${name} is stale: run ${command}`);
    process.exit(1);
  }
  console.log(`${name} is up to date`);
}
