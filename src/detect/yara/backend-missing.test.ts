/**
 * @module detect/yara/backend-missing.test
 * A backend that is not installed must be reported as unavailable and its contract cases skipped
 * with the reason in the suite title, never failed and never silently passed.
 */
import { describe, expect, it } from 'vitest';
import { cliEngine } from './backend-cli.js';
import { runEngineContract } from './engine-contract.test-helpers.js';

const missing = cliEngine({ binary: '/nonexistent/exhunt-test/yara' });

describe('unavailable backend', () => {
  it('says why', async () => {
    const s = await missing.status();
    expect(s.available).toBe(false);
    expect(s.detail).toMatch(/not runnable/);
  });
});

await runEngineContract(missing);
