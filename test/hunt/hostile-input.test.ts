// Hostile evidence: attacker text built to attack the analyst's terminal, browser and spreadsheet,
// and files built to break a parser. The hunt must finish, count what it could not read, keep
// finding what it can, and every sink must neutralise the text for its medium.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hunt, type HuntResult } from '../../src/hunt/index.js';
import { renderHunt } from '../../src/report/index.js';

const IIS_HEADER =
  '#Software: Microsoft Internet Information Services 10.0\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n';
const iis = (time: string, method: string, stem: string, ua: string, status = '200'): string =>
  `2021-03-06 ${time} 10.0.0.10 ${method} ${stem} - 443 - 198.51.100.66 ${ua} - ${status} 0 0 15\n`;

const ANSI_UA = 'Mozilla/5.0\u001b[2J\u001b[31mPWNED\u001b]0;title\u0007';
const SCRIPT_UA = '<script>alert(document.domain)</script>';
const FORMULA_UA = "=cmd|'+/C+calc'!A0";

let root: string;
let result: HuntResult;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'exhunt-hostile-'));
  const w3 = path.join(root, 'C/inetpub/logs/LogFiles/W3SVC1');
  const proxy = path.join(root, 'C/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Ecp');
  mkdirSync(w3, { recursive: true });
  mkdirSync(proxy, { recursive: true });
  writeFileSync(
    path.join(w3, 'u_ex210306.log'),
    IIS_HEADER +
      iis('01:00:00', 'POST', '/ecp/y.js', ANSI_UA) +
      iis('01:00:01', 'POST', '/ecp/x.js', SCRIPT_UA) +
      iis('01:00:02', 'POST', '/ecp/z.js', FORMULA_UA) +
      iis('01:00:03', 'GET', '/owa/', 'Mozilla/5.0'),
  );
  // Binary garbage with NUL bytes under a log name.
  const garbage = Buffer.alloc(64 * 1024);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
  writeFileSync(path.join(w3, 'u_ex210307.log'), garbage);
  // An empty log.
  writeFileSync(path.join(w3, 'u_ex210308.log'), '');
  // A 5 MB line between two real lines: the line after it must still be found.
  writeFileSync(
    path.join(w3, 'u_ex210309.log'),
    IIS_HEADER +
      iis('02:00:00', 'GET', '/owa/', 'Mozilla/5.0') +
      `2021-03-09 02:00:01 ${'A'.repeat(5 * 1024 * 1024)}\n` +
      iis('02:00:02', 'POST', '/ecp/default.flt', 'python-requests/2.25.1').replace(
        '2021-03-06',
        '2021-03-09',
      ),
  );
  // A HttpProxy log cut in the middle of a quoted field (copied while Exchange was writing it).
  writeFileSync(
    path.join(proxy, 'HttpProxy_2021030600-1.LOG'),
    '#Fields: DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId,Protocol,UrlHost,UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization,AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName,HttpStatus\n' +
      '2021-03-06T03:00:00.000Z,r1,15,1,2176,2,,Ecp,mail.contoso.com,/ecp/y.js,,,False,,,ServerInfo~a]@EX01:444/mapi/emsmdb?#,python-requests/2.25.1,198.51.100.66,EX01,200\n' +
      '2021-03-06T03:00:01.000Z,r2,15,1,2176,2,,Ecp,mail.contoso.com,/ecp/y.js,,,False,,,"ServerInfo~a]@EX01:444/ecp/DDI/DDIService.svc/SetObj',
  );
  // A symbolic-link loop inside the root.
  symlinkSync('..', path.join(w3, 'loop'));
  result = await hunt(root);
}, 120_000);

describe('hostile evidence', () => {
  it('finishes, finds what is readable and counts what is not', () => {
    const rules = result.findings.map((f) => `${f.rule}@${f.time}`);
    expect(rules).toContain('proxylogon-iis-post-ecp-short-js@2021-03-06T01:00:00.000Z');
    expect(rules).toContain('proxylogon-iis-post-ecp-short-js@2021-03-09T02:00:02.000Z');
    expect(rules).toContain('proxylogon-ssrf-serverinfo@2021-03-06T03:00:00.000Z');
    const kinds = result.issues.byKind;
    expect(kinds['too-long'], JSON.stringify(kinds)).toBeGreaterThan(0);
    expect((kinds.binary ?? 0) + (kinds['unknown-format'] ?? 0), JSON.stringify(kinds)).toBeGreaterThan(0);
    expect((kinds.truncated ?? 0) + (kinds.damaged ?? 0), JSON.stringify(kinds)).toBeGreaterThan(1);
    expect(
      (kinds['link-loop'] ?? 0) + (kinds['link-inside-root'] ?? 0),
      JSON.stringify(kinds),
    ).toBeGreaterThan(0);
    expect(result.filesScanned).toBe(5);
    expect(result.verdict).toBe('compromised');
  });

  it('terminal: no raw control characters reach the screen', () => {
    const text = renderHunt(result, 'text', { color: false });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('\\x1b[2J');
    const colored = renderHunt(result, 'text', { color: true });
    // Only exhunt's own colour codes: ESC is always followed by a colour sequence ending in m.
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('html: the attacker script is inert text, and the page loads nothing', () => {
    const html = renderHunt(result, 'html');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(document.domain)&lt;/script&gt;');
    expect(html).not.toMatch(/\u001b/);
    expect(html).toContain("default-src 'none'");
  });

  it('csv: a formula in a user agent stays text', () => {
    const csv = renderHunt(result, 'csv');
    const rows = csv.split('\r\n');
    const uaColumn = rows[0]!.split(',').indexOf('user_agent');
    expect(uaColumn).toBeGreaterThan(0);
    expect(csv).toContain(`'${FORMULA_UA}`);
    for (const row of rows.slice(1)) expect(row).not.toMatch(/(^|,)[=+\-@]/);
  });

  it('json and jsonl: valid, with control characters escaped', () => {
    const json = renderHunt(result, 'json');
    expect(json).not.toMatch(/\u001b/);
    const parsed = JSON.parse(json) as { findings: { facts: Record<string, string> }[] };
    expect(parsed.findings.some((f) => f.facts.userAgent === ANSI_UA)).toBe(true);
    for (const line of renderHunt(result, 'jsonl').trim().split('\n'))
      expect(() => JSON.parse(line)).not.toThrow();
  });
});
