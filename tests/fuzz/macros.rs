//! Fuzzing of the macro generators (a unit-test module of `wasm-macros`, included from its
//! `lib.rs`: the generators are private functions of a proc-macro crate). Each case feeds a macro
//! generated, mutated or corpus tokens and checks that it never panics, that a rejection is a
//! `compile_error!` spanned on the input (not the bare call site, which in a real expansion is the
//! whole attribute) and that an accepted input expands to parseable items.

use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

#[path = "rng.rs"]
mod rng;
use rng::Rng;

/// An expansion of `(attr, item)`.
type Expand = fn(TokenStream, TokenStream) -> TokenStream;

/// The macros under test, by name.
const MACROS: &[(&str, Expand)] = &[
    ("linear", crate::linear::expand),
    ("effect", |a, i| {
        crate::effect::expand(crate::effect::Kind::Effect, a, i)
    }),
    ("pure", |a, i| {
        crate::effect::expand(crate::effect::Kind::Pure, a, i)
    }),
    ("export", crate::export::expand),
    ("import", crate::import::expand),
    ("pod", |_, i| crate::pod::expand(i)),
];

/// Words the macros look for, so random streams reach past the first parse.
const WORDS: &[&str] = &[
    "fn",
    "pub",
    "struct",
    "enum",
    "union",
    "extern",
    "impl",
    "trait",
    "self",
    "Self",
    "mut",
    "const",
    "async",
    "unsafe",
    "where",
    "dyn",
    "crate",
    "super",
    "r#type",
    "r#fn",
    "_",
    "x",
    "T",
    "i32",
    "u8",
    "u64",
    "i64",
    "f32",
    "f64",
    "bool",
    "char",
    "usize",
    "str",
    "String",
    "Vec",
    "Option",
    "Result",
    "ExternRef",
    "FuncRef",
    "Box",
    "name",
    "module",
    "effect",
    "js_call",
    "host_call",
    "io",
    "atomic_read",
    "atomic_write",
    "spawn",
    "link_name",
    "repr",
    "C",
    "transparent",
    "packed",
    "align",
    "derive",
    "Clone",
    "Copy",
    "pod",
    "wasm",
    "doc",
    "allow",
    "cfg",
    "must_use",
    "Pod",
    "for",
    "in",
    "as",
    "return",
    "let",
    "match",
];
const PUNCTS: &[&str] = &[
    ":", "::", ",", ";", "->", "=>", "=", "<", ">", "&", "*", "#", "!", "'", "?", "+", "-", ".",
    "..", "|", "@",
];

fn word(rng: &mut Rng) -> TokenTree {
    let w = *rng.pick(WORDS);
    match w.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()).into(),
        None => Ident::new(w, Span::call_site()).into(),
    }
}

fn literal(rng: &mut Rng) -> TokenTree {
    match rng.below(6) {
        0 => Literal::string(rng.pick::<&str>(&["x", "", "getContext", "a b", "é", "\0"])).into(),
        1 => Literal::u32_unsuffixed(rng.below(70000) as u32).into(),
        2 => Literal::i64_suffixed(-(rng.below(3) as i64)).into(),
        3 => Literal::f64_unsuffixed(1.5).into(),
        4 => Literal::character('c').into(),
        _ => Literal::byte_string(b"b").into(),
    }
}

fn punct(rng: &mut Rng, out: &mut Vec<TokenTree>) {
    let p = *rng.pick(PUNCTS);
    if p == "'" {
        // A lifetime: `'` joint with an identifier.
        out.push(Punct::new('\'', Spacing::Joint).into());
        out.push(Ident::new(rng.pick::<&str>(&["a", "static"]), Span::call_site()).into());
        return;
    }
    let chars: Vec<char> = p.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let spacing = if i + 1 < chars.len() {
            Spacing::Joint
        } else {
            Spacing::Alone
        };
        out.push(Punct::new(c, spacing).into());
    }
}

