//! Procedural macros of the `wasm` crate. Use them through `wasm` (`#[wasm::linear]`, ...).
//!
//! Each macro is a thin shell: the expansion logic lives in a module that works on
//! `proc_macro2` tokens, so it is unit-tested without a compiler.

use proc_macro::TokenStream;

mod abi;
mod effect;
mod export;
mod export_async;
mod export_class;
mod export_scope;
mod export_start;
mod export_type;
mod import;
mod import_js;
mod linear;
mod pod;
mod util;
mod wit;

/// Declares a linear resource type: a value that must be consumed exactly once.
///
/// Applies to a struct or an enum (generic ones too). The attribute
/// - implements `wasm::Linear`, which `cargo wasm-lint` reads to reject every path on which a
///   value of the type is dropped instead of consumed (`wasm_lint::linear_not_consumed`);
/// - adds `#[must_use]`, so even a plain `cargo build` warns about an ignored result;
/// - rejects `derive(Clone)` / `derive(Copy)` and fails to compile if the type has any `Clone`
///   impl, because a copy would be a second obligation to release the same host resource.
///
/// Optional argument: `crate = path` when the `wasm` crate is renamed in `Cargo.toml`.
///
/// ```ignore
/// #[wasm::linear]
/// struct CanvasContext(wasm::Handle);
/// impl CanvasContext {
///     fn into_bitmap(self) -> ImageData { /* release the handle */ }
/// }
/// ```
#[proc_macro_attribute]
pub fn linear(attr: TokenStream, item: TokenStream) -> TokenStream {
    linear::expand(attr.into(), item.into()).into()
}

/// Declares the side effects of a function or method: `#[wasm::effect(js_call, atomic_read)]`.
///
/// The effects are `js_call`, `host_call`, `io`, `atomic_read`, `atomic_write` and `spawn`;
/// `#[wasm::effect()]` (or [`macro@pure`]) declares none. It applies to free functions, inherent
/// methods, trait method declarations (an impl may then not exceed them), trait impl methods and
/// functions in `extern` blocks (to classify an import).
///
/// `cargo wasm-lint` checks the declaration against what the body does, transitively
/// (`wasm_lint::undeclared_effect`, `wasm_lint::unused_effect`). Under a host profile that lacks
/// one of the effects (`--cfg wasm_host="wasi"` removes `js_call`) the body compiles to a trap,
/// so the imports it alone used vanish from the module.
///
/// Optional argument: `crate = path` when the `wasm` crate is renamed in `Cargo.toml`.
///
/// ```ignore
/// #[wasm::effect(js_call)]
/// fn fetch(url: &str) -> Vec<u8> { /* calls a JS import */ }
/// ```
#[proc_macro_attribute]
pub fn effect(attr: TokenStream, item: TokenStream) -> TokenStream {
    effect::expand(effect::Kind::Effect, attr.into(), item.into()).into()
}

/// Declares that a function has no side effects: the same as `#[wasm::effect()]`.
///
/// `cargo wasm-lint` rejects the function if its body (transitively) performs any effect.
#[proc_macro_attribute]
pub fn pure(attr: TokenStream, item: TokenStream) -> TokenStream {
    effect::expand(effect::Kind::Pure, attr.into(), item.into()).into()
}

/// Exports a function to the host, lifting its parameters and lowering its result.
///
/// Parameters and results may be integers, `f32`/`f64`, `bool`, `char`, `&str`/`String`,
/// `&[u8]`/`Vec<u8>`, `ExternRef<T>`/`&ExternRef<T>`, `FuncRef`/`&FuncRef`, and `Option` /
/// `Result` of these; anything else is a compile error naming the type. The signature is recorded
/// in the module's `wasmrust` custom section, and `wasmrust.mjs` builds a typed JS function from
/// it when the module is instantiated: no post-processing tool.
///
/// Arguments: `name = "jsName"` (the export's name; default: the function's), `crate = path`.
///
/// The module a crate builds (crate type `cdylib`, `bin`, `staticlib`) exports its items; a
/// crate built only as a library exports none of them into the modules that link it, unless an
/// item says `always` (`#[wasm::export(always)]`, on a function or an `impl` block).
///
/// ```ignore
/// #[wasm::export]
/// fn greet(name: &str) -> String { format!("Hello, {name}!") }
/// ```
///
/// On an inherent `impl Type` block, `Type` becomes a JS class: `pub fn new(..) -> Self` (or the
/// fn marked `#[wasm(constructor)]`) is `new Type(..)`, `&self` / `&mut self` methods borrow the
/// object, `self` methods consume it, fns without receiver are statics, `#[wasm(getter)]` /
/// `#[wasm(setter)]` make properties, `#[wasm(skip)]` hides a `pub fn`; objects have `free()` and
/// `[Symbol.dispose]`. On a struct with named fields: a record (a JS plain object, copied); on an
/// enum: its case names as strings, or `{ tag, val }` when cases carry a value. Such types are
/// then parameter and result types of exports. See `docs/classes.md`.
///
/// ```ignore
/// #[wasm::export]
/// pub struct Point { pub x: f64, pub y: f64 }
///
/// #[wasm::export]
/// impl Path {
///     pub fn new() -> Self { Path(Vec::new()) }
///     pub fn push(&mut self, p: Point) { self.0.push(p) }
///     #[wasm(getter)]
///     pub fn len(&self) -> u32 { self.0.len() as u32 }
/// }
/// ```
#[proc_macro_attribute]
pub fn export(attr: TokenStream, item: TokenStream) -> TokenStream {
    export::expand(attr.into(), item.into()).into()
}

