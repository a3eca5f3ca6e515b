/**
 * @module probe/output/escape
 * Escapers for text that came from a target (server names, certificate subjects, error
 * messages): terminal (no raw control characters, so no escape sequences reach the user's
 * terminal), CSV (quoted, and no leading = + - @ tab CR that a spreadsheet would run as a
 * formula) and HTML. The probe keeps its own small copy because it may import only knowledge.
 */

/** Control characters (C0, DEL, C1) shown as \xNN; everything else unchanged. */
export function escapeTerminal(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function escapeCsv(s: string): string {
  // Control characters would reach whoever `cat`s the file: same treatment as the terminal.
  let v = escapeTerminal(s.replace(/\r?\n|\r/g, ' '));
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",;\s']/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}
