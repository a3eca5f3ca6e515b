// Issue 5, "Must show": the OTRF ProxyLogon dataset (real events from an exploited lab server,
// MIT, see test/fixtures/events-json/NOTICE.md) yields findings for the Set-OabVirtualDirectory
// web shell, the ohyeah.aspx write and w3wp -> cmd /c whoami, with their times — through the hunt,
// from events exported as JSON lines; and event logs inside a .zip root are read too.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hunt } from '../../src/hunt/index.js';
import { writeZip } from '../../src/evidence/index.js';

const OTRF = new URL('../fixtures/events-json/proxylogon_ssrf_rce_poc.key-events.jsonl', import.meta.url);

describe('hunting exported events (OTRF ProxyLogon dataset)', { timeout: 120_000 }, () => {
  it('finds the OAB web shell cmdlet, the ohyeah.aspx write and w3wp starting cmd, with their times', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'exhunt-otrf-'));
    mkdirSync(path.join(root, 'siem-export'));
    copyFileSync(OTRF, path.join(root, 'siem-export', 'mxs01-events.jsonl'));
    const r = await hunt(root, { files: false });
    const times = (rule: string) => r.findings.filter((f) => f.rule === rule).map((f) => f.time);
    // OTRF's TimeCreated carries a Z but is the lab's local time (UTC-5); exhunt reports it as given.
    expect(times('proxylogon-oab-script-management-event')).toContain('2021-03-14T01:40:12.987Z');
    expect(times('exchange-webshell-file-written')).toEqual(['2021-03-14T01:40:13.660Z']);
    expect(times('exchange-web-process-spawns-shell')).toEqual(
      expect.arrayContaining(['2021-03-14T01:40:15.338Z', '2021-03-14T01:40:15.342Z']),
    );
    // The compiler child (w3wp -> cvtres) and the compiled copy in Temporary ASP.NET Files stay quiet.
    const shellFacts = r.findings
      .filter((f) => f.rule === 'exchange-web-process-spawns-shell')
      .map((f) => f.evidence);
    expect(shellFacts.join('\n')).not.toMatch(/cvtres/i);
    expect(r.verdict).toBe('compromised');
    expect(r.coverage).toEqual(expect.arrayContaining([expect.objectContaining({ files: 1, records: 14 })]));
  });

  it('reads EVTX inside a zip evidence root instead of skipping it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'exhunt-zip-evtx-'));
    const zip = path.join(dir, 'triage.zip');
    const evtx = readFileSync(
      new URL('../fixtures/evtx/omerbenamram-evtx/MSExchange_Management_wec.evtx', import.meta.url),
    );
    writeFileSync(
      zip,
      writeZip([{ name: 'C/Windows/System32/winevt/Logs/MSExchange Management.evtx', data: evtx }]),
    );
    const r = await hunt(zip, { files: false });
    expect(r.findings.map((f) => f.rule)).toContain('exchange-mailbox-forwarding-cmdlet');
    expect(r.issues.byKind.skipped ?? 0).toBe(0);
  });
});
