/**
 * @module detect/files/make-finding
 * Builds FileFindings with the facts every file finding carries (hashes, size) and the
 * attribution of the rule that produced it.
 */
import type { Outcome, Severity } from '../rule-types.js';
import type { FileFinding } from './types.js';

export const EXHUNT_AUTHOR = 'exhunt project';
export const EXHUNT_LICENCE = 'Apache-2.0';

export interface FileFacts {
  path: string;
  size: number;
  mtime: number | null;
  md5?: string | null;
  sha1?: string | null;
  sha256?: string | null;
}

export interface FindingSpec {
  rule: string;
  title: string;
  severity: Severity;
  outcome: Outcome;
  category: string;
  evidence: string;
  cves?: string[];
  attack?: string[];
  campaign?: string | null;
  facts?: Record<string, string>;
  author?: string;
  licence?: string;
  references?: string[];
  kind?: string;
}

/** Keeps hostile file names and strings bounded; sinks escape them for their medium. */
export function clip(s: string, max = 1024): string {
  return s.length > max ? `${s.slice(0, max)}… [${s.length} chars]` : s;
}

export function makeFinding(file: FileFacts, spec: FindingSpec): FileFinding {
  const facts: Record<string, string> = { size: String(file.size) };
  if (file.sha256) facts.sha256 = file.sha256;
  if (file.md5) facts.md5 = file.md5;
  if (file.sha1) facts.sha1 = file.sha1;
  return {
    rule: spec.rule,
    title: spec.title,
    severity: spec.severity,
    outcome: spec.outcome,
    category: spec.category,
    cves: spec.cves ?? [],
    attack: spec.attack ?? [],
    campaign: spec.campaign ?? null,
    time: file.mtime === null ? null : new Date(file.mtime).toISOString(),
    source: { path: file.path, line: null, kind: spec.kind ?? 'file' },
    evidence: clip(spec.evidence),
    facts: { ...facts, ...spec.facts },
    author: spec.author ?? EXHUNT_AUTHOR,
    licence: spec.licence ?? EXHUNT_LICENCE,
    references: spec.references ?? [],
  };
}
