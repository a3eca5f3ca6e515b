/**
 * @module parsers/testing
 * Deterministic generators of realistic Exchange and IIS logs with planted lines, for tests,
 * examples and benchmarks.
 */
export {
  generateHttpProxyLog,
  httpProxyLines,
  benignHttpProxyFields,
  type HttpProxyOptions,
} from './httpproxy-log.js';
export { generateIisLog, iisLines, benignIisFields, iisValue, type IisOptions } from './iis-log.js';
export {
  generateEcpServerLog,
  ecpServerLines,
  benignEcpFields,
  type EcpServerOptions,
} from './ecp-server-log.js';
export {
  ecpOabWebShell,
  owaSsrfIis,
  proxyLogonResetVdir,
  proxyLogonSsrf,
  proxyShellIis,
} from './attack-lines.js';
export {
  writeCorpus,
  parseSize,
  type CorpusFile,
  type CorpusManifest,
  type CorpusOptions,
} from './generate-corpus.js';
export { DEFAULT_START, type GenerateOptions, type PlantedLine } from './log-options.js';
export { seededRandom, type Random } from './seeded-random.js';
export { csvField, csvLine } from './csv-encode.js';
export {
  generateOabGenLog,
  oabGenLines,
  oabGenWebShellWrite,
  benignOabGenFields,
  OABGEN_FIELDS,
  type OabGenOptions,
} from './oabgen-log.js';
