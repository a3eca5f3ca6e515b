/**
 * @module evidence/windows-path
 * The Windows view of a relative evidence path. Triage tools lay the drive out differently:
 * KAPE copies `C:\X` to `<root>/C/X`, Velociraptor to `<root>/uploads/auto/C%3A/X` (or
 * `uploads/ntfs/%5C%5C.%5CC%3A/X`), and a live or mounted drive is `<root>/X`. Windows is
 * case-insensitive, so matching uses a lowercased key whatever the case on disk.
 */
import type { WindowsView } from './types.js';

/** How deep a drive segment may sit (collection folders above it: `uploads/auto/…`, timestamps). */
const MAX_DRIVE_DEPTH = 4;

const COLON_DRIVE = /^(?:\\\\[.?]\\)?([A-Za-z]):$/;
const LETTER_DRIVE = /^[A-Za-z]$/;

/** Decode Velociraptor's `%xx` escapes; a malformed escape is kept as written. */
export function decodePercent(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/**
 * Compute the Windows view of a relative path (forward slashes).
 * @example windowsView('uploads/auto/C%3A/Program Files/x.log') // { drive: 'C', path: '\\Program Files\\x.log', … }
 */
export function windowsView(relPath: string): WindowsView {
  const segments = relPath
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodePercent);
  let start = 0;
  let drive: string | null = null;
  const limit = Math.min(MAX_DRIVE_DEPTH, segments.length - 1);
  for (let i = 0; i < limit && drive === null; i++) {
    const m = COLON_DRIVE.exec(segments[i]!);
    if (m) {
      drive = m[1]!.toUpperCase();
      start = i + 1;
    }
  }
  // KAPE's bare letter is weaker evidence than `C:`: only when no `C:` segment exists.
  for (let i = 0; i < limit && drive === null; i++) {
    if (LETTER_DRIVE.test(segments[i]!)) {
      drive = segments[i]!.toUpperCase();
      start = i + 1;
    }
  }
  const rest = segments.slice(start);
  const path = '\\' + rest.join('\\');
  return { drive, path, key: windowsKey(path) };
}

/**
 * Normalise a Windows path given by a user or a rule to a match key: drive dropped, backslashes
 * to slashes, lowercased. `C:\Program Files\X` → `/program files/x`.
 */
export function windowsKey(path: string): string {
  let p = path.replace(/\\/g, '/');
  p = p.replace(/^[A-Za-z]:/, '');
  if (!p.startsWith('/')) p = '/' + p;
  return p.replace(/\/+/g, '/').toLowerCase();
}
