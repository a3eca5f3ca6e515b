/**
 * @module knowledge/catalogue
 * The build catalogue (data/knowledge/builds.csv) loaded once, with the lookups assessment needs:
 * exact release by build, the CU line a build belongs to, and a product's newest release.
 *
 * A "line" is what a server can receive updates on: a CU (or SP/RTM) for 2013+, where every SU
 * keeps the CU's build number and only raises the revision; for Exchange 2010 the line is the
 * service pack, and each rollup has its own build number.
 */
import { parseCsvTable } from './csv-table.js';
import { readKnowledgeText } from './data-files.js';
import { compareBuilds, mustParseBuild } from './build-parse.js';
import type { Build, Product, Release, ReleaseKind } from './types.js';

export interface CatalogueRelease extends Release {
  parsed: Build;
  source: string;
}

export interface Catalogue {
  releases: readonly CatalogueRelease[];
  byBuild: ReadonlyMap<string, CatalogueRelease>;
  ofProduct(product: Product): readonly CatalogueRelease[];
}

let cached: Catalogue | null = null;

export function catalogue(): Catalogue {
  if (cached) return cached;
  const rows = parseCsvTable(readKnowledgeText('builds.csv'));
  const releases: CatalogueRelease[] = rows.map((r) => ({
    product: r.product as Product,
    name: r.name!,
    kind: r.kind as ReleaseKind,
    cu: r.cu!,
    update: r.update === '' ? null : r.update!,
    date: r.date === '' ? null : r.date!,
    build: r.build!,
    buildLong: r.build_long!,
    parsed: mustParseBuild(r.build!),
    source: r.source!,
  }));
  releases.sort((a, b) => compareBuilds(a.parsed, b.parsed));
  const byProduct = new Map<Product, CatalogueRelease[]>();
  for (const r of releases) {
    const list = byProduct.get(r.product);
    if (list) list.push(r);
    else byProduct.set(r.product, [r]);
  }
  cached = {
    releases,
    byBuild: new Map(releases.map((r) => [r.build, r])),
    ofProduct: (p) => byProduct.get(p) ?? [],
  };
  return cached;
}

/** Every catalogued release, oldest first (e.g. for the lab to serve any build). */
export function allReleases(): readonly Release[] {
  return catalogue().releases;
}

export function releasesOf(product: Product): readonly Release[] {
  return catalogue().ofProduct(product);
}

/** Same line: same product and CU, and for 2013+ the same build number. */
export function sameLine(a: CatalogueRelease, b: { product: Product; cu: string; parsed: Build }): boolean {
  if (a.product !== b.product || a.cu !== b.cu) return false;
  return a.product === '2010' || a.parsed.build === b.parsed.build;
}

/**
 * The catalogue line of a build: the releases sharing its build number (2013+), or its service
 * pack (2010, by minor version). Returns the line's releases, oldest first, or [] if unknown.
 */
export function lineReleases(product: Product, b: Build): CatalogueRelease[] {
  const all = catalogue().ofProduct(product);
  if (product === '2010') {
    const sp = all.filter((r) => r.parsed.minor === b.minor);
    const base = sp.find((r) => r.update === null && r.parsed.minor === b.minor);
    const cu = base?.cu ?? sp[0]?.cu;
    return sp.filter((r) => r.cu === cu);
  }
  const group = all.filter((r) => r.parsed.build === b.build);
  if (group.length === 0) return [];
  // 2016 Preview and RTM share build number 225: pick the line of the nearest release below.
  const lines = [...new Set(group.map((r) => r.cu))];
  if (lines.length === 1) return group;
  const exact = b.revision === null ? undefined : group.filter((r) => compareBuilds(r.parsed, b) <= 0).at(-1);
  const cu = exact?.cu ?? group.find((r) => r.cu !== 'Preview')?.cu ?? lines[0];
  return group.filter((r) => r.cu === cu);
}

export function newestOf(product: Product): CatalogueRelease | undefined {
  return catalogue().ofProduct(product).at(-1);
}
