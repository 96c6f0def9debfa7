// attr: module = "m", effect = host_call
extern "C" { fn r#type(x: u8) -> Result<String, String>; }
