/**
 * `npm run rules:build`: writes rules/logs/parsed-rules.json, the shipped log rules already parsed
 * and validated (each file keyed by the SHA-256 of its text), so a hunt starts without parsing
 * YAML. `--check` fails when the file is not what the rules parse to now.
 */
import path from 'node:path';
import { buildRuleCache, DEFAULT_LOG_RULES_DIR, PARSED_RULES_FILE } from '../../src/detect/index.js';
import { writeOrCheck } from '../lib/write-or-check.js';

const file = path.join(DEFAULT_LOG_RULES_DIR, PARSED_RULES_FILE);
writeOrCheck(file, `${JSON.stringify(buildRuleCache(), null, 1)}\n`, 'npm run rules:build');
