/**
 * @module knowledge/types
 * The vocabulary of exhunt's knowledge of Exchange: builds, releases, security updates,
 * vulnerability statuses and campaigns. Pure data types; no I/O.
 */

/** Exchange product lines exhunt knows. `SE` is Exchange Server Subscription Edition (15.2 ≥ 2562). */
export type Product = '2010' | '2013' | '2016' | '2019' | 'SE';

/** How much of a build an observation revealed (DESIGN.md "Say how you know"). */
export type BuildPrecision = 'exact' | 'cu' | 'unknown';

/** Per-CVE status. `mitigated` is only ever set by probe/hunt evidence, never by a build alone. */
export type VulnStatus = 'vulnerable' | 'patched' | 'mitigated' | 'not-affected' | 'unknown';

/** A parsed 4-part build (a CU-precision build has `revision: null`). */
export interface Build {
  major: number;
  minor: number;
  build: number;
  revision: number | null;
}

/** Kind of a catalogue release. */
export type ReleaseKind = 'RTM' | 'SP' | 'RU' | 'CU' | 'SU' | 'HU';

/** One row of the build catalogue (data/knowledge/builds.csv). */
export interface Release {
  product: Product;
  /** Microsoft's name, e.g. "Exchange Server 2019 CU12 Nov22SU". */
  name: string;
  kind: ReleaseKind;
  /** The CU (or SP/RTM) line this release belongs to, e.g. "CU12", "SP3", "RTM". */
  cu: string;
  /** The update on top of the CU line, e.g. "Nov22SU", "RU32", "Apr24HU", or null for the CU itself. */
  update: string | null;
  /** ISO date (YYYY-MM-DD) or null when Microsoft never published one. */
  date: string | null;
  build: string;
  buildLong: string;
}

/** A CVE id such as "CVE-2021-26855" (or an advisory id such as "ADV190018"). */
export type CveId = string;

/** Result of parsing a build string: errors are values (bad input is data, not a bug). */
export type BuildParse =
  | { ok: true; build: Build; precision: BuildPrecision; text: string }
  | { ok: false; error: string; text: string };

/** A security update (SU/HU/RU) that a server lacks, with what it fixes. */
export interface MissingUpdate {
  name: string;
  build: string;
  date: string | null;
  cves: CveId[];
}

/** What `assessBuild` says about one build. */
export interface BuildAssessment {
  /** The build as given, normalised to dotted short form ("15.1.2176.2" or "15.1.2176" for CU precision). */
  build: string;
  precision: BuildPrecision;
  product: Product;
  /** e.g. "CU19"; null when the build is older than every CU line known. */
  cu: string | null;
  /** The update name when the build is exactly a catalogued SU/HU/RU, else null. */
  update: string | null;
  /** Catalogue name of the exact release, or of the CU line at CU precision. */
  name: string | null;
  releaseDate: string | null;
  /** Whether the build exactly matches a catalogue row. */
  known: boolean;
  /** The build is newer than anything in the catalogue for its product: statuses are inferred, see notes. */
  newerThanCatalogue: boolean;
  /** Whether the CU line is still supported (gets security updates) at the catalogue's date. */
  supported: boolean;
  vulnerabilities: Record<CveId, VulnStatus>;
  /** Security updates for this CU line newer than the build, oldest first. */
  missingUpdates: MissingUpdate[];
  /** The update to install next (newest SU for this CU line, or the CU to move to), null if up to date. */
  latest: { name: string; build: string; date: string | null } | null;
  /** Human notes about the reasoning (precision caveats, catalogue age …). */
  notes: string[];
}

/** A mass-exploited family with its exposure window. Dates are ISO (YYYY-MM-DD). */
export interface Campaign {
  id: string;
  name: string;
  cves: CveId[];
  /** First exploitation seen in the wild: the start of the exposure window. */
  firstExploited: string;
  disclosed: string;
  /** Date the fixing security update shipped. */
  patched: string;
  /** Mitigations that apply (id → description). */
  mitigations: { id: string; title: string; cves: CveId[] }[];
  references: string[];
}
