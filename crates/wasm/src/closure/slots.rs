//! A closure call's arguments and result, read and written in place in the slots JS filled:
//! only as many slots as the closure's types have, no copy of the whole area per call.

use alloc::vec::Vec;

use super::{Params, SLOTS};
use crate::abi::{SlotReader, SlotWriter, ToHost};

/// The slots of one call: the arguments are read before the closure runs (a nested call reuses
/// the slots), the result is written after it returns.
pub(crate) struct Io<'a> {
    slots: *mut u64,
    keep: &'a mut Vec<Vec<u8>>,
}

impl<'a> Io<'a> {
    /// # Safety
    /// `slots` points at `SLOTS` `u64`s, valid for reads and writes while the `Io` lives, to which
    /// no reference is held while the `Io` reads or writes them.
    // Off a JS host only the registry's unit tests make one.
    #[cfg_attr(
        not(all(target_family = "wasm", not(feature = "wasm-bindgen"))),
        allow(dead_code)
    )]
    pub(crate) unsafe fn new(slots: *mut u64, keep: &'a mut Vec<Vec<u8>>) -> Self {
        Io { slots, keep }
    }

    /// The arguments, from the first `A::FLAT` slots.
    pub(crate) fn args<A: Params>(&mut self) -> A {
        const { assert!(A::FLAT <= SLOTS, "too many values for one closure call") };
        // SAFETY: `A::FLAT <= SLOTS` slots, valid by `new`'s contract; the slice ends with this
        // function, before the closure (which may call closures, reusing the slots) runs.
        let slots = unsafe { core::slice::from_raw_parts(self.slots, A::FLAT) };
        A::read(&mut SlotReader::new(slots))
    }

    /// Writes the result into the first `R::FLAT` slots; strings it points at live in `keep`.
    pub(crate) fn result<R: ToHost>(&mut self, r: R) {
        const { assert!(R::FLAT <= SLOTS, "too many values for one closure call") };
        // SAFETY: as in `args`; the closure has returned, no other reference to the slots exists.
        let slots = unsafe { core::slice::from_raw_parts_mut(self.slots, R::FLAT) };
        r.write(&mut SlotWriter::new(slots, self.keep));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_argument_slots_and_writes_only_the_result_slots() {
        let mut slots = [7u64; SLOTS];
        slots[0] = 5;
        slots[1] = u64::MAX;
        let mut keep = Vec::new();
        // SAFETY: a local array of `SLOTS` values, not otherwise borrowed while `io` lives.
        let mut io = unsafe { Io::new(slots.as_mut_ptr(), &mut keep) };
        let (a, b): (u32, u64) = io.args();
        io.result(a + 1);
        assert_eq!((a, b), (5, u64::MAX));
        assert_eq!(
            slots[..3],
            [6, u64::MAX, 7],
            "one result slot written, the rest untouched"
        );
    }
}
