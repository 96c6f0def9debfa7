// Typed slices of every numeric element as export parameters: `&[T]`, `&mut [T]`, `SharedSlice<T>`
// (also through `macro_rules!` type fragments); the functions stay callable from Rust.
use wasm::SharedSlice;

#[wasm::export]
fn reads(a: &[u8], b: &[i8], c: &[u16], d: &[i16], e: &[u32], f: &[i32], g: &[u64], h: &[i64], i: &[f32], j: &[f64]) -> usize {
    a.len() + b.len() + c.len() + d.len() + e.len() + f.len() + g.len() + h.len() + i.len() + j.len()
}

#[wasm::export]
fn writes(a: &mut [u8], b: &mut [i8], c: &mut [u16], d: &mut [i16], e: &mut [u32], f: &mut [i32], g: &mut [u64], h: &mut [i64], i: &mut [f32], j: &mut [f64]) {
    let _ = (a, b, c, d, e, f, g, h, i, j);
}

#[wasm::export]
fn shares(a: SharedSlice<u8>, b: SharedSlice<'_, i8>, c: wasm::SharedSlice<u16>, d: SharedSlice<i16>, e: SharedSlice<u32>, f: SharedSlice<i32>, g: SharedSlice<u64>, h: SharedSlice<i64>, i: SharedSlice<f32>, mut j: SharedSlice<f64>) -> Result<(), String> {
    let _ = (a, b, c, d, e, f, g, h, i);
    j.iter_mut().for_each(|x| *x += 1.0);
    Ok(())
}

macro_rules! summing {
    ($name:ident, $t:ty) => {
        #[wasm::export]
        fn $name(x: &[$t], y: &mut [$t], z: SharedSlice<$t>) -> f64 {
            x.iter().chain(y.iter()).chain(z.iter()).map(|&v| v as f64).sum()
        }
    };
}
summing!(sum_u16, u16);

fn main() {
    let mut data = [1.0f64, 2.0];
    assert_eq!(shares(SharedSlice::default(), SharedSlice::default(), SharedSlice::default(), SharedSlice::default(), SharedSlice::default(), SharedSlice::default(), SharedSlice::default(), SharedSlice::default(), SharedSlice::default(), SharedSlice::from(&mut data[..])), Ok(()));
    assert_eq!(data, [2.0, 3.0]);
    assert_eq!(reads(&[1], &[], &[], &[], &[], &[], &[], &[], &[2.0], &[]), 2);
    assert_eq!(sum_u16(&[1, 2], &mut [3], SharedSlice::from(&mut [4u16][..])), 10.0);
}

#[wasm::export]
fn vectors(a: Vec<i8>, b: Vec<u64>) -> Result<Option<Vec<f32>>, String> {
    Ok(Some(a.iter().map(|&x| x as f32).chain(b.iter().map(|&x| x as f32)).collect()))
}

#[allow(dead_code)]
fn uses_vectors() -> Vec<f32> {
    vectors(vec![1], vec![2]).unwrap().unwrap()
}
