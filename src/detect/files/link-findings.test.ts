/** @module detect/files/link-findings.test */
import { describe, expect, it } from 'vitest';
import { linkFindings, urlPathsOf } from './link-findings.js';
import { makeFinding } from './make-finding.js';

const key = (p: string) => '/' + p.toLowerCase();

describe('linkFindings', () => {
  it('maps IIS and Exchange web folders to URL paths', () => {
    expect(urlPathsOf('/inetpub/wwwroot/aspnet_client/x.aspx')).toEqual(['/aspnet_client/x.aspx']);
    expect(
      urlPathsOf('/program files/microsoft/exchange server/v15/frontend/httpproxy/owa/auth/y.aspx'),
    ).toEqual(['/owa/auth/y.aspx']);
    expect(urlPathsOf('/windows/temp/z.aspx')).toEqual([]);
  });

  it('links a flagged page to the log findings that requested it and raises it to compromise', () => {
    const file = makeFinding(
      {
        path: 'Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/healthcheck2.aspx',
        size: 1,
        mtime: 0,
      },
      {
        rule: 'file-unknown-web-page',
        title: 't',
        severity: 'high',
        outcome: 'attempt',
        category: 'web-shell',
        evidence: 'e',
      },
    );
    const quiet = makeFinding(
      { path: 'inetpub/wwwroot/aspnet_client/other.aspx', size: 1, mtime: 0 },
      {
        rule: 'file-unknown-web-page',
        title: 't',
        severity: 'high',
        outcome: 'attempt',
        category: 'web-shell',
        evidence: 'e',
      },
    );
    const log = {
      source: { path: 'inetpub/logs/LogFiles/W3SVC1/u_ex210303.log', line: 7 },
      facts: { url: '/OWA/auth/HealthCheck2.aspx' } as Record<string, string>,
      time: '2021-03-03T01:02:03.000Z',
    };
    expect(linkFindings([file, quiet], [log], key)).toBe(1);
    expect(file.outcome).toBe('compromise');
    expect(file.facts).toMatchObject({
      requests: '1',
      firstRequest: '2021-03-03T01:02:03.000Z',
      requestedIn: 'inetpub/logs/LogFiles/W3SVC1/u_ex210303.log:7',
    });
    expect(log.facts.webShellFile).toBe(file.source.path);
    expect(quiet.outcome).toBe('attempt');
  });
});
