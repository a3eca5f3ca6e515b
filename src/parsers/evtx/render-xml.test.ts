import { describe, expect, it } from 'vitest';
import type { XmlNode } from './binxml-nodes.js';
import { escapeXml, renderXml } from './render-xml.js';

// Attacker-controlled text (a command line, a file name) inside an event.
const hostile: XmlNode[] = [
  {
    name: 'Event',
    attrs: [['xmlns', 'http://schemas.microsoft.com/win/2004/08/events/event']],
    children: [
      {
        name: 'EventData',
        attrs: [],
        children: [
          {
            name: 'Data',
            attrs: [['Name', 'CommandLine']],
            children: ['cmd /c "a<b>&c"\u001b[2J\u202egnp.exe\r\nnext'],
          },
          { name: 'Da\u0007ta', attrs: [], children: [] },
        ],
      },
    ],
  },
];

describe('render-xml escapes hostile text', () => {
  it('pretty: markup characters, control and bidi characters become references', () => {
    const xml = renderXml(hostile);
    expect(xml).toContain('cmd /c &quot;a&lt;b&gt;&amp;c&quot;&#x1b;[2J&#x202e;gnp.exe\r\nnext');
    expect(xml).toContain('<Da&#x7;ta/>');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('line: also line breaks, so one event is one line', () => {
    const xml = renderXml(hostile, 'line');
    expect(xml.split('\n')).toHaveLength(1);
    expect(xml).toContain('gnp.exe&#13;&#10;next');
  });

  it('plain text passes through untouched', () => {
    expect(escapeXml('C:\\Windows\\System32\\cmd.exe')).toBe('C:\\Windows\\System32\\cmd.exe');
  });
});
