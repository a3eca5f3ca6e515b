/**
 * @module cli/commands/assess
 * `exhunt assess <inventory>`: every server of an inventory file, most urgent first.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { anyVulnerable, assessInventory, readInventory } from '../../assess/index.js';
import { escapeTerminal, inventoryCsv, inventoryJson, inventoryTable } from '../../report/index.js';
import { EXIT, UsageError } from '../exit.js';
import { formatOption } from '../format-option.js';

/** Inventories are small; refuse anything that cannot be one rather than read gigabytes. */
const MAX_INVENTORY_BYTES = 64 * 1024 * 1024;

export function register(program: Command): void {
  program
    .command('assess')
    .description('assess every server of an inventory (CSV or JSON with name and build/version columns)')
    .argument(
      '<inventory>',
      'CSV (Get-ExchangeServer | Export-Csv, ExSetup versions, plain builds) or JSON; - for stdin',
    )
    .addOption(formatOption(['table', 'json', 'csv'], 'table'))
    .option('--as-of <date>', 'judge support at this date (YYYY-MM-DD)')
    .action((file: string, opts: { format: string; asOf?: string }) => {
      const text = readInput(file);
      const read = readInventory(text, file);
      if (!read.ok) throw new UsageError(`${file}: ${read.error}`);
      const list = assessInventory(read.rows, opts.asOf);
      const out =
        opts.format === 'json'
          ? `${JSON.stringify(inventoryJson(list), null, 2)}\n`
          : opts.format === 'csv'
            ? inventoryCsv(list)
            : inventoryTable(list);
      process.stdout.write(out);
      const bad = list.filter((s) => s.error !== null).length + read.skipped.length;
      if (bad > 0) {
        const first = read.skipped[0]
          ? `line ${read.skipped[0].line}: ${read.skipped[0].reason}`
          : list.find((s) => s.error)?.error;
        process.stderr.write(
          `exhunt: warning: ${bad} inventory row(s) could not be assessed (first: ${escapeTerminal(first ?? '')})\n`,
        );
      }
      process.exitCode = anyVulnerable(list) ? EXIT.FOUND : EXIT.CLEAN;
    });
}

function readInput(file: string): string {
  try {
    if (file === '-') return readFileSync(0, 'utf8');
    const st = statSync(file);
    if (st.isDirectory()) throw new UsageError(`${file} is a folder, not an inventory file`);
    if (st.size > MAX_INVENTORY_BYTES)
      throw new UsageError(`${file} is ${st.size} bytes: too large for an inventory`);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}${code ? ` (${code})` : ''}`);
  }
}
