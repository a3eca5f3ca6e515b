/** @module detect/yara/backend-wasm.test — the shared contract, run on the wasm backend. */
import { wasmEngine } from './backend-wasm.js';
import { runEngineContract } from './engine-contract.test-helpers.js';

await runEngineContract(wasmEngine(), wasmEngine({ noMatchFilter: true }));
