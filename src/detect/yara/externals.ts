/**
 * @module detect/yara/externals
 * The external variables LOKI and THOR pass to YARA per file (signature-base rules such as
 * `gen_webshells_ext_vars.yar` use them). We define them for every backend that can, and fill
 * them per scanned file from its evidence path.
 */
import type { ScanVariables } from './types.js';

export const EXTERNAL_NAMES = ['filename', 'filepath', 'extension', 'filetype', 'owner'] as const;

export const EMPTY_VARIABLES: ScanVariables = {
  filename: '',
  filepath: '',
  extension: '',
  filetype: '',
  owner: '',
};

/**
 * Values for one file. `relPath` uses forward slashes; LOKI passes Windows paths, so rules that
 * test `filepath contains "\\aspnet_client\\"` see backslashes as they would on the server.
 */
export function variablesFor(relPath: string, filetype = ''): ScanVariables {
  const slash = relPath.lastIndexOf('/');
  const filename = relPath.slice(slash + 1);
  const dot = filename.lastIndexOf('.');
  return {
    filename,
    filepath: slash < 0 ? '' : relPath.slice(0, slash).replace(/\//g, '\\'),
    // LOKI's extension includes the dot and is lower-case.
    extension: dot > 0 ? filename.slice(dot).toLowerCase() : '',
    filetype,
    owner: '',
  };
}

const CONDITION = /\bcondition\s*:/g;
const EXTERNAL_USE = /\b(filename|filepath|extension|filetype|owner)\b/;

/**
 * Whether any rule condition in `text` reads an external variable. Conservative: any mention of
 * the names in a condition (outside string literals) counts. (The YARA-X backend no longer
 * splits on this: per-scan variables cost it nothing measurable, a second compile unit costs a
 * second pass over every file.)
 */
export function usesExternals(text: string): boolean {
  for (const m of text.matchAll(CONDITION)) {
    const start = (m.index ?? 0) + m[0].length;
    const next = text.slice(start).search(/^\s*(?:(?:private|global)\s+)*rule\s/m);
    const cond = text
      .slice(start, next < 0 ? text.length : start + next)
      .replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
    if (EXTERNAL_USE.test(cond)) return true;
  }
  return false;
}
