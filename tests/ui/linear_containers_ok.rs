//@aux-build:canvas.rs
//@check-pass
// Containers whose linear contents are all consumed: nothing to report.
extern crate canvas;
use canvas::*;

fn option_if_let(slot: Option<CanvasContext>) {
    // On the `None` path there is nothing to consume.
    if let Some(ctx) = slot {
        ctx.release();
    }
}

fn option_match(slot: Option<CanvasContext>) -> Option<ImageData> {
    match slot {
        Some(ctx) => Some(ctx.into_bitmap()),
        None => None,
    }
}

fn result_match(res: Result<CanvasContext, Error>) {
    match res {
        Ok(ctx) => ctx.release(),
        Err(_) => {}
    }
}

fn vec_for_loop(all: Vec<CanvasContext>) {
    for ctx in all {
        ctx.release();
    }
}

fn vec_into_iter_adapter(all: Vec<CanvasContext>) -> usize {
    all.into_iter().map(|ctx| ctx.release()).count()
}

fn boxed(b: Box<CanvasContext>) {
    let ctx = *b;
    ctx.release();
}

fn tuple(pair: (CanvasContext, u32)) -> u32 {
    let (ctx, n) = pair;
    ctx.release();
    n
}

fn array_destructured(both: [CanvasContext; 2]) {
    let [a, b] = both;
    a.release();
    b.release();
}

fn array_iterated(all: [CanvasContext; 3]) {
    for ctx in all {
        ctx.release();
    }
}

struct Scene {
    ctx: CanvasContext,
    frames: u32,
}

fn struct_field(scene: Scene) -> u32 {
    scene.ctx.release();
    scene.frames
}

fn closure_called() {
    let ctx = acquire_canvas();
    let later = move || ctx.release();
    later();
}

fn take_from_option(mut slot: Option<CanvasContext>) {
    if let Some(ctx) = slot.take() {
        ctx.release();
    }
    drop(slot); // `take()` left `None` behind
}

fn main() {
    option_if_let(Some(acquire_canvas()));
    let _ = option_match(None);
    result_match(try_acquire(false));
    vec_for_loop(vec![acquire_canvas()]);
    let _ = vec_into_iter_adapter(vec![acquire_canvas()]);
    boxed(Box::new(acquire_canvas()));
    let _ = tuple((acquire_canvas(), 1));
    let _ = struct_field(Scene { ctx: acquire_canvas(), frames: 2 });
    closure_called();
    array_destructured([acquire_canvas(), acquire_canvas()]);
    array_iterated([acquire_canvas(), acquire_canvas(), acquire_canvas()]);
    take_from_option(Some(acquire_canvas()));
}

// std types that only borrow linear values hold none of their own: dropping them is fine.
pub fn borrowing_std_types(all: &[CanvasContext], one: &std::cell::RefCell<CanvasContext>) -> usize {
    let it = all.iter();
    let n = it.len();
    let chunks = all.chunks(2);
    let guard = one.borrow();
    drop(guard);
    drop(chunks);
    n
}
