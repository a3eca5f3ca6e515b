/**
 * @module scripts/detect/rule-docs
 * Writes rules/logs/README.md and rules/logs/log-rule.schema.json from the rule-format tables in
 * src/detect/rule-format-doc.ts. `--check` fails (exit 1) when the committed files differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ruleFormatMarkdown, ruleJsonSchema } from '../../src/detect/rule-format-doc.js';

const files: [string, string][] = [
  ['rules/logs/README.md', ruleFormatMarkdown()],
  ['rules/logs/log-rule.schema.json', `${JSON.stringify(ruleJsonSchema(), null, 2)}\n`],
];
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, text] of files) {
  if (check) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      stale++;
      process.stderr.write(`${file} is out of date: run npx tsx scripts/detect/rule-docs.ts\n`);
    }
  } else writeFileSync(file, text);
}
process.exitCode = stale ? 1 : 0;
