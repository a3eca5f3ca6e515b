/**
 * @module detect/indicators/builtin-indicators
 * The indicators exhunt ships under `rules/indicators/`: our own path patterns and the MSTIC
 * feed (MIT). Loaded with the same parsers as imported intel, with fixed provenance.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyIntel } from './classify-intel.js';
import { defaultProvenance, parseIntel } from './parse-intel.js';
import { emptySet, mergeSets, type IndicatorSet } from './types.js';

export const BUILTIN_INDICATORS_DIR = fileURLToPath(new URL('../../../rules/indicators', import.meta.url));

export async function loadBuiltinIndicators(dir = BUILTIN_INDICATORS_DIR): Promise<IndicatorSet> {
  const set = emptySet();
  const { files, issues } = await classifyIntel(dir);
  for (const i of issues) if (!/\.md$/i.test(i.origin)) set.issues.push(i);
  for (const f of files) {
    const rel = path.relative(dir, f.path).split(path.sep).join('/');
    const ours = !rel.startsWith('mstic/');
    const prov = ours
      ? { author: 'exhunt project', licence: 'Apache-2.0', reference: 'rules/indicators/README.md' }
      : defaultProvenance(f.format, '');
    const text = await readFile(f.path, 'utf8');
    const format = f.format === 'mstic-hash-map' ? 'mstic-csv' : f.format;
    mergeSets(
      set,
      parseIntel(text, f.format, {
        id: `exhunt/${rel.replace(/\.[^.]+$/, '')}`,
        format,
        origin: `rules/indicators/${rel}`,
        ...prov,
      }),
    );
  }
  return set;
}
