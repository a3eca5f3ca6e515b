// Every indicator of CISA CHIRP's AA21-062A package (test/fixtures/exchange/cisa-chirp, CC0) maps
// to an exhunt rule that fires on a line generated from it — through the real parser and its
// prefilter for log indicators. File-content YARA indicators belong to rules/yara.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadLogRules, memoryRecord, RuleSet } from '../../src/detect/index.js';
import { memoryReader } from '../../src/evidence/index.js';
import { scanLog, type LogKind } from '../../src/parsers/index.js';

interface Indicator {
  name: string;
  ioc_type: string;
  indicator: Record<string, string>;
}

const chirp = parseAllDocuments(
  readFileSync(new URL('../fixtures/exchange/cisa-chirp/AA21062A.yaml', import.meta.url), 'utf8'),
)
  .map((d) => d.toJS() as Indicator | null)
  .filter((d): d is Indicator => d !== null);
const { rules } = loadLogRules();
const set = new RuleSet(rules);

/** CHIRP's "every file on every drive" glob: file-content indicators, not log indicators. */
const isAllDrives = (i: Indicator): boolean => i.ioc_type === 'yara' && i.indicator.files === '\\**';

/** YARA string values of an inline rule: text strings as-is, regexes as a matching sample. */
function yaraStrings(rule: string): string[] {
  const out: string[] = [];
  for (const m of rule.matchAll(/\$\w+\s*=\s*(?:"((?:[^"\\]|\\.)*)"|\/(.+)\/)/g)) {
    if (m[1] !== undefined) out.push(m[1].replace(/\\\\/g, '\\').replace(/\\"/g, '"'));
    else if (m[2] === 'POST \\/ecp\\/\\b\\w{1}\\b.js') out.push('POST /ecp/a.js');
    else throw new Error(`no sample for regex /${m[2]}/`);
  }
  return out;
}

const IIS_HEADER =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n';
const iisLine = (o: { method?: string; stem?: string; ip?: string; ua?: string }): string =>
  `2021-03-02 23:01:00 10.0.0.10 ${o.method ?? 'GET'} ${o.stem ?? '/owa/'} - 443 - ${o.ip ?? '198.51.100.9'} ${o.ua ?? 'Mozilla/5.0'} - 200 0 0 15\n`;

/** Rules that fire per data line (1-based over data lines) when the text is scanned as `kind`. */
async function firedPerLine(kind: LogKind, text: string): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  const prefilter = set.prefilter(kind);
  await scanLog(memoryReader(Buffer.from(text)), {
    kind,
    subkind: kind === 'iis' ? 'W3SVC1' : null,
    path: `chirp/${kind}.log`,
    ...(prefilter ? { prefilter } : {}),
    onRecord: (rec) => {
      const hits = set.match(rec);
      out.set(rec.line ?? -1, new Set(hits.map((h) => h.rule)));
    },
  });
  return out;
}

/** Generated lines for one log indicator, each with the kind of log it belongs in. */
function linesFor(ind: Indicator): { kind: LogKind; line: string; what: string }[] {
  if (ind.ioc_type === 'network') {
    return ind.indicator
      .ips!.trim()
      .split(/\s+/)
      .map((ip) => ({ kind: 'iis', line: iisLine({ ip }), what: ip }));
  }
  const files = ind.indicator.files ?? '';
  const strings = yaraStrings(ind.indicator.rule ?? '');
  if (/W3SVC/i.test(files)) {
    return strings.map((s) => {
      const post = /^POST (\S+)$/.exec(s);
      return {
        kind: 'iis',
        line: post ? iisLine({ method: 'POST', stem: post[1] }) : iisLine({ ua: s }),
        what: s,
      };
    });
  }
  if (/ECP\\\\?Server/i.test(files)) {
    return strings.map((s) => ({
      kind: 'ecp-server',
      line: `2021-03-03T04:12:30.000Z,EX01,1,"${s}http://f/x'.Identity='OAB'"\n`,
      what: s,
    }));
  }
  if (/OABGeneratorLog/i.test(files)) {
    return strings.map((s) => ({
      kind: 'oabgen',
      line: `2021-03-03T05:00:00.000Z,"${s} 'C:\\inetpub\\wwwroot\\aspnet_client\\a.aspx' needs to be removed"\n`,
      what: s,
    }));
  }
  return [];
}

