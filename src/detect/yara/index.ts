/**
 * @module detect/yara
 * YARA behind one interface: compile once per run, scan buffers and files, the same matches from
 * every backend (YARA-X in process, the YARA CLI, libyara-wasm).
 */
export type {
  BackendName,
  BackendStatus,
  CompiledRules,
  FileToScan,
  RuleIssue,
  RuleSource,
  ScanVariables,
  YaraEngine,
  YaraHit,
} from './types.js';
export { yaraXEngine } from './backend-yara-x.js';
export { cliEngine, type CliOptions } from './backend-cli.js';
export { wasmEngine, type WasmOptions } from './backend-wasm.js';
export { backendStatuses, engineByName, selectEngine, type EngineChoice } from './select-engine.js';
export { loadRuleSources, type LoadedSources } from './rule-source.js';
export { readRuleInfo, type RuleInfo, type MetaValue } from './rule-meta.js';
export { variablesFor, EMPTY_VARIABLES } from './externals.js';
export { spawnWorker } from './spawn-worker.js';