/// Imports host functions with the ABI types of [`export`](macro@export), as safe Rust functions.
///
/// ```ignore
/// #[wasm::import(module = "console")]
/// extern "C" {
///     fn log(message: &str);
///     #[link_name = "getContext"]
///     fn get_context(canvas: &ExternRef<Canvas>, kind: &str) -> Option<ExternRef<Context2d>>;
/// }
/// ```
///
/// Arguments: `module = "name"` (required: the import module, i.e. the key of
/// `instantiate(.., { imports: { name: {...} } })`), `effect = js_call` (default) or
/// `effect = host_call` or a list `effect(js_call, io)` (the effects `cargo wasm-lint` sees on the
/// wrappers), `crate = path`.
#[proc_macro_attribute]
pub fn import(attr: TokenStream, item: TokenStream) -> TokenStream {
    import::expand(attr.into(), item.into()).into()
}

/// Implements `wasm::Pod` for a struct after proving at compile time that it is plain data.
///
/// Requirements, each a spanned compile error naming the field or the byte count:
/// - `#[repr(C)]` (optionally `packed`/`align(N)`) or `#[repr(transparent)]`; no enums, no unions;
/// - every field `Pod` (no `bool`, `char`, references, raw or function pointers, tuples);
/// - no padding byte anywhere, computed from the compiler's layout (before each field and at the
///   end); for generic structs, every field must share one element type (`T`, `[T; N]`) so no
///   choice of parameters can add padding, or the struct must be `#[repr(transparent)]`;
/// - no lifetime parameters.
///
/// The struct must also be `Copy`: write `#[derive(Clone, Copy, wasm::Pod)]`. With the `wasm`
/// crate's `bytemuck` feature, the derive also implements `bytemuck::Pod` and `Zeroable`.
/// `#[pod(crate = path)]` names a renamed `wasm` crate.
///
/// ```ignore
/// #[repr(C)]
/// #[derive(Clone, Copy, wasm::Pod)]
/// struct Particle { pos: [f32; 3], mass: f32 }
/// ```
#[proc_macro_derive(Pod, attributes(pod))]
pub fn derive_pod(input: TokenStream) -> TokenStream {
    pod::expand(input.into()).into()
}

/// Generates Component Model bindings from WIT files: `#[wasm::wit(path = "wit", world = "app")]
/// mod bindings {}`.
///
/// The module gets wit-bindgen's shape (wit-bindgen-rust 0.60 is the generator): interfaces as
/// nested modules by package path, a `Guest` trait per export, and
/// `bindings::export!(MyGuest with_types_in bindings)`. The runtime comes through `wasm`'s
/// `component` feature. Imported resource handles are linear (`wasm::Linear`): pass them on,
/// return them, or end them with `wasm::Release::release`; `cargo wasm-lint` rejects a handle that
/// is dropped otherwise.
///
/// Arguments: `path = ".."` (a `.wit` file or a folder with `deps/`, relative to the crate's
/// `Cargo.toml`; default `"wit"`), `world = ".."` (needed when the package has several worlds),
/// `affine` (no resource is linear) or `affine = ["bucket", "iface.res"]`, `features = ["gate"]`
/// (turns on `@unstable(feature = gate)` items), `crate = path`.
#[proc_macro_attribute]
pub fn wit(attr: TokenStream, item: TokenStream) -> TokenStream {
    wit::expand_attr(attr.into(), item.into()).into()
}

/// Generates Component Model bindings from WIT written in the call: `wasm::wit! { package a:b;
/// world app { .. } }` or `wasm::wit!("..")`.
///
/// The same output as [`macro@wit`]. Options go first as `#![wit(world = "app", affine)]`.
/// Kebab-case names, `///` docs and `@since(version = ..)` gates may be written as tokens; a
/// parse error points at the token wit-parser names.
#[proc_macro]
pub fn wit_inline(input: TokenStream) -> TokenStream {
    wit::expand_inline(input.into()).into()
}

#[cfg(test)]
#[path = "../../../tests/fuzz/macros.rs"]
mod fuzz;