describe('CISA CHIRP AA21-062A: every indicator is covered by an exhunt rule', () => {
  it('has the 11 indicators the research notes describe', () => {
    expect(chirp).toHaveLength(11);
  });

  const logIndicators = chirp.filter(
    (i) => i.ioc_type === 'network' || (i.ioc_type === 'yara' && !isAllDrives(i)),
  );
  it.each(logIndicators.map((i) => [i.name, i] as const))(
    'log indicator "%s" fires a rule on every generated line',
    async (_name, ind) => {
      const lines = linesFor(ind);
      expect(lines.length).toBeGreaterThan(0);
      for (const kind of new Set(lines.map((l) => l.kind))) {
        const mine = lines.filter((l) => l.kind === kind);
        const header = kind === 'iis' ? IIS_HEADER : kind === 'oabgen' ? '#Fields: DateTime,Message\n' : '';
        const fired = await firedPerLine(kind, header + mine.map((l) => l.line).join(''));
        mine.forEach((l, i) => {
          const lineNo = i + 1 + header.split('\n').length - 1;
          expect([...(fired.get(lineNo) ?? [])], `no rule fired for ${l.what}`).not.toEqual([]);
        });
      }
    },
  );

  it.each(chirp.filter((i) => i.ioc_type === 'events').map((i) => [i.name, i] as const))(
    'event indicator "%s" fires an event rule',
    (_name, ind) => {
      const pattern = String(Object.entries(ind.indicator).find(([k]) => k !== 'event_type')?.[1] ?? '');
      const sample = pattern.includes('ServerInfo')
        ? 'AnchorMailbox=ServerInfo~exch01/ecp/y.js'
        : 'Unhandled exception: System.InvalidCastException: Unable to cast';
      const channel =
        ind.indicator.event_type === 'Windows Powershell'
          ? 'Windows PowerShell'
          : (ind.indicator.event_type as string);
      const rec = memoryRecord({
        kind: 'event',
        subkind: channel,
        fields: {
          TimeCreated: '2021-03-03T00:00:00Z',
          EventID: '1',
          Provider: 'MSExchange Unified Messaging',
          Level: '2',
          Data: sample,
        },
      });
      expect(set.match(rec).map((h) => h.rule)).not.toEqual([]);
    },
  );

  it('file-content indicators (YARA over all drives) are covered by rules/yara or an event rule', () => {
    const yaraText = readdirSync(new URL('../../rules/yara/', import.meta.url))
      .filter((f) => f.endsWith('.yar'))
      .map((f) => readFileSync(new URL(`../../rules/yara/${f}`, import.meta.url), 'utf8').toLowerCase())
      .join('\n');
    const fileIndicators = chirp.filter((i) => i.ioc_type === 'yara' && isAllDrives(i));
    expect(fileIndicators).toHaveLength(4);
    for (const ind of fileIndicators) {
      const family = /rule (?:webshell_aspx_)?(\w+)/.exec(ind.indicator.rule ?? '')?.[1]?.toLowerCase() ?? '';
      if (yaraText.includes(family.replace(/tunnel$/, ''))) continue;
      // MSTIC's forensic-artefact strings are command lines: they show in event logs.
      for (const s of yaraStrings(ind.indicator.rule ?? '')) {
        const rec = memoryRecord({
          kind: 'event',
          subkind: 'Security',
          fields: { EventID: '4688', CommandLine: `cmd /c ${s} x` },
        });
        expect(
          set.match(rec).map((h) => h.rule),
          `${ind.name}: ${s}`,
        ).toContain('hafnium-post-exploitation-commands');
      }
    }
  });
});
