//! Times `wasm::thread::scope` against itself with 1 and 2 threads and against
//! `std::thread::scope`, all in one run; prints medians and ratios (ours / anchor). Scopes reuse
//! the process's helper threads, so the first timed round also pays their start.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use wasm::SharedSlice;
use wasm::thread::{Builder, ScopeError};

const ELEMENTS: usize = 16 * 1024 * 1024;
const TINY_TASKS: usize = 10_000;
const EMPTY_SCOPES: u32 = 1_000;

/// Light work per element: the transform is bound by memory bandwidth.
fn light(chunk: &mut [f32]) {
    for x in chunk {
        *x = (*x * 1.000_1 + 0.5).sqrt();
    }
}

/// Heavy work per element (16 dependent square roots): the transform is bound by compute.
fn heavy(chunk: &mut [f32]) {
    for x in chunk {
        let mut v = *x;
        for _ in 0..16 {
            v = (v * 1.000_1 + 0.5).sqrt();
        }
        *x = v;
    }
}

/// The seed's `parallel_transform`, writing: one task per 1000-element chunk.
fn parallel_transform(
    mut data: SharedSlice<f32>,
    threads: usize,
    process: fn(&mut [f32]),
) -> Result<(), ScopeError> {
    Builder::new().threads(threads).scope(|s| {
        for chunk in data.chunks_mut(1000) {
            s.spawn(move || process(chunk));
        }
    })
}

/// The hand-written anchor: the data split in `threads` equal parts, one std thread each.
fn std_transform(data: &mut [f32], threads: usize, process: fn(&mut [f32])) {
    let part = data.len().div_ceil(threads);
    std::thread::scope(|s| {
        for piece in data.chunks_mut(part) {
            s.spawn(move || process(piece));
        }
    });
}

/// Medians of `runs` rounds; each round runs every variant once, in turn, so load from
/// anything else on the machine falls on all of them alike.
fn medians<const N: usize>(runs: usize, variants: [&mut dyn FnMut() -> Duration; N]) -> [Duration; N] {
    rounds(runs, variants).map(|t| t[t.len() / 2])
}

/// Every variant's times over `runs` rounds (in turn, as for [`medians`]), sorted.
fn rounds<const N: usize>(runs: usize, mut variants: [&mut dyn FnMut() -> Duration; N]) -> [Vec<Duration>; N] {
    let mut times: [Vec<Duration>; N] = std::array::from_fn(|_| Vec::with_capacity(runs));
    for _ in 0..runs {
        for (variant, t) in variants.iter_mut().zip(times.iter_mut()) {
            t.push(variant());
        }
    }
    times.map(|mut t| {
        t.sort();
        t
    })
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:.3} us", d.as_secs_f64() * 1e6)
}

