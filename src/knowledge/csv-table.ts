/**
 * @module knowledge/csv-table
 * Reads and writes the small RFC 4180 CSV tables that hold exhunt's knowledge data.
 * (Log files are parsed by parsers/, which is streaming and byte-level; this is for data we ship.)
 */

export function parseCsvTable(text: string): Record<string, string>[] {
  const rows = parseCsvRows(text.replace(/^\uFEFF/, ''));
  const header = rows.shift();
  if (!header) return [];
  return rows
    .filter((r) => r.length > 1 || (r[0] ?? '') !== '')
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/**
 * RFC 4180 rows; `sep` for locale-dependent exports (`;` or tab). Runs of plain text are taken
 * with one slice each, not a character at a time: the build table is read by every command and
 * every worker thread, and a per-character parse of its 77 KB cost ~20 ms of start-up.
 * A quote opens a quoted field only at the field's start; text after a closing quote is kept.
 */
export function parseCsvRows(text: string, sep = ','): string[][] {
  const rows: string[][] = [];
  const SEP = sep.charCodeAt(0);
  const n = text.length;
  let row: string[] = [];
  let field = '';
  let i = 0;
  // Whether the current field has begun (a quote only opens a quoted field at its start).
  let begun = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */ && !begun) {
      // Quoted run: up to the closing quote, "" standing for one quote.
      begun = true;
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          field += text.slice(j);
          i = n;
          break;
        }
        field += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          field += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      continue;
    }
    if (c === SEP) {
      row.push(field);
      field = '';
      begun = false;
      i++;
      continue;
    }
    if (c === 10 || c === 13) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      begun = false;
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      continue;
    }
    // Plain run: up to the next separator, line break or (after it) nothing special.
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === SEP || d === 10 || d === 13) break;
      j++;
    }
    field += text.slice(i, j);
    begun = true;
    i = j;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function formatCsvTable(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c] ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}
