//! Analysis shared by the lints.

pub mod borrowck_hook;
pub mod call_graph;
pub mod effects;
pub mod effects_extern;
pub mod effects_infer;
pub mod effects_pass;
pub mod effects_sources;
pub mod externref_types;
pub mod holders;
pub mod layout;
pub mod linear_flow;
pub mod linear_types;
pub mod mir;
pub mod paths;
pub mod plain_data;
pub mod pointer_origin;
pub mod type_contains;
pub mod value_fate;
pub mod value_origin;
