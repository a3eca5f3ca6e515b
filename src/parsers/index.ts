/**
 * @module parsers
 * Streaming, byte-level parsers for the logs a hunt reads, with bounded memory and counted
 * (never thrown) parse issues.
 *
 * Exchange CSV logs (HttpProxy, ECP Server, OABGeneratorLog, CmdletInfra/RPS) and IIS W3C logs:
 * - `scanLogFile(root, entry, { kind, subkind, prefilter, onRecord })` → `{ coverage, issues,
 *   emitted, badLines, builds, meta }`. `prefilter` is a list of ASCII literals matched
 *   case-insensitively; data lines with none of them are counted for coverage but never split.
 *   `onRecord` gets a `LogRecord` valid only during the call (`detachRecord` keeps one).
 * - `scanLog(reader, options)`: the same over any `ByteReader` (memory, stream).
 * - `logBuildOf(record)`: the Exchange build in a HttpProxy/RPS line; `result.builds` is the
 *   file's build history (when an update was installed).
 * - `testing`: deterministic generators of realistic logs with planted lines, and a corpus writer
 *   for benchmarks.
 *
 * IIS/ASP.NET configs: `parseIisConfig(text)` / `readIisConfig(root, entry)` → sites, web roots
 *   (physical paths), log folders, modules and handlers; `expandIisPath` for `%SystemDrive%` etc.
 *
 * EVTX: `./evtx` (exhunt's own reader), re-exported below.
 */
export type { FileCoverage, LogKind, LogRecord, ParseIssue } from './types.js';
export type { BuildSpan, ScanOptions, ScanResult } from './scan-types.js';
export { scanLog } from './scan-log.js';
export { scanLogFile } from './scan-log-file.js';
export { detachRecord } from './line-record.js';
export { logBuildOf, type LogBuild } from './exchange-build.js';
export { compilePrefilter, type Prefilter } from './literal-prefilter.js';
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
