/**
 * @module parsers/evtx/binxml-parser
 * BinXML bytes → template tree. Handles fragment headers, elements with attributes, text,
 * CDATA, character and entity references, processing instructions, substitution slots and
 * template instances (definition inline on first use, then by offset from the chunk cache).
 */
import { ByteCursor, u32At } from './byte-cursor.js';
import { fail } from './decode-error.js';
import type {
  InstanceNode,
  PiNode,
  SubstitutionValue,
  TemplateElement,
  TemplateNode,
  TemplateText,
} from './binxml-nodes.js';
import { TOKEN, TOKEN_MORE } from './binxml-tokens.js';
import { type ChunkContext, nameAt, nameSize } from './chunk-context.js';
import { utf16At } from './utf16.js';

/** Deeper nesting than this is damage or hostility, not an event. */
const MAX_DEPTH = 64;

/** Standard XML entities, resolved to their characters; others are kept as `&name;`. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Read a name reference; when the name is stored inline right here, step over it. */
function readName(ctx: ChunkContext, cur: ByteCursor): string {
  const offset = cur.u32();
  if (offset === cur.pos) {
    const size = nameSize(ctx, offset);
    const name = nameAt(ctx, offset);
    cur.skip(size);
    return name;
  }
  return nameAt(ctx, offset);
}

function readCountedString(cur: ByteCursor): string {
  const chars = cur.u16();
  cur.need(2 * chars);
  const s = utf16At(cur.b, cur.pos, chars);
  cur.pos += 2 * chars;
  return s;
}

/** One value token (text, slot, char or entity ref), the token byte already peeked. */
function readValueToken(ctx: ChunkContext, cur: ByteCursor, token: number): TemplateText {
  switch (token & ~TOKEN_MORE) {
    case TOKEN.VALUE: {
      cur.pos++;
      const type = cur.u8();
      if (type !== 0x01) fail(`value token of type 0x${type.toString(16)} (only strings may appear here)`);
      return readCountedString(cur);
    }
    case TOKEN.NORMAL_SUBSTITUTION:
    case TOKEN.OPTIONAL_SUBSTITUTION: {
      cur.pos++;
      const index = cur.u16();
      cur.u8(); // declared type; the instance's value descriptor is authoritative
      return { kind: 'slot', index, optional: (token & ~TOKEN_MORE) === TOKEN.OPTIONAL_SUBSTITUTION };
    }
    case TOKEN.CHAR_REF: {
      cur.pos++;
      return String.fromCharCode(cur.u16());
    }
    case TOKEN.ENTITY_REF: {
      cur.pos++;
      const name = readName(ctx, cur);
      return ENTITIES[name] ?? `&${name};`;
    }
    default:
      return fail(`unexpected token 0x${token.toString(16)} in a value`);
  }
}

function isValueToken(token: number): boolean {
  const t = token & ~TOKEN_MORE;
  return (
    t === TOKEN.VALUE ||
    t === TOKEN.NORMAL_SUBSTITUTION ||
    t === TOKEN.OPTIONAL_SUBSTITUTION ||
    t === TOKEN.CHAR_REF ||
    t === TOKEN.ENTITY_REF
  );
}

/**
 * Whether this element carries the 2-byte dependency identifier. Template definitions have it;
 * elements inside BinXML substitution values and some forwarded (WEC) records do not. The name
 * offset that follows tells which: an inline name starts right after it, and a shared name was
 * seen before.
 */
function hasDependencyId(ctx: ChunkContext, cur: ByteCursor, inValue: boolean): boolean {
  const p = cur.pos;
  if (p + 10 > cur.end) return !inValue;
  const withId = u32At(cur.b, p + 6);
  const withoutId = u32At(cur.b, p + 4);
  if (withId === p + 10) return true;
  if (withoutId === p + 8) return false;
  if (ctx.names.has(withId)) return true;
  if (ctx.names.has(withoutId)) return false;
  return !inValue;
}

