/**
 * @module detect/yara/select-engine
 * Picks a YARA backend: the one asked for, or the best available (YARA-X in process, then an
 * external CLI, then libyara-wasm). Reports why each other backend was not used.
 */
import { cliEngine, type CliOptions } from './backend-cli.js';
import { wasmEngine } from './backend-wasm.js';
import { yaraXEngine } from './backend-yara-x.js';
import type { BackendName, BackendStatus, YaraEngine } from './types.js';

export interface EngineChoice {
  backend?: BackendName | 'auto';
  cli?: CliOptions;
}

export function engineByName(name: BackendName, choice: EngineChoice = {}): YaraEngine {
  if (name === 'yara-x') return yaraXEngine();
  if (name === 'cli') return cliEngine(choice.cli);
  return wasmEngine();
}

/** Status of every backend (for `exhunt intel list` and the contract suite's skip reasons). */
export async function backendStatuses(choice: EngineChoice = {}): Promise<BackendStatus[]> {
  return Promise.all((['yara-x', 'cli', 'wasm'] as const).map((n) => engineByName(n, choice).status()));
}

/** The chosen engine, or a status list explaining why none is available. */
export async function selectEngine(
  choice: EngineChoice = {},
): Promise<{ engine: YaraEngine; status: BackendStatus } | { engine: null; statuses: BackendStatus[] }> {
  const order: BackendName[] =
    choice.backend && choice.backend !== 'auto' ? [choice.backend] : ['yara-x', 'cli', 'wasm'];
  const statuses: BackendStatus[] = [];
  for (const name of order) {
    const engine = engineByName(name, choice);
    const status = await engine.status();
    if (status.available) return { engine, status };
    statuses.push(status);
  }
  return { engine: null, statuses };
}
