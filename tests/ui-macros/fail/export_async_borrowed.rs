// An async export's task runs after the call returns: its parameters must be owned.
#[wasm::export]
async fn fetch_len(url: &str, body: &[u8]) -> u32 {
    (url.len() + body.len()) as u32
}

#[wasm::export]
async fn fine(url: String) -> Result<u32, String> {
    Ok(url.len() as u32)
}

fn main() {}
