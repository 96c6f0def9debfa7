//@check-pass
// Odd corners the analysis must survive without an internal error or a false report.
#![allow(dead_code)]
use std::fmt::Debug;

static TABLE: [fn(u32) -> u32; 2] = [double, triple];

fn double(x: u32) -> u32 {
    x * 2
}
fn triple(x: u32) -> u32 {
    x * 3
}

#[wasm::pure]
fn through_static_table(i: usize, x: u32) -> u32 {
    TABLE[i % 2](x)
}

#[wasm::pure]
fn boxed_fn_once(f: Box<dyn FnOnce() -> u32>) -> u32 {
    f()
}

#[wasm::pure]
fn impl_trait_arg(x: impl Debug + Clone) -> String {
    format!("{:?}", x.clone())
}

#[wasm::pure]
fn returns_impl() -> impl Iterator<Item = u32> {
    (0..3).map(|x| x * x)
}

#[wasm::pure]
const fn constant() -> u32 {
    7
}

#[wasm::pure]
fn diverges() -> ! {
    panic!("stop")
}

#[wasm::pure]
fn slices<T: Copy + Default, const N: usize>(v: [T; N]) -> T {
    v.first().copied().unwrap_or_default()
}

trait Shape {
    fn area(&self) -> f64;
    fn describe(&self) -> String {
        format!("{}", self.area())
    }
}

impl<T: Shape + ?Sized> Shape for Box<T> {
    fn area(&self) -> f64 {
        (**self).area()
    }
}

struct Square(f64);
impl Shape for Square {
    fn area(&self) -> f64 {
        self.0 * self.0
    }
}

#[wasm::pure]
fn boxed_dyn_shapes(v: Vec<Box<dyn Shape>>) -> f64 {
    v.iter().map(|s| s.area()).sum::<f64>() + Box::new(Square(1.0)).area()
}

#[wasm::pure]
fn recursion_through_closure(n: u32) -> u32 {
    let f = |k: u32| if k == 0 { 0 } else { recursion_through_closure(k - 1) };
    f(n)
}

#[wasm::pure]
fn unsized_locals(s: &str) -> usize {
    let b: Box<str> = s.into();
    b.len()
}

#[wasm::pure]
unsafe fn raw(p: *const u32) -> u32 {
    // SAFETY: the caller passes a valid pointer.
    unsafe { *p }
}

#[wasm::pure]
fn variadic_free() -> u32 {
    let v: Vec<Box<dyn Fn(u32) -> u32>> = vec![Box::new(|x| x + 1), Box::new(double)];
    v.iter().map(|f| f(1)).sum()
}

fn main() {
    let _ = through_static_table(0, 1) + boxed_fn_once(Box::new(|| 1)) + constant();
    let _ = impl_trait_arg(3) + &format!("{}", returns_impl().count());
    let _ = slices([1u8, 2]) as u32 + recursion_through_closure(3) + variadic_free();
    let _ = boxed_dyn_shapes(vec![Box::new(Square(2.0))]) + unsized_locals("a") as f64;
    // SAFETY: a valid pointer.
    let _ = unsafe { raw(&1) };
    if false {
        diverges();
    }
}
