// attr:
#[repr(C, align(8))] #[pod(crate = ::wasm)] struct G<T, const N: usize> { a: [T; N], b: T }
