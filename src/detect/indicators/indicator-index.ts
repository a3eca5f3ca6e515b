/**
 * @module detect/indicators/indicator-index
 * Fast look-ups over an IndicatorSet for the file scan: hashes by value, path patterns through a
 * trigram index over each pattern's required literal (see required-literal.ts), so a path is
 * tested only against the few regexes that could match it.
 */
import { requiredLiteral } from './required-literal.js';
import type { HashIndicator, IndicatorSet, PathIndicator } from './types.js';
import { pathKey } from './windows-path.js';

interface Candidate {
  indicator: PathIndicator;
  /** Lower-case literal the tested string must contain, or null when none is known. */
  literal: string | null;
}

export interface PathHit {
  indicator: PathIndicator;
  /** The string the pattern matched (Windows path or path key). */
  tested: string;
}

export class IndicatorIndex {
  private readonly hashes = new Map<string, HashIndicator[]>();
  private readonly byTrigram = new Map<string, Candidate[]>();
  private readonly always: Candidate[] = [];
  readonly hashCount: number;
  readonly pathCount: number;

  constructor(set: IndicatorSet) {
    for (const h of set.hashes) {
      const list = this.hashes.get(h.hash);
      if (list) list.push(h);
      else this.hashes.set(h.hash, [h]);
    }
    for (const p of set.paths) {
      const lit = requiredLiteral(p.pattern.source);
      const c: Candidate = { indicator: p, literal: lit?.toLowerCase() ?? null };
      if (!c.literal) {
        this.always.push(c);
        continue;
      }
      const key = c.literal.slice(0, 3);
      const list = this.byTrigram.get(key);
      if (list) list.push(c);
      else this.byTrigram.set(key, [c]);
    }
    this.hashCount = set.hashes.length;
    this.pathCount = set.paths.length;
  }

  /** Hash indicators equal to any of the file's hashes. */
  hashHits(...digests: string[]): HashIndicator[] {
    const out: HashIndicator[] = [];
    for (const d of digests) {
      const hit = this.hashes.get(d.toLowerCase());
      if (hit) out.push(...hit);
    }
    return out;
  }

  /**
   * Path indicators matching a file.
   * @param windowsPath the file's Windows path (`C:\inetpub\…`); see `toWindowsPath` for
   * turning an evidence-relative path into one.
   */
  pathHits(windowsPath: string): PathHit[] {
    const win = windowsPath;
    const key = pathKey(win);
    const lowerWin = win.toLowerCase();
    const seen = new Set<Candidate>();
    const out: PathHit[] = [];
    const test = (c: Candidate) => {
      if (seen.has(c)) return;
      seen.add(c);
      const tested = c.indicator.on === 'path-key' ? key : win;
      const lower = c.indicator.on === 'path-key' ? key : lowerWin;
      if (c.literal && !lower.includes(c.literal)) return;
      c.indicator.pattern.lastIndex = 0;
      if (!c.indicator.pattern.test(tested)) return;
      if (c.indicator.falsePositive?.test(tested)) return;
      out.push({ indicator: c.indicator, tested });
    };
    for (const s of [lowerWin, key]) {
      for (let i = 0; i + 3 <= s.length; i++) {
        const list = this.byTrigram.get(s.slice(i, i + 3));
        if (list) for (const c of list) test(c);
      }
    }
    for (const c of this.always) test(c);
    return out;
  }
}
