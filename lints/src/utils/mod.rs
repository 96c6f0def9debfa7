//! Analysis shared by the lints.

pub mod borrowck_hook;
pub mod linear_flow;
pub mod linear_types;
pub mod mir;
pub mod paths;
