/**
 * @module parsers/testing/log-options
 * Options shared by the log generators.
 */

/** A line to plant: field values merged over a generated benign line, at a data-line index. */
export interface PlantedLine {
  /** 0-based data-line index; lines past the end are appended. */
  at: number;
  fields: Record<string, string>;
}

export interface GenerateOptions {
  /** Data lines (planted lines included). */
  lines: number;
  seed?: number;
  /** Epoch ms of the first line. Default 2021-03-01T00:00:00Z. */
  start?: number;
  /** Milliseconds between lines. Default 1500. */
  stepMs?: number;
  /** `fields`: `#Software/#Version/#Log-type/#Date/#Fields` block; `bare`: one header line; `none`. */
  header?: 'fields' | 'bare' | 'none';
  /** Repeat the header block every N data lines (logging restarted mid-file). */
  repeatHeaderEvery?: number;
  eol?: '\n' | '\r\n';
  bom?: boolean;
  plant?: readonly PlantedLine[];
}

export const DEFAULT_START = Date.UTC(2021, 2, 1, 0, 0, 0);

/** Values in order for `names`, taking planted overrides by name (case-insensitive). */
export function applyPlant(
  names: readonly string[],
  base: Record<string, string>,
  plant?: Record<string, string>,
): string[] {
  const over = new Map(Object.entries(plant ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return names.map((n) => over.get(n.toLowerCase()) ?? base[n] ?? '');
}

/** Planted lines by index, for O(1) lookup while generating. */
export function plantsByIndex(
  plant: readonly PlantedLine[] | undefined,
): Map<number, Record<string, string>> {
  return new Map((plant ?? []).map((p) => [p.at, p.fields]));
}