/// A random token sequence of about `len` trees, groups nested up to `depth`.
fn random_tokens(rng: &mut Rng, len: usize, depth: usize) -> Vec<TokenTree> {
    let mut out = Vec::new();
    while out.len() < len {
        match rng.below(10) {
            0..=4 => out.push(word(rng)),
            5..=6 => punct(rng, &mut out),
            7 => out.push(literal(rng)),
            _ if depth > 0 => {
                let d = *rng.pick(&[Delimiter::Parenthesis, Delimiter::Brace, Delimiter::Bracket]);
                let n = rng.below(6);
                let inner: TokenStream = random_tokens(rng, n, depth - 1).into_iter().collect();
                out.push(Group::new(d, inner).into());
            }
            _ => out.push(word(rng)),
        }
    }
    out
}

/// One to three token-level edits, at the top level or inside a group.
fn mutate(rng: &mut Rng, tokens: TokenStream) -> TokenStream {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    for _ in 0..1 + rng.below(3) {
        let len = trees.len();
        let at = if len == 0 { 0 } else { rng.below(len) };
        match rng.below(7) {
            0 if len > 0 => drop(trees.remove(at)),
            1 => {
                let n = 1 + rng.below(3);
                trees
                    .splice(at..at, random_tokens(rng, n, 1))
                    .for_each(drop);
            }
            2 if len > 0 => trees[at] = random_tokens(rng, 1, 1).remove(0),
            3 if len > 1 => trees.swap(at, rng.below(len)),
            4 if len > 0 => {
                let copy = trees[at].clone();
                trees.insert(rng.below(len + 1), copy);
            }
            5 => trees.truncate(at),
            _ => {
                // Recurse into a group, or flatten it into its contents.
                if let Some(i) = (0..len)
                    .map(|k| (at + k) % len)
                    .find(|&i| matches!(trees[i], TokenTree::Group(_)))
                {
                    let TokenTree::Group(g) = &trees[i] else {
                        unreachable!()
                    };
                    if rng.one_in(4) {
                        let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                        trees.splice(i..=i, inner);
                    } else {
                        let mut new = Group::new(g.delimiter(), mutate(rng, g.stream()));
                        new.set_span(g.span());
                        trees[i] = new.into();
                    }
                }
            }
        }
    }
    trees.into_iter().collect()
}

/// The corpus: `tests/fuzz/corpus/macros/<macro>.<case>.rs`, first line `// attr: <tokens>`.
fn corpus() -> Vec<(String, &'static str, String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    rng::corpus(&root, "macros")
        .into_iter()
        .map(|(file, bytes)| {
            let text = String::from_utf8(bytes).expect("UTF-8 corpus file");
            let name = file.split('.').next().unwrap_or_default();
            let mac = MACROS.iter().find(|m| m.0 == name).unwrap_or_else(|| {
                panic!("corpus file {file}: the name must start with a macro name (linear., export., ...)")
            });
            let (first, item) = text.split_once('\n').unwrap_or((&text, ""));
            let attr = first.strip_prefix("// attr:").unwrap_or_else(|| panic!("{file}: first line `// attr: ...`"));
            (file, mac.0, attr.trim().to_string(), item.to_string())
        })
        .collect()
}

/// Items, trait or impl items, or foreign items: whatever an accepted expansion may be.
struct AnyItems;

impl syn::parse::Parse for AnyItems {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        use syn::parse::discouraged::Speculative;
        while !input.is_empty() {
            let fork = input.fork();
            if fork.parse::<syn::Item>().is_ok() {
                input.advance_to(&fork);
                continue;
            }
            let fork = input.fork();
            if fork.parse::<syn::TraitItem>().is_ok() {
                input.advance_to(&fork);
                continue;
            }
            let fork = input.fork();
            if fork.parse::<syn::ForeignItem>().is_ok() {
                input.advance_to(&fork);
                continue;
            }
            input.parse::<syn::ImplItem>()?;
        }
        Ok(AnyItems)
    }
}

