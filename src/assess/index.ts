/**
 * @module assess
 * Assessment of what was observed: server inventories (names and builds as admins export them)
 * turned into per-server exposure, most urgent first.
 */
export { readInventory } from './inventory-read.js';
export type { InventoryRow, InventoryRead } from './inventory-read.js';
export { assessInventory, anyVulnerable, byUrgency } from './assess-inventory.js';
export type { ServerAssessment } from './assess-inventory.js';
