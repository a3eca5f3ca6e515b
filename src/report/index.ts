/**
 * @module report
 * Every output sink: terminal, JSON, JSONL, CSV, HTML. Each escapes hostile content for its medium.
 */
export { escapeTerminal, escapeCsvCell, escapeHtml, csvLine } from './escape.js';
export { buildJson, buildText, orderCves } from './build-render.js';
export { inventoryJson, inventoryCsv, inventoryTable } from './inventory-render.js';
