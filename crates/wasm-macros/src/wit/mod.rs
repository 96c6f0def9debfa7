//! `#[wasm::wit(...)] mod bindings {}` and `wasm::wit! { ... }`: the proc-macro shell around
//! [`generate`]. It parses the arguments, finds the WIT, and turns failures into one spanned
//! `compile_error!` each.

pub mod generate;
mod guest_traits;
mod inline;
mod marks;
#[cfg(test)]
mod corpus_tests;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

use generate::{Affine, Request, WitError, WitSource};

/// The arguments both forms share.
#[derive(Default)]
struct Args {
    path: Option<LitStr>,
    world: Option<LitStr>,
    affine: Affine,
    features: Vec<String>,
    krate: Option<syn::Path>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args::default();
        while !input.is_empty() {
            if input.peek(Token![crate]) {
                input.parse::<Token![crate]>()?;
                input.parse::<Token![=]>()?;
                args.krate = Some(input.call(syn::Path::parse_mod_style)?);
            } else {
                let key: Ident = input.parse()?;
                match key.to_string().as_str() {
                    "path" => {
                        input.parse::<Token![=]>()?;
                        args.path = Some(input.parse()?);
                    }
                    "world" => {
                        input.parse::<Token![=]>()?;
                        args.world = Some(input.parse()?);
                    }
                    "affine" if input.peek(Token![=]) => {
                        input.parse::<Token![=]>()?;
                        let list;
                        syn::bracketed!(list in input);
                        let names = Punctuated::<LitStr, Token![,]>::parse_terminated(&list)?;
                        args.affine = Affine::Named(names.iter().map(LitStr::value).collect());
                    }
                    "affine" => args.affine = Affine::All,
                    "features" => {
                        input.parse::<Token![=]>()?;
                        let list;
                        syn::bracketed!(list in input);
                        let names = Punctuated::<LitStr, Token![,]>::parse_terminated(&list)?;
                        args.features = names.iter().map(LitStr::value).collect();
                    }
                    _ => {
                        return Err(syn::Error::new(
                            key.span(),
                            "unknown argument; expected `path = \"..\"`, `world = \"..\"`, `affine`, `affine = [\"resource\", ..]`, `features = [\"gate\", ..]` or `crate = path`",
                        ));
                    }
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(args)
    }
}

impl Args {
    fn request(&self, source: WitSource) -> Request {
        let krate = self.krate.as_ref().map_or_else(|| "::wasm".to_string(), |p| quote!(#p).to_string());
        Request {
            source,
            world: self.world.as_ref().map(LitStr::value),
            affine: self.affine.clone(),
            krate,
            lint_marks: cfg!(wasm_lint),
            features: self.features.clone(),
        }
    }

    /// Where an error that is not a parse error points.
    fn error_span(&self, err: &WitError) -> Span {
        let about_world = err.message.contains("world");
        match (&self.world, &self.path) {
            (Some(world), _) if about_world => world.span(),
            (_, Some(path)) => path.span(),
            _ => Span::call_site(),
        }
    }
}

/// `#[wasm::wit(path = "wit", world = "app")] mod bindings {}`.
pub fn expand_attr(attr: TokenStream, item: TokenStream) -> TokenStream {
    let result = (|| {
        let args: Args = Args::parse.parse2(attr)?;
        let module: syn::ItemMod = syn::parse2(item.clone()).map_err(|e| {
            syn::Error::new(e.span(), "`#[wasm::wit]` goes on an empty module: `#[wasm::wit(path = \"wit\", world = \"app\")] mod bindings {}`")
        })?;
        if module.content.as_ref().is_some_and(|(_, items)| !items.is_empty()) {
            return Err(syn::Error::new(module.ident.span(), "the module of `#[wasm::wit]` must be empty: its content is generated from the WIT"));
        }
        let relative = args.path.as_ref().map_or_else(|| "wit".to_string(), LitStr::value);
        let root = std::env::var_os("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from).unwrap_or_default();
        let generated = generate::generate(&args.request(WitSource::Path { path: root.join(&relative), shown: relative.clone() }))
            .map_err(|e| syn::Error::new(args.error_span(&e), e.with_location()))?;
        let files = generated.files.iter().map(|f| f.display().to_string());
        let code = generated.code;
        let (attrs, vis, ident) = (&module.attrs, &module.vis, &module.ident);
        Ok(quote! {
            #(#attrs)*
            #vis mod #ident {
                #code
                // Rebuild when a WIT file changes.
                #(const _: &[u8] = include_bytes!(#files);)*
            }
        })
    })();
    result.unwrap_or_else(|e| {
        let err = e.to_compile_error();
        quote!(#err)
    })
}

/// `wasm::wit! { #![wit(world = "app")] package ..; world app { .. } }` or `wasm::wit!("..")`.
pub fn expand_inline(input: TokenStream) -> TokenStream {
    let result = (|| {
        let (args, body) = split_options(input)?;
        let mut body_iter = body.clone().into_iter();
        let (text, wit) = match (body_iter.next(), body_iter.next()) {
            (Some(TokenTree::Literal(lit)), None) if lit.to_string().contains('"') => {
                let lit: LitStr = syn::parse2(TokenTree::Literal(lit).into())?;
                (lit.value(), Err(lit.span()))
            }
            _ => {
                let wit = inline::InlineWit::new(body);
                (wit.text.clone(), Ok(wit))
            }
        };
        let generated = generate::generate(&args.request(WitSource::Inline(text))).map_err(|e| {
            // A parse error points at its token; in a string, at the string, with the place.
            match (&wit, e.position) {
                (Ok(wit), Some((line, col))) => {
                    syn::Error::new(wit.span_at(line, col).unwrap_or_else(Span::call_site), e.message)
                }
                (Err(lit), Some(_)) => syn::Error::new(*lit, e.with_location()),
                (Err(lit), None) if args.world.is_none() => syn::Error::new(*lit, e.message),
                _ => syn::Error::new(args.error_span(&e), e.message),
            }
        })?;
        Ok(generated.code)
    })();
    result.unwrap_or_else(|e: syn::Error| e.to_compile_error())
}

/// Splits a leading `#![wit(options)]` off the macro input.
fn split_options(input: TokenStream) -> syn::Result<(Args, TokenStream)> {
    let tokens: Vec<TokenTree> = input.into_iter().collect();
    if let [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(group), rest @ ..] = tokens.as_slice()
        && hash.as_char() == '#'
        && bang.as_char() == '!'
    {
        let attr: syn::Meta = syn::parse2(group.stream())?;
        let list = attr.require_list()?;
        if !list.path.is_ident("wit") {
            return Err(syn::Error::new_spanned(&list.path, "expected `#![wit(world = \"..\", affine, ..)]`"));
        }
        let args: Args = Args::parse.parse2(list.tokens.clone())?;
        if let Some(path) = &args.path {
            return Err(syn::Error::new(path.span(), "`path` belongs to `#[wasm::wit(path = ..)] mod bindings {}`; `wasm::wit!` takes the WIT itself"));
        }
        return Ok((args, rest.iter().cloned().collect()));
    }
    Ok((Args::default(), tokens.into_iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIT: &str = "package t:s; world app { export run: func(n: u32) -> u32; }";

    #[test]
    fn inline_tokens_and_string_generate_the_same_code() {
        let from_tokens = expand_inline(WIT.parse().unwrap()).to_string();
        let from_string = expand_inline(format!("{WIT:?}").parse().unwrap()).to_string();
        assert!(from_tokens.contains("pub trait Guest"), "{from_tokens}");
        assert_eq!(from_tokens, from_string);
    }

    #[test]
    fn options_pick_the_world() {
        let two = "#![wit(world = \"b\")] package t:s; world a { export x: func(); } world b { export y: func(); }";
        let out = expand_inline(two.parse().unwrap()).to_string();
        assert!(out.contains("fn y") && !out.contains("fn x"), "{out}");
    }

    #[test]
    fn errors_are_compile_errors() {
        for (input, expect) in [
            ("package t:s; world app { export run: func(n: u31); }", "name `u31` does not exist"),
            ("#![wit(world = \"nope\")] package t:s; world app {}", "no world named `nope`"),
            ("#![wit(path = \"x\")] package t:s;", "`path` belongs to"),
            ("#![wit(colour = \"x\")] package t:s;", "unknown argument"),
        ] {
            let out = expand_inline(input.parse().unwrap()).to_string();
            assert!(out.contains("compile_error") && out.contains(expect), "{input}: {out}");
        }
    }

    #[test]
    fn attribute_needs_an_empty_module_and_an_existing_path() {
        let out = expand_attr(quote!(path = "does-not-exist"), quote!(mod b {})).to_string();
        assert!(out.contains("does not exist"), "{out}");
        let out = expand_attr(quote!(), quote!(mod b { fn f() {} })).to_string();
        assert!(out.contains("must be empty"), "{out}");
        let out = expand_attr(quote!(), quote!(fn f() {})).to_string();
        assert!(out.contains("goes on an empty module"), "{out}");
    }
}
