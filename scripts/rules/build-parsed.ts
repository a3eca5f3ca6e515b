/**
 * `npm run rules:build`: writes rules/logs/parsed-rules.json, the shipped log rules already parsed
 * and validated (each file keyed by the SHA-256 of its text), so a hunt starts without parsing
 * YAML. `--check` fails when the file is not what the rules parse to now.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildRuleCache, DEFAULT_LOG_RULES_DIR, PARSED_RULES_FILE } from '../../src/detect/index.js';

const file = path.join(DEFAULT_LOG_RULES_DIR, PARSED_RULES_FILE);
const text = `${JSON.stringify(buildRuleCache(), null, 1)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    console.error(`${PARSED_RULES_FILE} is stale: run npm run rules:build`);
    process.exit(1);
  }
  console.log(`${PARSED_RULES_FILE} matches the rules`);
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
