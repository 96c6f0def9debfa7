//! Closures of any arity as one shape: the argument tuple read from slots, and the `Fn*` traits
//! over that tuple, so `Closure::new(|a: u32, s: String| ..)` needs no tuple at the call site.

use crate::abi::desc::Desc;
use crate::abi::{FromHostValue, SlotReader, ToHost};
use crate::externref::Signature;

/// The arguments of a closure JS calls: a tuple of [`FromHostValue`] types, as JS passes them.
pub trait Params: Sized {
    /// Number of arguments.
    const COUNT: u8;
    /// The argument types, concatenated.
    const DESC: Desc;
    /// Number of flat values.
    const FLAT: usize;
    /// Whether every flat value is an `i32`.
    const FLAT_I32: bool;
    /// Reads every argument.
    fn read(r: &mut SlotReader<'_>) -> Self;
}

/// Arguments `A0, ...` of a closure with result `R`, as the signature `fn(A0, ...) -> R`
/// ([`Closure::typed`](crate::Closure::typed)).
pub trait TypedParams<R: ToHost>: Params {
    /// `fn(A0, ...) -> R`.
    type Signature: Signature;
}

/// A closure callable once with arguments `A` (every `FnOnce` of boundary types).
pub trait CallOnce<A: Params> {
    /// The result, returned to JS.
    type Output: ToHost;
    /// Calls it.
    fn call_once(self, args: A) -> Self::Output;
}

/// A closure callable with `&mut self` (every `FnMut` of boundary types).
pub trait CallMut<A: Params>: CallOnce<A> {
    /// Calls it.
    fn call_mut(&mut self, args: A) -> Self::Output;
}

/// A closure callable with `&self` (every `Fn` of boundary types).
pub trait CallFn<A: Params>: CallMut<A> {
    /// Calls it.
    fn call_fn(&self, args: A) -> Self::Output;
}

macro_rules! arities {
    ($($n:literal: ($($t:ident $i:tt),*);)*) => {$(
        impl<$($t: FromHostValue),*> Params for ($($t,)*) {
            const COUNT: u8 = $n;
            const DESC: Desc = Desc::EMPTY$(.then($t::DESC))*;
            const FLAT: usize = 0 $(+ $t::FLAT)*;
            const FLAT_I32: bool = true $(&& $t::FLAT_I32)*;
            #[allow(unused_variables, clippy::unused_unit)]
            fn read(r: &mut SlotReader<'_>) -> Self {
                ($($t::read(r),)*)
            }
        }
        impl<R: ToHost, $($t: FromHostValue),*> TypedParams<R> for ($($t,)*) {
            type Signature = fn($($t),*) -> R;
        }
        impl<F: FnOnce($($t),*) -> R, R: ToHost, $($t: FromHostValue),*> CallOnce<($($t,)*)> for F {
            type Output = R;
            #[allow(unused_variables)]
            fn call_once(self, args: ($($t,)*)) -> R {
                self($(args.$i),*)
            }
        }
        impl<F: FnMut($($t),*) -> R, R: ToHost, $($t: FromHostValue),*> CallMut<($($t,)*)> for F {
            #[allow(unused_variables)]
            fn call_mut(&mut self, args: ($($t,)*)) -> R {
                self($(args.$i),*)
            }
        }
        impl<F: Fn($($t),*) -> R, R: ToHost, $($t: FromHostValue),*> CallFn<($($t,)*)> for F {
            #[allow(unused_variables)]
            fn call_fn(&self, args: ($($t,)*)) -> R {
                self($(args.$i),*)
            }
        }
    )*};
}

crate::abi::tuple_arities!(arities);
