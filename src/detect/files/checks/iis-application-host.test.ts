/** @module detect/files/checks/iis-application-host.test */
import { describe, expect, it } from 'vitest';
import { APPLICATION_HOST } from '../synthetic/artefact-samples.js';
import { loadKnownModules, suspiciousModules, suspiciousVirtualDirs } from './iis-application-host.js';
import { parseXml } from './xml-tree.js';

const root = (text: string) => {
  const r = parseXml(text);
  if (!r.ok) throw new Error(r.error);
  return r.root;
};

describe('applicationHost.config', () => {
  it('flags the ProxyShell virtual directory in C:\\ProgramData\\COM and nothing else', () => {
    expect(suspiciousVirtualDirs(root(APPLICATION_HOST))).toEqual([
      {
        site: 'Default Web Site',
        path: '/aspnet_client/x',
        physicalPath: 'C:\\ProgramData\\COM\\web',
        why: 'device-folder',
      },
    ]);
  });

  it('flags a virtual directory in a user profile, also written with environment variables', () => {
    const text = APPLICATION_HOST.replace('C:\\ProgramData\\COM\\web', 'c:/users/bob/Desktop/w').replace(
      'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa',
      '%ProgramData%\\AUX\\o',
    );
    expect(
      suspiciousVirtualDirs(root(text))
        .map((v) => v.why)
        .sort(),
    ).toEqual(['device-folder', 'user-folder']);
  });

  it('flags a module loaded from ProgramData, not the IIS and Exchange ones', () => {
    const hits = suspiciousModules(root(APPLICATION_HOST), loadKnownModules());
    expect(hits).toEqual([
      { name: 'SessionCacheHelper', image: 'C:\\ProgramData\\Cache\\owa.dll', why: 'outside-known-folders' },
    ]);
  });

  it('an unlisted module inside inetsrv is reported for review only', () => {
    const text = APPLICATION_HOST.replace('name="UriCacheModule"', 'name="OddModule"');
    expect(suspiciousModules(root(text), loadKnownModules()).map((m) => m.why)).toContain('unknown-name');
  });
});
