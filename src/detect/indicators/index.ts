/**
 * @module detect/indicators
 * Indicators of compromise: importers (YARA, LOKI lists, MSTIC CSV/JSON, CHIRP YAML, STIX 2.1),
 * the local rule pack with provenance, and the index the file scan queries.
 */
export type {
  HashAlgo,
  HashIndicator,
  IndicatorSet,
  IntelFormat,
  IntelIssue,
  NetIndicator,
  PathIndicator,
  Provenance,
} from './types.js';
export { emptySet, mergeSets } from './types.js';
export { parseIntel, defaultProvenance } from './parse-intel.js';
export { classifyIntel, formatOf, type IntelFile } from './classify-intel.js';
export {
  defaultIntelDir,
  importIntel,
  loadPacks,
  removePack,
  type ImportOptions,
  type ImportResult,
  type LoadedPacks,
  type PackFile,
  type PackManifest,
} from './rule-pack.js';
export { IndicatorIndex, type PathHit } from './indicator-index.js';
export { toWindowsPath, pathKey } from './windows-path.js';
export { loadBuiltinIndicators } from './builtin-indicators.js';
