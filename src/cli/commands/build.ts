/**
 * @module cli/commands/build
 * `exhunt build <build>`: what exhunt knows about one Exchange build.
 */
import type { Command } from 'commander';
import { tryAssessBuild } from '../../knowledge/index.js';
import { buildJson, buildText } from '../../report/index.js';
import { EXIT, UsageError } from '../exit.js';
import { formatOption } from '../format-option.js';

export function register(program: Command): void {
  program
    .command('build')
    .description('assess one Exchange build: product, CU, update, CVE status, the update to install')
    .argument('<build>', 'e.g. 15.1.2176.2, 15.01.2176.002, 15.2.1118 or "Version 15.1 (Build 2176.2)"')
    .addOption(formatOption(['table', 'json'], 'table'))
    .option('--as-of <date>', 'judge support at this date (YYYY-MM-DD)')
    .action((text: string, opts: { format: string; asOf?: string }) => {
      if (opts.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
        throw new UsageError(`--as-of wants YYYY-MM-DD, got "${opts.asOf}"`);
      const r = tryAssessBuild(text, undefined, opts.asOf ? { asOf: opts.asOf } : {});
      if (!r.ok) throw new UsageError(r.error);
      const a = r.assessment;
      process.stdout.write(
        opts.format === 'json' ? `${JSON.stringify(buildJson(a), null, 2)}\n` : buildText(a),
      );
      process.exitCode = Object.values(a.vulnerabilities).includes('vulnerable') ? EXIT.FOUND : EXIT.CLEAN;
    });
}