/// The spans of the `compile_error!` invocations in `out` (each error's span is on its tokens).
fn error_spans(out: &TokenStream, found: &mut Vec<(Span, String)>) {
    let trees: Vec<TokenTree> = out.clone().into_iter().collect();
    for (i, t) in trees.iter().enumerate() {
        match t {
            TokenTree::Ident(id) if id == "compile_error" => {
                let msg = trees.get(i + 2).map(|m| m.to_string()).unwrap_or_default();
                found.push((id.span(), msg));
            }
            TokenTree::Group(g) => error_spans(&g.stream(), found),
            _ => {}
        }
    }
}

/// Runs one case: `Ok(true)` if the macro accepted the input, `Err` says what went wrong.
fn check(mac: &str, attr: &TokenStream, item: &TokenStream) -> Result<bool, String> {
    let expand = MACROS.iter().find(|m| m.0 == mac).expect("macro").1;
    let (a, i) = (attr.clone(), item.clone());
    let out = catch_unwind(AssertUnwindSafe(|| expand(a, i))).map_err(|p| {
        format!(
            "panicked: {}",
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )
    })?;
    let mut errors = Vec::new();
    error_spans(&out, &mut errors);
    if errors.is_empty() {
        return syn::parse2::<AnyItems>(out.clone())
            .map(|_| true)
            .map_err(|e| format!("accepted, but the expansion does not parse ({e}): {out}"));
    }
    // The call site is the attribute itself: the right place for what is about the attribute
    // (where it applies, a missing argument) and for input that ends early (syn's "expected X"
    // when the stream runs out); anything else has a token of its own to point at.
    const ABOUT_THE_ATTRIBUTE: &[&str] = &[
        "applies to",
        "missing",
        "unexpected end of input",
        "expected",
    ];
    for (span, msg) in errors {
        if span.byte_range().is_empty() && !ABOUT_THE_ATTRIBUTE.iter().any(|m| msg.contains(m)) {
            return Err(format!("error {msg} is spanned on the call site only"));
        }
    }
    Ok(false)
}

#[test]
fn macros_never_panic_and_errors_are_spanned() {
    let corpus = corpus();
    let (mut cases, mut accepted) = (0, 0);
    let mut failures = Vec::new();
    for (file, mac, attr, item) in &corpus {
        let (a, i) = (
            attr.parse().expect("corpus attr"),
            item.parse().expect("corpus item"),
        );
        cases += 1;
        match check(mac, &a, &i) {
            Ok(ok) => accepted += usize::from(ok),
            Err(e) => failures.push(format!("corpus {file}: {e}")),
        }
    }
    for seed in rng::seeds("macros", 3000) {
        let mut rng = Rng::new(seed);
        // Half the cases mutate a corpus entry (same macro), the rest are random streams.
        let (mac, attr, item) = if !corpus.is_empty() && rng.one_in(2) {
            let (_, mac, attr, item) = rng.pick(&corpus);
            let (mut a, mut i): (TokenStream, TokenStream) =
                (attr.parse().unwrap(), item.parse().unwrap());
            match rng.below(3) {
                0 => a = mutate(&mut rng, a),
                1 => i = mutate(&mut rng, i),
                _ => (a, i) = (mutate(&mut rng, a), mutate(&mut rng, i)),
            }
            (*mac, a, i)
        } else {
            let mac = rng.pick(MACROS).0;
            let (na, ni) = (rng.below(5), rng.below(20));
            let attr = random_tokens(&mut rng, na, 2).into_iter().collect();
            let item = random_tokens(&mut rng, ni, 3).into_iter().collect();
            (mac, attr, item)
        };
        // Reparse from text so every token has a real (non-call-site) span.
        // (A mutation can split a lifetime from its `'`: no compiler would hand that over.)
        let (Ok(attr), Ok(item)) = (
            attr.to_string().parse::<TokenStream>(),
            item.to_string().parse::<TokenStream>(),
        ) else {
            continue;
        };
        cases += 1;
        match check(mac, &attr, &item) {
            Ok(ok) => accepted += usize::from(ok),
            Err(e) => failures.push(format!("seed {seed}: #[{mac}({attr})] {item}\n  {e}")),
        }
    }
    println!(
        "fuzz macros: {cases} cases run ({accepted} accepted), {} failed",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
