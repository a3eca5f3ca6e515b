/**
 * @module parsers/evtx/instantiate
 * Template tree + substitution values → one event's resolved XML tree. A BinXML-typed value is
 * itself a fragment (often another template instance) and is decoded and spliced in place.
 */
import type {
  InstanceNode,
  SubstitutionValue,
  TemplateNode,
  TemplateText,
  XmlElement,
  XmlNode,
} from './binxml-nodes.js';
import { parseFragment } from './binxml-parser.js';
import type { ChunkContext } from './chunk-context.js';
import { fail } from './decode-error.js';
import { VALUE, renderItems, renderValue } from './value-types.js';

/** Nested BinXML values deeper than this are damage, not an event. */
const MAX_NESTING = 16;

function resolveValue(ctx: ChunkContext, v: SubstitutionValue, nesting: number): XmlNode[] | string {
  if (v.type === VALUE.BINXML) {
    if (v.size === 0) return '';
    if (nesting >= MAX_NESTING) fail(`BinXML values nested deeper than ${MAX_NESTING}`);
    const out: XmlNode[] = [];
    resolveInto(
      ctx,
      parseFragment(ctx, v.offset, v.offset + v.size, nesting + 1, true),
      [],
      out,
      nesting + 1,
    );
    return out;
  }
  return renderValue(ctx.bytes, v.type, v.offset, v.size);
}

function textOfNodes(nodes: XmlNode[]): string {
  let s = '';
  for (const n of nodes) {
    if (typeof n === 'string') s += n;
    else if ('attrs' in n) s += textOfNodes(n.children);
  }
  return s;
}

/** Whether a slot's value counts as absent (an attribute made only of absent slots is dropped). */
function absent(values: SubstitutionValue[], t: TemplateText): boolean {
  if (typeof t === 'string') return false;
  const v = values[t.index];
  return v === undefined || v.type === VALUE.NULL || (t.optional && v.size === 0);
}

function resolveElement(
  ctx: ChunkContext,
  el: Extract<TemplateNode, { kind: 'element' }>,
  values: SubstitutionValue[],
  nesting: number,
): XmlElement {
  const out: XmlElement = { name: el.name, attrs: [], children: [] };
  for (const a of el.attrs) {
    if (a.value.length > 0 && a.value.every((t) => absent(values, t))) continue;
    let s = '';
    for (const t of a.value) {
      if (typeof t === 'string') s += t;
      else {
        const v = values[t.index];
        if (!v) continue;
        const r = resolveValue(ctx, v, nesting);
        s += typeof r === 'string' ? r : textOfNodes(r);
      }
    }
    out.attrs.push([a.name, s]);
  }
  resolveInto(ctx, el.children, values, out.children, nesting);
  return out;
}

/** The array value when the element's whole content is one slot holding an array. */
function arraySlot(
  el: Extract<TemplateNode, { kind: 'element' }>,
  values: SubstitutionValue[],
): SubstitutionValue | undefined {
  if (el.children.length !== 1) return undefined;
  const c = el.children[0]!;
  if (typeof c !== 'object' || c.kind !== 'slot') return undefined;
  const v = values[c.index];
  return v && v.type & VALUE.ARRAY && v.size > 0 ? v : undefined;
}

/** Resolve `nodes` against `values`, appending the result to `out`. */
export function resolveInto(
  ctx: ChunkContext,
  nodes: TemplateNode[],
  values: SubstitutionValue[],
  out: XmlNode[],
  nesting: number,
): void {
  for (const n of nodes) {
    if (typeof n === 'string') {
      out.push(n);
      continue;
    }
    switch (n.kind) {
      case 'element': {
        const array = arraySlot(n, values);
        if (array) {
          // [MS-EVEN6] array expansion: <Data>%1</Data> with an array repeats <Data> per item.
          const items = renderItems(ctx.bytes, array.type, array.offset, array.size);
          for (const item of items) {
            const copy = resolveElement(ctx, { ...n, children: [] }, values, nesting);
            copy.children.push(item);
            out.push(copy);
          }
        } else out.push(resolveElement(ctx, n, values, nesting));
        break;
      }
      case 'slot': {
        // A slot beyond the instance's value count renders as nothing, as Windows does.
        const v = values[n.index];
        if (!v) break;
        const r = resolveValue(ctx, v, nesting);
        if (typeof r === 'string') {
          if (r !== '') out.push(r);
        } else for (const x of r) out.push(x);
        break;
      }
      case 'instance':
        resolveInstance(ctx, n, out, nesting);
        break;
      case 'pi':
        out.push(n);
        break;
    }
  }
}

function resolveInstance(ctx: ChunkContext, n: InstanceNode, out: XmlNode[], nesting: number): void {
  resolveInto(ctx, n.template, n.values, out, nesting);
}
