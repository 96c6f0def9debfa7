//! A little ordinary code over each dependency, so their generic code is instantiated and
//! checked here too, and the `wasm_bindgen` exports give the export lints something to judge.

use rayon::prelude::*;
use regex::Regex;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    Circle { center: Point, radius: f64 },
    Polygon(Vec<Point>),
}

/// The names of the functions declared in `source`.
pub fn function_names(source: &str) -> syn::Result<Vec<String>> {
    let file = syn::parse_file(source)?;
    Ok(file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect())
}

/// The sum of the numbers in `text`, found by a regex, added up in parallel.
pub fn sum_numbers(text: &str) -> u64 {
    let number = Regex::new(r"\d+").expect("a valid regex");
    let found: Vec<&str> = number.find_iter(text).map(|m| m.as_str()).collect();
    found.par_iter().filter_map(|s| s.parse::<u64>().ok()).sum()
}

/// Sends `n` numbers through a channel between two tasks and adds them up.
pub fn channel_sum(n: u64) -> u64 {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).build().expect("a runtime");
    runtime.block_on(async move {
        let (tx, mut rx) = tokio::sync::mpsc::channel(16);
        tokio::spawn(async move {
            for i in 0..n {
                if tx.send(i).await.is_err() {
                    break;
                }
            }
        });
        let mut total = 0;
        while let Some(i) = rx.recv().await {
            total += i;
        }
        total
    })
}

#[wasm_bindgen]
pub fn greet(name: &str) -> String {
    format!("hello, {name}")
}

#[wasm_bindgen]
pub struct Counter {
    count: u32,
}

#[wasm_bindgen]
impl Counter {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Counter {
        Counter { count: 0 }
    }

    pub fn bump(&mut self) -> u32 {
        self.count += 1;
        self.count
    }
}

impl Default for Counter {
    fn default() -> Self {
        Self::new()
    }
}

/// Draws a dot on the page's canvas `id`.
#[wasm_bindgen]
pub fn draw_dot(id: &str, x: f64, y: f64) -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = document.get_element_by_id(id).ok_or("no canvas")?.dyn_into()?;
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d")?.ok_or("no 2d context")?.dyn_into()?;
    context.begin_path();
    context.arc(x, y, 2.0, 0.0, std::f64::consts::TAU)?;
    context.fill();
    web_sys::console::log_1(&"dot drawn".into());
    Ok(())
}
