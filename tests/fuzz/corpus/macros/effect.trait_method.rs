// attr: spawn
fn method(&self) -> u32;
