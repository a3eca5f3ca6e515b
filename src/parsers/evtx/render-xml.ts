/**
 * @module parsers/evtx/render-xml
 * A resolved event → indented XML text, like `evtxexport -f xml`. Attacker-controlled text is
 * escaped so the output is well-formed and carries no raw control or bidi characters.
 */
import { type XmlNode, isElement } from './binxml-nodes.js';

// C0 controls other than tab/newline/CR, DEL, C1 controls, and bidi overrides/isolates.
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NEEDS_ESCAPE =
  /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Escape text for XML content and attribute values. */
export function escapeXml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(UNSAFE, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
}

function renderLine(n: XmlNode, out: string[]): void {
  if (typeof n === 'string') {
    out.push(escapeLine(n));
    return;
  }
  if (!isElement(n)) {
    out.push(`<?${escapeLine(n.target)}${n.data ? ' ' + escapeLine(n.data) : ''}?>`);
    return;
  }
  const name = escapeLine(n.name);
  out.push(`<${name}`);
  for (const [k, v] of n.attrs) out.push(` ${escapeLine(k)}="${escapeLine(v)}"`);
  if (n.children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const c of n.children) renderLine(c, out);
  out.push(`</${name}>`);
}

/** Escape for XML and also encode line breaks, so one event stays on one line. */
function escapeLine(s: string): string {
  const e = escapeXml(s);
  return e.includes('\n') || e.includes('\r') ? e.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;') : e;
}

function renderNode(n: XmlNode, indent: string, out: string[]): void {
  if (typeof n === 'string') {
    out.push(indent + escapeXml(n));
    return;
  }
  if (!isElement(n)) {
    out.push(`${indent}<?${escapeXml(n.target)}${n.data ? ' ' + escapeXml(n.data) : ''}?>`);
    return;
  }
  const name = escapeXml(n.name);
  let open = `${indent}<${name}`;
  for (const [k, v] of n.attrs) open += ` ${escapeXml(k)}="${escapeXml(v)}"`;
  if (n.children.length === 0) {
    out.push(`${open}/>`);
    return;
  }
  if (n.children.every((c) => typeof c === 'string')) {
    out.push(`${open}>${escapeXml((n.children as string[]).join(''))}</${name}>`);
    return;
  }
  out.push(`${open}>`);
  for (const c of n.children) renderNode(c, indent + '  ', out);
  out.push(`${indent}</${name}>`);
}

/** Render resolved nodes as XML (no XML declaration): indented lines, or all on one line. */
export function renderXml(nodes: XmlNode[], style: 'pretty' | 'line' = 'pretty'): string {
  const out: string[] = [];
  if (style === 'line') {
    for (const n of nodes) renderLine(n, out);
    return out.join('');
  }
  for (const n of nodes) renderNode(n, '', out);
  return out.join('\n');
}
