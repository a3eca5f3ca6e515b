/**
 * @module parsers/literal-search/wasm-module
 * The few WebAssembly JS API members exhunt's search modules use (the project compiles without the
 * DOM typings), and a module compiled once, on first use, from its committed base64 bytes. Shared
 * by the log prefilter's Teddy search and the YARA no-match filter's literal scan.
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

export const WASM_PAGE = 65536;

const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * A getter for the module of `base64`, compiled on its first call; null where WebAssembly (or a
 * feature the module uses, such as SIMD) is not available.
 */
export function lazyWasmModule(base64: string): () => object | null {
  let compiled: object | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        compiled = wasm ? new wasm.Module(Buffer.from(base64, 'base64')) : null;
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
}

/** A memory of `pages` 64 KiB pages (only call once a module compiled: WebAssembly exists). */
export function newWasmMemory(pages: number): WasmMemory {
  return new wasm!.Memory({ initial: pages });
}

/** An instance of `module` importing `memory` as `env.memory`; its exports as the caller types them. */
export function instantiate<T>(module: object, memory: WasmMemory): T {
  return new wasm!.Instance(module, { env: { memory } }).exports as T;
}
