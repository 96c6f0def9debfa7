// attr:
pub fn greet(name: &str, n: u32, flag: bool) -> String { format!("{name}{n}{flag}") }
