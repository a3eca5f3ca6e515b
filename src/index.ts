/**
 * @module exhunt
 * The library behind the `exhunt` CLI. Each module is also importable on its own.
 */
export * as knowledge from './knowledge/index.js';
