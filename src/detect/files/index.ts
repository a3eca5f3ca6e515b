/**
 * @module detect/files
 * The file hunt: web shells and attacker files by YARA, hashes, paths, memory dumps, ProgramData
 * archives, unknown Exchange script pages and IIS configuration (virtual directories, modules,
 * EOMT/EOMTv2 URL Rewrite mitigations).
 */
export { prepareFileScan, scanFiles, type FileScanPrep } from './scan-files.js';
export type { FileFinding, FileScanIssue, FileScanOptions, FileScanResult, FileScanStats } from './types.js';
export { webShellSamples, type Sample } from './synthetic/webshell-samples.js';
export { fileTypeOf } from './magic.js';
export { parseXml, type XmlElement } from './checks/xml-tree.js';
export { mitigationStatus, rewriteRules, type MitigationStatus } from './checks/url-rewrite-mitigation.js';
export { linkFindings, urlPathsOf } from './link-findings.js';
