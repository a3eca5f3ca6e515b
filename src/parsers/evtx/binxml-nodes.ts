/**
 * @module parsers/evtx/binxml-nodes
 * The two trees of the decoder. A *template tree* is what a BinXML fragment or template
 * definition says, with substitution slots still open; a *resolved tree* is one event's XML
 * with every slot filled, ready to be read as fields or rendered as text.
 */

/** A substitution slot in a template: filled from the template instance's values. */
export interface SlotNode {
  kind: 'slot';
  index: number;
  optional: boolean;
}

/** A template instance: a (cached) template plus this record's substitution values. */
export interface InstanceNode {
  kind: 'instance';
  template: TemplateNode[];
  values: SubstitutionValue[];
}

export interface TemplateElement {
  kind: 'element';
  name: string;
  attrs: { name: string; value: TemplateText[] }[];
  children: TemplateNode[];
}

export interface PiNode {
  kind: 'pi';
  target: string;
  data: string;
}

/** Literal text or an open slot, as allowed in attribute values. */
export type TemplateText = string | SlotNode;

export type TemplateNode = TemplateElement | TemplateText | InstanceNode | PiNode;

/** One substitution value: where its bytes are in the chunk and what type they hold. */
export interface SubstitutionValue {
  type: number;
  offset: number;
  size: number;
}

/** An element of a resolved event. */
export interface XmlElement {
  name: string;
  attrs: [name: string, value: string][];
  children: XmlNode[];
}

export type XmlNode = XmlElement | string | PiNode;

export function isElement(n: XmlNode): n is XmlElement {
  return typeof n === 'object' && 'attrs' in n;
}

/** The text content of a node (all descendant text, concatenated). */
export function textOf(n: XmlNode): string {
  if (typeof n === 'string') return n;
  if (!isElement(n)) return '';
  if (n.children.length === 1) return textOf(n.children[0]!);
  let s = '';
  for (const c of n.children) s += textOf(c);
  return s;
}

/** The first child element with this name. */
export function childNamed(e: XmlElement, name: string): XmlElement | undefined {
  for (const c of e.children) if (typeof c === 'object' && isElement(c) && c.name === name) return c;
  return undefined;
}

export function attrOf(e: XmlElement, name: string): string | undefined {
  for (const [k, v] of e.attrs) if (k === name) return v;
  return undefined;
}
