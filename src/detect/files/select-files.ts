/**
 * @module detect/files/select-files
 * Which files the file hunt reads: by default the places where attackers left files on Exchange
 * servers (web roots, aspnet_client, FrontEnd auth folders, ClientAccess, Temporary ASP.NET Files,
 * ProgramData, Windows\Temp, C:\root, user temp folders, IIS/ASP.NET configs) as `locate` found
 * them; with `full`, every file of the root.
 */
import type { EvidenceEntry, EvidenceIssue, EvidenceRoot, Located } from '../../evidence/index.js';

/** @param onEntry called for each entry as the walk finds it (the scan starts before it ends). */
export async function selectFiles(
  root: EvidenceRoot,
  layout: Located,
  full: boolean,
  onEntry: (e: EvidenceEntry) => void = () => undefined,
): Promise<{ entries: EvidenceEntry[]; issues: EvidenceIssue[] }> {
  if (full) {
    const entries: EvidenceEntry[] = [];
    const issues: EvidenceIssue[] = [];
    for await (const e of root.walk({ onIssue: (i) => issues.push(i) })) {
      entries.push(e);
      onEntry(e);
    }
    return { entries, issues };
  }
  const seen = new Map<string, EvidenceEntry>();
  const groups = [...layout.webRoots, ...layout.programData, ...layout.temp];
  for (const g of groups) for (const e of g.files) seen.set(e.path, e);
  for (const e of layout.configs) seen.set(e.path, e);
  const entries = [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const e of entries) onEntry(e);
  // The walk's issues were already counted by locate; they are reported once, by the caller.
  return { entries, issues: [] };
}

/** `C:\…` form of an entry (drive C when the layout does not reveal one). */
export function windowsPathOf(e: EvidenceEntry): string {
  return `${e.windows.drive ?? 'C'}:${e.windows.path}`;
}
