//! Analysis shared by the lints.

pub mod borrowck_hook;
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
