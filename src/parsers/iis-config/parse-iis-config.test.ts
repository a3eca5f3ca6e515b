import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEvidence } from '../../evidence/index.js';
import { expandIisPath, parseIisConfig } from './parse-iis-config.js';
import { readIisConfig } from './read-iis-config.js';

// Written for this test in the shape IIS and Exchange setup leave applicationHost.config.
const APPHOST = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <!-- <site name="commented out" id="9"> -->
  <system.applicationHost>
    <sites>
      <site name="Default Web Site" id="1">
        <application path="/" applicationPool="DefaultAppPool">
          <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" />
        </application>
        <application path="/owa" applicationPool="MSExchangeOWAAppPool">
          <virtualDirectory path="/" physicalPath="C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa" />
        </application>
        <bindings>
          <binding protocol="https" bindingInformation="*:443:" />
        </bindings>
      </site>
      <site name="Exchange Back End" id="2">
        <application path="/ecp" applicationPool="MSExchangeECPAppPool">
          <virtualDirectory path="/" physicalPath="D:\\Exch\\ClientAccess\\ecp" />
        </application>
        <logFile directory="D:\\IISLogs" />
      </site>
      <siteDefaults>
        <logFile logFormat="W3C" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />
      </siteDefaults>
    </sites>
  </system.applicationHost>
  <system.webServer>
    <globalModules>
      <add name="StaticCompressionModule" image="%windir%\\System32\\inetsrv\\compstat.dll" />
      <add name="Evil&amp;Module" image='C:\\Windows\\Temp\\x.dll' />
    </globalModules>
  </system.webServer>
  <location path="Default Web Site/owa">
    <system.webServer>
      <handlers>
        <add name="shell" path="*.jpg" verb="POST" type="Backdoor.Handler, Backdoor" />
      </handlers>
    </system.webServer>
  </location>
</configuration>
`;

describe('parseIisConfig', () => {
  it('reads sites, web roots, log folders, modules and handlers', () => {
    const c = parseIisConfig(APPHOST);
    expect(c.sites.map((s) => [s.id, s.name, s.logDirectory, s.bindings])).toEqual([
      ['1', 'Default Web Site', null, ['https *:443:']],
      ['2', 'Exchange Back End', 'D:\\IISLogs', []],
    ]);
    expect(c.sites[0]!.applications.map((a) => [a.path, a.virtualDirectories[0]!.physicalPath])).toEqual([
      ['/', '%SystemDrive%\\inetpub\\wwwroot'],
      ['/owa', 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa'],
    ]);
    expect(c.defaultLogDirectory).toBe('%SystemDrive%\\inetpub\\logs\\LogFiles');
    expect(c.registrations.map((r) => [r.section, r.name, r.target, r.location])).toEqual([
      ['globalModules', 'StaticCompressionModule', '%windir%\\System32\\inetsrv\\compstat.dll', null],
      ['globalModules', 'Evil&Module', 'C:\\Windows\\Temp\\x.dll', null],
      ['handlers', 'shell', 'Backdoor.Handler, Backdoor', 'Default Web Site/owa'],
    ]);
    expect(c.registrations[2]).toMatchObject({ path: '*.jpg', verb: 'POST', line: 37 });
    expect(c.unreadable).toBe(0);
  });

  it('survives damaged and hostile files', () => {
    const c = parseIisConfig(
      '<sites><site name="x" id="1"><application path="/a"><virtualDirectory physicalPath="E:\\w" /> < <<< \u0000 <site',
    );
    expect(c.sites[0]!.applications[0]!.virtualDirectories[0]!.physicalPath).toBe('E:\\w');
    expect(c.unreadable).toBeGreaterThan(0);
    expect(parseIisConfig('').sites).toEqual([]);
    expect(parseIisConfig('\u0000\u0001 binary').unreadable).toBe(0);
  });

  it('expands the usual path variables', () => {
    expect(expandIisPath('%SystemDrive%\\inetpub\\logs\\LogFiles')).toBe('C:\\inetpub\\logs\\LogFiles');
    expect(expandIisPath('%windir%\\temp', { drive: 'D' })).toBe('D:\\Windows\\temp');
    expect(expandIisPath('%ExchangeInstallDir%FrontEnd', { exchangeInstallDir: 'E:\\Ex\\' })).toBe(
      'E:\\ExFrontEnd',
    );
    expect(expandIisPath('%Unknown%\\x')).toBe('%Unknown%\\x');
  });
});

describe('readIisConfig', () => {
  it('reads UTF-16 and BOM-prefixed files from an evidence root', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'exhunt-iiscfg-'));
    try {
      writeFileSync(
        path.join(dir, 'a.config'),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(APPHOST, 'utf16le')]),
      );
      writeFileSync(
        path.join(dir, 'web.config'),
        '\ufeff<configuration><system.webServer><modules><add name="m" type="T" /></modules></system.webServer></configuration>',
      );
      const root = await openEvidence(dir);
      const a = await readIisConfig(root, (await root.entry('a.config'))!);
      expect(a.config!.sites).toHaveLength(2);
      const w = await readIisConfig(root, (await root.entry('web.config'))!);
      expect(w.config!.registrations).toEqual([
        expect.objectContaining({ section: 'modules', name: 'm', target: 'T' }),
      ]);
      expect(w.issues).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
