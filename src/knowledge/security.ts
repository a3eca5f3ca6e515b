/**
 * @module knowledge/security
 * Which update fixes which CVE on which product (data/knowledge/security.json), resolved against
 * the catalogue into concrete fixing releases per line.
 */
import { catalogue, type CatalogueRelease } from './catalogue.js';
import { readKnowledgeJson } from './data-files.js';
import type { CveId, Product } from './types.js';

export interface CveInfo {
  id: CveId;
  title: string | null;
  campaign: string | null;
  /** product → update name (as in builds.csv `update`). */
  fixedBy: Partial<Record<Product, string>>;
  notAffected: Partial<Record<Product, string>>;
  /** A configuration the fix depends on (Extended Protection, no disabling override …). */
  requires: string | null;
  note: string | null;
}

interface SecurityFile {
  listsAffectedProducts: Product[];
  cves: Record<
    string,
    {
      fixedBy: Partial<Record<Product, string>>;
      notAffected?: Partial<Record<Product, string>>;
      title?: string;
      campaign?: string;
      requires?: string;
      note?: string;
    }
  >;
  partialUpdates: {
    update: string;
    lines: Partial<Record<Product, string[]>>;
    fixes: string[];
    reason: string;
  }[];
  updates: Record<string, { kb: string; date: string; product?: Product }>;
}

export interface SecurityKnowledge {
  cves: readonly CveInfo[];
  byId: ReadonlyMap<CveId, CveInfo>;
  /** The catalogue releases that fix a CVE (every product), oldest first. */
  fixesOf(cve: CveId): readonly CatalogueRelease[];
  /** CVEs a given release fixes (by its update name on its product and line). */
  cvesFixedBy(release: CatalogueRelease): CveId[];
  kbOf(update: string): string | null;
  /** Products whose absence from a CVE's fixedBy means "not affected" (complete data). */
  listsAffected: ReadonlySet<Product>;
}

let cached: SecurityKnowledge | null = null;

export function security(): SecurityKnowledge {
  if (cached) return cached;
  const file = readKnowledgeJson<SecurityFile>('security.json');
  const cves: CveInfo[] = Object.entries(file.cves).map(([id, c]) => ({
    id,
    title: c.title ?? null,
    campaign: c.campaign ?? null,
    fixedBy: c.fixedBy,
    notAffected: c.notAffected ?? {},
    requires: c.requires ?? null,
    note: c.note ?? null,
  }));
  const excluded = (r: CatalogueRelease, cve: CveId) =>
    file.partialUpdates.some(
      (p) => p.update === r.update && (p.lines[r.product] ?? []).includes(r.cu) && !p.fixes.includes(cve),
    );
  const fixes = new Map<CveId, CatalogueRelease[]>();
  const fixedByRelease = new Map<CatalogueRelease, CveId[]>();
  for (const c of cves) {
    const list = catalogue().releases.filter(
      (r) => r.update !== null && c.fixedBy[r.product] === r.update && !excluded(r, c.id),
    );
    fixes.set(c.id, list);
    for (const r of list) fixedByRelease.set(r, [...(fixedByRelease.get(r) ?? []), c.id]);
  }
  cached = {
    cves,
    byId: new Map(cves.map((c) => [c.id, c])),
    fixesOf: (id) => fixes.get(id) ?? [],
    cvesFixedBy: (r) => fixedByRelease.get(r) ?? [],
    kbOf: (u) => file.updates[u]?.kb ?? null,
    listsAffected: new Set(file.listsAffectedProducts),
  };
  return cached;
}
