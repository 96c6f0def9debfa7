// attr: name = "sumAll"
fn sum(xs: &[f64], v: Vec<u8>, o: Option<i32>) -> Result<u64, String> { Ok(0) }
