// The benchmark's Rust bodies, included verbatim by `ours/` (WasmRust) and `wbg/` (wasm-bindgen).
// Each crate defines `exported!` (its export attribute), the reference type passed as `$Ref`,
// and the host imports `host_touch(&$Ref)` and `host_greet(&str)`.
macro_rules! bodies {
    ($Ref:ident) => {
        exported! {
            #[cfg(feature = "add")]
            fn add(a: u32, b: u32) -> u32 {
                a.wrapping_add(b)
            }
            #[cfg(feature = "greet")]
            fn greet(name: &str) {
                let mut s = String::with_capacity(name.len() + 8);
                s.push_str("Hello, ");
                s.push_str(name);
                s.push('!');
                host_greet(&s)
            }
            #[cfg(feature = "calls")]
            fn owned(x: $Ref) -> u32 {
                drop(x);
                7
            }
            #[cfg(feature = "calls")]
            fn borrowed(x: &$Ref) -> u32 {
                let _ = x;
                7
            }
            #[cfg(feature = "calls")]
            fn str_len(s: &str) -> u32 {
                s.len() as u32
            }
            #[cfg(feature = "calls")]
            fn touch_loop(x: &$Ref, n: u32) {
                for _ in 0..n {
                    host_touch(x)
                }
            }
            #[cfg(feature = "calls")]
            fn sum_f32(xs: &[f32]) -> f32 {
                xs.iter().sum()
            }
            #[cfg(feature = "calls")]
            fn negate_f32(xs: &mut [f32]) {
                for x in xs.iter_mut() {
                    *x = -*x;
                }
            }
            #[cfg(feature = "calls")]
            fn ramp_f32(n: u32) -> Vec<f32> {
                (0..n).map(|i| i as f32).collect()
            }
            #[cfg(feature = "calls")]
            fn clone_drop_loop(x: &$Ref, n: u32) {
                for _ in 0..n {
                    drop(core::hint::black_box(x.clone()))
                }
            }
        }
    };
}
