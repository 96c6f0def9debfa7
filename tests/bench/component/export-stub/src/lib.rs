//! `#[wasm::export]` as a no-op, so that `guest-life-wbg` compiles examples/game-of-life's own
//! source under wit-bindgen instead of a copy: the attribute leaves the item as written, minus
//! the `#[wasm(...)]` member markers only `#[wasm::export]` understands. Bench-only.

use proc_macro::{Delimiter, Group, TokenStream, TokenTree};

#[proc_macro_attribute]
pub fn export(_attr: TokenStream, item: TokenStream) -> TokenStream {
    strip_markers(item)
}

fn strip_markers(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut it = tokens.into_iter().peekable();
    while let Some(t) = it.next() {
        match &t {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if let Some(TokenTree::Group(g)) = it.peek()
                    && g.delimiter() == Delimiter::Bracket
                    && matches!(g.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i.to_string() == "wasm")
                {
                    it.next();
                    continue;
                }
                out.push(t);
            }
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), strip_markers(g.stream()));
                inner.set_span(g.span());
                out.push(inner.into());
            }
            _ => out.push(t),
        }
    }
    out.into_iter().collect()
}
