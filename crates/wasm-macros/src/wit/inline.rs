//! WIT written as macro tokens, turned back into WIT text.
//!
//! Rust's tokenizer splits `get-item` into `get`, `-`, `item` and `@0.2.0` into several tokens;
//! their spans still say where each one stood, so the text is rebuilt from the positions: tokens
//! that touched in the source touch again, line breaks are kept (so wit-parser's line numbers are
//! the macro's), and `///` docs (which reach the macro as `#[doc = ".."]`) become `///` again.
//! Each token's place in the text is kept, to point a parse error at the token.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// The rebuilt WIT text and, for each token, its (line, column) in that text and its span.
pub struct InlineWit {
    pub text: String,
    tokens: Vec<((usize, usize), Span)>,
}

impl InlineWit {
    pub fn new(input: TokenStream) -> Self {
        let mut w = Writer { text: String::new(), line: 1, col: 0, origin: None, tokens: Vec::new() };
        w.stream(input);
        InlineWit { text: w.text, tokens: w.tokens }
    }

    /// The span of the token at or just before a wit-parser position (1-based line and column).
    pub fn span_at(&self, line: usize, col: usize) -> Option<Span> {
        self.tokens.iter().rev().find(|(pos, _)| *pos <= (line, col)).map(|(_, span)| *span)
    }
}

struct Writer {
    text: String,
    /// Current position in `text`: 1-based line, 0-based column.
    line: usize,
    col: usize,
    /// Source position of the first token: the text starts there as line 1.
    origin: Option<(usize, usize)>,
    tokens: Vec<((usize, usize), Span)>,
}

impl Writer {
    /// Moves to the source position of `span` (relative to the first token) with spaces and
    /// newlines, then records the token there.
    fn goto(&mut self, span: Span) {
        let start = span.start();
        let origin = *self.origin.get_or_insert((start.line, start.column));
        let line = start.line.saturating_sub(origin.0) + 1;
        let col = if line == 1 { start.column.saturating_sub(origin.1) } else { start.column };
        if line > self.line {
            self.text.extend(std::iter::repeat_n('\n', line - self.line));
            self.line = line;
            self.col = 0;
        }
        if col > self.col {
            self.text.extend(std::iter::repeat_n(' ', col - self.col));
            self.col = col;
        } else if col < self.col || (line < self.line) {
            // Positions unknown (or going back): keep tokens apart.
            self.text.push(' ');
            self.col += 1;
        }
        self.tokens.push(((self.line, self.col + 1), span));
    }

    fn write(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 0;
            } else {
                self.col += 1;
            }
        }
        self.text.push_str(s);
    }

    fn stream(&mut self, input: TokenStream) {
        let mut iter = input.into_iter().peekable();
        while let Some(tt) = iter.next() {
            if let TokenTree::Punct(p) = &tt
                && p.as_char() == '#'
                && let Some(TokenTree::Group(g)) = iter.peek()
                && g.delimiter() == Delimiter::Bracket
                && let Some(doc) = doc_text(g.stream())
            {
                self.goto(p.span());
                self.write("///");
                self.write(&doc.replace('\n', "\n///"));
                iter.next();
                continue;
            }
            self.tree(tt);
        }
    }

    fn tree(&mut self, tt: TokenTree) {
        match tt {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::None => ("", ""),
                };
                self.goto(g.span_open());
                self.write(open);
                self.stream(g.stream());
                self.goto(g.span_close());
                self.write(close);
            }
            other => {
                self.goto(other.span());
                self.write(&other.to_string());
            }
        }
    }
}

/// The text of a `doc = "..."` attribute body.
fn doc_text(attr: TokenStream) -> Option<String> {
    let nv: syn::MetaNameValue = syn::parse2(attr).ok()?;
    if !nv.path.is_ident("doc") {
        return None;
    }
    match nv.value {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuild(src: &str) -> String {
        InlineWit::new(src.parse().unwrap()).text
    }

    #[test]
    fn kebab_names_versions_and_gates_touch_again() {
        let src = "package my:pkg@0.2.0;\ninterface get-item {\n    @since(version = 0.2.0)\n    %type: func(a-b: list<u8>) -> result<_, string>;\n}";
        assert_eq!(rebuild(src), src);
    }

    #[test]
    fn doc_comments_come_back() {
        let src = "/// A world.\nworld app {\n    /// Runs.\n    export run: func();\n}";
        assert_eq!(rebuild(src), src);
    }

    #[test]
    fn positions_point_at_tokens() {
        let wit = InlineWit::new("package a:b;\nworld app {\n  import x: func(a: strin);\n}".parse().unwrap());
        let span = wit.span_at(3, 21).unwrap();
        assert_eq!((span.start().line, span.start().column), (3, 20));
        assert_eq!(span.end().column, 25, "the span covers `strin`");
    }
}
