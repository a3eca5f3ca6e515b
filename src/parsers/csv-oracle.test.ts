// Correctness oracle: exhunt's byte scanner against csv-parse (with `comment_no_infix: true`, the
// setting that keeps `#` inside fields as data; deps.md §4) on generated HttpProxy logs full of
// quoting traps and ProxyLogon rows. Every field of every record must agree.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { memoryReader } from '../evidence/index.js';
import { HTTPPROXY_FIELDS } from './layouts.js';
import { scanLog } from './scan-log.js';
import { proxyLogonResetVdir, proxyLogonSsrf } from './testing/attack-lines.js';
import { generateHttpProxyLog } from './testing/httpproxy-log.js';
import { DEFAULT_START } from './testing/log-options.js';

const TRAPS: Record<string, string>[] = [
  { UserAgent: 'Mozilla/5.0 (a, b; "c") #x' },
  { AnchorMailbox: '#', GenericInfo: 'a,"b",c#d' },
  { UrlQuery: '?q=#&x=","' },
  { UserAgent: '"' },
  { UserAgent: '' },
  { GenericErrors: 'ends with comma,' },
];

function oracleRows(text: Buffer): string[][] {
  return parse(text, {
    comment: '#',
    comment_no_infix: true,
    skip_empty_lines: true,
    relax_column_count: true,
    bom: true,
  }) as string[][];
}

describe('scanLog agrees with csv-parse (comment_no_infix) field by field', () => {
  for (const seed of [1, 2, 3]) {
    it(`generated HttpProxy log, seed ${seed}`, async () => {
      const plant = [
        ...TRAPS.map((fields, i) => ({ at: 10 + i * 37, fields })),
        { at: 400, fields: proxyLogonSsrf(DEFAULT_START) },
        { at: 401, fields: proxyLogonResetVdir(DEFAULT_START) },
      ];
      const text = generateHttpProxyLog({
        lines: 600,
        seed,
        plant,
        bom: seed === 2,
        repeatHeaderEvery: seed === 3 ? 150 : undefined,
      });
      const expected = oracleRows(text);
      const ours: string[][] = [];
      const result = await scanLog(memoryReader(text), {
        kind: 'httpproxy',
        onRecord: (r) => ours.push(HTTPPROXY_FIELDS.map((f) => r.get(f)!)),
      });
      expect(result.issues).toEqual([]);
      expect(ours.length).toBe(600);
      expect(ours).toEqual(expected);
      // The ProxyLogon rows keep their trailing `#`.
      expect(ours[400]![15]).toMatch(/autodiscover\.xml\?#$/);
      expect(ours[401]![15]).toMatch(/#$/);
    });
  }
});
