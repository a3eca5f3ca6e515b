/**
 * @module detect/indicators/stix-bundle
 * STIX 2.1 bundles: `indicator` objects with `pattern_type` `stix` (comparison expressions such
 * as `[file:hashes.'SHA-256' = '…']`, `[file:name = '…']`, `[ipv4-addr:value = '…']`,
 * `[domain-name:value = '…']`, `[url:value = '…']`, joined by OR/AND) or `yara` (the pattern is
 * YARA source). Other observables are counted as ignored, never silently dropped.
 */
import { hashAlgo } from './hash-algo.js';
import { emptySet, type IndicatorSet, type Provenance } from './types.js';

const COMPARISON = /([a-z0-9-]+):([A-Za-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'/g;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function parseStixBundle(text: string, source: Provenance): IndicatorSet {
  const set = emptySet();
  let doc: { type?: string; objects?: unknown[] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (err) {
    set.issues.push({ origin: source.origin, line: null, message: `not JSON: ${(err as Error).message}` });
    return set;
  }
  if (doc?.type !== 'bundle' || !Array.isArray(doc.objects)) {
    set.issues.push({
      origin: source.origin,
      line: null,
      message: 'not a STIX 2.1 bundle (type "bundle" with objects[])',
    });
    return set;
  }
  doc.objects.forEach((obj, i) => {
    const o = obj as Record<string, unknown>;
    if (o.type !== 'indicator') return;
    const name = String(o.name ?? o.id ?? `indicator ${i + 1}`);
    const pattern = String(o.pattern ?? '');
    const ptype = String(o.pattern_type ?? 'stix');
    if (ptype === 'yara') {
      set.yara.push({
        origin: `${source.origin}#${String(o.id ?? i)}`,
        namespace: `${source.id}/${i}`,
        text: pattern,
      });
      return;
    }
    if (ptype !== 'stix') {
      set.ignored[`stix:${ptype}`] = (set.ignored[`stix:${ptype}`] ?? 0) + 1;
      return;
    }
    let used = 0;
    for (const m of pattern.matchAll(COMPARISON)) {
      const [, object, prop, raw] = m;
      const value = raw!.replace(/\\(.)/g, '$1');
      if (object === 'file' && prop!.startsWith('hashes.')) {
        const algo = hashAlgo(value);
        if (algo) set.hashes.push({ hash: value.toLowerCase(), algo, comment: name, score: 100, source });
        else
          set.issues.push({
            origin: source.origin,
            line: null,
            message: `${name}: bad hash "${value.slice(0, 80)}"`,
          });
      } else if (object === 'file' && prop === 'name') {
        set.paths.push({
          pattern: new RegExp(`(^|\\\\)${escapeRegex(value)}$`, 'i'),
          on: 'windows-path',
          falsePositive: null,
          score: 80,
          comment: name,
          source,
        });
      } else if (object === 'ipv4-addr' || object === 'ipv6-addr') {
        set.network.push({ value: value.toLowerCase(), kind: 'ip', comment: name, source });
      } else if (object === 'domain-name') {
        set.network.push({ value: value.toLowerCase(), kind: 'domain', comment: name, source });
      } else if (object === 'url') {
        set.network.push({ value, kind: 'url', comment: name, source });
      } else {
        set.ignored[`stix:${object}:${prop}`] = (set.ignored[`stix:${object}:${prop}`] ?? 0) + 1;
        continue;
      }
      used++;
    }
    if (used === 0 && !/\[/.test(pattern)) {
      set.issues.push({ origin: source.origin, line: null, message: `${name}: pattern not understood` });
    }
  });
  return set;
}
