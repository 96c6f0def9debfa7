//! Unit tests of the ABI type classification (`super`).

use super::*;

fn ty(src: &str, pos: Pos) -> syn::Result<Ty> {
    classify(&syn::parse_str(src).unwrap(), pos)
}

#[test]
fn every_supported_type_classifies() {
    for src in [
        "u8", "i64", "usize", "f32", "bool", "char", "String", "std::string::String",
        "Vec<u8>", "ExternRef", "wasm::ExternRef<Canvas>", "FuncRef", "Option<u32>",
        "Option<ExternRef<X>>", "Result<String, ExternRef>", "Result<(), String>",
        "Option<Result<u8, i8>>", "Vec<f32>", "Result<Vec<i64>, String>", "Option<Vec<u16>>",
    ] {
        assert!(ty(src, Pos::Result).is_ok(), "{src}");
    }
    for src in ["&str", "&[u8]", "&ExternRef<X>", "&'a FuncRef", "Option<&str>", "Option<&ExternRef>"] {
        let t = ty(src, Pos::Param).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert!(t.is_borrowed(), "{src}");
    }
}

#[test]
fn typed_function_references_are_references_described_by_their_trait() {
    for (src, pos) in [("FuncRef<fn(f64, u32) -> bool>", Pos::Result), ("&wasm::FuncRef<fn(u32)>", Pos::Param), ("Option<FuncRef<fn() -> String>>", Pos::Param)] {
        let t = ty(src, pos).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert_eq!(t.flat(Dir::HostToWasm), [Flat::I32], "{src}: one handle");
        assert!(t.lends_refs(), "{src}");
    }
    // The signature is in the type's `HostRef` constants (`FUNC` + signature), not in the macro.
    let owned = desc_of(&ty("FuncRef<fn(f64) -> bool>", Pos::Result).unwrap());
    assert!(owned.contains("DESC_OWNED") && owned.contains("FuncRef < fn (f64) -> bool >"), "{owned}");
    assert!(desc_of(&ty("&FuncRef<fn(f64)>", Pos::Param).unwrap()).contains("DESC_BORROWED"));
    let list = export_ty("Vec<FuncRef<fn(u32) -> u32>>", Pos::Result).unwrap();
    assert!(matches!(list, Ty::List(_)), "a Vec of typed references is a list");
    assert!(ty("FuncRef<fn(u32), u8>", Pos::Param).is_err(), "one type argument at most");
}

#[test]
fn unsupported_types_name_themselves_and_the_list() {
    for (src, pos) in [
        ("u128", Pos::Param),
        ("Vec<u128>", Pos::Param),
        ("&mut [bool]", Pos::Param),
        ("&[String]", Pos::Param),
        ("&[usize]", Pos::Param),
        ("SharedSlice<char>", Pos::Param),
        ("Option<&[f32]>", Pos::Param),
        ("Result<&mut [u8], u8>", Pos::Param),
        ("Vec<bool>", Pos::Result),
        ("Option<Vec<f32>>", Pos::Param),
        ("SharedSlice<f32>", Pos::Result),
        ("&str", Pos::Result),
        ("(u32, u32)", Pos::Param),
        ("()", Pos::Param),
        ("Option<Option<u8>>", Pos::Param),
        ("Result<&str, u8>", Pos::Param),
        ("HashMap<u8, u8>", Pos::Param),
        ("impl Fn()", Pos::Param),
        ("Option<()>", Pos::Result),
    ] {
        let err = ty(src, pos).err().unwrap_or_else(|| panic!("{src} was accepted")).to_string();
        assert!(err.contains("cannot cross the wasm boundary"), "{src}: {err}");
        assert!(err.contains("supported types: integers"), "{src}: {err}");
    }
    let err = ty("Vec<usize>", Pos::Param).err().unwrap().to_string();
    assert!(err.starts_with("`Vec<usize>`"), "{err}");
}

#[test]
fn typed_slices_are_pointer_and_length() {
    for (src, kind, back) in [
        ("&[f32]", SliceKind::Shared, false),
        ("&'a mut [u8]", SliceKind::Mut, true),
        ("&mut [i64]", SliceKind::Mut, true),
        ("wasm::SharedSlice<'_, f32>", SliceKind::SharedSlice, true),
        ("SharedSlice<u16>", SliceKind::SharedSlice, true),
    ] {
        let t = ty(src, Pos::Param).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert!(matches!(t, Ty::Slice { kind: k, .. } if k == kind), "{src}");
        assert_eq!(t.writes_back(), back, "{src}");
        assert_eq!(t.flat(Dir::HostToWasm), [Flat::I32, Flat::I32], "{src}");
    }
    assert!(matches!(ty("&[u8]", Pos::Param).unwrap(), Ty::Bytes { borrowed: true }), "&[u8] stays bytes");
    let mut parts = Vec::new();
    ty("&mut [f64]", Pos::Param).unwrap().desc(&syn::parse_quote!(wasm), false, &mut parts);
    assert_eq!(parts[0].to_string(), quote!(&[25u8, 12u8]).to_string());
}

