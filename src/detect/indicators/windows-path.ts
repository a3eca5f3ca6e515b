/**
 * @module detect/indicators/windows-path
 * Evidence paths are relative with forward slashes; IOC lists speak Windows (`C:\inetpub\…`).
 * These helpers put both in one form. Exchange may be installed on any drive and folder, so a
 * path under `…\Exchange Server\V15\` is also compared by its part below that folder.
 */

/**
 * `inetpub/wwwroot/x.aspx` → `C:\inetpub\wwwroot\x.aspx`; a triage copy's leading drive folder
 * (`D/inetpub/…`, as KAPE writes it) becomes that drive.
 */
export function toWindowsPath(relPath: string): string {
  const m = /^([A-Za-z])(?:\/|$)(.*)$/.exec(relPath);
  const [drive, rest] = m ? [m[1]!.toUpperCase(), m[2]!] : ['C', relPath];
  return `${drive}:\\${rest.replace(/\//g, '\\')}`;
}

const EXCHANGE_ROOT = /^.*?\\exchange server\\v1[45]\\/i;

/** The comparable key of a Windows path: lower case, no drive, and relative to the Exchange root. */
export function pathKey(windowsPath: string): string {
  const lower = windowsPath.toLowerCase().replace(/\//g, '\\');
  const noExchange = lower.replace(EXCHANGE_ROOT, '<exchange>\\');
  return noExchange.replace(/^[a-z]:\\/, '\\').replace(/^%[a-z_]+%\\/, '\\');
}
