/**
 * @module detect/files/rule-catalogue
 * Loads everything the file hunt matches with — exhunt's rules/yara and rules/indicators, extra
 * YARA paths, the local rule packs — and keeps, per YARA rule, the meta and provenance a finding
 * must carry (DRL 1.1: the rule's author in every message).
 */
import { fileURLToPath } from 'node:url';
import {
  loadBuiltinIndicators,
  loadPacks,
  mergeSets,
  emptySet,
  type IndicatorSet,
  type PackManifest,
} from '../indicators/index.js';
import { loadRuleSources, readRuleInfo, type MetaValue, type RuleSource } from '../yara/index.js';
import type { FileScanIssue } from './types.js';

export const BUILTIN_YARA_DIR = fileURLToPath(new URL('../../../rules/yara', import.meta.url));

export interface RuleAttribution {
  meta: Record<string, MetaValue>;
  tags: string[];
  author: string;
  licence: string;
  reference: string;
}

export interface Catalogue {
  sources: RuleSource[];
  indicators: IndicatorSet;
  /** `${namespace}\0${rule}` → meta and attribution. */
  rules: Map<string, RuleAttribution>;
  packs: PackManifest[];
  issues: FileScanIssue[];
}

export interface CatalogueOptions {
  builtin?: boolean;
  rules?: string[];
  intelDir?: string | null;
}

export async function loadCatalogue(options: CatalogueOptions): Promise<Catalogue> {
  const issues: FileScanIssue[] = [];
  const sources: RuleSource[] = [];
  const origin = new Map<string, { author: string; licence: string; reference: string }>();
  const indicators = emptySet();
  const add = (list: RuleSource[], prov: { author: string; licence: string; reference: string }) => {
    for (const s of list) origin.set(s.namespace, prov);
    sources.push(...list);
  };
  if (options.builtin !== false) {
    const own = await loadRuleSources([BUILTIN_YARA_DIR], 'exhunt/');
    add(own.sources, { author: 'exhunt project', licence: 'Apache-2.0', reference: '' });
    for (const i of own.issues) issues.push({ path: i.origin, kind: 'rule', message: i.message });
    mergeSets(indicators, await loadBuiltinIndicators());
  }
  if (options.rules?.length) {
    const user = await loadRuleSources(options.rules, 'user/');
    add(user.sources, { author: 'unknown', licence: 'unknown', reference: '' });
    for (const i of user.issues) issues.push({ path: i.origin, kind: 'rule', message: i.message });
  }
  let packs: PackManifest[] = [];
  if (options.intelDir) {
    const loaded = await loadPacks(options.intelDir);
    packs = loaded.packs;
    for (const s of loaded.set.yara) {
      const m = packs.find((p) => s.namespace.startsWith(`${p.id}/`));
      add([s], {
        author: m?.author ?? 'unknown',
        licence: m?.licence ?? 'unknown',
        reference: m?.reference ?? '',
      });
    }
    loaded.set.yara = [];
    mergeSets(indicators, loaded.set);
  }
  for (const i of indicators.issues)
    issues.push({
      path: i.origin,
      kind: 'intel',
      message: `${i.line ? `line ${i.line}: ` : ''}${i.message}`,
    });
  indicators.issues = [];
  const rules = new Map<string, RuleAttribution>();
  for (const s of sources) {
    const prov = origin.get(s.namespace)!;
    for (const r of readRuleInfo(s.text)) {
      const str = (k: string) => (typeof r.meta[k] === 'string' ? (r.meta[k] as string) : undefined);
      rules.set(`${s.namespace}\0${r.name}`, {
        meta: r.meta,
        tags: r.tags,
        author: str('author') ?? prov.author,
        licence: str('license') ?? str('licence') ?? prov.licence,
        reference: str('reference') ?? prov.reference,
      });
    }
  }
  return { sources, indicators, rules, packs, issues };
}
