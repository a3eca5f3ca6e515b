/**
 * @module evidence/safe-relative
 * Normalise a caller-supplied relative path and refuse any that could leave the root.
 */

/** Forward-slash relative path without `.`/empty segments, or null when it is absolute or uses `..`. */
export function safeRelative(input: string): string | null {
  const p = input.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return null;
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return null;
    if (seg.includes('\0')) return null;
    out.push(seg);
  }
  return out.join('/');
}