#[test]
fn flattening() {
    let t = ty("Result<Option<String>, ExternRef>", Pos::Result).unwrap();
    assert_eq!(t.flat(Dir::WasmToHost), [Flat::I32, Flat::I32, Flat::I32, Flat::I32, Flat::I32]);
    assert_eq!(t.flat(Dir::HostToWasm), [Flat::I32, Flat::I32, Flat::I32, Flat::I32]);
    let t = ty("Option<ExternRef<X>>", Pos::Param).unwrap();
    assert_eq!(t.flat(Dir::HostToWasm), [Flat::I32], "handle 0 is None");
    let t = ty("Option<f64>", Pos::Param).unwrap();
    assert_eq!(t.flat(Dir::HostToWasm), [Flat::I32, Flat::F64]);
}

#[test]
fn names_are_leb_prefixed() {
    assert_eq!(name_bytes("add"), b"\x03add");
    assert_eq!(name_bytes(&"x".repeat(200))[..2], [0xc8, 0x01]);
}

fn export_ty(src: &str, pos: Pos) -> syn::Result<Ty> {
    classify_export(&syn::parse_str(src).unwrap(), pos)
}

fn desc_of(t: &Ty) -> String {
    let mut parts = Vec::new();
    t.desc(&syn::parse_quote!(wasm), false, &mut parts);
    quote!(#(#parts)*).to_string()
}

#[test]
fn lists_of_strings_and_references_are_encoded_values_in_exports() {
    for (src, refs) in [("Vec<String>", false), ("Vec<ExternRef<Canvas>>", true), ("Vec<wasm::ExternRef>", true), ("Vec<FuncRef>", true)] {
        for pos in [Pos::Param, Pos::Result] {
            let t = export_ty(src, pos).unwrap_or_else(|e| panic!("{src}: {e}"));
            assert!(matches!(t, Ty::List(_)), "{src}");
            assert_eq!(t.lends_refs(), refs, "{src}: a parameter's references are lent for the call");
            assert_eq!(t.flat(Dir::HostToWasm), [Flat::I32, Flat::I32], "{src}");
            assert_eq!(t.flat(Dir::WasmToHost), [Flat::I32, Flat::I32], "{src}");
        }
    }
    assert!(desc_of(&export_ty("Vec<String>", Pos::Result).unwrap()).starts_with(&quote!(&[34u8] &[16u8]).to_string()));
    assert!(export_ty("Option<Vec<String>>", Pos::Result).is_ok());
    assert!(export_ty("Result<Vec<ExternRef>, String>", Pos::Result).is_ok());
    for (src, pos) in [("Option<Vec<ExternRef>>", Pos::Result), ("Vec<FuncRef>", Pos::Param), ("Option<Vec<String>>", Pos::Param), ("Result<u8, Vec<String>>", Pos::Param)] {
        let err = ty(src, pos).err().unwrap_or_else(|| panic!("{src} accepted in an import")).to_string();
        assert!(err.contains("in an import"), "{src}: {err}");
    }
    // An import's `Vec<String>`: a top-level parameter (encoded in the wrapper's scope) or any result.
    for (src, pos) in [("Vec<String>", Pos::Param), ("Vec<String>", Pos::Result), ("Option<Vec<String>>", Pos::Result)] {
        assert!(ty(src, pos).is_ok(), "{src}");
    }
    for src in ["Vec<&str>", "Vec<Vec<String>>", "Vec<&ExternRef>", "Vec<Option<String>>"] {
        assert!(export_ty(src, Pos::Param).is_err(), "{src} accepted");
    }
}

#[test]
fn clamped_bytes_cross_as_bytes_with_their_own_codes() {
    for (src, pos, borrowed, code) in [
        ("wasm::Clamped<Vec<u8>>", Pos::Result, false, 35u8),
        ("Clamped<Vec<u8>>", Pos::Param, false, 35),
        ("Clamped<&[u8]>", Pos::Param, true, 36),
        ("Clamped<&'a [u8]>", Pos::Param, true, 36),
    ] {
        let t = ty(src, pos).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert!(matches!(t, Ty::Clamped { borrowed: b } if b == borrowed), "{src}");
        assert_eq!(t.is_borrowed(), borrowed, "{src}");
        assert_eq!(desc_of(&t), quote!(&[#code]).to_string(), "{src}");
    }
    for (src, pos) in [
        ("Clamped<&[u8]>", Pos::Result),
        ("Option<Clamped<&[u8]>>", Pos::Param),
        ("Clamped<&mut [u8]>", Pos::Param),
        ("Clamped<Vec<u16>>", Pos::Result),
        ("Clamped<String>", Pos::Param),
    ] {
        let err = ty(src, pos).err().unwrap_or_else(|| panic!("{src} was accepted")).to_string();
        assert!(err.contains("cannot cross the wasm boundary"), "{src}: {err}");
    }
}
