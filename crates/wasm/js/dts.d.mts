// Types of dts.mjs, for TypeScript.

/** The TypeScript declarations of a WasmRust module (`Exports`, `Imports`), as a .d.ts text. */
export declare function declarations(module: WebAssembly.Module | BufferSource): string;
