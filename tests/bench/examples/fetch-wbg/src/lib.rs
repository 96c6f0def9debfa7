//! examples/fetch as a wasm-bindgen user writes it: the same export (`run(api, repo, name)`, a
//! promise of the branch), the same web API (`fetch`, `Response.json()`), the same fields read
//! from the JSON (getters on an imported type) and a record JS reads by field name
//! (`getter_with_clone` structs). A non-2xx status rejects with `GET url: HTTP 404`, as in the port.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

#[wasm_bindgen]
extern "C" {
    /// Any object of the parsed JSON.
    type Json;
    #[wasm_bindgen(method, getter)]
    fn name(this: &Json) -> String;
    #[wasm_bindgen(method, getter)]
    fn email(this: &Json) -> String;
    #[wasm_bindgen(method, getter)]
    fn sha(this: &Json) -> String;
    #[wasm_bindgen(method, getter)]
    fn commit(this: &Json) -> Json;
    #[wasm_bindgen(method, getter)]
    fn author(this: &Json) -> Json;
    #[wasm_bindgen(method, getter)]
    fn committer(this: &Json) -> Json;
}

/// A branch from the GitHub branches API (only the fields used).
#[wasm_bindgen(getter_with_clone)]
#[derive(Clone)]
pub struct Branch {
    pub name: String,
    pub commit: Commit,
}

/// The branch's head commit.
#[wasm_bindgen(getter_with_clone)]
#[derive(Clone)]
pub struct Commit {
    pub sha: String,
    pub author: Signature,
    pub committer: Signature,
}

/// Who authored or committed.
#[wasm_bindgen(getter_with_clone)]
#[derive(Clone)]
pub struct Signature {
    pub name: String,
    pub email: String,
}

/// Fetches `{api}/repos/{repo}/branches/{name}` and resolves to the branch.
#[wasm_bindgen]
pub async fn run(api: String, repo: String, name: String) -> Result<Branch, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let url = format!("{api}/repos/{repo}/branches/{name}");
    let response: Response = JsFuture::from(window.fetch_with_str(&url)).await?.dyn_into()?;
    if !response.ok() {
        return Err(error(&format!("GET {url}: HTTP {}", response.status())));
    }
    let json: Json = JsFuture::from(response.json()?).await?.unchecked_into();
    Ok(parse(&json))
}

fn error(message: &str) -> JsValue {
    JsError::new(message).into()
}

fn parse(json: &Json) -> Branch {
    let head = json.commit();
    let details = head.commit();
    let signature = |who: Json| Signature { name: who.name(), email: who.email() };
    Branch {
        name: json.name(),
        commit: Commit { sha: head.sha(), author: signature(details.author()), committer: signature(details.committer()) },
    }
}
