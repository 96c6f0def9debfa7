use super::*;

fn expand_str(item: &str) -> String {
    crate::export::expand(TokenStream::new(), item.parse().unwrap()).to_string()
}

#[test]
fn members_are_exports_with_roles() {
    let out = expand_str(
        "impl Counter {
            pub fn new(start: u32) -> Self { Counter(start) }
            pub fn get(&self) -> u32 { self.0 }
            pub fn add(&mut self, n: u32) { self.0 += n }
            pub fn into_total(self) -> u32 { self.0 }
            pub fn zero() -> Counter { Counter(0) }
            #[wasm(getter)] pub fn value(&self) -> u32 { self.0 }
            #[wasm(setter)] pub fn set_value(&mut self, v: u32) { self.0 = v }
            fn private(&self) {}
            #[wasm(skip)] pub fn rust_only(&self) {}
        }",
    );
    assert!(!out.contains("compile_error"), "{out}");
    assert!(out.contains("impl :: wasm :: __private :: abi :: ExportClass for Counter"), "{out}");
    for name in ["new", "get", "add", "into_total", "zero", "value", "set_value", "free"] {
        assert!(out.contains(&format!("export_name = \"Counter.{name}\"")), "{name}: {out}");
    }
    assert!(!out.contains("Counter.private") && !out.contains("Counter.rust_only"), "{out}");
    assert!(out.contains("< Counter as :: wasm :: __private :: abi :: ExportRef > :: lift_ref (__a0_0 , __a0_1 , __WASMRUST_MEMBER)"), "{out}");
    assert!(out.contains("class_ref :: < Counter > (index , generation , member)"), "`&Counter` borrows the object: {out}");
    assert!(out.contains("class_mut :: < Counter >"), "{out}");
    assert!(out.contains("class_take :: < Counter >"), "{out}");
    assert!(out.contains("class_new :: < Counter >"), "{out}");
    assert!(out.contains("const __WASMRUST_MEMBER : & str = \"Counter.value\""), "the getter's JS name: {out}");
    assert!(out.contains("\"new Counter\""), "{out}");
    assert!(!out.contains("# [wasm ("), "helper attributes are removed: {out}");
}

#[test]
fn refusals_are_spanned_errors() {
    for (src, what) in [
        ("impl Clone for Counter { fn clone(&self) -> Self { todo!() } }", "trait impl"),
        ("impl<T> Wrapper<T> { pub fn get(&self) {} }", "cannot be generic"),
        ("impl Counter { pub async fn f(&self) {} }", "`async`"),
        ("impl Counter { #[wasm(getter)] pub fn f(&self, x: u32) -> u32 { x } }", "a getter is"),
        ("impl Counter { #[wasm(setter)] pub fn set_f(&self) {} }", "a setter is"),
        ("impl Counter { #[wasm(constructor)] pub fn make(&self) -> Self { todo!() } }", "a constructor has no receiver"),
        ("impl Counter { #[wasm(constructor)] pub fn make() -> Option<Self> { todo!() } }", "returns `Self` or `Result<Self, E>`"),
        ("impl Counter { #[wasm(constructor)] pub fn make() -> Result<Other, String> { todo!() } }", "returns `Self` or `Result<Self, E>`"),
        ("impl Counter { #[wasm(constructor)] pub fn a() -> Self { todo!() } #[wasm(constructor)] pub fn b() -> Self { todo!() } }", "one constructor"),
        ("impl Counter { #[wasm(gettr)] pub fn f(&self) -> u32 { 0 } }", "expected `constructor`"),
        ("impl Counter { #[wasm(getter)] fn f(&self) -> u32 { 0 } }", "only `pub fn`s"),
        ("impl Counter { pub fn free(&self) {} }", "`free` is taken"),
        ("impl Counter { pub fn f(&self, x: u128) {} }", "`u128` cannot cross"),
        ("impl Counter { pub fn f(&self) -> &Counter { self } }", "only as a parameter or an `Option<&T>` parameter"),
        ("const C: u8 = 0;", "free function, a struct with named fields"),
        ("impl Counter { #[wasm(name = \"\")] pub fn f(&self) {} }", "name is not empty"),
        ("impl Counter { #[wasm(getter = \"\")] pub fn f(&self) -> u32 { 0 } }", "name is not empty"),
        ("impl Counter { #[wasm(name = \"a\", name = \"b\")] pub fn f(&self) {} }", "one name"),
        ("impl Counter { #[wasm(getter = \"a\", name = \"b\")] pub fn f(&self) -> u32 { 0 } }", "one name"),
        ("impl Counter { #[wasm(name = 3)] pub fn f(&self) {} }", "expected string literal"),
        ("impl Counter { #[wasm(name = \"make\")] pub fn new() -> Self { todo!() } }", "a constructor has no name in JS"),
        ("impl Counter { #[wasm(constructor, name = \"make\")] pub fn make() -> Self { todo!() } }", "a constructor has no name in JS"),
        ("impl Counter { #[wasm(name = \"free\")] pub fn f(&self) {} }", "`free` is taken"),
        ("impl Counter { #[wasm(name = \"constructor\")] pub fn f() {} }", "`constructor` is taken"),
        ("impl Counter { pub fn add(&self) {} #[wasm(name = \"add\")] pub fn g(&self) {} }", "already the JS name of `fn add`"),
        ("impl Counter { pub fn zero() {} #[wasm(name = \"zero\")] pub fn g() {} }", "already the JS name of `fn zero`"),
        ("impl Counter { #[wasm(getter)] pub fn x(&self) -> u32 { 0 } #[wasm(name = \"x\")] pub fn g(&self) {} }", "already the JS name of `fn x`"),
        ("impl Counter { #[wasm(getter)] pub fn x(&self) -> u32 { 0 } #[wasm(getter = \"x\")] pub fn y(&self) -> u32 { 0 } }", "already the JS name"),
    ] {
        let out = expand_str(src);
        assert!(out.contains("compile_error") && out.contains(what), "{src}: {out}");
    }
}

