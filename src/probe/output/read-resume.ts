/**
 * @module probe/output/read-resume
 * `--resume`: the targets already present in a partial output file (jsonl, json or csv written by
 * exhunt, possibly cut mid-line by a crash). The last, possibly torn, line is ignored; unreadable
 * lines are counted. Only target ids are kept in memory.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ResumeState {
  done: Set<string>;
  badLines: number;
}

function targetOf(line: string): string | null {
  const t = line.trim().replace(/^,/, '');
  if (t.startsWith('{')) {
    try {
      const v = (JSON.parse(t) as { target?: unknown }).target;
      return typeof v === 'string' ? v : null;
    } catch {
      return null;
    }
  }
  // CSV written by exhunt: the first cell is the target (quoted if it had special characters).
  const m = /^"((?:[^"]|"")*)"|^([^,]*)/.exec(t);
  const v = m ? (m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? '')) : '';
  return v && v !== 'target' ? v : null;
}

export async function readResume(path: string): Promise<ResumeState> {
  const done = new Set<string>();
  let badLines = 0;
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let prev: string | null = null;
  const take = (line: string): void => {
    const t = line.trim();
    if (t === '' || t === '[' || t === ']') return;
    const id = targetOf(t);
    if (id) done.add(id);
    else badLines++;
  };
  for await (const line of rl) {
    if (prev !== null) take(prev);
    prev = line;
  }
  // The last line may be torn by the crash that made the resume necessary: use it only if whole.
  if (prev !== null && (prev.trim().endsWith('}') || !prev.trim().startsWith('{'))) take(prev);
  return { done, badLines };
}
