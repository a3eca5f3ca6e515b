/**
 * @module escape
 * Attacker text made safe for each medium (DESIGN.md: "Attacker text is hostile"). The bottom
 * layer: it depends on nothing, and every module that prints may use it (report's sinks, the
 * probe's own writers, the CLI).
 */
export { escapeTerminal, escapeCsvCell, escapeHtml, csvLine } from './escape.js';
