/**
 * @module detect/indicators/chirp-yaml
 * CISA CHIRP indicator files: multi-document YAML, one indicator per document with `ioc_type`
 * `network` (`indicator.ips`/`domains`, newline-separated), `yara` (`indicator.rule`, YARA
 * source) or `events`/`registry` (queries for other tools, counted as ignored here).
 */
import { createRequire } from 'node:module';
import { emptySet, type IndicatorSet, type Provenance } from './types.js';

/**
 * The YAML parser, loaded on first use: importing it costs ~60 ms, and every hunt worker imports
 * detect/ without ever reading a CHIRP file.
 */
let yamlModule: typeof import('yaml') | null = null;
const parseAllDocuments = (text: string): ReturnType<typeof import('yaml').parseAllDocuments> =>
  (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml')).parseAllDocuments(text);

function lines(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string'
    ? value
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'rule'
  );
}

export function parseChirpYaml(text: string, source: Provenance): IndicatorSet {
  const set = emptySet();
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    if (doc.errors.length > 0) {
      set.issues.push({
        origin: source.origin,
        line: null,
        message: `document ${i + 1}: ${doc.errors[0]!.message.split('\n')[0]}`,
      });
      return;
    }
    const o = doc.toJS() as Record<string, unknown> | null;
    if (!o || typeof o !== 'object') return;
    const name = String(o.name ?? `document ${i + 1}`);
    const type = String(o.ioc_type ?? '').toLowerCase();
    const ind = (o.indicator ?? {}) as Record<string, unknown>;
    if (type === 'network') {
      for (const ip of lines(ind.ips))
        set.network.push({ value: ip.toLowerCase(), kind: 'ip', comment: name, source });
      for (const d of lines(ind.domains))
        set.network.push({ value: d.toLowerCase(), kind: 'domain', comment: name, source });
    } else if (type === 'yara' && typeof ind.rule === 'string') {
      set.yara.push({
        origin: `${source.origin}#${i + 1}`,
        namespace: `${source.id}/${slug(name)}`,
        text: ind.rule,
      });
    } else {
      set.ignored[`chirp:${type || 'unknown'}`] = (set.ignored[`chirp:${type || 'unknown'}`] ?? 0) + 1;
    }
  });
  return set;
}
