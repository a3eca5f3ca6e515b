/**
 * @module probe/checks/webshell-paths
 * Web-shell file-path indicators (Windows paths, e.g. MSTIC's `filepath` rows) → the URL paths
 * they would be served at on an Exchange front-end: `…\FrontEnd\HttpProxy\owa\auth\x.aspx` →
 * `/owa/auth/x.aspx`, `…\inetpub\wwwroot\aspnet_client\x.aspx` → `/aspnet_client/x.aspx`. Paths
 * that IIS would not serve anonymously from the front-end are left out. A user file of URL
 * paths (lines starting with `/`) is taken as is.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_WEBSHELL_INDICATORS = fileURLToPath(
  new URL(
    '../../../rules/indicators/mstic/MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv',
    import.meta.url,
  ),
);

const MAPPINGS: [RegExp, string][] = [
  [/\\FrontEnd\\HttpProxy\\(owa|ecp)\\auth\\(.+)$/i, '/$1/auth/$2'],
  [/\\inetpub\\wwwroot\\aspnet_client\\(.+)$/i, '/aspnet_client/$1'],
];

/** One Windows path → its URL path, or null when the front-end would not serve it. */
export function urlPathOfWindowsPath(winPath: string): string | null {
  for (const [re, to] of MAPPINGS) {
    const m = re.exec(winPath);
    if (!m) continue;
    const p = m[0].replace(re, to).replace(/\\/g, '/');
    if (!/\.(aspx|ashx|asmx|asp)$/i.test(p) || /[\s?#%]/.test(p)) return null;
    return p.replace(/^\/(owa|ecp)\//i, (x) => x.toLowerCase());
  }
  return null;
}

/** URL paths from an indicator text: CSV rows with a Windows path, or plain `/url/path` lines. */
export function webshellUrlPaths(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t.startsWith('/') && !/[\s\x00-\x1f]/.test(t)) {
      out.add(t);
      continue;
    }
    const win = /([A-Za-z]:\\[^,"]+)/.exec(t)?.[1];
    const p = win ? urlPathOfWindowsPath(win) : null;
    if (p) out.add(p);
  }
  return [...out];
}

/** Reads an indicator file; an unreadable file is a value, not an exception. */
export function loadWebshellPaths(
  path = DEFAULT_WEBSHELL_INDICATORS,
): { ok: true; paths: string[] } | { ok: false; error: string } {
  try {
    return { ok: true, paths: webshellUrlPaths(readFileSync(path, 'utf8')) };
  } catch (e) {
    return { ok: false, error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}` };
  }
}
