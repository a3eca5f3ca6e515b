/**
 * @module parsers/evtx/chunk-context
 * What records of one chunk share: the chunk bytes, its element/attribute names and its template
 * definitions, each decoded once and cached by chunk offset (the chunk's own hash tables are not
 * trusted: they can be stale or damaged, and every reference carries the offset anyway).
 */
import { u16At } from './byte-cursor.js';
import { fail } from './decode-error.js';
import type { TemplateNode } from './binxml-nodes.js';
import { utf16At } from './utf16.js';

export interface ChunkContext {
  /** The chunk's bytes; offsets in BinXML are relative to its start. */
  bytes: Uint8Array;
  names: Map<number, string>;
  templates: Map<number, TemplateNode[]>;
  /** Template offsets being decoded right now (a template may not contain itself). */
  decoding: Set<number>;
}

export function newChunkContext(bytes: Uint8Array): ChunkContext {
  return { bytes, names: new Map(), templates: new Map(), decoding: new Set() };
}

/** Byte length of the name structure at `offset`: next-offset, hash, count, chars, NUL. */
export function nameSize(ctx: ChunkContext, offset: number): number {
  if (offset + 8 > ctx.bytes.length) fail(`name offset 0x${offset.toString(16)} outside the chunk`);
  return 10 + 2 * u16At(ctx.bytes, offset + 6);
}

/** The element or attribute name stored at chunk offset `offset`. */
export function nameAt(ctx: ChunkContext, offset: number): string {
  const cached = ctx.names.get(offset);
  if (cached !== undefined) return cached;
  if (offset < 0x80 || offset + 8 > ctx.bytes.length)
    fail(`name offset 0x${offset.toString(16)} outside the chunk`);
  const chars = u16At(ctx.bytes, offset + 6);
  if (offset + 8 + 2 * chars > ctx.bytes.length) fail(`name at 0x${offset.toString(16)} runs past the chunk`);
  const name = utf16At(ctx.bytes, offset + 8, chars);
  ctx.names.set(offset, name);
  return name;
}
