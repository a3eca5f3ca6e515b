/**
 * @module detect/load-rules
 * Reads the log rules under a folder (default: the `rules/logs/` shipped with exhunt). Each YAML
 * file holds one or more rules as documents separated by `---`. A bad document becomes a counted
 * RuleIssue; the good rules still load.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ordinal } from '../evidence/index.js';

/**
 * The YAML parser, loaded on first use: worker threads get rules as data from the main thread
 * and never pay for loading it.
 */
let yamlModule: typeof import('yaml') | null = null;
const yaml = (): typeof import('yaml') =>
  (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
import type { LogRule, RuleIssue } from './rule-types.js';
import { validateRule } from './validate-rule.js';

/** `rules/logs/` of this package: two levels up from both `src/detect/` and `dist/detect/`. */
export const DEFAULT_LOG_RULES_DIR = fileURLToPath(new URL('../../rules/logs/', import.meta.url));

export interface LoadedRules {
  rules: LogRule[];
  issues: RuleIssue[];
}

/**
 * Rules already parsed, per file and keyed by the SHA-256 of its text: `parsed-rules.json` beside
 * the YAML (written by `npm run rules:build`, checked fresh by a test). Parsing 70 KB of YAML
 * costs about 250 ms at start-up, before any worker can begin; a file whose text changed, or a
 * folder without the cache, is parsed as usual.
 */
export const PARSED_RULES_FILE = 'parsed-rules.json';

export type ParsedRuleCache = Record<string, { sha256: string; rules: LogRule[]; issues: RuleIssue[] }>;

function readCache(dir: string): ParsedRuleCache {
  const file = path.join(dir, PARSED_RULES_FILE);
  if (!existsSync(file)) return {};
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return data !== null && typeof data === 'object' ? (data as ParsedRuleCache) : {};
  } catch {
    return {}; // a damaged cache is only slower
  }
}

/** The parsed-rules cache of a folder, for `npm run rules:build` and its freshness test. */
export function buildRuleCache(dir: string = DEFAULT_LOG_RULES_DIR): ParsedRuleCache {
  const cache: ParsedRuleCache = {};
  for (const rel of listYaml(dir, '')) {
    const text = readFileSync(path.join(dir, rel), 'utf8');
    const issues: RuleIssue[] = [];
    cache[rel] = { sha256: sha256(text), rules: parseRuleText(text, rel, issues), issues };
  }
  return cache;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Load every `*.yaml`/`*.yml` under `dir` (recursively), sorted by path for stable output. */
export function loadLogRules(dir: string = DEFAULT_LOG_RULES_DIR): LoadedRules {
  const out: LoadedRules = { rules: [], issues: [] };
  let files: string[];
  try {
    files = listYaml(dir, '');
  } catch (err) {
    out.issues.push({
      file: dir,
      rule: null,
      message: `cannot read rules folder: ${(err as Error).message}`,
    });
    return out;
  }
  const seen = new Map<string, string>();
  const cache = readCache(dir);
  for (const rel of files) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, rel), 'utf8');
    } catch (err) {
      out.issues.push({ file: rel, rule: null, message: `unreadable: ${(err as Error).message}` });
      continue;
    }
    const cached = cache[rel];
    let parsed: LogRule[];
    if (cached && cached.sha256 === sha256(text)) {
      parsed = cached.rules;
      out.issues.push(...cached.issues);
    } else parsed = parseRuleText(text, rel, out.issues);
    for (const rule of parsed) {
      const prev = seen.get(rule.id);
      if (prev) {
        out.issues.push({ file: rel, rule: rule.id, message: `duplicate rule id (also in ${prev})` });
        continue;
      }
      seen.set(rule.id, rel);
      out.rules.push(rule);
    }
  }
  return out;
}

/** Parse the rule documents of one file's text; problems go to `issues`. */
export function parseRuleText(text: string, file: string, issues: RuleIssue[]): LogRule[] {
  const rules: LogRule[] = [];
  for (const doc of yaml().parseAllDocuments(text)) {
    if (doc.errors.length) {
      issues.push({ file, rule: null, message: `YAML: ${doc.errors[0]?.message.split('\n')[0] ?? 'error'}` });
      continue;
    }
    const data: unknown = doc.toJS();
    if (data === null || data === undefined) continue;
    const v = validateRule(data, file);
    if (v.ok) rules.push(v.rule);
    else {
      const id = typeof (data as { id?: unknown }).id === 'string' ? (data as { id: string }).id : null;
      for (const e of v.errors) issues.push({ file, rule: id, message: e });
    }
  }
  return rules;
}

function listYaml(root: string, rel: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) =>
    ordinal(a.name, b.name),
  );
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listYaml(root, r));
    else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(r);
  }
  return out;
}
