/**
 * @module exhunt
 * The library behind the `exhunt` CLI. Each module is also importable on its own.
 */
export * as knowledge from './knowledge/index.js';
export * as assess from './assess/index.js';
export * as evidence from './evidence/index.js';
export * as parsers from './parsers/index.js';
export * as detect from './detect/index.js';
export * as findings from './findings/index.js';
export * as hunt from './hunt/index.js';
export * as probe from './probe/index.js';
export * as report from './report/index.js';
