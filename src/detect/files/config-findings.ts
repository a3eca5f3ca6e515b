/**
 * @module detect/files/config-findings
 * Reads the IIS and ASP.NET configuration files of the evidence (bounded size, read-only) and
 * turns the applicationHost.config and URL Rewrite checks into findings.
 */
import type { EvidenceEntry, EvidenceRoot } from '../../evidence/index.js';
import { loadKnownModules, suspiciousModules, suspiciousVirtualDirs } from './checks/iis-application-host.js';
import { mitigationStatus, rewriteRules, type RulesBlock } from './checks/url-rewrite-mitigation.js';
import { parseXml } from './checks/xml-tree.js';
import { makeFinding } from './make-finding.js';
import type { FileFinding, FileScanIssue } from './types.js';

const MAX_CONFIG = 16 * 1024 * 1024;

async function readText(root: EvidenceRoot, e: EvidenceEntry): Promise<string | { error: string }> {
  if (e.size > MAX_CONFIG) return { error: `config larger than ${MAX_CONFIG} bytes` };
  const opened = await root.open(e.path);
  if (!opened.ok) return { error: opened.issue.message };
  const buf = Buffer.alloc(e.size);
  let total = 0;
  try {
    while (total < buf.length) {
      const n = await opened.reader.read(buf, total, buf.length - total);
      if (n === 0) break;
      total += n;
    }
  } catch (err) {
    return { error: `read failed: ${(err as Error).message}` };
  } finally {
    await opened.reader.close().catch(() => undefined);
  }
  const b = buf.subarray(0, total);
  // IIS writes UTF-8; some tools save configs as UTF-16 with a BOM.
  return b[0] === 0xff && b[1] === 0xfe ? b.subarray(2).toString('utf16le') : b.toString('utf8');
}

const facts = (e: EvidenceEntry) => ({ path: e.path, size: e.size, mtime: e.mtime });

export async function configFindings(
  root: EvidenceRoot,
  configs: EvidenceEntry[],
): Promise<{ findings: FileFinding[]; issues: FileScanIssue[] }> {
  const findings: FileFinding[] = [];
  const issues: FileScanIssue[] = [];
  const known = loadKnownModules();
  let siteRules: { entry: EvidenceEntry; block: RulesBlock } | null = null;
  const children: { path: string; block: RulesBlock }[] = [];
  for (const e of configs) {
    const key = e.windows.key;
    const base = key.slice(key.lastIndexOf('/') + 1);
    const isHost = base === 'applicationhost.config';
    const isSite = /\/inetpub\/wwwroot\/web\.config$/.test(key);
    const isChild = /\/frontend\/httpproxy\/.*web\.config$/.test(key);
    if (!isHost && !isSite && !isChild) continue;
    const text = await readText(root, e);
    if (typeof text !== 'string') {
      issues.push({ path: e.path, kind: 'config', message: text.error });
      continue;
    }
    const xml = parseXml(text);
    if (!xml.ok) {
      issues.push({
        path: e.path,
        kind: 'config',
        message: `not readable as XML (${xml.error}): mitigation and IIS checks unknown`,
      });
      continue;
    }
    if (isHost) {
      for (const v of suspiciousVirtualDirs(xml.root)) {
        findings.push(
          makeFinding(facts(e), {
            rule: v.why === 'device-folder' ? 'iis-vdir-device-folder' : 'iis-vdir-user-folder',
            title:
              v.why === 'device-folder'
                ? 'IIS virtual directory in a DOS-device-named ProgramData folder (ProxyShell persistence)'
                : 'IIS virtual directory pointing into a user profile',
            severity: v.why === 'device-folder' ? 'critical' : 'high',
            outcome: v.why === 'device-folder' ? 'compromise' : 'attempt',
            category: 'persistence',
            evidence: `site "${v.site}" path ${v.path} → ${v.physicalPath}`,
            attack: ['T1505.003'],
            campaign: v.why === 'device-folder' ? 'proxyshell' : null,
            facts: { site: v.site, virtualPath: v.path, physicalPath: v.physicalPath },
            kind: 'config',
          }),
        );
      }
      for (const m of suspiciousModules(xml.root, known)) {
        const outside = m.why === 'outside-known-folders';
        findings.push(
          makeFinding(facts(e), {
            rule: outside ? 'iis-module-unknown-location' : 'iis-module-unknown-name',
            title: outside
              ? 'IIS native module loaded from outside IIS and Exchange folders'
              : 'Unlisted IIS native module',
            severity: outside ? 'high' : 'low',
            outcome: outside ? 'attempt' : 'context',
            category: 'persistence',
            evidence: `globalModules: ${m.name} → ${m.image}`,
            attack: ['T1505.004'],
            facts: { module: m.name, image: m.image },
            kind: 'config',
          }),
        );
      }
    }
    if (isSite) siteRules = { entry: e, block: rewriteRules(xml.root) };
    if (isChild) children.push({ path: e.path, block: rewriteRules(xml.root) });
  }
  if (siteRules) {
    for (const s of mitigationStatus(siteRules.block, children)) {
      if (s.state === 'absent') continue;
      const v2 = s.id.startsWith('eomtv2');
      findings.push(
        makeFinding(facts(siteRules.entry), {
          rule: `mitigation-${s.id}-${s.state}`,
          title: `${v2 ? 'EOMTv2 (CVE-2022-41040)' : 'EOMT (CVE-2021-26855)'} URL Rewrite mitigation ${s.state === 'valid' ? 'in effect' : 'present but not effective'}`,
          severity: s.state === 'valid' ? 'info' : 'medium',
          outcome: 'context',
          category: 'mitigation',
          evidence: s.reason,
          cves: v2 ? ['CVE-2022-41040'] : ['CVE-2021-26855'],
          facts: { mitigation: s.id, state: s.state, ...(s.rule ? { rewriteRule: s.rule } : {}) },
          references: ['https://github.com/microsoft/CSS-Exchange/tree/main/Security'],
          kind: 'config',
        }),
      );
    }
  }
  return { findings, issues };
}
