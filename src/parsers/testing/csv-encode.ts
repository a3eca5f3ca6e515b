/**
 * @module parsers/testing/csv-encode
 * CSV field encoding the way Exchange writes it: quote a value holding a comma, quote, CR or LF
 * (doubling inner quotes); `#` needs no quoting.
 */

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}
