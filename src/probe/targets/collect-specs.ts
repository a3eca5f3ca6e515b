/**
 * @module probe/targets/collect-specs
 * Command-line words and target files (or stdin) → one lazy stream of specs, in the order given.
 * Bad words become problems (a caller decides whether that is fatal); nothing is buffered.
 */
import { parseTarget, type TargetSpec } from './parse-target.js';
import { readTargetFile, type SourceProblem } from './read-target-source.js';

export async function* collectSpecs(
  words: string[],
  files: string[],
  onProblem: (p: SourceProblem) => void,
): AsyncGenerator<TargetSpec> {
  for (const [i, w] of words.entries()) {
    const r = parseTarget(w);
    if (r.ok) yield r.spec;
    else onProblem({ source: 'arguments', line: i + 1, error: r.error, text: r.text });
  }
  for (const f of files) yield* readTargetFile(f, onProblem);
}

/** Skips targets whose id is in `done` (resume); the set holds ids only. */
export async function* skipDone<T extends { id: string }>(
  items: AsyncIterable<T>,
  done: ReadonlySet<string>,
): AsyncGenerator<T> {
  for await (const t of items) if (!done.has(t.id)) yield t;
}
