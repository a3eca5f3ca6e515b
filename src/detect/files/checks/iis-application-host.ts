/**
 * @module detect/files/checks/iis-application-host
 * applicationHost.config checks: virtual directories whose physical path points into a
 * DOS-device-named folder under ProgramData (`C:\ProgramData\COM\…`, the ProxyShell persistence
 * trick) or into a user profile, and native modules (`<globalModules>`) that are unknown or load
 * from outside IIS's and Exchange's folders (malicious IIS modules such as Owowa).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { attr, descendants, type XmlElement } from './xml-tree.js';

export const KNOWN_MODULES_FILE = fileURLToPath(
  new URL('../../../../rules/files/iis-known-modules.txt', import.meta.url),
);

export function loadKnownModules(file = KNOWN_MODULES_FILE): Set<string> {
  return new Set(
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
}

/** Expands the environment variables IIS configs use, for comparison only. */
function normalise(p: string): string {
  return p
    .replace(/%windir%|%systemroot%/gi, 'c:\\windows')
    .replace(/%systemdrive%/gi, 'c:')
    .replace(/%programdata%|%allusersprofile%/gi, 'c:\\programdata')
    .replace(/\//g, '\\')
    .toLowerCase();
}

const DEVICE_FOLDER =
  /^[a-z]:\\(programdata|users\\all users)\\(com[0-9]?|con|aux|prn|nul|lpt[0-9]?|who|zing|zoo|xyz)(\\|$)/;
const USER_FOLDER = /^[a-z]:\\users\\(?!all users\\)[^\\]+\\/;

export interface VirtualDirHit {
  site: string;
  path: string;
  physicalPath: string;
  why: 'device-folder' | 'user-folder';
}

export function suspiciousVirtualDirs(root: XmlElement): VirtualDirHit[] {
  const out: VirtualDirHit[] = [];
  for (const site of descendants(root, 'site')) {
    for (const app of site.children.filter((c) => c.name === 'application')) {
      for (const vdir of app.children.filter((c) => c.name === 'virtualDirectory')) {
        const physical = attr(vdir, 'physicalPath') ?? '';
        const n = normalise(physical);
        const why = DEVICE_FOLDER.test(n) ? 'device-folder' : USER_FOLDER.test(n) ? 'user-folder' : null;
        if (!why) continue;
        const appPath = attr(app, 'path') ?? '/';
        const vPath = attr(vdir, 'path') ?? '/';
        const full = appPath.replace(/\/$/, '') + (vPath === '/' ? '' : vPath) || '/';
        out.push({ site: attr(site, 'name') ?? '', path: full, physicalPath: physical, why });
      }
    }
  }
  return out;
}

export interface ModuleHit {
  name: string;
  image: string;
  why: 'outside-known-folders' | 'unknown-name';
}

const KNOWN_IMAGE_FOLDERS = [
  /^c:\\windows\\system32\\inetsrv\\/,
  /^c:\\windows\\syswow64\\inetsrv\\/,
  /^c:\\windows\\microsoft\.net\\framework(64)?\\v[0-9.]+\\/,
  /^c:\\windows\\system32\\wsmsvc\.dll$/,
  /^c:\\program files\\iis\\/,
  /\\exchange server\\v1[45]\\/,
];

export function suspiciousModules(root: XmlElement, known: Set<string>): ModuleHit[] {
  const out: ModuleHit[] = [];
  for (const gm of descendants(root, 'globalModules')) {
    for (const add of gm.children.filter((c) => c.name === 'add')) {
      const name = attr(add, 'name') ?? '';
      const image = attr(add, 'image') ?? '';
      const inKnownFolder = KNOWN_IMAGE_FOLDERS.some((r) => r.test(normalise(image)));
      if (!inKnownFolder) out.push({ name, image, why: 'outside-known-folders' });
      else if (!known.has(name.toLowerCase())) out.push({ name, image, why: 'unknown-name' });
    }
  }
  return out;
}
