/**
 * @module evidence/locate
 * `locate(root)`: one walk of the evidence root that finds what the hunt reads — Exchange
 * installs (any drive, V14/V15, custom paths, found by their Logging structure or Bin/ExSetup.exe),
 * log files grouped by family and folder, IIS W3SVC logs, event logs, web roots, ProgramData,
 * temp folders and IIS/ASP.NET configs — plus every issue met on the way.
 */
import { classifyPath, type LocatedLogKind, type WebRootKind } from './classify-path.js';
import type { EvidenceEntry, EvidenceIssue, EvidenceRoot } from './types.js';
import { windowsView } from './windows-path.js';
import { ordinal } from './code-unit-order.js';

export interface ExchangeInstall {
  /** Relative folder of the install ("" when the root is the install folder). */
  path: string;
  /** Windows path of the install (`\Program Files\Microsoft\Exchange Server\V15`) and drive. */
  windows: string;
  drive: string | null;
  /** From the folder name (`V14`, `V15`), else null. */
  version: 'V14' | 'V15' | null;
  /** Whether its Logging folder was seen (a copy may hold only Bin/ or only logs). */
  hasLogs: boolean;
}

/** Log files of one family in one folder, sorted by name (rotation order). */
export interface LogFileGroup {
  kind: LocatedLogKind;
  /** HttpProxy protocol folder ("Owa", "Ecp" …), RPS sub-path, IIS site folder ("W3SVC1"), or null. */
  subkind: string | null;
  folder: string;
  /** Relative install folder the logs belong to, or null (IIS, or the root is a Logging folder). */
  install: string | null;
  files: EvidenceEntry[];
  bytes: number;
}

export interface FileGroup<K extends string = string> {
  kind: K;
  folder: string;
  files: EvidenceEntry[];
}

export interface Located {
  installs: ExchangeInstall[];
  logs: LogFileGroup[];
  eventLogs: EvidenceEntry[];
  webRoots: FileGroup<WebRootKind>[];
  programData: FileGroup<'programdata'>[];
  temp: FileGroup<'temp'>[];
  configs: EvidenceEntry[];
  /** Every file seen, and their total size. */
  files: number;
  bytes: number;
  issues: EvidenceIssue[];
}

export interface LocateOptions {
  /** Keep at most this many issues in `issues` (all are still passed to onIssue). Default 10,000. */
  maxIssues?: number;
  onIssue?: (issue: EvidenceIssue) => void;
}

/** Walk the root once and sort what matters to a hunt. */
export async function locate(root: EvidenceRoot, options: LocateOptions = {}): Promise<Located> {
  const maxIssues = options.maxIssues ?? 10_000;
  const issues: EvidenceIssue[] = [];
  const installs = new Map<string, ExchangeInstall>();
  const logs = new Map<string, LogFileGroup>();
  const groups = new Map<string, FileGroup>();
  const out: Located = {
    installs: [],
    logs: [],
    eventLogs: [],
    webRoots: [],
    programData: [],
    temp: [],
    configs: [],
    files: 0,
    bytes: 0,
    issues,
  };
  const onIssue = (issue: EvidenceIssue): void => {
    if (issues.length < maxIssues) issues.push(issue);
    options.onIssue?.(issue);
  };
  const addInstall = (path: string, hasLogs: boolean): void => {
    const existing = installs.get(path.toLowerCase());
    if (existing) {
      existing.hasLogs ||= hasLogs;
      return;
    }
    installs.set(path.toLowerCase(), describeInstall(path, hasLogs));
  };
  const addToGroup = (kind: string, folder: string, entry: EvidenceEntry): FileGroup => {
    const key = `${kind}\0${folder.toLowerCase()}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind, folder, files: [] }));
    g.files.push(entry);
    return g;
  };

  // Velociraptor can collect one file twice (`uploads/auto/C%3A/…` and `uploads/ntfs/…`): the
  // same Windows file must not be hunted twice.
  const seen = new Map<string, string>();
  for await (const entry of root.walk({ onIssue })) {
    out.files++;
    out.bytes += entry.size;
    if (entry.windows.drive !== null) {
      const id = `${entry.windows.drive}:${entry.windows.key}`;
      const first = seen.get(id);
      if (first !== undefined) {
        onIssue({ path: entry.path, kind: 'duplicate', message: `same Windows file as "${first}": skipped` });
        continue;
      }
      seen.set(id, entry.path);
    }
    const c = classifyPath(entry.path, entry.windows.key);
    if (!c) continue;
    switch (c.type) {
      case 'log': {
        const key = `${c.kind}\0${c.folder.toLowerCase()}`;
        let g = logs.get(key);
        if (!g) {
          g = { kind: c.kind, subkind: c.subkind, folder: c.folder, install: c.install, files: [], bytes: 0 };
          logs.set(key, g);
        }
        g.files.push(entry);
        g.bytes += entry.size;
        if (c.install !== null) addInstall(c.install, true);
        break;
      }
      case 'exsetup':
        addInstall(c.install, false);
        break;
      case 'evtx':
        out.eventLogs.push(entry);
        break;
      case 'config':
        out.configs.push(entry);
        break;
      case 'web':
        addToGroup(c.kind, c.folder, entry);
        break;
      case 'programdata':
      case 'temp':
        addToGroup(c.type, c.folder, entry);
        break;
    }
  }

  out.installs = [...installs.values()].sort((a, b) => ordinal(a.path, b.path));
  out.logs = [...logs.values()].sort((a, b) => ordinal(a.kind, b.kind) || ordinal(a.folder, b.folder));
  for (const g of out.logs) g.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const g of groups.values()) {
    if (g.kind === 'programdata') out.programData.push(g as FileGroup<'programdata'>);
    else if (g.kind === 'temp') out.temp.push(g as FileGroup<'temp'>);
    else out.webRoots.push(g as FileGroup<WebRootKind>);
  }
  return out;
}

function describeInstall(path: string, hasLogs: boolean): ExchangeInstall {
  const segs = path.split('/');
  const last = (segs[segs.length - 1] ?? '').toUpperCase();
  const version = last === 'V14' || last === 'V15' ? last : null;
  // Reuse the entry-level Windows view on a synthetic child path to get drive and path.
  const probe = windowsViewOfFolder(path);
  return { path, windows: probe.path, drive: probe.drive, version, hasLogs };
}

function windowsViewOfFolder(path: string): { drive: string | null; path: string } {
  const v = windowsView(path ? `${path}/x` : 'x');
  return { drive: v.drive, path: v.path.slice(0, -2) || '\\' };
}
