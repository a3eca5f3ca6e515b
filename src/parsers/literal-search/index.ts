/**
 * @module parsers/literal-search
 * Multi-literal byte search for the prefilter: `TeddySearch` (WebAssembly SIMD, see
 * teddy-search.ts). The module is assembled from teddy.wat by `npm run wasm:build`.
 */
export { TeddySearch, type ClauseProgram } from './teddy-search.js';
export { instantiate, lazyWasmModule, newWasmMemory, WASM_PAGE, type WasmMemory } from './wasm-module.js';
