/**
 * @module detect/files/checks/xml-tree
 * A small, tolerant XML element reader for IIS and ASP.NET configuration files: elements,
 * attributes (entities decoded), comments and declarations skipped. Text content is ignored (the
 * configs we check keep everything in attributes). Unbalanced tags are reported as an error value,
 * as HealthChecker reports an unparseable web.config as "Unknown".
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const l = e.toLowerCase();
    if (l === 'amp') return '&';
    if (l === 'lt') return '<';
    if (l === 'gt') return '>';
    if (l === 'quot') return '"';
    if (l === 'apos') return "'";
    const code = l.startsWith('#x') ? parseInt(l.slice(2), 16) : parseInt(l.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; error: string };

export function parseXml(text: string): XmlResult {
  const doc: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [doc];
  for (const m of text.replace(/^\uFEFF/, '').matchAll(TOKEN)) {
    if (m[2] === undefined) continue; // comment, declaration, CDATA
    const [, close, name, rawAttrs, selfClose] = m;
    const top = stack[stack.length - 1]!;
    if (close) {
      if (top.name !== name) return { ok: false, error: `</${name}> closes <${top.name}>` };
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (rawAttrs ?? '').matchAll(ATTR)) attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
    const el: XmlElement = { name: name!, attrs, children: [] };
    top.children.push(el);
    if (!selfClose) stack.push(el);
  }
  if (stack.length !== 1) return { ok: false, error: `<${stack[stack.length - 1]!.name}> is never closed` };
  if (doc.children.length === 0) return { ok: false, error: 'no XML elements' };
  return { ok: true, root: doc };
}

/** Elements at a path of child names below `el`, e.g. `['system.webServer', 'rewrite', 'rules']`. */
export function select(el: XmlElement, names: string[]): XmlElement[] {
  let level = [el];
  for (const n of names) level = level.flatMap((e) => e.children.filter((c) => c.name === n));
  return level;
}

/** Every descendant element named `name`, depth first. */
export function descendants(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.name === name) out.push(c);
      visit(c);
    }
  };
  visit(el);
  return out;
}

/** Attribute by name, case-insensitive (IIS accepts any case). */
export function attr(el: XmlElement, name: string): string | undefined {
  const k = Object.keys(el.attrs).find((a) => a.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : el.attrs[k];
}
