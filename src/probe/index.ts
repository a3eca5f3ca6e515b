/**
 * @module probe
 * Remote, read-only probing of Exchange front-ends: targets (hosts, URLs, CIDR, ranges, files,
 * nmap/masscan output, exclude list), an HTTPS session that keeps the first certificate,
 * fingerprint extractors, the safe checks of rules/probe/safe-checks.json, a bounded scheduler,
 * and the combination with knowledge's `assessBuild`. Output sinks for the probe contract and
 * the census aggregation live under `output/` and `census/`.
 */
export type {
  Target,
  ProbeResult,
  ProbeResponse,
  ProbeRequest,
  RequestOutcome,
  RequestError,
  TlsInfo,
  BuildEvidence,
  BuildSource,
  CheckResult,
  CheckVerdict,
  ServiceName,
  ServiceState,
} from './types.js';
export { parseTarget, specSize, type TargetSpec, type SpecParse } from './targets/parse-target.js';
export { parseIp, formatIp, isLoopback, type IpValue } from './targets/ip-address.js';
export { ExcludeList } from './targets/exclude-list.js';
export { expandTargets, targetId } from './targets/expand-targets.js';
export {
  readTargetFile,
  readTargetStream,
  sniffFormat,
  type SourceProblem,
} from './targets/read-target-source.js';
export { collectSpecs, skipDone } from './targets/collect-specs.js';
export {
  webshellUrlPaths,
  urlPathOfWindowsPath,
  loadWebshellPaths,
  DEFAULT_WEBSHELL_INDICATORS,
} from './checks/webshell-paths.js';
export { createSink, contractOrder, type ProbeFormat, type ResultSink } from './output/result-sinks.js';
export { escapeTerminal, escapeCsv, escapeHtml } from './output/escape.js';
export { readResume, type ResumeState } from './output/read-resume.js';
export { ProbeSession, type SessionOptions, type HttpSession } from './http/session.js';
export { IDLE_CLOSE_FLOOR_MS, RawSession } from './http/raw-session.js';
export { ResponseParser } from './http/response-parser.js';
export { buildFromOwaVersionHeader, serverNameFromHeaders } from './fingerprint/build-from-headers.js';
export { buildFromOwaPath } from './fingerprint/build-from-owa-path.js';
export { buildFromManifest, EXPORT_TOOL_MANIFEST_PATH } from './fingerprint/build-from-manifest.js';
export { exchangeSignals } from './fingerprint/exchange-signals.js';
export { SERVICE_PATHS } from './fingerprint/services.js';
export type { CheckDefinition, Condition, VerdictRule } from './checks/check-definition.js';
export { defaultChecks, loadChecksFile, parseChecks, DEFAULT_CHECKS_PATH } from './checks/load-checks.js';
export { evaluateCheck } from './checks/evaluate-check.js';
export { combineVerdicts } from './assess/combine-verdicts.js';
export { campaignStatus } from './assess/campaign-status.js';
export { probeTarget, LANDING_PATH } from './probe-target.js';
export { runProbe, probeOptions, isVulnerable, type ProbeProgress } from './run-probe.js';
export { runPool } from './schedule/run-pool.js';
export { RateLimiter } from './schedule/rate-limiter.js';
export { DEFAULT_PROBE_OPTIONS, type ProbeOptions, type Assessor } from './options.js';
export { Census, ranked, type CensusSummary, type GroupCount, type CampaignCount } from './census/census.js';
export { IpDatabase, IP_DATA_ATTRIBUTION, type IpInfo } from './census/ip-database.js';
export { readResults, readResultsFile } from './census/read-results.js';
export { censusText, censusCsv } from './census/census-text.js';
export { censusHtml } from './census/census-html.js';
