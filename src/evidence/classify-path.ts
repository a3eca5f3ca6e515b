/**
 * @module evidence/classify-path
 * What an evidence file is, judged from its path alone (no content is read): an Exchange or IIS
 * log of some kind, an event log, a file under a web root, ProgramData or a temp folder, an
 * IIS/ASP.NET config. Exchange installs are recognised by their Logging folder structure, so a
 * custom install path on any drive is found like the default one.
 */

/** Log families locate groups files by (assignable to parsers' LogKind). */
export type LocatedLogKind = 'httpproxy' | 'ecp-server' | 'oabgen' | 'rps' | 'iis';

export type WebRootKind =
  'wwwroot' | 'aspnet_client' | 'owa-auth' | 'ecp-auth' | 'client-access' | 'temp-aspnet';

export type PathClass =
  | { type: 'log'; kind: LocatedLogKind; subkind: string | null; folder: string; install: string | null }
  | { type: 'evtx' }
  | { type: 'web'; kind: WebRootKind; folder: string }
  | { type: 'programdata'; folder: string }
  | { type: 'temp'; folder: string }
  | { type: 'config' }
  | { type: 'exsetup'; install: string };

const EXSETUP = /^(.*?\/)?bin\/exsetup\.exe$/;
const W3SVC = /^w3svc\d+$/;
const RPS_FOLDERS = new Set(['cmdletinfra', 'rpshttp', 'rps']);
const HTTPPROXY_FILE = /^httpproxy_\d{8,10}-\d+\.log$/;
const ECP_SERVER_FILE = /^ecpserver\d{8,10}-\d+\.log$/;
const RPS_FILE = /^rps_?http_\d{8,10}-\d+\.log$/;
const IIS_FILE = /^u_ex\d{6,8}(?:_x)?\.log$/;

const WEB: [RegExp, WebRootKind][] = [
  [/^(.*?\/frontend\/httpproxy\/owa\/auth)\//, 'owa-auth'],
  [/^(.*?\/frontend\/httpproxy\/ecp\/auth)\//, 'ecp-auth'],
  [/^(.*?\/aspnet_client)\//, 'aspnet_client'],
  [/^(.*?\/inetpub\/wwwroot)\//, 'wwwroot'],
  [/^(.*?\/temporary asp\.net files)\//, 'temp-aspnet'],
  [/^(.*?\/clientaccess)\//, 'client-access'],
];

const TEMP = [
  /^(\/windows\/temp)\//,
  /^(\/users\/[^/]+\/appdata\/local\/temp)\//,
  /^(\/root)\//,
  /^(\/temp)\//,
];

/**
 * Classify a relative path. `lower` is `'/' + path.toLowerCase()`, `winKey` the Windows key of
 * the entry; folders are returned as relative paths in on-disk case.
 */
export function classifyPath(path: string, winKey: string): PathClass | null {
  const lower = '/' + path.toLowerCase();
  const disk = (end: number): string => path.slice(0, Math.max(0, end - 1));
  let m: RegExpExecArray | null;

  if (lower.endsWith('.log')) {
    const log = classifyLog(path.split('/'));
    if (log) return log;
  }
  // Event logs: EVTX, or events exported as JSON lines (Winlogbeat, SIEM exports, OTRF datasets).
  if (lower.endsWith('.evtx') || lower.endsWith('.jsonl') || lower.endsWith('.ndjson'))
    return { type: 'evtx' };
  if ((m = EXSETUP.exec(lower)))
    return { type: 'exsetup', install: path.slice(0, Math.max(0, (m[1] ?? '').length - 2)) };
  for (const [re, kind] of WEB) {
    if ((m = re.exec(lower))) return { type: 'web', kind, folder: disk(m[1]!.length) };
  }
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (base === 'web.config' || base === 'applicationhost.config') return { type: 'config' };
  if (winKey.startsWith('/programdata/'))
    return { type: 'programdata', folder: rootFolderFor(path, winKey, 1) };
  for (const re of TEMP) {
    const t = re.exec(winKey);
    if (t) return { type: 'temp', folder: rootFolderFor(path, winKey, t[1]!.split('/').length - 1) };
  }
  return null;
}

/** Exchange logs sit under `<install>/Logging/<Family>/…`; the root may itself be `Logging`. */
function classifyLog(segs: string[]): PathClass | null {
  const low = segs.map((s) => s.toLowerCase());
  const n = segs.length;
  const underLogging = (i: number): boolean => i === 0 || low[i - 1] === 'logging';
  const install = (i: number): string | null => (i >= 1 ? segs.slice(0, i - 1).join('/') : null);
  const folder = segs.slice(0, n - 1).join('/');
  for (let i = 0; i < n - 1; i++) {
    const s = low[i]!;
    if (s === 'httpproxy' && i === n - 3 && underLogging(i)) {
      return { type: 'log', kind: 'httpproxy', subkind: segs[i + 1]!, folder, install: install(i) };
    }
    if (s === 'ecp' && low[i + 1] === 'server' && i + 2 < n && underLogging(i)) {
      return { type: 'log', kind: 'ecp-server', subkind: null, folder, install: install(i) };
    }
    if (s === 'oabgeneratorlog' && underLogging(i)) {
      return { type: 'log', kind: 'oabgen', subkind: null, folder, install: install(i) };
    }
    if (RPS_FOLDERS.has(s) && underLogging(i)) {
      return {
        type: 'log',
        kind: 'rps',
        subkind: segs.slice(i, n - 1).join('/'),
        folder,
        install: install(i),
      };
    }
  }
  if (n >= 2 && W3SVC.test(low[n - 2]!)) {
    return { type: 'log', kind: 'iis', subkind: segs[n - 2]!, folder, install: null };
  }
  // Log folders can be moved (Set-*LogPath, IIS logFile directory): the file names still tell.
  const name = low[n - 1]!;
  const parent = n >= 2 ? segs[n - 2]! : null;
  if (HTTPPROXY_FILE.test(name))
    return { type: 'log', kind: 'httpproxy', subkind: parent, folder, install: null };
  if (ECP_SERVER_FILE.test(name))
    return { type: 'log', kind: 'ecp-server', subkind: null, folder, install: null };
  if (RPS_FILE.test(name)) return { type: 'log', kind: 'rps', subkind: parent, folder, install: null };
  if (IIS_FILE.test(name)) return { type: 'log', kind: 'iis', subkind: parent, folder, install: null };
  return null;
}

/** The relative folder that corresponds to the first `depth` segments of the Windows key. */
function rootFolderFor(path: string, winKey: string, depth: number): string {
  const segs = path.split('/');
  const winSegs = winKey.split('/').filter(Boolean).length;
  const prefix = segs.length - winSegs;
  return segs.slice(0, prefix + depth).join('/');
}
