/**
 * @module detect/yara/rule-source
 * Reads YARA rule files and folders (ours under `rules/yara/`, a user's, an imported pack) into
 * RuleSources. A file that cannot be read is a counted issue, not a failure of the run.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RuleIssue, RuleSource } from './types.js';

const RULE_FILE = /\.(yar|yara)$/i;
/** Larger than any real rule file; a bigger one is almost certainly not YARA. */
const MAX_RULE_FILE = 32 * 1024 * 1024;

export interface LoadedSources {
  sources: RuleSource[];
  issues: RuleIssue[];
}

async function listRuleFiles(dir: string, issues: RuleIssue[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    issues.push({
      origin: dir,
      message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? err}`,
    });
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listRuleFiles(full, issues)));
    else if (e.isFile() && RULE_FILE.test(e.name)) out.push(full);
  }
  return out;
}

/**
 * Loads every `.yar`/`.yara` file under each path (a file or a folder).
 * @param prefix namespace prefix, e.g. the pack id, so two packs never share a namespace.
 */
export async function loadRuleSources(paths: readonly string[], prefix = ''): Promise<LoadedSources> {
  const issues: RuleIssue[] = [];
  const sources: RuleSource[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch (err) {
      issues.push({ origin: p, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}` });
      continue;
    }
    const files = info.isDirectory() ? await listRuleFiles(p, issues) : [p];
    const base = info.isDirectory() ? p : path.dirname(p);
    for (const file of files) {
      try {
        const size = (await stat(file)).size;
        if (size > MAX_RULE_FILE) {
          issues.push({ origin: file, message: `rule file too large (${size} bytes)` });
          continue;
        }
        const text = await readFile(file, 'utf8');
        const rel = path.relative(base, file).split(path.sep).join('/');
        sources.push({ origin: file, namespace: prefix + rel.replace(RULE_FILE, ''), text });
      } catch (err) {
        issues.push({ origin: file, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}` });
      }
    }
  }
  return { sources, issues };
}
