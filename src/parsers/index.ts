/**
 * @module parsers
 * Streaming, byte-level parsers for the logs a hunt reads, with bounded memory and counted
 * (never thrown) parse issues.
 *
 * Exchange CSV logs (HttpProxy, ECP Server, OABGeneratorLog, CmdletInfra/RPS) and IIS W3C logs:
 * - `scanLogFile(root, entry, { kind, subkind, prefilter, onRecord, range? })` → `{ coverage,
 *   issues, issueCounts, emitted, badLines, builds, meta }`. `prefilter` is a list of literals
 *   or rules' `LineNeed`s (anchor literals, plus literal sequences checked only where an anchor
 *   is found), matched case-insensitively; data lines satisfying none are counted for coverage
 *   but never split. `NeedMatcher` is the same check over one decoded line (the rule engine uses
 *   it to pick the rules worth evaluating). `onRecord` gets a `LogRecord` valid only during the (synchronous) call
 *   (`detachRecord` keeps one). `range` scans only the lines starting in a byte range, so workers
 *   can share one big file. Field values are returned as written: CSV quotes removed and `""`
 *   undone; IIS values keep `+` for spaces and `-` for empty.
 * - `scanLog(reader, options)`: the same over any `ByteReader` (memory, stream).
 * - `logBuildOf(record)`: the Exchange build in a HttpProxy/RPS line; `result.builds` is the
 *   file's build history (when an update was installed).
 * - `sourceName(kind, subkind)`: "HttpProxy/Owa", "ECP/Server", "IIS/W3SVC1" for coverage.
 * - `logTesting` (and the top-level `generate*Log`, `writeCorpus`): deterministic generators of
 *   realistic logs with planted attack lines, and a corpus writer for benchmarks.
 *
 * Speed (one core, the 1 GB bench corpus, quiet machine): ~1 GB/s including the prefilter of 30–50
 * anchors, because the anchors are searched with the SIMD module of `literal-search/` (WebAssembly,
 * ~0.5 ns/byte with the copy into its memory) and only lines where an anchor is found are checked
 * further (see line-needs.ts). Without WebAssembly SIMD the same search falls back to one V8 regex
 * alternation, 3–6x slower. A need whose anchor is in most lines of a log (`Server~` in HttpProxy
 * Ecp) costs a byte check per line; splitting fields costs ~0.5 µs per record.
 *
 * IIS/ASP.NET configs: `parseIisConfig(text)` / `readIisConfig(root, entry)` → sites, web roots
 *   (physical paths), log folders, modules and handlers; `expandIisPath` for `%SystemDrive%` etc.
 *
 * EVTX and JSON events: `./evtx` and `./events-json`, re-exported below.
 */
export type { FileCoverage, LogKind, LogRecord, ParseIssue } from './types.js';
export type { BuildSpan, ScanOptions, ScanResult } from './scan-types.js';
export { scanLog } from './scan-log.js';
export { scanLogFile } from './scan-log-file.js';
export { detachRecord } from './line-record.js';
export { logBuildOf, type LogBuild } from './exchange-build.js';
export { compilePrefilter, type Prefilter } from './literal-prefilter.js';
export {
  instantiate,
  lazyWasmModule,
  newWasmMemory,
  WASM_PAGE,
  type WasmMemory,
} from './literal-search/index.js';
export { NeedMatcher, type LineNeed, type LiteralSeq, type PrefilterEntry } from './line-needs.js';
export { HTTPPROXY_FIELDS, ECP_SERVER_FIELDS, IIS_DEFAULT_FIELDS, IIS_LEGACY_FIELDS } from './layouts.js';
export { parseIsoTime } from './log-time.js';
export { sourceName } from './source-name.js';
export * from './evtx/index.js';
export * from './events-json/index.js';
export * from './iis-config/index.js';
export * as logTesting from './testing/index.js';
export {
  generateHttpProxyLog,
  generateIisLog,
  generateEcpServerLog,
  generateOabGenLog,
  writeCorpus,
  proxyLogonSsrf,
  proxyShellIis,
  ecpOabWebShell,
} from './testing/index.js';
