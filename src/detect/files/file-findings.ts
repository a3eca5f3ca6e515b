/**
 * @module detect/files/file-findings
 * Turns one scanned file into findings: YARA hits (with the rule's own meta and author), hash and
 * path indicator hits (with their source), memory dumps by magic, ProgramData archives and script
 * pages that are not part of Exchange.
 */
import type { EvidenceEntry } from '../../evidence/index.js';
import type { IndicatorIndex } from '../indicators/index.js';
import type { Outcome, Severity } from '../rule-types.js';
import { programDataArchive } from './checks/programdata-archive.js';
import { unknownWebPage, type WebPageCatalogue } from './checks/unknown-web-page.js';
import { makeFinding, type FileFacts } from './make-finding.js';
import type { RuleAttribution } from './rule-catalogue.js';
import type { FileFinding, ScannedFile } from './types.js';

export interface FindingContext {
  index: IndicatorIndex;
  rules: Map<string, RuleAttribution>;
  webPages: WebPageCatalogue;
  archiveAllow: RegExp[];
}

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** LOKI/THOR `score` meta → severity (LOKI: alert >= 100, warning >= 60, notice >= 40). */
function severityOf(meta: Record<string, unknown>): Severity {
  const s = typeof meta.severity === 'string' ? meta.severity.toLowerCase() : '';
  if ((SEVERITIES as string[]).includes(s)) return s as Severity;
  const score = typeof meta.score === 'number' ? meta.score : 75;
  return score >= 100
    ? 'critical'
    : score >= 75
      ? 'high'
      : score >= 60
        ? 'medium'
        : score >= 40
          ? 'low'
          : 'info';
}

function outcomeOf(severity: Severity, meta: Record<string, unknown>): Outcome {
  const o = typeof meta.outcome === 'string' ? meta.outcome : '';
  if (o === 'compromise' || o === 'attempt' || o === 'context') return o;
  return severity === 'critical' || severity === 'high'
    ? 'compromise'
    : severity === 'info'
      ? 'context'
      : 'attempt';
}

