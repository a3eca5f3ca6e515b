/**
 * @module report
 * Every output sink: terminal, JSON, JSONL, CSV, HTML. Each escapes hostile content for its medium.
 */
export { escapeTerminal, escapeCsvCell, escapeHtml, csvLine } from '../escape/index.js';
export { buildJson, buildText, orderCves } from './build-render.js';
export { inventoryJson, inventoryCsv, inventoryTable } from './inventory-render.js';
export { renderHunt, HUNT_FORMATS, type HuntFormat } from './render-hunt.js';
export { huntJson, huntJsonl, huntJsonText } from './hunt-json.js';
export { huntCsv } from './hunt-csv.js';
export { huntHtml } from './hunt-html.js';
export { huntTerminal, type TerminalOptions } from './hunt-terminal.js';
export { huntAdvice } from './hunt-advice.js';
