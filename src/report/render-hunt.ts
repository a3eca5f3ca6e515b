/**
 * @module report/render-hunt
 * One entry point for the CLI and library users: a hunt result in the format asked for.
 */
import type { HuntResult } from '../hunt/index.js';
import { huntCsv } from './hunt-csv.js';
import { huntHtml } from './hunt-html.js';
import { huntJsonl, huntJsonText } from './hunt-json.js';
import { huntTerminal, type TerminalOptions } from './hunt-terminal.js';

export const HUNT_FORMATS = ['text', 'json', 'jsonl', 'csv', 'html'] as const;
export type HuntFormat = (typeof HUNT_FORMATS)[number];

export function renderHunt(r: HuntResult, format: HuntFormat, options: TerminalOptions = {}): string {
  switch (format) {
    case 'json':
      return huntJsonText(r);
    case 'jsonl':
      return huntJsonl(r);
    case 'csv':
      return huntCsv(r);
    case 'html':
      return huntHtml(r);
    case 'text':
      return huntTerminal(r, options);
  }
}
