//@aux-build:effect_dep.rs
// Effects of dependency functions: declared ones by their mark, undeclared ones by what the
// dependency's own compilation inferred (the chain goes into the dependency).
extern crate effect_dep;

#[wasm::pure]
fn uses_declared() {
    effect_dep::log("hi"); //~ wasm_lint::undeclared_effect
}

#[wasm::effect(js_call)]
fn declared_ok() {
    effect_dep::log("hi");
}

#[wasm::effect(atomic_read)]
fn uses_inferred() -> u32 {
    effect_dep::bump() //~ wasm_lint::undeclared_effect
}

#[wasm::effect(atomic_read, atomic_write)]
fn inferred_ok() -> u32 {
    effect_dep::bump()
}

#[wasm::pure]
fn reads_config() -> usize {
    effect_dep::read_config().len() //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn pure_dependency() -> u32 {
    effect_dep::double(21)
}

fn main() {
    uses_declared();
    declared_ok();
    let _ = uses_inferred() + inferred_ok() + pure_dependency();
    let _ = reads_config();
}
