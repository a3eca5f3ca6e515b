import { describe, expect, it } from 'vitest';
import { classifyPath } from './classify-path.js';
import { windowsView } from './windows-path.js';

const classify = (p: string) => classifyPath(p, windowsView(p).key);

describe('classifyPath', () => {
  it('finds HttpProxy logs of every protocol folder and the install they belong to', () => {
    expect(
      classify(
        'C/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Ecp/HttpProxy_2021030301-1.LOG',
      ),
    ).toEqual({
      type: 'log',
      kind: 'httpproxy',
      subkind: 'Ecp',
      folder: 'C/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Ecp',
      install: 'C/Program Files/Microsoft/Exchange Server/V15',
    });
  });

  it('finds a custom install on another drive by its Logging structure, in any case', () => {
    expect(classify('E/ExchSrv/LOGGING/httpproxy/owa/x.log')).toMatchObject({
      kind: 'httpproxy',
      install: 'E/ExchSrv',
    });
    expect(classify('E/ExchSrv/Logging/ECP/Server/ECPServer2021.LOG')).toMatchObject({ kind: 'ecp-server' });
    expect(classify('E/ExchSrv/Logging/OABGeneratorLog/OABGen.log')).toMatchObject({ kind: 'oabgen' });
    expect(classify('E/ExchSrv/Logging/CmdletInfra/Powershell-Proxy/Http/Rps_Http_2021.log')).toMatchObject({
      kind: 'rps',
      subkind: 'CmdletInfra/Powershell-Proxy/Http',
    });
  });

  it('accepts a root that is itself the Logging folder (install unknown)', () => {
    expect(classify('HttpProxy/Autodiscover/a.log')).toMatchObject({
      kind: 'httpproxy',
      subkind: 'Autodiscover',
      install: null,
    });
  });

  it('does not take FrontEnd/HttpProxy web folders for logs', () => {
    expect(
      classify('C/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/x.log'),
    ).toMatchObject({
      type: 'web',
      kind: 'owa-auth',
    });
  });

  it('finds IIS logs in any W3SVC folder, event logs, web roots, configs, ProgramData and temp', () => {
    expect(classify('C/inetpub/logs/LogFiles/W3SVC1/u_ex210303.log')).toMatchObject({
      kind: 'iis',
      subkind: 'W3SVC1',
    });
    expect(classify('D/IISLogs/w3svc2/u_ex210303.log')).toMatchObject({ kind: 'iis', subkind: 'w3svc2' });
    expect(classify('C/Windows/System32/winevt/Logs/Application.evtx')).toEqual({ type: 'evtx' });
    expect(classify('C/inetpub/wwwroot/aspnet_client/system_web/x.aspx')).toMatchObject({
      type: 'web',
      kind: 'aspnet_client',
      folder: 'C/inetpub/wwwroot/aspnet_client',
    });
    expect(classify('C/Windows/System32/inetsrv/config/applicationHost.config')).toEqual({ type: 'config' });
    expect(classify('C/ProgramData/x/y.7z')).toEqual({ type: 'programdata', folder: 'C/ProgramData' });
    expect(classify('C/Windows/Temp/lsass.dmp')).toEqual({ type: 'temp', folder: 'C/Windows/Temp' });
    expect(classify('C/Program Files/Microsoft/Exchange Server/V15/Bin/ExSetup.exe')).toEqual({
      type: 'exsetup',
      install: 'C/Program Files/Microsoft/Exchange Server/V15',
    });
  });
});

describe('classifyPath: log folders moved away from Logging/ and W3SVC*', () => {
  it('recognises Exchange and IIS logs by their file names', () => {
    expect(classify('D/Logs/HttpProxy/Owa/HttpProxy_2021030301-1.LOG')).toMatchObject({
      kind: 'httpproxy',
      subkind: 'Owa',
      install: null,
    });
    expect(classify('D/Logs/ecp-moved/ECPServer2021030301-1.LOG')).toMatchObject({ kind: 'ecp-server' });
    expect(classify('D/Logs/rps/Rps_Http_2021030301-1.log')).toMatchObject({ kind: 'rps' });
    expect(classify('D/Logs/site1/u_ex210303.log')).toMatchObject({ kind: 'iis', subkind: 'site1' });
    expect(classify('D/Logs/site1/notes.log')).toBeNull();
  });
});
