/**
 * @module probe/output/escape
 * Escapers for text that came from a target (server names, certificate subjects, error
 * messages): terminal (no raw control characters, so no escape sequences reach the user's
 * terminal), CSV (quoted, and no leading = + - @ tab CR that a spreadsheet would run as a
 * formula) and HTML. The terminal escaper is the project's one (control characters and bidi
 * overrides); the CSV policy here is stricter than report's (newlines and control characters never
 * reach a probe CSV, since result files are often `cat` to a terminal).
 */
import { escapeTerminal } from '../../escape/index.js';

export { escapeTerminal };

export function escapeCsv(s: string): string {
  // Control characters would reach whoever `cat`s the file: same treatment as the terminal.
  let v = escapeTerminal(s.replace(/\r?\n|\r/g, ' '));
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",;\s']/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}
