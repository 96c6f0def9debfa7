//! The WIT form of a crate, as plain data: what `cargo wasm-lint wit` turns into a wit-parser
//! `Resolve` and what `cargo wasm-lint component` generates its glue from. Names are WIT
//! (kebab-case); each item keeps the Rust path it came from.

/// A WIT value type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WitType {
    Bool,
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
    /// `usize`: WIT `u32` (wasm32's pointer width), converted with `as` in the glue.
    Usize,
    /// `isize`: WIT `s32`, like `Usize`.
    Isize,
    F32,
    F64,
    Char,
    String,
    List(Box<WitType>),
    Option(Box<WitType>),
    Result { ok: Option<Box<WitType>>, err: Option<Box<WitType>> },
    Tuple(Vec<WitType>),
    /// A record, enum, variant or flags of this crate's world, by WIT name.
    Named(String),
    /// An owned handle of an exported resource, by WIT name.
    Own(String),
    /// A borrowed handle of an exported resource, by WIT name.
    Borrow(String),
}

impl WitType {
    /// The types this one is built of, one level down: a list's element, an option's payload, a
    /// result's sides, a tuple's members; none for scalars, strings, named types and handles
    /// (a named type's are its definition's [`TypeDefKind::held_types`]).
    pub fn parts(&self) -> Vec<&WitType> {
        match self {
            WitType::List(t) | WitType::Option(t) => vec![&**t],
            WitType::Result { ok, err } => [ok, err].into_iter().flatten().map(|t| &**t).collect(),
            WitType::Tuple(ts) => ts.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// A scalar's spelling: `(WIT, Rust)`, e.g. `("s32", "i32")`; `None` for other types.
    pub fn scalar(&self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            WitType::Bool => ("bool", "bool"),
            WitType::U8 => ("u8", "u8"),
            WitType::U16 => ("u16", "u16"),
            WitType::U32 => ("u32", "u32"),
            WitType::U64 => ("u64", "u64"),
            WitType::S8 => ("s8", "i8"),
            WitType::S16 => ("s16", "i16"),
            WitType::S32 => ("s32", "i32"),
            WitType::S64 => ("s64", "i64"),
            WitType::Usize => ("u32", "u32"),
            WitType::Isize => ("s32", "i32"),
            WitType::F32 => ("f32", "f32"),
            WitType::F64 => ("f64", "f64"),
            WitType::Char => ("char", "char"),
            _ => return None,
        })
    }
}

/// A named type of the world.
#[derive(Clone, Debug)]
pub struct TypeDef {
    pub name: String,
    /// The Rust type's path as the crate itself writes it (`crate::shapes::Point` or
    /// `::geometry::Point` for a dependency's type).
    pub rust_path: String,
    pub docs: Option<String>,
    pub kind: TypeDefKind,
}

#[derive(Clone, Debug)]
pub enum TypeDefKind {
    Record(Vec<Field>),
    Enum(Vec<Case>),
    Variant(Vec<Case>),
    Flags(Vec<Field>),
    Resource,
}

impl TypeDefKind {
    /// The types its fields or cases hold (a flag's is `bool`); none for a resource.
    pub fn held_types(&self) -> Vec<&WitType> {
        match self {
            TypeDefKind::Record(fields) | TypeDefKind::Flags(fields) => fields.iter().map(|f| &f.ty).collect(),
            TypeDefKind::Enum(cases) | TypeDefKind::Variant(cases) => cases.iter().filter_map(|c| c.ty.as_ref()).collect(),
            TypeDefKind::Resource => Vec::new(),
        }
    }
}

/// A record field or a flag (a flag's `ty` is `bool`).
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub rust_name: String,
    pub ty: WitType,
    pub docs: Option<String>,
}

/// An enum case or a variant case (`ty` is the payload, `None` for a bare case).
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub rust_name: String,
    pub ty: Option<WitType>,
    pub docs: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub ty: WitType,
    /// The Rust parameter is a reference (`&str`, `&[T]`, `&Record`): the glue lends its value.
    pub by_ref: bool,
    /// The Rust parameter is `&mut` (only resources: a borrowed handle the method may change).
    pub by_mut: bool,
}

/// What kind of WIT function an exported Rust function becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    Free,
    /// `constructor(..)` of the resource named.
    Constructor(String),
    /// A method (`&self` / `&mut self`) of the resource named.
    Method(String),
    /// A `static` function of the resource named (no `self`, or `self` by value, which WIT
    /// spells as an `own` parameter).
    Static(String),
}

