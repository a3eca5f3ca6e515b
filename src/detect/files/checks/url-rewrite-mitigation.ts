/**
 * @module detect/files/checks/url-rewrite-mitigation
 * Whether the EOMT (CVE-2021-26855) and EOMTv2 (CVE-2022-41040) URL Rewrite mitigations in the
 * Default Web Site's web.config are in effect, by the criteria of HealthChecker's retired
 * CVE-2022-41040 check (reference/microsoft-anchors.md §3.4): a rule counts only if its pattern
 * and input are exactly the final ones, its action aborts (or answers), patternSyntax is not
 * Wildcard, match url is `.*`, it stops processing (or is the only rule) and it is enabled; a
 * `<clear/>` or a `<remove>` of the rule in a child (HttpProxy) web.config disables it.
 */
import { attr, select, type XmlElement } from './xml-tree.js';

export type MitigationId = 'eomtv2-cve-2022-41040' | 'eomt-cve-2021-26855';

export interface RewriteRule {
  name: string;
  enabled: boolean;
  patternSyntax: string;
  stopProcessing: boolean;
  matchUrl: string;
  action: string;
  conditions: { input: string; pattern: string }[];
}

export interface RulesBlock {
  cleared: boolean;
  removed: string[];
  rules: RewriteRule[];
}

const bool = (v: string | undefined, dflt: boolean) => (v === undefined ? dflt : v.toLowerCase() === 'true');

/** The `system.webServer/rewrite/rules` of one web.config (or of each `<location>` in it). */
export function rewriteRules(root: XmlElement): RulesBlock {
  const block: RulesBlock = { cleared: false, removed: [], rules: [] };
  const places = [
    ...select(root, ['configuration', 'system.webServer', 'rewrite', 'rules']),
    ...select(root, ['configuration', 'location', 'system.webServer', 'rewrite', 'rules']),
  ];
  for (const rules of places) {
    for (const el of rules.children) {
      if (el.name === 'clear') {
        block.cleared = true;
        block.rules = [];
      } else if (el.name === 'remove') block.removed.push(attr(el, 'name') ?? '');
      else if (el.name === 'rule') {
        const match = el.children.find((c) => c.name === 'match');
        const action = el.children.find((c) => c.name === 'action');
        const conds = el.children.find((c) => c.name === 'conditions');
        block.rules.push({
          name: attr(el, 'name') ?? '',
          enabled: bool(attr(el, 'enabled'), true),
          patternSyntax: attr(el, 'patternSyntax') ?? 'ECMAScript',
          stopProcessing: bool(attr(el, 'stopProcessing'), false),
          matchUrl: (match && attr(match, 'url')) ?? '',
          action: (action && attr(action, 'type')) ?? '',
          conditions: (conds?.children ?? [])
            .filter((c) => c.name === 'add')
            .map((c) => ({ input: attr(c, 'input') ?? '', pattern: attr(c, 'pattern') ?? '' })),
        });
      }
    }
  }
  return block;
}

const EOMTV2_PATTERN = '(?=.*autodiscover)(?=.*powershell)';
const EOMTV2_INPUT = '{UrlDecode:{REQUEST_URI}}';

/** Why a rule does not count as the EOMTv2 mitigation, or null when it does. */
export function eomtv2Defect(rule: RewriteRule, onlyRule: boolean): string | null {
  const cond = rule.conditions.find((c) => /autodiscover/i.test(c.pattern) && /powershell/i.test(c.pattern));
  if (!cond) return 'no autodiscover/powershell condition';
  if (cond.pattern !== EOMTV2_PATTERN)
    return `pattern is "${cond.pattern}", not "${EOMTV2_PATTERN}" (older patterns were bypassed)`;
  if (cond.input !== EOMTV2_INPUT)
    return `input is "${cond.input}", not "${EOMTV2_INPUT}" (URL encoding bypasses it)`;
  if (!/^(AbortRequest|CustomResponse)$/i.test(rule.action))
    return `action is "${rule.action}", not AbortRequest or CustomResponse`;
  if (/^wildcard$/i.test(rule.patternSyntax)) return 'patternSyntax is Wildcard';
  if (rule.matchUrl !== '.*') return `match url is "${rule.matchUrl}", not ".*"`;
  if (!rule.stopProcessing && !onlyRule) return 'stopProcessing is not true';
  if (!rule.enabled) return 'the rule is disabled';
  return null;
}

