//! Native ns/poll of each executor: median of 21 runs of 10,000 tasks x 10 yields (11 polls each).
use std::time::Instant;
use task_bench_poll::EXECUTORS;

const TASKS: u32 = 10_000;
const YIELDS: u32 = 10;
const RUNS: usize = 21;

fn main() {
    let polls = f64::from(TASKS * (YIELDS + 1));
    for (name, run) in EXECUTORS {
        assert_eq!(run(TASKS, YIELDS), TASKS, "{name} did not finish every task");
        let mut ns: Vec<f64> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let done = run(TASKS, YIELDS);
                let elapsed = start.elapsed().as_nanos() as f64;
                assert_eq!(done, TASKS);
                elapsed / polls
            })
            .collect();
        ns.sort_by(f64::total_cmp);
        println!("native\t{name}\t{:.1}\t{:.1}\t{:.1}", ns[RUNS / 2], ns[0], ns[RUNS - 1]);
    }
}
