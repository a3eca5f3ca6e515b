/**
 * @module detect/files/checks/url-rewrite-mitigation.test
 * EOMTv2/EOMT validity by HealthChecker's retired CVE-2022-41040 criteria, one case per criterion,
 * including the historical bypassable patterns (CSS-Exchange #1262, #1269/#1270, #1281).
 */
import { describe, expect, it } from 'vitest';
import { EOMTV2_RULE, siteWebConfig } from '../synthetic/artefact-samples.js';
import { mitigationStatus, rewriteRules } from './url-rewrite-mitigation.js';
import { parseXml, type XmlElement } from './xml-tree.js';

const xml = (text: string): XmlElement => {
  const r = parseXml(text);
  if (!r.ok) throw new Error(r.error);
  return r.root;
};
const v2 = (rule: string, children: { path: string; text: string }[] = []) =>
  mitigationStatus(
    rewriteRules(xml(siteWebConfig(rule))),
    children.map((c) => ({ path: c.path, block: rewriteRules(xml(c.text)) })),
  )[0]!;

describe('EOMTv2 URL Rewrite mitigation', () => {
  it('the rule EOMTv2 writes is valid', () => {
    expect(v2(EOMTV2_RULE)).toMatchObject({ state: 'valid', rule: 'PowerShell - inbound' });
  });

  it.each([
    [
      'the first pattern of 2022-09-30',
      EOMTV2_RULE.replace('(?=.*autodiscover)(?=.*powershell)', '.*autodiscover\\.json.*\\@.*Powershell.*'),
      /pattern is/,
    ],
    [
      'REQUEST_URI without UrlDecode (#1269)',
      EOMTV2_RULE.replace('{UrlDecode:{REQUEST_URI}}', '{REQUEST_URI}'),
      /input is/,
    ],
    ['a Rewrite action', EOMTV2_RULE.replace('AbortRequest', 'Rewrite'), /action is/],
    ['match url "*"', EOMTV2_RULE.replace('url=".*"', 'url="*"'), /match url/],
    [
      'a disabled rule',
      EOMTV2_RULE.replace('stopProcessing="true"', 'stopProcessing="true" enabled="false"'),
      /disabled/,
    ],
    [
      'Wildcard syntax',
      EOMTV2_RULE.replace('stopProcessing="true"', 'stopProcessing="true" patternSyntax="Wildcard"'),
      /Wildcard/,
    ],
  ])('%s is not effective', (_name, rule, reason) => {
    const s = v2(rule);
    expect(s.state).toBe('invalid');
    expect(s.reason).toMatch(reason);
  });

  it('stopProcessing may be absent when it is the only rule, not when others follow', () => {
    const alone = EOMTV2_RULE.replace(' stopProcessing="true"', '');
    expect(v2(alone).state).toBe('valid');
    const other = `<rule name="x"><match url="^foo" /><action type="Redirect" url="/" /></rule>`;
    expect(v2(`${alone}\n${other}`)).toMatchObject({
      state: 'invalid',
      reason: expect.stringMatching(/stopProcessing/),
    });
  });

  it('a <clear/> in an HttpProxy web.config drops the inherited rule', () => {
    const child = { path: 'x/FrontEnd/HttpProxy/owa/web.config', text: siteWebConfig('<clear />') };
    expect(v2(EOMTV2_RULE, [child])).toMatchObject({
      state: 'invalid',
      reason: expect.stringMatching(/Revert to Parent/),
    });
  });

  it('a <remove> of the rule in a child config disables it', () => {
    const child = {
      path: 'x/FrontEnd/HttpProxy/ecp/web.config',
      text: siteWebConfig('<remove name="PowerShell - inbound" />'),
    };
    expect(v2(EOMTV2_RULE, [child])).toMatchObject({
      state: 'invalid',
      reason: expect.stringMatching(/removes/),
    });
  });

  it('no rule at all is "absent"', () => {
    expect(v2('').state).toBe('absent');
  });
});

describe('EOMT cookie rules (CVE-2021-26855)', () => {
  const rule = (name: string, pattern: string, extra = '') =>
    `<rule name="${name}" ${extra}><match url=".*" /><conditions><add input="{HTTP_COOKIE}" pattern="${pattern}" /></conditions><action type="AbortRequest" /></rule>`;
  const both =
    rule('X-AnonResource-Backend Abort - inbound', '(.*)X-AnonResource-Backend(.*)') +
    rule('X-BEResource Abort - inbound', '(.*)X-BEResource=(.+)/(.+)~(.+)', 'stopProcessing="true"');
  const eomt = (rules: string) => mitigationStatus(rewriteRules(xml(siteWebConfig(rules))), [])[1]!;

  it('both rules present is valid', () => expect(eomt(both).state).toBe('valid'));
  it('only one is invalid', () =>
    expect(eomt(rule('X-BEResource Abort - inbound', 'x')).reason).toMatch(
      /X-AnonResource-Backend.*missing/,
    ));
  it('none is absent', () => expect(eomt('').state).toBe('absent'));
});

describe('parseXml', () => {
  it('reports an unbalanced document as an error value', () => {
    expect(parseXml('<configuration><a></configuration>')).toMatchObject({ ok: false });
    expect(parseXml('not xml')).toMatchObject({ ok: false });
  });
  it('decodes entities and skips comments', () => {
    const r = parseXml('<a><!-- <b x="1"/> --><c v="&lt;x&amp;y&#65;&quot;" /></a>');
    expect(r.ok && r.root.children[0]!.children.map((c) => c.attrs)).toEqual([{ v: '<x&yA"' }]);
  });
});
