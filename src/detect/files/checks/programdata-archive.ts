/**
 * @module detect/files/checks/programdata-archive
 * Archives in ProgramData (HAFNIUM staged stolen data there, e.g. `C:\ProgramData\it.zip`), found
 * by extension or by magic bytes, except under known vendor folders (rules/files/archive-allowlist.txt;
 * CSS-Exchange issue 311: McAfee's zips were reported as suspicious by Test-ProxyLogon).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ARCHIVE_TYPES } from '../magic.js';

export const ARCHIVE_ALLOWLIST_FILE = fileURLToPath(
  new URL('../../../../rules/files/archive-allowlist.txt', import.meta.url),
);

export function loadArchiveAllowlist(file = ARCHIVE_ALLOWLIST_FILE): RegExp[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => new RegExp(l, 'i'));
}

const ARCHIVE_EXT = /\.(zip|7z|rar)$/i;

export type ArchiveVerdict =
  { archive: false } | { archive: true; allowed: boolean; by: 'extension' | 'magic' | 'both' };

/** @param key Windows path key; @param fileType from magic.ts. */
export function programDataArchive(key: string, fileType: string, allow: RegExp[]): ArchiveVerdict {
  if (!key.startsWith('/programdata/')) return { archive: false };
  const ext = ARCHIVE_EXT.test(key);
  const magic = ARCHIVE_TYPES.has(fileType);
  if (!ext && !magic) return { archive: false };
  return {
    archive: true,
    allowed: allow.some((r) => r.test(key)),
    by: ext && magic ? 'both' : ext ? 'extension' : 'magic',
  };
}
