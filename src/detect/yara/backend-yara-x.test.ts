/** @module detect/yara/backend-yara-x.test — the shared contract, run on the yara-x backend. */
import { yaraXEngine } from './backend-yara-x.js';
import { runEngineContract } from './engine-contract.test-helpers.js';

await runEngineContract(yaraXEngine());