#[derive(Clone, Debug)]
pub struct Function {
    pub name: String,
    /// The Rust function's path, callable from the crate root (`crate::area`,
    /// `crate::Counter::bump`).
    pub rust_path: String,
    pub docs: Option<String>,
    pub params: Vec<Param>,
    /// `None` for a constructor returning `Self` (WIT's implicit `own<R>`); a fallible
    /// constructor's is `result<own<R>, E>`.
    pub result: Option<WitType>,
    pub kind: FunctionKind,
    /// For methods: the receiver is `&mut self`.
    pub mut_self: bool,
}

/// The functions `#[wasm::import(module = "..")]` blocks of the crate and of the crates it links
/// declare for one module: each WIT function once.
#[derive(Clone, Debug)]
pub struct Import {
    pub module: String,
    pub functions: Vec<Function>,
    /// The symbols the dependencies' wrappers call, each once (wit/imports.rs).
    pub linked: Vec<LinkedImport>,
}

/// A symbol a dependency's `#[wasm::import]` wrapper calls in a component, which the glue
/// defines with `function`'s Rust signature (a dependency's types, by their public path).
#[derive(Clone, Debug)]
pub struct LinkedImport {
    pub symbol: String,
    pub function: Function,
}

/// Everything a crate puts across a component boundary.
#[derive(Clone, Debug, Default)]
pub struct CrateWit {
    pub docs: Option<String>,
    pub types: Vec<TypeDef>,
    pub exports: Vec<Function>,
    pub imports: Vec<Import>,
}

/// `UpperCamel`, `snake_case` or `r#type` -> `kebab-case` (`HttpServer` -> `http-server`,
/// `parse_u8` -> `parse-u8`); acronyms stay together (`HTTPServer` -> `http-server`).
pub fn kebab(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            continue;
        }
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if (prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower)) && !out.ends_with('-') {
                out.push('-');
            }
        }
        out.extend(c.to_lowercase());
    }
    // WIT words may not start with a digit: `u8-2d` stays, `2d` would not parse (rare in Rust names).
    out.trim_end_matches('-').to_string()
}

/// The WIT name of a name given by `#[wasm::export(name = "..")]` (or `getter = ".."` /
/// `setter = ".."`), converted as a Rust name is (`drawAll`, `draw_all` and `draw-all` are all
/// `draw-all`); or why it has none. Stricter than [`kebab`], which drops what it cannot use: a
/// name given by hand is kept whole or refused.
pub fn kebab_given(given: &str) -> Result<String, String> {
    if let Some(c) = given.chars().find(|c| !c.is_ascii_alphanumeric() && !matches!(c, '_' | '-')) {
        return Err(format!("`{c}` is not in a WIT name, which is ASCII letters and digits in words split by `-`"));
    }
    if given.split(['_', '-']).any(str::is_empty) {
        return Err("a WIT name has no empty word: no leading, trailing or doubled `_` or `-`".into());
    }
    if !given.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("a WIT name starts with a letter".into());
    }
    Ok(kebab(given))
}

#[cfg(test)]
mod tests {
    use super::{kebab, kebab_given};

    #[test]
    fn given_names_convert_like_rust_names_or_are_refused() {
        for (given, wit) in [("drawAll", "draw-all"), ("draw_all", "draw-all"), ("draw-all", "draw-all"), ("list", "list"),
            ("getURL", "get-url"), ("u8_2d", "u8-2d"), ("Point3D", "point3-d"), ("X", "x")] {
            assert_eq!(kebab_given(given).as_deref(), Ok(wit), "{given}");
        }
        for (given, why) in [("2x", "starts with a letter"), ("a__b", "no empty word"), ("_x", "no empty word"), ("x-", "no empty word"),
            ("a b", "` ` is not"), ("a.b", "`.` is not"), ("größe", "`ö` is not"), ("$x", "`$` is not")] {
            let e = kebab_given(given).expect_err(given);
            assert!(e.contains(why), "{given}: {e}");
        }
    }

    #[test]
    fn kebab_case_of_rust_names() {
        for (rust, wit) in [("HttpServer", "http-server"), ("HTTPServer", "http-server"), ("parse_u8", "parse-u8"),
            ("r#type", "type"), ("Point3D", "point3-d"), ("x", "x"), ("get_x", "get-x"), ("Counter", "counter")] {
            assert_eq!(kebab(rust), wit, "{rust}");
        }
    }
}
