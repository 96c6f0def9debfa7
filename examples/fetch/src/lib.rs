//! wasm-bindgen's `fetch` example, ported to WasmRust with no JS shim: an async export fetches a
//! GitHub branch as JSON (`wasm::web::fetch_json`, awaited as a future), reads the fields it
//! needs with getters declared one line each, and resolves to a typed record, which JS reads as a
//! plain object (the original goes through serde and `JsValue::from_serde`).

use wasm::web;
use wasm::{Any, ExternRef};

/// A branch from the GitHub branches API (only the fields used).
#[wasm::export]
pub struct Branch {
    pub name: String,
    pub commit: Commit,
}

/// The branch's head commit.
#[wasm::export]
pub struct Commit {
    pub sha: String,
    pub author: Signature,
    pub committer: Signature,
}

/// Who authored or committed.
#[wasm::export]
pub struct Signature {
    pub name: String,
    pub email: String,
}

// The JSON fields read, one line each (a missing or mistyped field is a `TypeError` naming it).
#[wasm::import]
unsafe extern "C" {
    #[wasm(getter = "name")]
    fn name(json: &ExternRef<Any>) -> String;
    #[wasm(getter = "email")]
    fn email(json: &ExternRef<Any>) -> String;
    #[wasm(getter = "sha")]
    fn sha(json: &ExternRef<Any>) -> String;
    #[wasm(getter = "commit")]
    fn commit(json: &ExternRef<Any>) -> ExternRef<Any>;
    #[wasm(getter = "author")]
    fn author(json: &ExternRef<Any>) -> ExternRef<Any>;
    #[wasm(getter = "committer")]
    fn committer(json: &ExternRef<Any>) -> ExternRef<Any>;
}

/// Fetches `{api}/repos/{repo}/branches/{name}` (`api` is `https://api.github.com` on the web):
/// the promise resolves to the branch, as a plain object; a network error or a non-2xx status
/// rejects with its message. (wasm-bindgen's `run(repo)`, with the API and branch as arguments.)
#[wasm::export]
pub async fn run(api: String, repo: String, name: String) -> Result<Branch, String> {
    let json = web::fetch_json(&format!("{api}/repos/{repo}/branches/{name}")).await?;
    Ok(parse(&json))
}

fn parse(json: &ExternRef<Any>) -> Branch {
    let head = commit(json);
    let details = commit(&head);
    let signature = |who: ExternRef<Any>| Signature { name: name(&who), email: email(&who) };
    Branch {
        name: name(json),
        commit: Commit { sha: sha(&head), author: signature(author(&details)), committer: signature(committer(&details)) },
    }
}
