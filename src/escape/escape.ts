/**
 * @module escape/escape
 * Attacker text (user agents, URLs, file names, even server names in an inventory) made safe for
 * each medium. Every sink calls the escaper of its own medium on every value it prints.
 */

/**
 * Terminal: no raw control characters (ANSI escapes, backspace, carriage return, bidi overrides)
 * reach the terminal; they are shown as visible `\xNN` / `\u{NNNN}` escapes.
 */
export function escapeTerminal(text: string): string {
  return text.replace(
    // C0, DEL, C1, and Unicode bidi/isolate controls that can reorder what the analyst reads.
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => {
      const code = c.codePointAt(0)!;
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
    },
  );
}

/**
 * CSV (RFC 4180) without formula injection: a cell a spreadsheet would evaluate (leading `=`, `+`,
 * `-`, `@`, tab or carriage return) is prefixed with `'` (OWASP's recommendation), then quoted.
 */
export function escapeCsvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(escapeCsvCell).join(',');
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]!);
}
