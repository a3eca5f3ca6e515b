/**
 * @module knowledge/release-name
 * Derives a release's kind, CU line and update from Microsoft's (and righel's) naming:
 * "Exchange Server 2019 CU12 Nov22SU", "Update Rollup 32 for Exchange Server 2010 SP3",
 * "Exchange 2010 SP1 RU3", "Exchange Version 2013  SP1 (CU4)  +  KB3184736", "… CU12 (2022H1)".
 */
import type { Product, ReleaseKind } from './types.js';

export interface ReleaseClass {
  kind: ReleaseKind;
  cu: string;
  update: string | null;
}

const SU_NAME = /\b((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\d{2}(?:SU|HU)(?:v\d)?)\b/;
const KB_NAME = /\b(KB\d{6,7})(v\d)?\b/i;

export function classifyReleaseName(name: string, product: Product): ReleaseClass | null {
  const n = name.replace(/\s+/g, ' ').trim();
  if (product === '2010') {
    const sp = /\bSP(\d)\b/.exec(n);
    const cu = sp ? `SP${sp[1]}` : 'RTM';
    const ru = /(?:Update Rollup|\bRU) ?(\d+)(?: (v\d))?/i.exec(n);
    if (ru) return { kind: 'RU', cu, update: `RU${ru[1]}${ru[2] ?? ''}` };
    if (/\bRTM\b/.test(n)) return { kind: 'RTM', cu: 'RTM', update: null };
    if (sp) return { kind: 'SP', cu, update: null };
    return null;
  }
  let line: string | null = null;
  let lineKind: ReleaseKind = 'CU';
  const cu = /\bCU(\d+)\b/.exec(n);
  const sp = /\bSP(\d)\b/.exec(n);
  if (sp) {
    line = `SP${sp[1]}`;
    lineKind = 'SP';
  } else if (cu) {
    line = `CU${cu[1]}`;
  } else if (/\bPreview\b/i.test(n)) {
    line = 'Preview';
    lineKind = 'RTM';
  } else if (
    /\bRTM\b/.test(n) ||
    /Exchange Version (2019|2016|2013) +\+/.test(n) ||
    /Exchange Server SE\b/.test(n)
  ) {
    line = 'RTM';
    lineKind = 'RTM';
  }
  if (line === null) return null;
  const su = SU_NAME.exec(n);
  if (su) return { kind: su[1]!.includes('HU') ? 'HU' : 'SU', cu: line, update: su[1]! };
  const kb = KB_NAME.exec(n);
  if (kb) return { kind: 'SU', cu: line, update: kb[1]!.toUpperCase() + (kb[2] ?? '').toLowerCase() };
  return { kind: lineKind, cu: line, update: null };
}

/** Product from a parsed build: 15.2 with build ≥ 2562 is Exchange SE (as HealthChecker decides). */
export function productOfBuild(major: number, minor: number, build: number): Product | null {
  if (major === 14) return '2010';
  if (major !== 15) return null;
  if (minor === 0) return '2013';
  if (minor === 1) return '2016';
  if (minor === 2) return build >= 2562 ? 'SE' : '2019';
  return null;
}
