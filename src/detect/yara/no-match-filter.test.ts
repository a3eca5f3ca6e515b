/**
 * @module detect/yara/no-match-filter.test — the filter held to YARA-X itself: on every generated
 * sample and variant, with exhunt's rules and with a set of rules written to exercise each kind of
 * string and condition the filter reads, a buffer the filter rules out must get no hit from a
 * real scan. And the filter must rule out files (it is not a no-op) while letting through every
 * file that matches.
 */
import { describe, expect, it } from 'vitest';
import { artefactSamples } from '../files/synthetic/artefact-samples.js';
import { webShellSamples } from '../files/synthetic/webshell-samples.js';
import { yaraXEngine } from './backend-yara-x.js';
import { REPO_RULES } from './engine-contract.test-helpers.js';
import { variablesFor } from './externals.js';
import { literalSearchAvailable } from './literal-index.js';
import { NoMatchFilter } from './no-match-filter.js';
import { loadRuleSources } from './rule-source.js';
import type { RuleSource, ScanVariables } from './types.js';

const available = (await yaraXEngine().status()).available && literalSearchAvailable();

/** Rules that use each construct the filter reads, each with files that match and files that do not. */
const TRICKY = String.raw`
import "pe"
rule text_nocase_wide { strings: $a = "Invoke-Mimikatz" nocase wide ascii condition: $a }
rule hex_jump { strings: $h = { 4D 5A 90 00 [2-8] 50 45 00 00 } condition: $h }
rule hex_short_run { strings: $h = { 3C 25 ?? 25 3E } condition: $h }
rule regex_alt { strings: $r = /(ldap|rmi):\/\/[a-z0-9.]{3,20}\/Exploit/ condition: $r }
rule regex_case_class { strings: $r = /[Pp][Oo][Ww][Ee][Rr]shell\.exe/ condition: $r }
rule xor_any_key { strings: $x = "hidden payload marker" xor condition: $x }
rule base64_plain { strings: $b = "cmd.exe /c whoami" base64 condition: $b }
rule two_of { strings: $a = "alpha_token" $b = "beta_token" $c = "gamma_token" condition: 2 of them }
rule counts { strings: $a = "needle!" $b = "straw!" condition: #a > #b + 1 }
rule offset_math { strings: $m = "MARK" condition: uint32(@m + 4) == 0x44434241 }
rule at_zero { strings: $s = "<%@" condition: $s at 0 }
rule size_and_magic { condition: uint16(0) == 0x5a4d and filesize < 2KB }
rule pe_only { condition: pe.number_of_sections == 1 }
rule pe_not_export { condition: not pe.exports("Nope") and filesize < 3 }
rule by_name { condition: filename iequals "evil.aspx" }
rule by_regex_name { condition: filename matches /\.txt\.exe$/i }
private rule helper { strings: $h = "helper-string" condition: $h }
rule uses_helper { strings: $x = "main-string" condition: helper and $x }
rule none_or { strings: $a = "zzzz-never" condition: none of them and filesize == 7 }
`;

function variants(): { id: string; data: Buffer; vars: Partial<ScanVariables> }[] {
  const base = [...webShellSamples(), ...artefactSamples()].map((s) => ({ id: s.id, data: s.data }));
  const crafted: [string, Buffer][] = [
    ['nocase-wide', Buffer.from('x INVOKE-mimikatz y', 'utf16le')],
    ['hex', Buffer.from('MZ\x90\x00\x01\x02\x03PE\x00\x00', 'latin1')],
    ['hex-short', Buffer.from('aa<%=%>bb', 'latin1')],
    ['regex', Buffer.from('jndi:ldap://evil.example/Exploit', 'latin1')],
    ['regex-class', Buffer.from('run POWERshell.exe now', 'latin1')],
    ['xor-5a', Buffer.from(Buffer.from('..hidden payload marker..', 'latin1').map((b) => b ^ 0x5a))],
    ['xor-0', Buffer.from('..hidden payload marker..', 'latin1')],
    ['base64', Buffer.from(`x=${Buffer.from('AB cmd.exe /c whoami CD').toString('base64')};`, 'latin1')],
    ['two-of', Buffer.from('alpha_token beta_token', 'latin1')],
    ['one-of-two', Buffer.from('alpha_token only', 'latin1')],
    ['counts', Buffer.from('needle! needle! needle! straw!', 'latin1')],
    ['offset', Buffer.from('..MARKABCD', 'latin1')],
    ['offset-miss', Buffer.from('..MARK\0ABCD', 'latin1')],
    ['at-zero', Buffer.from('<%@ Page %>', 'latin1')],
    ['at-one', Buffer.from(' <%@ Page %>', 'latin1')],
    ['mz-small', Buffer.from('MZ' + 'x'.repeat(100), 'latin1')],
    ['helper', Buffer.from('helper-string main-string', 'latin1')],
    ['no-helper', Buffer.from('main-string', 'latin1')],
    ['seven', Buffer.from('7 bytes', 'latin1')],
    ['tiny', Buffer.from('x', 'latin1')],
    ['empty', Buffer.alloc(0)],
  ];
  const out: { id: string; data: Buffer; vars: Partial<ScanVariables> }[] = [
    ...base,
    ...crafted.map(([id, data]) => ({ id, data })),
  ].flatMap(({ id, data }) => [
    { id, data, vars: variablesFor(`inetpub/wwwroot/${id}.aspx`) },
    { id: `${id}/evil`, data, vars: variablesFor('inetpub/wwwroot/Evil.aspx') },
    { id: `${id}/txt-exe`, data, vars: variablesFor('Users/x/Downloads/a.TXT.exe') },
  ]);
  // Grown with text and with binary filler, and plain files that should not match anything.
  for (const { id, data } of base.slice(0, 12)) {
    out.push({
      id: `${id}/grown`,
      data: Buffer.concat([data, Buffer.alloc(70_000, 'filler text ')]),
      vars: {},
    });
  }
  for (let k = 0; k < 20; k++) {
    out.push({
      id: `plain-${k}`,
      data: Buffer.alloc(3000 + k * 997, `page ${k} of a plain document; `),
      vars: {},
    });
  }
  return out;
}