/// The role byte and member count of a class record's only member besides `free`, and whether
/// the result follows the parameters (a `u32` parameter, then `Result`'s code 0x17 or nothing).
fn role_and_result(block: &str) -> (u8, bool) {
    let out = expand_str(block);
    assert!(!out.contains("compile_error"), "{out}");
    // The member: empty function and member names (a constructor named `new`, or the marked
    // one's own name), role, one parameter (`u32`, 7).
    let role = [1u8, 6].into_iter().find(|r| out.contains(&format!("& [{r}u8 , 1u8]"))).expect("a constructor's role byte");
    (role, out.contains("& [7u8] , & [23u8]"))
}

#[test]
fn a_constructor_returning_result_self_has_a_role_of_its_own_and_writes_its_result() {
    assert_eq!(role_and_result("impl C { pub fn new(n: u32) -> Self { C(n) } }"), (1, false));
    assert_eq!(role_and_result("impl C { pub fn new(n: u32) -> Result<Self, String> { Ok(C(n)) } }"), (6, true));
    assert_eq!(role_and_result("impl C { #[wasm(constructor)] pub fn make(n: u32) -> Result<C, u8> { Ok(C(n)) } }"), (6, true));
    // An unmarked `new` returning anything else stays a static function.
    let out = expand_str("impl C { pub fn new(n: u32) -> Option<Self> { Some(C(n)) } }");
    assert!(out.contains("\"C.new\"") && !out.contains("\"new C\""), "{out}");
}

#[test]
fn lint_marks_name_the_roles() {
    // `lint_mark` emits only under the driver; its tokens are what the driver sees.
    assert_eq!(crate::util::lint_mark_tokens("export", quote!(constructor)).to_string(), "# [wasm_lint :: export (constructor)]");
    // A property's given name is in its mark: the component host names the WIT method after it.
    let width: LitStr = syn::parse_quote!("width");
    assert_eq!(mark_args(Role::Getter, Some(&width)).to_string(), "getter , name = \"width\"");
    assert_eq!(mark_args(Role::Setter, None).to_string(), "setter");
    assert!(mark_args(Role::Method, None).is_empty());
    // So is a method's or static's, alone: they have no role word.
    let add_from: LitStr = syn::parse_quote!("addFrom");
    assert_eq!(mark_args(Role::Method, Some(&add_from)).to_string(), "name = \"addFrom\"");
    assert_eq!(mark_args(Role::Static, Some(&add_from)).to_string(), "name = \"addFrom\"");
}

#[test]
fn a_given_name_is_the_js_member_name_and_the_raw_export_keeps_the_rust_name() {
    let out = expand_str(
        "impl Counter {
            #[wasm(name = \"addFrom\")] pub fn add_from(&mut self, n: u32) { self.0 += n }
            #[wasm(name = \"fromCount\")] pub fn from_count(n: u32) -> Counter { Counter(n) }
            #[wasm(name = \"zero\")] pub fn zero_static() -> Counter { Counter(0) }
            pub fn zero(&self) -> bool { self.0 == 0 }
            #[wasm(getter)] pub fn level(&self) -> u32 { self.0 }
            #[wasm(setter, name = \"level\")] pub fn put(&mut self, v: u32) { self.0 = v }
        }",
    );
    assert!(!out.contains("compile_error"), "a static and a method may share a name, a getter and a setter too: {out}");
    for (raw, member) in [("add_from", "addFrom"), ("from_count", "fromCount"), ("put", "level")] {
        assert!(out.contains(&format!("export_name = \"Counter.{raw}\"")), "{raw}: {out}");
        assert!(out.contains(&format!("\"Counter.{member}\"")), "errors name `Counter.{member}`: {out}");
    }
    // The record holds the function's name, then the member's, each after its length.
    let bytes = |s: &str| std::iter::once(s.len() as u8).chain(s.bytes()).map(|b| format!("{b}u8")).collect::<Vec<_>>().join(" , ");
    assert!(out.contains(&format!("& [{}] , & [{}]", bytes("add_from"), bytes("addFrom"))), "{out}");
}
