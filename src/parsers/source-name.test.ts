import { describe, expect, it } from 'vitest';
import { sourceName } from './source-name.js';

describe('sourceName', () => {
  it('names sources as coverage shows them', () => {
    expect(sourceName('httpproxy', 'Owa')).toBe('HttpProxy/Owa');
    expect(sourceName('ecp-server', null)).toBe('ECP/Server');
    expect(sourceName('iis', 'W3SVC1')).toBe('IIS/W3SVC1');
    expect(sourceName('rps', 'CmdletInfra/Powershell-Proxy/Http')).toBe('CmdletInfra/Powershell-Proxy/Http');
    expect(sourceName('oabgen', null)).toBe('OABGeneratorLog');
    expect(sourceName('event', 'Security')).toBe('evtx/Security');
  });
});
