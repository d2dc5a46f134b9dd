//! Memory of every Lambda binary over many warm invocations: each binary runs under the
//! loopback Runtime API with moto behind the SDK (as for `cold_start`), is fed its event
//! `WARM_RSS_INVOCATIONS` times (default 10 000) one after the other, and its peak
//! (`VmHWM`) and current (`VmRSS`) resident set are read from `/proc/<pid>/status` after
//! the first invocation and at checkpoints, to show the figure is flat. Release binaries:
//!
//! ```sh
//! cargo build --release --bins
//! PARTNERB2B_BIN_DIR=$PWD/target/release cargo bench -p partnerb2b-tests --bench warm_rss
//! ```
//!
//! `WARM_RSS_BINARIES=auth,profiles` restricts the run to some binaries. Linux only.

use std::time::{Duration, Instant};

use partnerb2b_tests::bench::{BENCHMARKED, count_from_env};
use partnerb2b_tests::fixtures::read;
use partnerb2b_tests::runtime_api::{Outcome, RuntimeApi, moto_deployment, spawn_function};

fn main() {
    let invocations = count_from_env("WARM_RSS_INVOCATIONS", 10_000);
    let only = std::env::var("WARM_RSS_BINARIES").ok();
    let checkpoints: Vec<usize> = [1, 1_000, 5_000, 10_000]
        .into_iter()
        .filter(|checkpoint| *checkpoint < invocations)
        .chain([invocations])
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let environment = moto_deployment().await;
        println!("{invocations} warm invocations each; VmHWM / VmRSS in MB (10^6 bytes)");
        for (binary, event) in BENCHMARKED {
            if let Some(only) = &only
                && !only.split(',').any(|name| name == binary)
            {
                continue;
            }
            let event = read(&format!("events/{event}"));
            let api = RuntimeApi::default();
            let address = api.start().await;
            let mut function = spawn_function(binary, &address, &environment);
            let pid = function.id().expect("the function is running");
            let started = Instant::now();
            let mut line = format!("{binary:<16}");
            let mut errors = 0usize;
            let mut checkpoint = checkpoints.iter().peekable();
            for done in 1..=invocations {
                let outcome = api.invoke(&event, Duration::from_secs(30)).await;
                if !matches!(outcome, Outcome::Response(_)) {
                    errors += 1;
                }
                if checkpoint.next_if(|at| **at == done).is_some() {
                    let (hwm, rss) = memory(pid);
                    line.push_str(&format!(" | {done}: {hwm:.1} / {rss:.1}"));
                }
            }
            let elapsed = started.elapsed();
            let _ = function.kill().await;
            println!(
                "{line} | {:.1} s, {:.2} ms per invocation{}",
                elapsed.as_secs_f64(),
                elapsed.as_secs_f64() * 1000.0 / invocations as f64,
                if errors > 0 {
                    format!(", {errors} errors")
                } else {
                    String::new()
                }
            );
        }
    });
}

/// `VmHWM` and `VmRSS` of process `pid`, in MB.
fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .expect("read /proc/<pid>/status (Linux only)");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().strip_suffix("kB"))
            .and_then(|kb| kb.trim().parse::<f64>().ok())
            .map(|kb| kb * 1024.0 / 1_000_000.0)
            .expect("the field is in /proc/<pid>/status")
    };
    (field("VmHWM:"), field("VmRSS:"))
}
