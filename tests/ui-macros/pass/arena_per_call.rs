// The per-call memory model as a user writes it: temporaries in the scratch arena, results
// that outlive the call on the heap, checkpoints, and the call boundary resetting the scratch.
use std::fmt::Write as _;
use wasm::arena::{Scratch, call_boundary, call_depth, stats, with_scratch};

fn render(items: &[u32]) -> String {
    call_boundary(|| {
        with_scratch(|s| {
            let mut doubled = s.vec();
            doubled.extend(items.iter().map(|i| i * 2));
            let mut out = s.string();
            for d in doubled.iter() {
                write!(out, "{d},").unwrap();
            }
            let label = s.format(format_args!("{} items", doubled.len()));
            // Only an owned copy leaves the call.
            format!("{label}: {out}")
        })
    })
}

fn main() {
    assert_eq!(render(&[1, 2, 3]), "3 items: 2,4,6,");
    assert_eq!(stats().scratch.used, 0);
    assert_eq!(call_depth(), 0);

    let mut scratch = Scratch::new();
    let kept = scratch.alloc_slice_copy(&[1u16, 2, 3]);
    let n = scratch.scope(|inner| inner.alloc_str("temporary").len());
    assert_eq!((kept.len(), n), (3, 9));
    scratch.reset();
    assert_eq!(scratch.stats().used, 0);
}
