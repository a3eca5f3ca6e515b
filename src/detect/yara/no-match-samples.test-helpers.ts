/**
 * @module detect/yara/no-match-samples.test-helpers
 * A rule set that uses each kind of string and condition the no-match filter reads, and buffers
 * (generated samples, crafted matches and near misses, plain files) under several file names:
 * shared by the filter's own test and the backend contract.
 */
import { artefactSamples } from '../files/synthetic/artefact-samples.js';
import { webShellSamples } from '../files/synthetic/webshell-samples.js';
import { variablesFor } from './externals.js';
import type { ScanVariables } from './types.js';

/** Rules that use each construct the filter reads, each with files that match and files that do not. */
export const TRICKY = String.raw`
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

/** TRICKY without the rules that read external variables (libyara-wasm cannot define them). */
export const TRICKY_NO_EXTERNALS = TRICKY.split('\n')
  .filter((l) => !l.includes('filename'))
  .join('\n');

export function variants(): { id: string; data: Buffer; vars: Partial<ScanVariables> }[] {
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
