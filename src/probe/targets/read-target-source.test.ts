import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readTargetStream, sniffFormat, type SourceProblem } from './read-target-source.js';
import { expandTargets } from './expand-targets.js';

async function ids(text: string): Promise<{ ids: string[]; problems: SourceProblem[] }> {
  const problems: SourceProblem[] = [];
  const out: string[] = [];
  for await (const t of expandTargets(
    readTargetStream(Readable.from([text]), 'test', (p) => problems.push(p)),
  ))
    out.push(t.id);
  return { ids: out, problems };
}

// Shapes of nmap -oX, masscan -oL/-oJ/-oX and -oG output, written for these tests.
const NMAP_XML = `<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap" args="nmap -p443,80 -oX - 127.0.0.0/30">
<host starttime="1" endtime="2"><status state="up" reason="syn-ack"/>
<address addr="127.0.0.1" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="443"><state state="open" reason="syn-ack"/><service name="https"/></port>
<port protocol="tcp" portid="80"><state state="closed" reason="reset"/></port>
</ports></host>
<host><status state="up"/><address addr="::1" addrtype="ipv6"/>
<ports><port protocol="tcp" portid="8443"><state state="open"/></port></ports></host>
</nmaprun>`;

const MASSCAN_XML = `<?xml version="1.0"?>
<nmaprun scanner="masscan" start="1" version="1.0-BETA"  xmloutputversion="1.03">
<host endtime="1"><address addr="127.0.0.9" addrtype="ipv4"/><ports><port protocol="tcp" portid="443"><state state="open" reason="syn-ack" reason_ttl="64"/></port></ports></host>
</nmaprun>`;

describe('target files', () => {
  it('sniffs formats', () => {
    expect(sniffFormat('<?xml version="1.0"?>')).toBe('nmap-xml');
    expect(sniffFormat('#masscan')).toBe('masscan-list');
    expect(sniffFormat('open tcp 443 127.0.0.1 1600000000')).toBe('masscan-list');
    expect(sniffFormat('[')).toBe('masscan-json');
    expect(sniffFormat('# Nmap 7.93 scan initiated')).toBe('grepable');
    expect(sniffFormat('mail.contoso.com')).toBe('plain');
  });

  it('reads open ports from nmap and masscan XML', async () => {
    expect((await ids(NMAP_XML)).ids).toEqual(['127.0.0.1:443', '[::1]:8443']);
    expect((await ids(MASSCAN_XML)).ids).toEqual(['127.0.0.9:443']);
  });

  it('reads masscan list and JSON, and grepable output', async () => {
    expect(
      (await ids('#masscan\nopen tcp 443 127.0.0.2 1600000000\nopen tcp 80 127.0.0.3 1600000000\n# end\n'))
        .ids,
    ).toEqual(['127.0.0.2:443', '127.0.0.3:80']);
    const json =
      '[\n{   "ip": "127.0.0.4",   "timestamp": "1600000000", "ports": [ {"port": 443, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }\n,\n]\n';
    expect((await ids(json)).ids).toEqual(['127.0.0.4:443']);
    const grep =
      '# Nmap 7.93 scan\nHost: 127.0.0.5 ()\tPorts: 443/open/tcp//https///, 80/closed/tcp//http///\n';
    expect((await ids(grep)).ids).toEqual(['127.0.0.5:443']);
  });

  it('reads plain lists with comments and counts bad lines', async () => {
    const r = await ids('# my targets\n127.0.0.1, 127.0.0.2\n\nb@d 10.0.0.0/99\n127.0.0.8/31 # two\n');
    expect(r.ids).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.8', '127.0.0.9']);
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatchObject({ source: 'test', line: 4 });
  });
});
