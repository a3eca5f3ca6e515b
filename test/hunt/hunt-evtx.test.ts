// Event logs in a hunt: the one real Exchange EVTX sample (omerbenamram/evtx
// MSExchange_Management_wec.evtx, MIT, see test/fixtures/evtx) — an admin-audit record of
// Set-Mailbox -ForwardingSmtpAddress — found through locate, the EVTX reader and the event rules.
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hunt } from '../../src/hunt/index.js';

describe('hunting event logs', { timeout: 120_000 }, () => {
  it('finds the mailbox-forwarding change in the MSExchange Management log and covers it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'exhunt-evtx-'));
    const logs = path.join(root, 'C/Windows/System32/winevt/Logs');
    mkdirSync(logs, { recursive: true });
    copyFileSync(
      new URL('../fixtures/evtx/omerbenamram-evtx/MSExchange_Management_wec.evtx', import.meta.url),
      path.join(logs, 'MSExchange Management.evtx'),
    );
    const r = await hunt(root);
    const f = r.findings.find((x) => x.rule === 'exchange-mailbox-forwarding-cmdlet');
    expect(f, JSON.stringify(r.findings.map((x) => x.rule))).toBeDefined();
    expect(f?.source).toMatchObject({
      path: 'C/Windows/System32/winevt/Logs/MSExchange Management.evtx',
      kind: 'event/MSExchange Management',
    });
    expect(f?.evidence).toContain('ForwardingSmtpAddress');
    expect(r.coverage.filter((c) => c.source !== 'files')).toEqual([
      expect.objectContaining({ source: 'evtx/MSExchange Management', files: 1, records: 1 }),
    ]);
    // Context only, and no web logs at all: the verdict cannot be clean.
    expect(r.verdict).toBe('insufficient-evidence');
  });
});
