//@aux-build:canvas.rs
// Early exits drop what is in scope: `return`, `?`, `break`, `continue`.
extern crate canvas;
use canvas::*;

fn early_return() -> Option<ImageData> {
    let ctx = acquire_canvas();
    if !ready() {
        return None;
    }
    Some(ctx.into_bitmap())
} //~ wasm_lint::linear_not_consumed

fn question_mark(ok: bool) -> Result<ImageData, Error> {
    let ctx = acquire_canvas();
    let second = try_acquire(ok)?;
    second.release();
    Ok(ctx.into_bitmap())
} //~ wasm_lint::linear_not_consumed

fn break_out(n: u32) {
    for i in 0..n {
        let ctx = acquire_canvas();
        if i == 3 {
            break;
        }
        ctx.release();
    } //~ wasm_lint::linear_not_consumed
}

fn continue_loop(n: u32) {
    for i in 0..n {
        let ctx = acquire_canvas();
        if i % 2 == 0 {
            continue;
        }
        ctx.release();
    } //~ wasm_lint::linear_not_consumed
}

/// `?` inside a loop leaves behind what an earlier iteration kept.
fn keep_last(ids: &[bool]) -> Option<ImageData> {
    let mut kept: Option<CanvasContext> = None;
    for &ok in ids {
        let ctx = try_acquire(ok).ok()?;
        if let Some(old) = kept.take() {
            old.release();
        }
        kept = Some(ctx);
    }
    kept.map(CanvasContext::into_bitmap)
} //~ wasm_lint::linear_not_consumed

// Negative: every exit releases first; a panic only unwinds.
fn released_before_exit(ok: bool) -> Result<ImageData, Error> {
    let ctx = acquire_canvas();
    let second = match try_acquire(ok) {
        Ok(c) => c,
        Err(e) => {
            ctx.release();
            return Err(e);
        }
    };
    second.release();
    Ok(ctx.into_bitmap())
}

fn panics_only_unwind() -> ImageData {
    let ctx = acquire_canvas();
    if !ready() {
        panic!("no canvas");
    }
    ctx.into_bitmap()
}

fn main() {
    let _ = early_return();
    let _ = question_mark(true);
    break_out(5);
    continue_loop(5);
    let _ = keep_last(&[true]);
    let _ = released_before_exit(true);
    let _ = panics_only_unwind();
}
