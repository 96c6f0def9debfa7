//! Small analyses shared by several lints: MIR helpers, paths of the `wasm` crate, type walks
//! and the origins and fates of values.

pub mod externref_types;
pub mod holders;
pub mod mir;
pub mod paths;
pub mod pointer_origin;
pub mod type_contains;
pub mod value_fate;
pub mod value_origin;

/// The driver names the cache here (`driver_build_id`).
pub use crate::effects::cache as effects_cache;
