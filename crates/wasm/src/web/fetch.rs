//! `fetch`, awaited as Rust futures ([`JsFuture`]): no JS shim, no polling.
//!
//! ```ignore
//! #[wasm::export]
//! async fn page_len(url: String) -> Result<u32, String> {
//!     Ok(web::fetch_text(&url).await?.len() as u32)
//! }
//! ```

use alloc::format;
use alloc::string::String;

use crate::task::{JsFuture, Promise};
use crate::{Any, ExternRef};

crate::host_type! {
    /// A `fetch` response.
    pub Response: instanceof "Response";
}

#[crate::import]
unsafe extern "C" {
    /// `fetch(url)`: a promise of a [`Response`] (rejects on a network error, not on an HTTP
    /// error status).
    #[wasm(js = "fetch")]
    pub fn fetch(url: &str) -> ExternRef<Promise>;
    /// `response.status`.
    #[wasm(getter = "status")]
    pub fn status(response: &ExternRef<Response>) -> u32;
    /// `response.ok`: a 2xx status.
    #[wasm(getter = "ok")]
    pub fn ok(response: &ExternRef<Response>) -> bool;
    /// `response.text()`: a promise of the body as a string.
    #[wasm(method = "text")]
    pub fn text(response: &ExternRef<Response>) -> ExternRef<Promise>;
    /// `response.json()`: a promise of the body parsed as JSON.
    #[wasm(method = "json")]
    pub fn json(response: &ExternRef<Response>) -> ExternRef<Promise>;
}

/// Fetches `url` and checks its status: the response when it is 2xx, else `Err("GET url: HTTP
/// 404 ...")`; a network error is its message.
pub async fn fetch_ok(url: &str) -> Result<ExternRef<Response>, String> {
    let response: ExternRef<Response> = JsFuture::<ExternRef<Response>, String>::new(&fetch(url)).await?;
    if ok(&response) { Ok(response) } else { Err(format!("GET {url}: HTTP {}", status(&response))) }
}

/// Fetches `url` as text (a non-2xx status is an `Err`, see [`fetch_ok`]).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let response = fetch_ok(url).await?;
    JsFuture::<String, String>::new(&text(&response)).await
}

/// Fetches `url` and parses it as JSON: the parsed value (read it with getters declared for its
/// shape, one line each).
pub async fn fetch_json(url: &str) -> Result<ExternRef<Any>, String> {
    let response = fetch_ok(url).await?;
    JsFuture::<ExternRef<Any>, String>::new(&json(&response)).await
}
