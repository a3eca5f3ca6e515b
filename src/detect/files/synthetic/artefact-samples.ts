/**
 * @module detect/files/synthetic/artefact-samples
 * Generated attacker artefacts and their look-alikes for tests and the benchmark tree: memory
 * dumps (found by MDMP magic, also when renamed), archives in ProgramData (by extension and by
 * magic) with an antivirus vendor's zip as the false-positive trap (CSS-Exchange #311), stock
 * Exchange pages, and IIS configuration files with and without attacker changes.
 */

export interface Artefact {
  id: string;
  relPath: string;
  data: Buffer;
  /** exhunt rule ids that must be reported for this file (empty: must stay quiet). */
  rules: string[];
}

const HTTPPROXY = 'Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy';

/** A minimal minidump: MDMP header, a stream directory and a module name list. */
export function minidump(process: string, padding = 4096): Buffer {
  const header = Buffer.alloc(32);
  header.write('MDMP', 0, 'latin1');
  header.writeUInt32LE(0xa793, 4);
  header.writeUInt32LE(3, 8);
  header.writeUInt32LE(32, 12);
  const names = Buffer.from(
    `C:\\Windows\\System32\\${process}\0C:\\Windows\\System32\\ntdll.dll\0`,
    'utf16le',
  );
  return Buffer.concat([header, Buffer.alloc(padding, 0x41), names]);
}

/** A stored (uncompressed) one-entry zip: real local header, central directory and end record. */
export function zipOf(name: string, content: Buffer): Buffer {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + content.length, 16);
  return Buffer.concat([local, n, content, central, n, end]);
}

const SEVEN_ZIP = Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]);

export const APPLICATION_HOST = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <sites>
      <site name="Default Web Site" id="1">
        <application path="/" applicationPool="DefaultAppPool">
          <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" />
        </application>
        <application path="/owa" applicationPool="MSExchangeOWAAppPool">
          <virtualDirectory path="/" physicalPath="C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa" />
        </application>
        <application path="/aspnet_client/x" applicationPool="DefaultAppPool">
          <virtualDirectory path="/" physicalPath="C:\\ProgramData\\COM\\web" />
        </application>
      </site>
    </sites>
  </system.applicationHost>
  <system.webServer>
    <globalModules>
      <add name="UriCacheModule" image="%windir%\\System32\\inetsrv\\cachuri.dll" />
      <add name="RewriteModule" image="%SystemRoot%\\system32\\inetsrv\\rewrite.dll" />
      <add name="kerbauth" image="C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\kerbauth.dll" />
      <add name="IsapiModule" image="%windir%\\System32\\inetsrv\\isapi.dll" />
      <add name="SessionCacheHelper" image="C:\\ProgramData\\Cache\\owa.dll" />
    </globalModules>
  </system.webServer>
</configuration>
`;

export function siteWebConfig(rule: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.webServer>
    <rewrite>
      <rules>
${rule}
      </rules>
    </rewrite>
  </system.webServer>
</configuration>
`;
}

export const EOMTV2_RULE = `        <rule name="PowerShell - inbound" stopProcessing="true">
          <match url=".*" />
          <conditions>
            <add input="{UrlDecode:{REQUEST_URI}}" pattern="(?=.*autodiscover)(?=.*powershell)" />
          </conditions>
          <action type="AbortRequest" />
        </rule>`;

export function artefactSamples(): Artefact[] {
  return [
    {
      id: 'lsass-dump-renamed',
      relPath: 'Windows/Temp/debug01.bin',
      data: minidump('lsass.exe'),
      rules: ['file-lsass-dump'],
    },
    {
      id: 'lsass-dump-in-root',
      relPath: 'root/lsass.dmp',
      data: minidump('lsass.exe'),
      rules: ['file-lsass-dump', 'file-path-ioc'],
    },
    {
      id: 'other-dump',
      relPath: 'ProgramData/App/crash.dmp',
      data: minidump('w3wp.exe'),
      rules: ['file-memory-dump'],
    },
    {
      id: 'staging-zip',
      relPath: 'ProgramData/it.zip',
      data: zipOf('mail.pst', Buffer.alloc(2048, 0x42)),
      rules: ['file-programdata-archive'],
    },
    {
      id: 'staging-7z-renamed',
      relPath: 'ProgramData/Temp/cache.dat',
      data: Buffer.concat([SEVEN_ZIP, Buffer.alloc(1024, 1)]),
      rules: ['file-programdata-archive'],
    },
    {
      id: 'vendor-zip-trap',
      relPath: 'ProgramData/McAfee/Common Framework/Update/avvdat-10000.zip',
      data: zipOf('avvscan.dat', Buffer.alloc(1024, 0x43)),
      rules: [],
    },
    {
      id: 'zip-outside-programdata',
      relPath: 'Users/admin/AppData/Local/Temp/setup.zip',
      data: zipOf('a.txt', Buffer.from('x')),
      rules: [],
    },
    {
      id: 'stock-logoff',
      relPath: `${HTTPPROXY}/owa/auth/logoff.aspx`,
      data: Buffer.from('<%@ Page language="c#" Inherits="Microsoft.Exchange.HttpProxy.Logoff" %>'),
      rules: [],
    },
    {
      id: 'stock-errorfe',
      relPath: `${HTTPPROXY}/owa/auth/errorFE.aspx`,
      data: Buffer.from('<%@ Page language="c#" Inherits="Microsoft.Exchange.HttpProxy.ErrorFE" %>'),
      rules: [],
    },
    {
      id: 'stock-ecp-timeoutlogoff',
      relPath: `${HTTPPROXY}/ecp/auth/TimeoutLogoff.aspx`,
      data: Buffer.from('<%@ Page language="c#" %>'),
      rules: [],
    },
    {
      id: 'stock-resource',
      relPath: `${HTTPPROXY}/owa/auth/15.1.2106/themes/resources/logon.css`,
      data: Buffer.from('body{margin:0}'),
      rules: [],
    },
    {
      id: 'lookalike-ecp-timeoutlogout',
      relPath: `${HTTPPROXY}/ecp/auth/TimeoutLogout.aspx`,
      data: Buffer.from('<%@ Page language="c#" %><html></html>'),
      rules: ['file-unknown-web-page', 'file-path-ioc'],
    },
    {
      id: 'unused-page-owa-auth',
      relPath: `${HTTPPROXY}/owa/auth/healthcheck2.aspx`,
      data: Buffer.from('<%@ Page language="c#" %><html>ok</html>'),
      rules: ['file-unknown-web-page'],
    },
    {
      id: 'application-host',
      relPath: 'Windows/System32/inetsrv/config/applicationHost.config',
      data: Buffer.from(APPLICATION_HOST),
      rules: ['iis-vdir-device-folder', 'iis-module-unknown-location'],
    },
    {
      id: 'site-web-config',
      relPath: 'inetpub/wwwroot/web.config',
      data: Buffer.from(siteWebConfig(EOMTV2_RULE)),
      rules: ['mitigation-eomtv2-cve-2022-41040-valid'],
    },
  ];
}
