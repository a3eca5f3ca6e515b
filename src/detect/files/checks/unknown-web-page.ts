/**
 * @module detect/files/checks/unknown-web-page
 * Script pages in the Exchange web folders where web shells were planted that are not part of a
 * stock install (the known-good names per folder are data: rules/files/exchange-web-pages.json).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface FolderSpec {
  id: string;
  folder: string;
  pages: string[];
}

export interface WebPageCatalogue {
  extensions: string[];
  folders: { id: string; folder: RegExp; pages: Set<string> }[];
}

export const WEB_PAGES_FILE = fileURLToPath(
  new URL('../../../../rules/files/exchange-web-pages.json', import.meta.url),
);

export function loadWebPageCatalogue(file = WEB_PAGES_FILE): WebPageCatalogue {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { extensions: string[]; folders: FolderSpec[] };
  return {
    extensions: raw.extensions.map((e) => e.toLowerCase()),
    folders: raw.folders.map((f) => ({
      id: f.id,
      folder: new RegExp(f.folder),
      pages: new Set(f.pages.map((p) => p.toLowerCase())),
    })),
  };
}

/**
 * @param key the file's Windows path key (`/program files/…/owa/auth/x.aspx`).
 * @returns the folder id when the file is a script page that does not belong there, else null.
 */
export function unknownWebPage(key: string, cat: WebPageCatalogue): string | null {
  const slash = key.lastIndexOf('/');
  const dir = key.slice(0, slash + 1);
  const name = key.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  if (dot < 0 || !cat.extensions.includes(name.slice(dot))) return null;
  for (const f of cat.folders) {
    if (!f.folder.test(dir)) continue;
    return f.pages.has(name) ? null : f.id;
  }
  return null;
}
