/**
 * @module detect/indicators/types
 * Indicators of compromise as exhunt holds them after import: file hashes, path/name patterns,
 * network values and YARA sources, each tied to the provenance it came from (so a finding can
 * name its source, author and licence).
 */
import type { RuleSource } from '../yara/index.js';

export type HashAlgo = 'md5' | 'sha1' | 'sha256';

/** Where a set of indicators came from. */
export interface Provenance {
  /** Short id of the source inside a pack, e.g. "signature-base/hash-iocs". */
  id: string;
  format: IntelFormat;
  /** The file the indicators were read from (as given at import). */
  origin: string;
  author: string;
  licence: string;
  reference: string;
}

export type IntelFormat =
  | 'yara'
  | 'loki-hash'
  | 'loki-filename'
  | 'loki-c2'
  | 'mstic-csv'
  | 'mstic-json'
  | 'chirp-yaml'
  | 'stix-bundle'
  | 'ip-list'
  | 'exhunt-paths';

export interface HashIndicator {
  /** Lower-case hex. */
  hash: string;
  algo: HashAlgo;
  comment: string;
  score: number;
  source: Provenance;
}

export interface PathIndicator {
  /**
   * Tested against the Windows form of the evidence path (`C:\inetpub\…`) when `on` is
   * `windows-path`, or against its `pathKey` (lower case, no drive, Exchange root as
   * `<exchange>`) when `path-key`.
   */
  pattern: RegExp;
  on: 'windows-path' | 'path-key';
  /** A path that also matches this is a known false positive (LOKI's third column). */
  falsePositive: RegExp | null;
  score: number;
  comment: string;
  source: Provenance;
}

export interface NetIndicator {
  value: string;
  kind: 'ip' | 'domain' | 'url';
  comment: string;
  source: Provenance;
}

/** A counted problem with one line or file of intel: the rest still loads. */
export interface IntelIssue {
  origin: string;
  line: number | null;
  message: string;
}

export interface IndicatorSet {
  hashes: HashIndicator[];
  paths: PathIndicator[];
  network: NetIndicator[];
  yara: RuleSource[];
  /** Indicator kinds read but not usable in a file hunt (event queries …), by kind. */
  ignored: Record<string, number>;
  issues: IntelIssue[];
}

export function emptySet(): IndicatorSet {
  return { hashes: [], paths: [], network: [], yara: [], ignored: {}, issues: [] };
}

/** Appends `b` into `a` (returns `a`). */
export function mergeSets(a: IndicatorSet, b: IndicatorSet): IndicatorSet {
  a.hashes.push(...b.hashes);
  a.paths.push(...b.paths);
  a.network.push(...b.network);
  a.yara.push(...b.yara);
  a.issues.push(...b.issues);
  for (const [k, v] of Object.entries(b.ignored)) a.ignored[k] = (a.ignored[k] ?? 0) + v;
  return a;
}
