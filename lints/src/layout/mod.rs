//! Memory layout and plain-data checks (padding, `Pod`).

pub mod padding;
pub mod plain_data;