/** The EOMT cookie rules: both must be present and enabled with an abort action. */
export function eomtDefect(rules: RewriteRule[]): string | null {
  const named = (n: string) => rules.find((r) => r.name.toLowerCase() === n.toLowerCase());
  const a = named('X-AnonResource-Backend Abort - inbound');
  const b = named('X-BEResource Abort - inbound');
  if (!a && !b) return 'absent';
  for (const [r, n] of [
    [a, 'X-AnonResource-Backend Abort - inbound'],
    [b, 'X-BEResource Abort - inbound'],
  ] as const) {
    if (!r) return `rule "${n}" is missing`;
    if (!r.enabled) return `rule "${n}" is disabled`;
    if (!/^AbortRequest$/i.test(r.action)) return `rule "${n}" action is "${r.action}"`;
    if (!r.conditions.some((c) => /\{HTTP_COOKIE\}/i.test(c.input)))
      return `rule "${n}" does not test {HTTP_COOKIE}`;
  }
  return null;
}

export interface MitigationStatus {
  id: MitigationId;
  state: 'valid' | 'invalid' | 'absent';
  reason: string;
  rule: string | null;
}

/**
 * @param site the Default Web Site's web.config rules; @param children rules of the child
 *   configs (`…\FrontEnd\HttpProxy\**\web.config`) with their paths, which can clear or remove it.
 */
export function mitigationStatus(
  site: RulesBlock,
  children: { path: string; block: RulesBlock }[],
): MitigationStatus[] {
  const enabled = site.rules;
  const candidates = enabled.filter((r) =>
    r.conditions.some((c) => /autodiscover/i.test(c.pattern) && /powershell/i.test(c.pattern)),
  );
  let v2: MitigationStatus;
  if (candidates.length === 0) {
    v2 = {
      id: 'eomtv2-cve-2022-41040',
      state: 'absent',
      reason: 'no autodiscover/powershell rewrite rule: run EOMTv2 or rely on EEMS',
      rule: null,
    };
  } else {
    const valid = candidates.find((r) => eomtv2Defect(r, enabled.length === 1) === null);
    if (!valid) {
      v2 = {
        id: 'eomtv2-cve-2022-41040',
        state: 'invalid',
        reason: eomtv2Defect(candidates[0]!, enabled.length === 1)!,
        rule: candidates[0]!.name,
      };
    } else {
      v2 = {
        id: 'eomtv2-cve-2022-41040',
        state: 'valid',
        reason: 'rule matches HealthChecker criteria',
        rule: valid.name,
      };
      const clearing = children.find((c) => c.block.cleared);
      const removing = children.find((c) =>
        c.block.removed.some((n) => n.toLowerCase() === valid.name.toLowerCase()),
      );
      if (clearing)
        v2 = {
          ...v2,
          state: 'invalid',
          reason: `<clear/> in ${clearing.path} drops the inherited rule (select "Revert to Parent" in URL Rewrite)`,
        };
      else if (removing) v2 = { ...v2, state: 'invalid', reason: `${removing.path} removes the rule` };
    }
  }
  const e1 = eomtDefect(enabled);
  const eomt: MitigationStatus =
    e1 === 'absent'
      ? { id: 'eomt-cve-2021-26855', state: 'absent', reason: 'no EOMT cookie rules', rule: null }
      : e1 === null
        ? {
            id: 'eomt-cve-2021-26855',
            state: 'valid',
            reason: 'both EOMT cookie rules present and enabled',
            rule: 'X-BEResource Abort - inbound',
          }
        : { id: 'eomt-cve-2021-26855', state: 'invalid', reason: e1, rule: null };
  return [v2, eomt];
}
