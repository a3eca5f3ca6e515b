/**
 * @module detect/yara/rule-meta
 * Reads rule names and `meta:` sections from YARA source text ourselves, so every backend reports
 * the same author, licence, reference and description for a hit (the CLI and libyara-wasm expose
 * meta differently or not at all, and DRL 1.1 requires the author in every message).
 *
 * This is a line-oriented reader, not a YARA parser: it finds `rule NAME [: tags] {` headers and
 * the `key = value` lines between `meta:` and the next `strings:`/`condition:`. That is the layout
 * every rule set we know uses; a rule it cannot read still matches, it just has no meta.
 */

export type MetaValue = string | number | boolean;

export interface RuleInfo {
  name: string;
  tags: string[];
  meta: Record<string, MetaValue>;
}

const HEADER =
  /^[ \t]*(?:(?:private|global)[ \t]+)*rule[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::([^{\n]*))?\{?/gm;
const SECTION = /^\s*(meta|strings|condition)\s*:/;
const META_LINE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/;

function parseValue(raw: string): MetaValue {
  if (raw.startsWith('"')) {
    // Take up to the closing quote that is not escaped; YARA strings use C escapes.
    let out = '';
    for (let i = 1; i < raw.length; i++) {
      const ch = raw[i]!;
      if (ch === '\\' && i + 1 < raw.length) {
        const next = raw[++i]!;
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else if (ch === '"') {
        return out;
      } else {
        out += ch;
      }
    }
    return out;
  }
  if (raw === 'true' || raw === 'false') return raw === 'true';
  const n = Number(raw.replace(/\s*\/\/.*$/, ''));
  return Number.isFinite(n) ? n : raw;
}

/** Every rule header in `text` with its tags and meta, in source order. */
export function readRuleInfo(text: string): RuleInfo[] {
  const rules: RuleInfo[] = [];
  const headers = [...text.matchAll(HEADER)];
  headers.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = i + 1 < headers.length ? (headers[i + 1]!.index ?? text.length) : text.length;
    const body = text.slice(start, end).split('\n');
    const meta: Record<string, MetaValue> = {};
    let inMeta = false;
    for (const line of body) {
      const section = SECTION.exec(line);
      if (section) {
        if (section[1] !== 'meta') break;
        inMeta = true;
        const rest = line.slice(section[0].length);
        const kv = META_LINE.exec(rest);
        if (kv) meta[kv[1]!] = parseValue(kv[2]!);
        continue;
      }
      if (!inMeta) continue;
      const kv = META_LINE.exec(line);
      if (kv && !(kv[1]! in meta)) meta[kv[1]!] = parseValue(kv[2]!);
    }
    const tags = (m[2] ?? '').split(/\s+/).filter(Boolean);
    rules.push({ name: m[1]!, tags, meta });
  });
  return rules;
}

/** Rule names in `text` (for grouping sources so duplicate names never share a compile unit). */
export function ruleNames(text: string): string[] {
  return [...text.matchAll(HEADER)].map((m) => m[1]!);
}