const list = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export function findingsForFile(
  entry: EvidenceEntry,
  windowsPath: string,
  scanned: ScannedFile | null,
  ctx: FindingContext,
): FileFinding[] {
  const out: FileFinding[] = [];
  const file: FileFacts = {
    path: entry.path,
    size: entry.size,
    mtime: entry.mtime,
    md5: scanned?.md5,
    sha1: scanned?.sha1,
    sha256: scanned?.sha256,
  };
  const seenRules = new Set<string>();
  for (const hit of scanned?.yara ?? []) {
    const key = `${hit.namespace}\0${hit.rule}`;
    if (seenRules.has(key)) continue;
    seenRules.add(key);
    const a = ctx.rules.get(key);
    const meta = a?.meta ?? {};
    const severity = severityOf(meta);
    const title =
      typeof meta.title === 'string'
        ? meta.title
        : typeof meta.description === 'string'
          ? meta.description
          : hit.rule;
    out.push(
      makeFinding(file, {
        rule: `yara:${hit.rule}`,
        title,
        severity,
        outcome: outcomeOf(severity, meta),
        category: typeof meta.category === 'string' ? meta.category : 'web-shell',
        evidence: `YARA rule ${hit.rule} (${hit.namespace}) matched ${windowsPath}`,
        cves: list(meta.cves ?? meta.cve),
        attack: list(meta.attack),
        campaign: typeof meta.campaign === 'string' ? meta.campaign : null,
        facts: {
          yaraRule: hit.rule,
          yaraNamespace: hit.namespace,
          author: a?.author ?? 'unknown',
          licence: a?.licence ?? 'unknown',
        },
        author: a?.author ?? 'unknown',
        licence: a?.licence ?? 'unknown',
        references: a?.reference ? [a.reference] : [],
      }),
    );
  }
  if (scanned && (scanned.sha256 || scanned.md5 || scanned.sha1)) {
    const digests = [scanned.md5, scanned.sha1, scanned.sha256].filter((d): d is string => d !== null);
    const hits = ctx.index.hashHits(...digests);
    const bySource = new Map(hits.map((h) => [h.source.id, h]));
    for (const h of bySource.values()) {
      out.push(
        makeFinding(file, {
          rule: 'file-hash-ioc',
          title: `Known attacker file (${h.algo.toUpperCase()} listed by ${h.source.author})`,
          severity: h.score >= 100 ? 'critical' : 'high',
          outcome: 'compromise',
          category: 'web-shell',
          evidence: `${h.algo} ${h.hash}: ${h.comment}`,
          facts: { indicatorSource: h.source.id, hashAlgo: h.algo },
          author: h.source.author,
          licence: h.source.licence,
          references: h.source.reference ? [h.source.reference] : [],
        }),
      );
    }
  }
  const pathHits = ctx.index.pathHits(windowsPath);
  if (pathHits.length > 0) {
    const top = pathHits.reduce((a, b) => (b.indicator.score > a.indicator.score ? b : a));
    const score = top.indicator.score;
    out.push(
      makeFinding(file, {
        rule: 'file-path-ioc',
        title: 'File name or location listed as an attacker indicator',
        severity: score >= 80 ? 'high' : score >= 60 ? 'medium' : score >= 40 ? 'low' : 'info',
        outcome: score >= 40 ? 'attempt' : 'context',
        category: 'indicator',
        evidence: pathHits
          .map((h) => `${h.indicator.comment || h.indicator.pattern.source} (score ${h.indicator.score})`)
          .join('; '),
        facts: {
          indicatorSource: top.indicator.source.id,
          score: String(score),
          matches: String(pathHits.length),
        },
        author: top.indicator.source.author,
        licence: top.indicator.source.licence,
        references: top.indicator.source.reference ? [top.indicator.source.reference] : [],
      }),
    );
  }
  const key = entry.windows.key;
  const page = unknownWebPage(key, ctx.webPages);
  if (page) {
    out.push(
      makeFinding(file, {
        rule: 'file-unknown-web-page',
        title: `Script page that is not part of Exchange in ${page}`,
        severity: 'high',
        outcome: 'attempt',
        category: 'web-shell',
        evidence: `${windowsPath} is not in the stock ${page} page list`,
        attack: ['T1505.003'],
        facts: { folder: page },
        references: [
          'https://github.com/microsoft/CSS-Exchange/blob/main/Security/Defender-MSERT-Guidance.md',
        ],
      }),
    );
  }
  const fileType = scanned?.fileType ?? '';
  if (fileType === 'MDMP') {
    const lsass = scanned?.dumpOf === 'lsass.exe' || /lsass/i.test(key);
    out.push(
      makeFinding(file, {
        rule: lsass ? 'file-lsass-dump' : 'file-memory-dump',
        title: lsass ? 'LSASS memory dump (credential theft)' : 'Process memory dump (MDMP)',
        severity: lsass ? 'critical' : 'low',
        outcome: lsass ? 'compromise' : 'context',
        category: lsass ? 'credential-theft' : 'memory-dump',
        evidence: `${windowsPath} starts with the minidump magic MDMP${scanned?.dumpOf ? ` and names ${scanned.dumpOf}` : ''}`,
        attack: lsass ? ['T1003.001'] : [],
        facts: { fileType },
        references: [
          'https://www.microsoft.com/security/blog/2021/03/02/hafnium-targeting-exchange-servers/',
        ],
      }),
    );
  }
  const archive = programDataArchive(key, fileType, ctx.archiveAllow);
  if (archive.archive && !archive.allowed) {
    out.push(
      makeFinding(file, {
        rule: 'file-programdata-archive',
        title: 'Archive in ProgramData (possible data staging for exfiltration)',
        severity: 'medium',
        outcome: 'attempt',
        category: 'data-staging',
        evidence: `${windowsPath} is an archive (by ${archive.by}) outside known vendor folders`,
        attack: ['T1560.001', 'T1074.001'],
        facts: { fileType, detectedBy: archive.by },
        references: ['https://github.com/microsoft/CSS-Exchange/issues/311'],
      }),
    );
  }
  return out;
}
