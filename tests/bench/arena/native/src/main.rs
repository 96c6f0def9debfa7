//! `arena-count WORKLOAD [N]`: runs one perf workload natively so callgrind can count its
//! instructions (`run.sh count`). WORKLOAD: `ours`, `talc` (random actions without realloc),
//! `ours-realloc`, `talc-realloc`, `scratch-ours`, `scratch-bumpalo`.
//!
//! Both heaps are driven directly through `GlobalAlloc` (no `#[global_allocator]`), so only the
//! workload's own calls are counted. talc runs on one claimed region (its wasm binning), ours on
//! its native source; both then behave as on wasm with memory already grown.

#[path = "../../workload.rs"]
mod workload;

use talc::source::Claim;
use talc::wasm::WasmBinning;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args.get(1).map(String::as_str).unwrap_or("ours");
    let n: u64 = args.get(2).map_or(5, |n| n.parse().expect("N: a number of runs"));
    match which {
        "ours" | "ours-realloc" => {
            let realloc = which.ends_with("realloc");
            for seed in 0..n {
                workload::random_actions(&wasm::arena::Global, realloc, seed + 2);
            }
        }
        "talc" | "talc-realloc" => {
            let realloc = which.ends_with("realloc");
            let region = vec![0u8; 256 << 20].leak();
            // SAFETY: the region is leaked: talc owns it for the rest of the process.
            let talc = talc::cell::TalcCell::<Claim, WasmBinning>::new(unsafe {
                Claim::new(region.as_mut_ptr(), region.len())
            });
            for seed in 0..n {
                workload::random_actions(&talc, realloc, seed + 2);
            }
        }
        "scratch-ours" => println!("{}", workload::scratch_ours(n as usize * 600_000)),
        "scratch-bumpalo" => println!("{}", workload::scratch_bumpalo(n as usize * 600_000)),
        other => panic!("unknown workload {other}"),
    }
}
