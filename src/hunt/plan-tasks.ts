/**
 * @module hunt/plan-tasks
 * From what `locate` found to the list of files to scan, largest first (so the last file to
 * finish is a small one and both cores stay busy to the end).
 */
import { ordinal, type Located } from '../evidence/index.js';
import type { HuntTask } from './scan-task.js';

export function planTasks(found: Located): HuntTask[] {
  const tasks: Omit<HuntTask, 'id'>[] = [];
  for (const group of found.logs) {
    for (const f of group.files)
      tasks.push({ path: f.path, kind: group.kind, subkind: group.subkind, bytes: f.size });
  }
  for (const f of found.eventLogs) {
    if (/\.evtx$/i.test(f.path)) tasks.push({ path: f.path, kind: 'evtx', subkind: null, bytes: f.size });
    else if (/\.(jsonl|ndjson)$/i.test(f.path))
      tasks.push({ path: f.path, kind: 'events-json', subkind: null, bytes: f.size });
  }
  tasks.sort((a, b) => b.bytes - a.bytes || ordinal(a.path, b.path));
  return tasks.map((t, id) => ({ ...t, id }));
}
