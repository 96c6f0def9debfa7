// A generic function checked on its own cannot know what `T::run` does: an undeclared trait
// method counts as unknown (pure by default; `wasm_lint::unknown_effect` in strict mode), a
// declared one by its declaration.
trait Task {
    fn run(&self) -> u32;
}

trait Io {
    #[wasm::effect(io)]
    fn fetch(&self) -> u32;
}

#[wasm::pure]
fn generic_unknown<T: Task>(t: &T) -> u32 {
    t.run()
}

#[wasm::pure]
fn generic_declared<T: Io>(t: &T) -> u32 {
    t.fetch() //~ wasm_lint::undeclared_effect
}

#[wasm::effect(io)]
fn generic_declared_ok<T: Io>(t: &T) -> u32 {
    t.fetch()
}

// Declared effects cannot be checked as unused when the body calls something unknown.
#[wasm::effect(io)]
fn unknown_keeps_unused_quiet<T: Task>(t: &T) -> u32 {
    t.run()
}

fn main() {
    struct A;
    impl Task for A {
        fn run(&self) -> u32 {
            1
        }
    }
    impl Io for A {
        fn fetch(&self) -> u32 {
            2
        }
    }
    let _ = generic_unknown(&A) + generic_declared(&A) + generic_declared_ok(&A);
    let _ = unknown_keeps_unused_quiet(&A);
}
