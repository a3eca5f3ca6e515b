// The hunt runs detect's file hunt too and links a web shell on disk to the requests that reached
// it: the planted page (a generated China Chopper sample) and its POSTs point at each other.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { webShellSamples } from '../../src/detect/files/index.js';
import { hunt } from '../../src/hunt/index.js';

describe('hunt: files and logs together', { timeout: 120_000 }, () => {
  it('links a web shell file to the IIS requests that used it', async () => {
    const sample = webShellSamples().find((s) => s.id === 'chopper-jscript-oneliner');
    expect(sample).toBeDefined();
    const root = mkdtempSync(path.join(tmpdir(), 'exhunt-files-'));
    const file = path.join(root, 'C', sample!.relPath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, sample!.data);
    const url = `/${sample!.relPath.replace(/^inetpub\/wwwroot\//, '')}`;
    const w3 = path.join(root, 'C/inetpub/logs/LogFiles/W3SVC1');
    mkdirSync(w3, { recursive: true });
    writeFileSync(
      path.join(w3, 'u_ex210410.log'),
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n' +
        `2021-04-10 22:03:00 10.0.0.10 POST ${url} - 443 - 198.51.100.23 Mozilla/5.0 - 200 0 0 8\n`,
    );
    const r = await hunt(root);
    const onDisk = r.findings.find((f) => f.source.path === `C/${sample!.relPath}`);
    expect(onDisk, JSON.stringify(r.findings.map((f) => [f.rule, f.source.path]))).toBeDefined();
    expect(onDisk?.outcome).toBe('compromise');
    expect(onDisk?.facts.requestedIn).toContain('u_ex210410.log:2');
    const request = r.findings.find((f) => f.rule === 'web-shell-rare-aspx-post');
    expect(request?.facts.webShellFile).toBe(`C/${sample!.relPath}`);
    expect(r.verdict).toBe('compromised');
    expect(r.coverage.map((c) => c.source)).toContain('files');
    expect(r.fileScan?.files).toBeGreaterThan(0);
  });

  it('files: false hunts the logs only', async () => {
    const r = await hunt(new URL('../../examples/evidence/late-logs', import.meta.url).pathname, {
      files: false,
    });
    expect(r.fileScan).toBeNull();
    expect(r.coverage.map((c) => c.source)).not.toContain('files');
  });
});