fn main() {
    println!("cores (available_parallelism): {}", wasm::thread::available_parallelism());

    let mut data: Vec<f32> = (0..ELEMENTS).map(|i| (i % 1000) as f32).collect();
    for (name, process, runs) in [("light (memory-bound)", light as fn(&mut [f32]), 31), ("heavy (compute-bound)", heavy, 7)] {
        let data = std::cell::RefCell::new(&mut data);
        let [one, two, std_one, std_two, plain] = rounds(runs, [
            &mut || timed(|| parallel_transform(SharedSlice::new(&mut data.borrow_mut()), 1, process).unwrap()),
            &mut || timed(|| parallel_transform(SharedSlice::new(&mut data.borrow_mut()), 2, process).unwrap()),
            &mut || timed(|| std_transform(&mut data.borrow_mut(), 1, process)),
            &mut || timed(|| std_transform(&mut data.borrow_mut(), 2, process)),
            // The floor of the seed's shape: the same 1000-element calls, with no scope at all.
            &mut || timed(|| data.borrow_mut().chunks_mut(1000).for_each(|chunk| black_box(process)(chunk))),
        ]);
        black_box(&data);
        // The fastest round is the one least disturbed by other load on the machine.
        let min_ratio = two[0].as_secs_f64() / std_two[0].as_secs_f64();
        let [one, two, std_one, std_two, plain] = [one, two, std_one, std_two, plain].map(|t| t[t.len() / 2]);
        println!("### parallel_transform, 16M f32, {name}, chunks of 1000 (16,384 tasks), median of {runs}");
        println!("wasm::thread::scope, 1 thread : {}", ms(one));
        println!("wasm::thread::scope, 2 threads: {}", ms(two));
        println!("anchor std::thread::scope, whole slice on 1 thread: {}", ms(std_one));
        println!("anchor std::thread::scope, 2 halves on 2 threads : {}", ms(std_two));
        println!("no scope, the same chunks in a plain loop (1 thread): {}", ms(plain));
        println!("speedup ours 2 vs 1 thread: {:.2}x (anchor: {:.2}x)", one.as_secs_f64() / two.as_secs_f64(), std_one.as_secs_f64() / std_two.as_secs_f64());
        println!("ratio ours / anchor: 1 thread {:.3}, 2 threads {:.3}", one.as_secs_f64() / std_one.as_secs_f64(), two.as_secs_f64() / std_two.as_secs_f64());
        println!("ratio of the fastest rounds, 2 threads: {min_ratio:.3}");
        if std::env::var_os("SCOPE_BENCH_LIGHT_ONLY").is_some() {
            return;
        }
    }

    let counter = AtomicU64::new(0);
    let runs = 7;
    let [ours, anchor] = medians(runs, [
        &mut || {
            timed(|| {
                wasm::thread::scope(|s| {
                    for i in 0..TINY_TASKS as u64 {
                        let counter = &counter;
                        s.spawn(move || {
                            counter.fetch_add(i, Relaxed);
                        });
                    }
                })
                .unwrap()
            })
        },
        &mut || {
            timed(|| {
                std::thread::scope(|s| {
                    for i in 0..TINY_TASKS as u64 {
                        let counter = &counter;
                        s.spawn(move || {
                            counter.fetch_add(i, Relaxed);
                        });
                    }
                })
            })
        },
    ]);
    let expected = (2 * runs as u64) * (TINY_TASKS as u64 * (TINY_TASKS as u64 - 1) / 2);
    assert_eq!(counter.load(Relaxed), expected, "every task ran exactly once");
    println!("### 10,000 tiny tasks (one atomic add each), median of {runs}");
    println!("wasm::thread::scope: {}", ms(ours));
    println!("std::thread::scope (anchor, one thread per task): {}", ms(anchor));
    println!("ratio ours / std: {:.3}", ours.as_secs_f64() / anchor.as_secs_f64());

    let runs = 201;
    let [ours, anchor, ours_one, anchor_one] = medians(runs, [
        // An empty scope takes tens of nanoseconds, near the clock's resolution: time 1,000.
        &mut || timed(|| (0..EMPTY_SCOPES).for_each(|_| wasm::thread::scope(|_| ()).unwrap())) / EMPTY_SCOPES,
        &mut || timed(|| (0..EMPTY_SCOPES).for_each(|_| std::thread::scope(|_| ()))) / EMPTY_SCOPES,
        &mut || timed(|| wasm::thread::scope(|s| s.spawn(|| ())).unwrap()),
        &mut || timed(|| std::thread::scope(|s| { s.spawn(|| ()); })),
    ]);
    println!("### scope overhead, median of {runs}");
    println!("empty scope (mean of {EMPTY_SCOPES} per round): ours {} / std {} (ratio {:.3})", us(ours), us(anchor), ours.as_secs_f64() / anchor.as_secs_f64());
    println!("one task: ours {} / std {} (ratio {:.3})", us(ours_one), us(anchor_one), ours_one.as_secs_f64() / anchor_one.as_secs_f64());
}
