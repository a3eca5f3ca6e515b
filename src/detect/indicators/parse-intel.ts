/**
 * @module detect/indicators/parse-intel
 * One entry point from (text, format) to an IndicatorSet, plus the provenance defaults each
 * known source carries (author and licence travel into every finding).
 */
import { parseChirpYaml } from './chirp-yaml.js';
import type { IntelFile } from './classify-intel.js';
import { parseLokiC2, parseLokiFilenames, parseLokiHashes } from './loki-lists.js';
import { parseHashMap, parseMsticCsv, parseMsticJson } from './mstic-feed.js';
import { parseStixBundle } from './stix-bundle.js';
import { emptySet, type IndicatorSet, type Provenance } from './types.js';

export function parseIntel(text: string, format: IntelFile['format'], source: Provenance): IndicatorSet {
  switch (format) {
    case 'yara': {
      const set = emptySet();
      set.yara.push({ origin: source.origin, namespace: source.id, text });
      return set;
    }
    case 'loki-hash':
      return parseLokiHashes(text, source);
    case 'loki-filename':
    case 'exhunt-paths':
      return parseLokiFilenames(text, source);
    case 'loki-c2':
    case 'ip-list':
      return parseLokiC2(text, source);
    case 'mstic-csv':
      return parseMsticCsv(text, source);
    case 'mstic-json':
      return parseMsticJson(text, source);
    case 'mstic-hash-map':
      return parseHashMap(text, source);
    case 'chirp-yaml':
      return parseChirpYaml(text, source);
    case 'stix-bundle':
      return parseStixBundle(text, source);
  }
}

/** Author/licence/reference for a format when the importer is not told otherwise. */
export function defaultProvenance(
  format: IntelFile['format'],
  licenceText: string,
): Omit<Provenance, 'id' | 'origin' | 'format'> {
  if (format.startsWith('mstic')) {
    return {
      author: 'Microsoft Threat Intelligence Center (MSTIC)',
      licence: 'MIT',
      reference: 'https://github.com/Azure/Azure-Sentinel',
    };
  }
  if (format === 'chirp-yaml') {
    return { author: 'CISA', licence: 'CC0-1.0', reference: 'https://github.com/cisagov/CHIRP' };
  }
  if (/Detection Rule License/i.test(licenceText)) {
    return {
      author: 'Florian Roth and signature-base contributors',
      licence: 'DRL-1.1',
      reference: 'https://github.com/Neo23x0/signature-base',
    };
  }
  if (/MIT License/i.test(licenceText)) return { author: 'unknown', licence: 'MIT', reference: '' };
  return { author: 'unknown', licence: 'unknown', reference: '' };
}
