import { describe, expect, it } from 'vitest';
import { windowsKey, windowsView } from './windows-path.js';

describe('windowsView', () => {
  it('reads a KAPE copy: <root>/C/Program Files/...', () => {
    const v = windowsView('C/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Owa/a.LOG');
    expect(v.drive).toBe('C');
    expect(v.path).toBe('\\Program Files\\Microsoft\\Exchange Server\\V15\\Logging\\HttpProxy\\Owa\\a.LOG');
    expect(v.key).toBe('/program files/microsoft/exchange server/v15/logging/httpproxy/owa/a.log');
  });

  it('reads a Velociraptor collection: uploads/auto/C%3A/... and the ntfs accessor', () => {
    expect(windowsView('uploads/auto/C%3A/Windows/System32/winevt/Logs/Security.evtx')).toMatchObject({
      drive: 'C',
      key: '/windows/system32/winevt/logs/security.evtx',
    });
    expect(windowsView('uploads/ntfs/%5C%5C.%5CD%3A/ExchangeServer/Logging/x.log')).toMatchObject({
      drive: 'D',
      path: '\\ExchangeServer\\Logging\\x.log',
    });
  });

  it('decodes other %xx escapes in names and keeps malformed ones', () => {
    expect(windowsView('uploads/auto/C%3A/Program%20Files/a%ZZ.log').path).toBe('\\Program Files\\a%ZZ.log');
  });

  it('treats a live or mounted drive as drive-less', () => {
    expect(windowsView('inetpub/wwwroot/aspnet_client/x.aspx')).toMatchObject({
      drive: null,
      key: '/inetpub/wwwroot/aspnet_client/x.aspx',
    });
  });

  it('matches Windows paths case-insensitively whatever the case on disk', () => {
    const onDisk = windowsView('c/PROGRAM FILES/microsoft/Exchange Server/v15/bin/ExSetup.EXE');
    expect(onDisk.key).toBe(
      windowsKey('C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\ExSetup.exe'),
    );
  });
});
