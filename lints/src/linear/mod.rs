//! The linear-type analysis: which types are linear and where a linear value goes in a body.

pub mod flow;
pub mod types;
