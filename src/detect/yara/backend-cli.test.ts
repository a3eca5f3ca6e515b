/** @module detect/yara/backend-cli.test — the shared contract, run on the cli backend. */
import { cliEngine } from './backend-cli.js';
import { runEngineContract } from './engine-contract.test-helpers.js';

await runEngineContract(cliEngine(), cliEngine({ noMatchFilter: true }));
