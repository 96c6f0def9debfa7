// Strict mode (`cargo wasm-lint --strict-effects` = `-D wasm_lint::unknown_effect`): calls
// whose effects cannot be known are rejected in declared and exported functions.
#![cfg_attr(wasm_lint, deny(wasm_lint::unknown_effect))]

trait Plugin {
    fn run(&self) -> u32;
}

trait Declared {
    #[wasm::effect()]
    fn run(&self) -> u32;
}

#[wasm::pure]
fn through_pointer(f: fn() -> u32) -> u32 {
    f() //~ wasm_lint::unknown_effect
}

#[wasm::pure]
fn through_dyn(p: &dyn Plugin) -> u32 {
    p.run() //~ wasm_lint::unknown_effect
}

#[wasm::pure]
fn through_generic<P: Plugin>(p: &P) -> u32 {
    p.run() //~ wasm_lint::unknown_effect
}

fn helper(f: &dyn Fn() -> u32) -> u32 {
    f()
}

#[wasm::pure]
fn indirectly() -> u32 {
    helper(&|| 3) //~ wasm_lint::unknown_effect
}

#[wasm::pure]
fn through_declared(p: &dyn Declared) -> u32 {
    p.run()
}

#[wasm::pure]
fn known(x: u32) -> u32 {
    x + 1
}

// Unannotated, not exported: not checked.
fn unchecked(f: fn() -> u32) -> u32 {
    f()
}

fn main() {
    let _ = through_pointer(|| 1) + known(1) + unchecked(|| 2) + indirectly();
    struct P;
    impl Plugin for P {
        fn run(&self) -> u32 {
            1
        }
    }
    impl Declared for P {
        fn run(&self) -> u32 {
            2
        }
    }
    let _ = through_dyn(&P) + through_generic(&P) + through_declared(&P);
}
