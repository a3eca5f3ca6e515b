/**
 * @module parsers/events-json/json-value
 * Small readers over parsed JSON of unknown shape: nested or dotted paths
 * (`winlog.event_data` and `"winlog.event_data.X"` both occur in exports), values as text.
 */

import { setFirst } from '../evtx/index.js';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a dotted path, through nested objects or flattened dotted keys. */
export function at(o: JsonObject, path: string): unknown {
  if (path in o) return o[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  // Try every split point: "winlog.event_data.X" may be nested at any depth.
  for (let i = dot; i >= 0; i = path.indexOf('.', i + 1)) {
    const head = o[path.slice(0, i)];
    if (isObject(head)) {
      const v = at(head, path.slice(i + 1));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** A scalar as text; arrays joined with `, `; objects as JSON; null/undefined as undefined. */
export function text(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.map((x) => text(x) ?? '').join(', ');
  return JSON.stringify(v);
}

/** An integer from a number or a decimal/hex string. */
export function int(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || v === '') return null;
  const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v.slice(2), 16) : /^-?\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** The first of `paths` that holds a value. */
export function first(o: JsonObject, ...paths: string[]): unknown {
  for (const p of paths) {
    const v = at(o, p);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** Flatten an object's leaves into name → text (first occurrence of a name wins). */
export function flatten(o: JsonObject, out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(o)) {
    if (isObject(v)) flatten(v, out);
    else {
      const t = text(v);
      if (t !== undefined) setFirst(out, k, t);
    }
  }
  return out;
}

/** Own-property assignment that is safe for names like `__proto__`. */
function define(o: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Nest dotted keys (`"winlog.event_data.X": v` → `{winlog: {event_data: {X: v}}}`), as Elastic exports flatten them. */
export function unflatten(o: JsonObject): JsonObject {
  if (!Object.keys(o).some((k) => k.includes('.'))) return o;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) {
    const parts = k.split('.');
    let node = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i]!;
      if (!Object.hasOwn(node, p) || !isObject(node[p])) define(node, p, {});
      node = node[p] as JsonObject;
    }
    const leaf = parts[parts.length - 1]!;
    const prev = Object.hasOwn(node, leaf) ? node[leaf] : undefined;
    define(node, leaf, isObject(v) && isObject(prev) ? { ...prev, ...v } : v);
  }
  return out;
}
