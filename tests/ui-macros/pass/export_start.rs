// A start function (run once by `instantiate`), and async exports resolving to exported types.
#[wasm::export(start)]
async fn boot() -> Result<(), String> {
    Ok(())
}

#[wasm::export]
pub struct Branch {
    pub name: String,
    pub sha: String,
}

#[wasm::export]
pub enum Mode {
    Fast,
    Slow,
}

#[wasm::export]
async fn load(repo: String) -> Result<Branch, String> {
    Ok(Branch { name: repo, sha: String::new() })
}

#[wasm::export]
async fn mode() -> Option<Mode> {
    Some(Mode::Fast)
}
fn main() {}