async function check(sources: RuleSource[]): Promise<{ skipped: number; matched: number; total: number }> {
  const filter = NoMatchFilter.of(sources);
  expect(filter).not.toBeNull();
  const yara = await yaraXEngine({ partition: false, noMatchFilter: false }).compile(sources);
  let skipped = 0;
  let matched = 0;
  const cases = variants();
  try {
    for (const c of cases) {
      const hits = await yara.scanBuffer(c.data, c.vars);
      const vars = { ...variablesFor(''), ...c.vars };
      const may = filter!.mayMatch(c.data, vars);
      if (hits.length > 0) {
        matched++;
        expect(
          may,
          `${c.id}: YARA-X matched ${hits.map((h) => h.rule).join(', ')} but the filter ruled it out`,
        ).toBe(true);
      }
      if (!may) skipped++;
    }
  } finally {
    await yara.close();
  }
  return { skipped, matched, total: cases.length };
}

describe.skipIf(!available)('no-match filter against YARA-X', () => {
  it('never rules out a buffer that YARA-X matches, with a set of tricky rules', async () => {
    const r = await check([{ origin: 'tricky.yar', namespace: 'tricky', text: TRICKY }]);
    // Every crafted file matches something; the plain and grown files match nothing.
    expect(r.matched).toBeGreaterThan(25);
    expect(r.skipped).toBeGreaterThan(20);
  }, 60_000);

  it('rules out the plain files for each tricky rule alone, and still never misses a match', async () => {
    const rules = TRICKY.split(/\n(?=(?:private )?rule )/).slice(1);
    expect(rules.length).toBe(19);
    for (const rule of rules.filter((r) => !r.startsWith('private'))) {
      // A rule that names the private helper needs it in the same unit.
      const text = `import "pe"\n${rule.includes('helper and') ? rules.find((r) => r.startsWith('private'))! : ''}\n${rule}`;
      const r = await check([{ origin: 'one.yar', namespace: 'one', text }]);
      expect(r.skipped, rule.split('{')[0]!).toBeGreaterThanOrEqual(20);
    }
  }, 120_000);

  it("never rules out a buffer that YARA-X matches, with exhunt's own rules", async () => {
    const { sources } = await loadRuleSources([REPO_RULES]);
    const r = await check(sources);
    expect(r.matched).toBeGreaterThan(20);
    expect(r.skipped).toBeGreaterThan(20);
  }, 60_000);

  it('is used by the backend only for large units unless asked, and then gives the same hits', async () => {
    const sources = [{ origin: 'tricky.yar', namespace: 'tricky', text: TRICKY }];
    const filtered = await yaraXEngine({ noMatchFilter: true }).compile(sources);
    const plain = await yaraXEngine({ noMatchFilter: false }).compile(sources);
    try {
      for (const c of variants()) {
        expect(await filtered.scanBuffer(c.data, c.vars), c.id).toEqual(
          await plain.scanBuffer(c.data, c.vars),
        );
      }
    } finally {
      await filtered.close();
      await plain.close();
    }
  }, 60_000);
});
