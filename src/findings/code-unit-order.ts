/**
 * @module findings/code-unit-order
 * `ordinal(a, b)`: strings in code-unit order, for every sort whose order reaches a report. The
 * same on every machine, where localeCompare follows the ICU build and locale; and its first
 * call initialises ICU's collator (8-20 ms here, paid before the scan when `locate` sorted).
 */
export function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
