/**
 * @module probe/checks/load-checks
 * Loads the safe-check pack (rules/probe/safe-checks.json, shipped with the package) or a
 * user-supplied file. An invalid pack is a usage problem reported with every reason at once.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkProblems, type CheckDefinition } from './check-definition.js';

/** The pack shipped in the package: `<package>/rules/probe/safe-checks.json` from src/ or dist/. */
export const DEFAULT_CHECKS_PATH = fileURLToPath(
  new URL('../../../rules/probe/safe-checks.json', import.meta.url),
);

export type ChecksLoad = { ok: true; checks: CheckDefinition[] } | { ok: false; problems: string[] };

export function parseChecks(json: string): ChecksLoad {
  let doc: { checks?: unknown };
  try {
    doc = JSON.parse(json) as { checks?: unknown };
  } catch (e) {
    return { ok: false, problems: [`not JSON: ${(e as Error).message}`] };
  }
  if (!Array.isArray(doc.checks)) return { ok: false, problems: ['no "checks" array'] };
  const problems = doc.checks.flatMap(checkProblems);
  const ids = new Set<string>();
  for (const c of doc.checks as CheckDefinition[]) {
    if (ids.has(c.id)) problems.push(`duplicate check id ${c.id}`);
    ids.add(c.id);
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, checks: doc.checks as CheckDefinition[] };
}

let cached: CheckDefinition[] | null = null;

/** The shipped checks; throws only if the package itself is broken (a bug, not user input). */
export function defaultChecks(): CheckDefinition[] {
  if (cached) return cached;
  const r = parseChecks(readFileSync(DEFAULT_CHECKS_PATH, 'utf8'));
  if (!r.ok) throw new Error(`shipped rules/probe/safe-checks.json is invalid: ${r.problems.join('; ')}`);
  cached = r.checks;
  return cached;
}

/** Loads a check pack from a path; unreadable or invalid files are values. */
export function loadChecksFile(path: string): ChecksLoad {
  try {
    return parseChecks(readFileSync(path, 'utf8'));
  } catch (e) {
    return { ok: false, problems: [`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`] };
  }
}
