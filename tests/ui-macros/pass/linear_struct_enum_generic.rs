// `#[wasm::linear]` accepts structs, enums, generics and where-clauses, and implements `Linear`.
use std::marker::PhantomData;
use wasm::{Handle, Linear};

#[wasm::linear]
pub struct CanvasContext(Handle);

#[wasm::linear]
pub enum Connection {
    Tcp(Handle),
    Udp { handle: Handle, port: u16 },
}

#[wasm::linear]
pub struct Typed<T: 'static, const N: usize>
where
    T: Send,
{
    handle: Handle,
    marker: PhantomData<[T; N]>,
}

#[wasm::linear]
#[derive(Debug, PartialEq)]
#[must_use = "close the file"]
pub struct File(Handle);

fn assert_linear<T: Linear>() {}

fn main() {
    assert_linear::<CanvasContext>();
    assert_linear::<Connection>();
    assert_linear::<Typed<u8, 4>>();
    assert_linear::<File>();
    let h = Handle::from_raw(1).unwrap();
    let _ = (CanvasContext(h), Connection::Udp { handle: h, port: 1 }, File(h));
    let _ = Typed::<u8, 4> { handle: h, marker: PhantomData };
    let _ = Connection::Tcp(h);
}
