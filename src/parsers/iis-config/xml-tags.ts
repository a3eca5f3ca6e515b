/**
 * @module parsers/iis-config/xml-tags
 * A tolerant XML tag tokenizer for IIS and ASP.NET configuration files: start, end and empty
 * tags with their attributes, comments and CDATA skipped. Configuration content is data, so a
 * damaged file yields the tags it can and a count of what it could not read, never an exception.
 * (Only attributes matter for what exhunt reads; element text is ignored.)
 */

export interface XmlTag {
  kind: 'open' | 'close' | 'empty';
  name: string;
  attrs: Map<string, string>;
  /** 1-based line of the tag. */
  line: number;
}

const TAG =
  /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][^>]*>|<|\n/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return safeChar(parseInt(e.slice(2), 16)) ?? m;
    if (e.startsWith('#')) return safeChar(parseInt(e.slice(1), 10)) ?? m;
    return ENTITIES[e] ?? m;
  });
}

function safeChar(code: number): string | null {
  return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

/** Tags in document order, plus how many `<` could not be read as a tag. */
export function xmlTags(text: string): { tags: XmlTag[]; unreadable: number } {
  const tags: XmlTag[] = [];
  let unreadable = 0;
  let line = 1;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m !== null; m = TAG.exec(text)) {
    const whole = m[0];
    if (whole === '\n') {
      line++;
      continue;
    }
    if (whole === '<') {
      unreadable++;
      continue;
    }
    const at = line;
    for (let i = whole.indexOf('\n'); i >= 0; i = whole.indexOf('\n', i + 1)) line++;
    if (m[2] === undefined) continue; // comment, CDATA, declaration
    const attrs = new Map<string, string>();
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(m[3] ?? ''); a !== null; a = ATTR.exec(m[3] ?? '')) {
      if (!attrs.has(a[1]!)) attrs.set(a[1]!, decodeEntities(a[2] ?? a[3] ?? ''));
    }
    const kind = m[1] === '/' ? 'close' : m[4] === '/' ? 'empty' : 'open';
    tags.push({ kind, name: m[2], attrs, line: at });
  }
  return { tags, unreadable };
}
