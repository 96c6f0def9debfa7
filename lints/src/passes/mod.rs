//! The passes that run the lints: the only modules besides the lints themselves that name a
//! lint. Analyses (`effects`, `linear`, `layout`, `utils`) never import these or a lint.

pub mod borrowck;
pub mod effects;
