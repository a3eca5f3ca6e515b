/**
 * @module parsers/testing/log-options
 * Options and the line loop shared by the log generators.
 */

/** A line to plant: field values merged over a generated benign line, at a data-line index. */
import { seededRandom, type Random } from './seeded-random.js';

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

/** What differs between the generators: header text and one data line. */
export interface LogShape {
  /** Default seed and spacing of this log. */
  seed: number;
  stepMs: number;
  /** The header emitted before data line `index` (first line, and on repeats) in this style. */
  header(style: 'fields' | 'bare', eol: string, time: number, index: number): string;
  /** Data line `index` (without end of line), the planted fields merged in. */
  line(r: Random, time: number, index: number, plant: Record<string, string> | undefined): string;
}

/**
 * The loop every generator shares: BOM, header blocks (first line and every
 * `repeatHeaderEvery`), planted lines by index, seeded benign lines.
 */
export function* generatedLines(options: GenerateOptions, shape: LogShape): Generator<string> {
  const r = seededRandom(options.seed ?? shape.seed);
  const eol = options.eol ?? '\r\n';
  const start = options.start ?? DEFAULT_START;
  const step = options.stepMs ?? shape.stepMs;
  const style = options.header ?? 'fields';
  const plants = plantsByIndex(options.plant);
  const total = Math.max(options.lines, ...(options.plant ?? []).map((p) => p.at + 1));
  if (options.bom) yield '\ufeff';
  for (let i = 0; i < total; i++) {
    const time = start + i * step;
    const repeat = options.repeatHeaderEvery && i > 0 && i % options.repeatHeaderEvery === 0;
    if (style !== 'none' && (i === 0 || repeat)) yield shape.header(style, eol, time, i);
    yield shape.line(r, time, i, plants.get(i)) + eol;
  }
}
