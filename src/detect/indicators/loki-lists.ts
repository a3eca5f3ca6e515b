/**
 * @module detect/indicators/loki-lists
 * LOKI's IOC text formats (Neo23x0/signature-base `iocs/`): `HASH;COMMENT` hash lists,
 * `REGEX;SCORE[;FP-REGEX]` file-name lists and `VALUE[;COMMENT]` C2 lists. `#` starts a comment
 * line. A line that does not parse is a counted issue; the rest of the file still loads.
 */
import { hashAlgo } from './hash-algo.js';
import { pythonRegex } from './python-regex.js';
import { emptySet, type IndicatorSet, type Provenance } from './types.js';

function* dataLines(text: string): Generator<[number, string]> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line && !line.startsWith('#')) yield [i + 1, line];
  }
}

/** LOKI's default score for a hash hit (loki.py). */
const HASH_SCORE = 100;

export function parseLokiHashes(text: string, source: Provenance): IndicatorSet {
  const set = emptySet();
  for (const [line, raw] of dataLines(text)) {
    const semi = raw.indexOf(';');
    const value = (semi < 0 ? raw : raw.slice(0, semi)).trim();
    const algo = hashAlgo(value);
    if (!algo) {
      set.issues.push({ origin: source.origin, line, message: 'not an MD5, SHA-1 or SHA-256 hash' });
      continue;
    }
    const comment = semi < 0 ? '' : raw.slice(semi + 1).trim();
    set.hashes.push({ hash: value.toLowerCase(), algo, comment, score: HASH_SCORE, source });
  }
  return set;
}

export function parseLokiFilenames(text: string, source: Provenance): IndicatorSet {
  const set = emptySet();
  for (const [line, raw] of dataLines(text)) {
    // The regex itself may contain ';' only inside classes in practice; LOKI splits on ';' too.
    const parts = raw.split(';');
    const score = Number(parts[1]);
    if (parts.length < 2 || !Number.isFinite(score)) {
      set.issues.push({ origin: source.origin, line, message: 'expected REGEX;SCORE[;FP-REGEX]' });
      continue;
    }
    const pattern = pythonRegex(parts[0]!);
    const fp = parts[2] ? pythonRegex(parts[2]) : null;
    if (typeof pattern === 'string' || typeof fp === 'string') {
      set.issues.push({ origin: source.origin, line, message: `bad regex: ${pattern ?? fp}` });
      continue;
    }
    set.paths.push({
      pattern,
      on: 'windows-path',
      falsePositive: fp,
      score,
      comment: lastComment(text, line),
      source,
    });
  }
  return set;
}

/** The nearest `# comment` above a line: LOKI lists put the description there. */
function lastComment(text: string, line: number): string {
  const lines = text.split(/\r?\n/);
  for (let i = line - 2; i >= 0 && i >= line - 40; i--) {
    const l = lines[i]!.trim();
    if (l.startsWith('#')) return l.replace(/^#+\s*/, '');
  }
  return '';
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

export function parseLokiC2(text: string, source: Provenance): IndicatorSet {
  const set = emptySet();
  for (const [line, raw] of dataLines(text)) {
    const [value = '', comment = ''] = raw.split(';').map((s) => s.trim());
    if (!value || /\s/.test(value)) {
      set.issues.push({ origin: source.origin, line, message: 'expected a host name or IP' });
      continue;
    }
    const kind = IPV4.test(value) || value.includes(':') ? 'ip' : 'domain';
    set.network.push({ value: value.toLowerCase(), kind, comment, source });
  }
  return set;
}
