/**
 * @module parsers/evtx/own-field
 * Field maps are keyed by names read from hostile files (`__proto__`, `constructor`…): set and
 * test them as own properties only, so no name is lost or reaches a prototype.
 */

/** Set `key` on `obj` unless it already has its own value (first occurrence wins). */
export function setFirst(obj: Record<string, string>, key: string, value: string): void {
  if (Object.hasOwn(obj, key)) return;
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