function readElement(ctx: ChunkContext, cur: ByteCursor, depth: number, inValue: boolean): TemplateElement {
  if (depth > MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
  const token = cur.u8();
  if (hasDependencyId(ctx, cur, inValue)) cur.u16();
  cur.u32(); // element size: not needed, the end token closes the element
  const name = readName(ctx, cur);
  const el: TemplateElement = { kind: 'element', name, attrs: [], children: [] };
  if (token & TOKEN_MORE) {
    cur.u32(); // attribute list size
    for (;;) {
      const t = cur.peek();
      if ((t & ~TOKEN_MORE) !== TOKEN.ATTRIBUTE) break;
      cur.pos++;
      const attrName = readName(ctx, cur);
      const value: TemplateText[] = [];
      while (cur.pos < cur.end && isValueToken(cur.peek())) value.push(readValueToken(ctx, cur, cur.peek()));
      el.attrs.push({ name: attrName, value });
      if (!(t & TOKEN_MORE)) break;
    }
  }
  const close = cur.u8();
  if (close === TOKEN.CLOSE_EMPTY_ELEMENT) return el;
  if (close !== TOKEN.CLOSE_START_ELEMENT)
    fail(`element <${name}> not closed (token 0x${close.toString(16)})`);
  readContent(ctx, cur, el.children, depth + 1, true, inValue);
  return el;
}

/** Read nodes into `out` until an end-element token (when `inElement`) or EOF/end of data. */
function readContent(
  ctx: ChunkContext,
  cur: ByteCursor,
  out: TemplateNode[],
  depth: number,
  inElement: boolean,
  inValue: boolean,
) {
  while (cur.pos < cur.end) {
    const token = cur.peek();
    switch (token & ~TOKEN_MORE) {
      case TOKEN.EOF:
        if (inElement) fail(`end of fragment inside an element`);
        cur.pos++;
        return;
      case TOKEN.END_ELEMENT:
        cur.pos++;
        if (inElement) return;
        fail('end-element token outside an element');
        break;
      case TOKEN.OPEN_START_ELEMENT:
        out.push(readElement(ctx, cur, depth, inValue));
        break;
      case TOKEN.FRAGMENT_HEADER:
        cur.skip(4);
        break;
      case TOKEN.TEMPLATE_INSTANCE:
        out.push(readTemplateInstance(ctx, cur, depth));
        break;
      case TOKEN.CDATA_SECTION:
        cur.pos++;
        out.push(readCountedString(cur));
        break;
      case TOKEN.PI_TARGET: {
        cur.pos++;
        const pi: PiNode = { kind: 'pi', target: readName(ctx, cur), data: '' };
        if (cur.pos < cur.end && cur.peek() === TOKEN.PI_DATA) {
          cur.pos++;
          pi.data = readCountedString(cur);
        }
        out.push(pi);
        break;
      }
      default:
        if (!isValueToken(token)) fail(`unknown BinXML token 0x${token.toString(16)}`);
        out.push(readValueToken(ctx, cur, token));
    }
  }
  if (inElement) fail('data ended inside an element');
}

/** Decode the template definition at chunk offset `offset` (cached). Returns its byte length too. */
function templateAt(
  ctx: ChunkContext,
  offset: number,
  depth: number,
): { nodes: TemplateNode[]; size: number } {
  const b = ctx.bytes;
  if (offset + 24 > b.length) fail(`template offset 0x${offset.toString(16)} outside the chunk`);
  const dataSize = u32At(b, offset + 20);
  const size = 24 + dataSize;
  if (offset + size > b.length) fail(`template at 0x${offset.toString(16)} runs past the chunk`);
  const cached = ctx.templates.get(offset);
  if (cached) return { nodes: cached, size };
  if (ctx.decoding.has(offset)) fail(`template at 0x${offset.toString(16)} contains itself`);
  ctx.decoding.add(offset);
  try {
    const nodes: TemplateNode[] = [];
    readContent(ctx, new ByteCursor(b, offset + 24, offset + size), nodes, depth + 1, false, false);
    ctx.templates.set(offset, nodes);
    return { nodes, size };
  } finally {
    ctx.decoding.delete(offset);
  }
}

function readTemplateInstance(ctx: ChunkContext, cur: ByteCursor, depth: number): InstanceNode {
  if (depth > MAX_DEPTH) fail(`templates nested deeper than ${MAX_DEPTH}`);
  cur.skip(2); // token, unknown byte
  cur.u32(); // template id (the first 4 bytes of the definition's GUID)
  const defOffset = cur.u32();
  const { nodes, size } = templateAt(ctx, defOffset, depth);
  // The first use of a template carries its definition inline, right here.
  if (defOffset === cur.pos) cur.skip(size);
  const count = cur.u32();
  cur.need(4 * count);
  const values: SubstitutionValue[] = new Array(count);
  const descriptors = cur.pos;
  cur.pos += 4 * count;
  for (let i = 0; i < count; i++) {
    const d = descriptors + 4 * i;
    const valueSize = cur.b[d]! | (cur.b[d + 1]! << 8);
    cur.need(valueSize);
    values[i] = { type: cur.b[d + 2]!, offset: cur.pos, size: valueSize };
    cur.pos += valueSize;
  }
  return { kind: 'instance', template: nodes, values };
}

/**
 * Decode the BinXML in `[start, end)` of the chunk into a template tree. `inValue` marks a
 * fragment that is itself a substitution value (its elements have no dependency identifier).
 */
export function parseFragment(
  ctx: ChunkContext,
  start: number,
  end: number,
  depth = 0,
  inValue = false,
): TemplateNode[] {
  const out: TemplateNode[] = [];
  readContent(ctx, new ByteCursor(ctx.bytes, start, end), out, depth, false, inValue);
  return out;
}
