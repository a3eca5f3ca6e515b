/**
 * @module cli/commands/census
 * `exhunt census <results…>`: aggregate `exhunt probe --format jsonl|json` output into the table
 * a CERT would publish (Exchange servers by product/CU/update, by campaign status, by country,
 * network and certificate organisation) as `--format table|csv|json|html`. Country and ASN come
 * from the optional npm data packages (@ip-location-db, licences in the output) or `--ip-db`.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Census, censusCsv, censusHtml, censusText, IpDatabase, readResultsFile } from '../../probe/index.js';
import { UsageError } from '../exit.js';
import { formatOption } from '../format-option.js';

interface CensusCliOptions {
  format: 'table' | 'csv' | 'json' | 'html';
  ipDb?: string;
  geo: boolean;
  title: string;
}

export function register(program: Command): void {
  program
    .command('census')
    .description(
      'aggregate probe results into census tables (by release, campaign, country, network, certificate organisation)',
    )
    .argument('<results...>', 'exhunt probe output files (jsonl or json); - for stdin')
    .addOption(formatOption(['table', 'csv', 'json', 'html'], 'table'))
    .option(
      '--ip-db <csv>',
      'IP ranges CSV: start,end,country,asn,as_name (instead of the npm data packages)',
    )
    .option('--no-geo', 'no country/network lookup')
    .option('--title <text>', 'title of the HTML page', 'Exchange census')
    .action(async (files: string[], opts: CensusCliOptions) => {
      for (const f of files)
        if (f !== '-' && !existsSync(f)) throw new UsageError(`cannot read results file ${f}`);
      let db: IpDatabase | null = null;
      if (opts.ipDb) {
        let text: string;
        try {
          text = readFileSync(opts.ipDb, 'utf8');
        } catch {
          throw new UsageError(`cannot read --ip-db ${opts.ipDb}`);
        }
        db = IpDatabase.fromCsv(text);
        if (db.badRows > 0)
          process.stderr.write(`exhunt: warning: ${db.badRows} bad row(s) in ${opts.ipDb} skipped\n`);
      } else if (opts.geo) {
        db = IpDatabase.fromNpmPackages();
        if (!db)
          process.stderr.write(
            'exhunt: note: @ip-location-db packages not installed: country and network are "unknown" (or give --ip-db)\n',
          );
      }
      const census = new Census(db);
      let bad = 0;
      for (const f of files) for await (const r of readResultsFile(f, () => bad++)) census.add(r);
      census.s.badInput = bad;
      if (census.s.targets === 0)
        throw new UsageError(
          'no probe results in the input (expected exhunt probe --format jsonl or json output)',
        );
      const s = census.s;
      process.stdout.write(
        opts.format === 'json'
          ? `${JSON.stringify(s, null, 2)}\n`
          : opts.format === 'csv'
            ? censusCsv(s)
            : opts.format === 'html'
              ? censusHtml(s, opts.title)
              : censusText(s),
      );
      if (bad > 0)
        process.stderr.write(
          `exhunt: warning: ${bad} input line(s) were not probe results and were skipped\n`,
        );
    });
}
