/**
 * @module detect/indicators/importers.test
 * Every importer on real third-party files (copied with notices into test/fixtures/intel and
 * rules/indicators/mstic), and the formats with no public sample (STIX 2.1, MSTIC JSON) on
 * input built at test time from the real MSTIC rows.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { yaraXEngine } from '../yara/index.js';
import { parseIntel } from './parse-intel.js';
import type { IntelFile } from './classify-intel.js';
import type { Provenance } from './types.js';

const FIX = fileURLToPath(new URL('../../../test/fixtures/intel/', import.meta.url));
const MSTIC = fileURLToPath(new URL('../../../rules/indicators/mstic/', import.meta.url));

const prov = (format: Provenance['format'], origin: string): Provenance => ({
  id: 'test',
  format,
  origin,
  author: 'a',
  licence: 'l',
  reference: '',
});

async function parse(file: string, format: IntelFile['format']) {
  const text = await readFile(file, 'utf8');
  return parseIntel(text, format, prov(format === 'mstic-hash-map' ? 'mstic-csv' : format, file));
}

describe('LOKI lists (signature-base excerpts)', () => {
  it('reads the HAFNIUM hash list: 9 SHA-256 with comments', async () => {
    const set = await parse(`${FIX}signature-base/iocs/hash-iocs-exchange-excerpt.txt`, 'loki-hash');
    expect(set.issues).toEqual([]);
    expect(set.hashes).toHaveLength(9);
    expect(set.hashes.every((h) => h.algo === 'sha256')).toBe(true);
    expect(set.hashes[0]!.comment).toMatch(/HAFNIUM Webshells/);
  });

  it('reads the Exchange file-name list and every regex compiles', async () => {
    const file = `${FIX}signature-base/iocs/filename-iocs-exchange-excerpt.txt`;
    const text = await readFile(file, 'utf8');
    const dataLines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')).length;
    const set = await parse(file, 'loki-filename');
    expect(set.issues).toEqual([]);
    expect(set.paths).toHaveLength(dataLines);
    const aspnet = set.paths.filter((p) => p.pattern.test('C:\\inetpub\\wwwroot\\aspnet_client\\shell.aspx'));
    expect(aspnet.length).toBeGreaterThan(0);
  });

  it('reads the C2 list as IPs and domains', async () => {
    const set = await parse(`${FIX}signature-base/iocs/c2-iocs-excerpt.txt`, 'loki-c2');
    expect(set.issues).toEqual([]);
    expect(set.network).toHaveLength(44);
    expect(set.network.some((n) => n.kind === 'ip')).toBe(true);
    expect(set.network.some((n) => n.kind === 'domain')).toBe(true);
  });

  it('counts a malformed line instead of failing the file', () => {
    const set = parseIntel(
      '# c\nnot-a-hash;x\nd41d8cd98f00b204e9800998ecf8427e;empty\n',
      'loki-hash',
      prov('loki-hash', 'x'),
    );
    expect(set.hashes).toHaveLength(1);
    expect(set.issues).toEqual([{ origin: 'x', line: 2, message: 'not an MD5, SHA-1 or SHA-256 hash' }]);
  });
});

describe('MSTIC feed', () => {
  it('reads the CSV: 45 sha256, 104 file paths, 3 domains', async () => {
    const set = await parse(
      `${MSTIC}MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv`,
      'mstic-csv',
    );
    expect(set.issues).toEqual([]);
    expect(set.hashes).toHaveLength(45);
    expect(set.paths).toHaveLength(104);
    expect(set.network.map((n) => n.kind)).toEqual(['domain', 'domain', 'domain']);
  });

  it('reads the derived hash map: MD5, SHA-1 and SHA-256 for each of 45 files', async () => {
    const set = await parse(`${MSTIC}MSTIC-Exchange-March2021-hash-md5-sha1-map.csv`, 'mstic-hash-map');
    expect(set.issues).toEqual([]);
    expect(set.hashes.filter((h) => h.algo === 'md5')).toHaveLength(45);
    expect(set.hashes.filter((h) => h.algo === 'sha1')).toHaveLength(45);
    expect(set.hashes.filter((h) => h.algo === 'sha256')).toHaveLength(45);
  });

  it('reads the JSON form (built from the real CSV rows and hash map)', async () => {
    const csv = (
      await readFile(`${MSTIC}MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv`, 'utf8')
    ).split(/\r?\n/);
    const map = new Map(
      (await readFile(`${MSTIC}MSTIC-Exchange-March2021-hash-md5-sha1-map.csv`, 'utf8'))
        .split(/\r?\n/)
        .slice(1)
        .filter(Boolean)
        .map((l) => [l.split(',')[0]!, l.split(',')] as const),
    );
    const rows = csv
      .slice(1)
      .filter(Boolean)
      .map((l) => {
        const [DateAdded, FirstSeen, Indicator, IndicatorType, TLP] = l.split(',');
        const m = map.get(Indicator!);
        return {
          DateAdded,
          FirstSeen,
          Indicator,
          IndicatorType,
          TLP,
          ...(m ? { AdditionalMetadata: { FileMd5: m[1], FileSha1: m[2] } } : {}),
        };
      });
    const set = parseIntel(JSON.stringify(rows), 'mstic-json', prov('mstic-json', 'feed.json'));
    expect(set.issues).toEqual([]);
    expect(set.hashes).toHaveLength(135);
    expect(set.paths).toHaveLength(104);
  });
});

describe('CISA CHIRP YAML (AA21-062A)', () => {
  it('reads IPs and YARA rules, counts event queries as ignored', async () => {
    const set = await parse(`${FIX}../exchange/cisa-chirp/AA21062A.yaml`, 'chirp-yaml');
    expect(set.issues).toEqual([]);
    expect(set.network).toHaveLength(15);
    expect(set.yara).toHaveLength(8);
    expect(set.ignored).toEqual({ 'chirp:events': 2 });
  });

  it('its YARA rules compile and the Volexity rules keep their author', async () => {
    const set = await parse(`${FIX}../exchange/cisa-chirp/AA21062A.yaml`, 'chirp-yaml');
    const engine = yaraXEngine();
    if (!(await engine.status()).available) return;
    const rules = await engine.compile(set.yara);
    expect(rules.issues).toEqual([]);
    expect(rules.loaded).toBe(8);
    await rules.close();
    expect(set.yara.some((s) => s.text.includes('threatintel@volexity.com'))).toBe(true);
  });
});

describe('STIX 2.1 bundle', () => {
  it('reads hash, file-name, IP, domain and YARA indicators and counts the rest', () => {
    const bundle = {
      type: 'bundle',
      id: 'bundle--1',
      objects: [
        { type: 'identity', id: 'identity--1', name: 'x' },
        {
          type: 'indicator',
          id: 'indicator--1',
          name: 'HAFNIUM web shell',
          pattern_type: 'stix',
          pattern:
            "[file:hashes.'SHA-256' = 'b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0'] OR [file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
        },
        {
          type: 'indicator',
          id: 'indicator--2',
          name: 'name',
          pattern_type: 'stix',
          pattern: "[file:name = 'errorEE.aspx']",
        },
        {
          type: 'indicator',
          id: 'indicator--3',
          name: 'ip',
          pattern_type: 'stix',
          pattern: "[ipv4-addr:value = '203.0.113.7'] OR [domain-name:value = 'evil.example']",
        },
        {
          type: 'indicator',
          id: 'indicator--4',
          name: 'y',
          pattern_type: 'yara',
          pattern: 'rule stix_y { condition: false }',
        },
        {
          type: 'indicator',
          id: 'indicator--5',
          name: 'reg',
          pattern_type: 'stix',
          pattern: "[windows-registry-key:key = 'HKLM\\\\x']",
        },
        { type: 'indicator', id: 'indicator--6', name: 'sigma', pattern_type: 'sigma', pattern: 'title: x' },
      ],
    };
    const set = parseIntel(JSON.stringify(bundle), 'stix-bundle', prov('stix-bundle', 'b.json'));
    expect(set.issues).toEqual([]);
    expect(set.hashes.map((h) => h.algo)).toEqual(['sha256', 'md5']);
    expect(set.paths[0]!.pattern.test('C:\\inetpub\\wwwroot\\aspnet_client\\errorEE.aspx')).toBe(true);
    expect(set.paths[0]!.pattern.test('C:\\x\\notErrorEE.aspx')).toBe(false);
    expect(set.network.map((n) => n.value)).toEqual(['203.0.113.7', 'evil.example']);
    expect(set.yara).toHaveLength(1);
    expect(set.ignored).toEqual({ 'stix:windows-registry-key:key': 1, 'stix:sigma': 1 });
  });

  it('reports a file that is not a bundle', () => {
    const set = parseIntel('{"type":"indicator"}', 'stix-bundle', prov('stix-bundle', 'b.json'));
    expect(set.issues).toHaveLength(1);
  });
});

describe('signature-base YARA files', () => {
  it('compile on YARA-X, including the rules that need LOKI external variables', async () => {
    const engine = yaraXEngine();
    const status = await engine.status();
    if (!status.available) return;
    const { loadRuleSources } = await import('../yara/index.js');
    const { sources, issues } = await loadRuleSources([`${FIX}signature-base/yara`]);
    expect(issues).toEqual([]);
    const rules = await engine.compile(sources);
    expect(rules.issues).toEqual([]);
    expect(rules.loaded).toBe(4);
    const hits = await rules.scanBuffer(
      Buffer.from('<%@ Page Language="Jscript"%><%eval(Request.Item["z"],"unsafe");%>'),
    );
    expect(hits.map((h) => h.rule)).toContain('ChinaChopper_Generic');
    await rules.close();
  });
});
