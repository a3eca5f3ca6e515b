/**
 * @module scripts/hunt/generate-examples
 * Writes examples/evidence/<scenario>/ for every scenario (see example-evidence.ts). Run with
 * `npx tsx scripts/hunt/generate-examples.ts [outDir] [--scale n]`; the output is committed, and
 * a test checks it is what this script writes.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { SCENARIOS, writeScenario } from './example-evidence.js';

const args = process.argv.slice(2);
const scaleAt = args.indexOf('--scale');
const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
const out =
  args.find((a, i) => !a.startsWith('--') && (scaleAt < 0 || i !== scaleAt + 1)) ?? 'examples/evidence';
for (const s of SCENARIOS) {
  const dir = path.join(out, s);
  rmSync(dir, { recursive: true, force: true });
  const files = writeScenario(dir, s, { scale });
  process.stdout.write(`${dir}: ${files.length} files\n`);
}
