//! Runs one fuzz target: a proptest strategy and a property, for a fixed number of cases with a
//! fixed seed (`cargo test`: reproducible, a fraction of a second), or for `FUZZ_TARGET_SECONDS`
//! seconds with fresh seeds (`make fuzz`). Either way it prints one line,
//! `fuzz <target>: <n> executions, <n> failures`, which `make fuzz` sums; a failure panics with
//! the smallest failing input proptest shrank it to.

use std::cell::Cell;
use std::fmt::Debug;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseResult, TestError, TestRng, TestRunner};

/// Cases per target in `cargo test`; the whole suite stays within a few seconds of a debug build.
const QUICK_CASES: u32 = 32;
/// Cases per batch in a timed run: the deadline is checked between batches.
const BATCH_CASES: u32 = 200;

pub fn fuzz<S>(target: &str, strategy: S, property: impl Fn(S::Value) -> TestCaseResult)
where
    S: Strategy,
    S::Value: Debug,
{
    let executions = Cell::new(0u64);
    let counted = |value: S::Value| {
        executions.set(executions.get() + 1);
        property(value)
    };
    let deadline = timed_run().map(|seconds| Instant::now() + seconds);
    let mut batch = 0u64;
    let outcome = loop {
        let (cases, seed) = match deadline {
            None => (QUICK_CASES, fixed_seed(target)),
            Some(_) => (BATCH_CASES, fresh_seed(batch)),
        };
        let mut runner = TestRunner::new_with_rng(config(cases), TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
        let result = runner.run(&strategy, counted);
        batch += 1;
        if result.is_err() || deadline.is_none_or(|at| Instant::now() >= at) {
            break result;
        }
    };
    let failures = u64::from(outcome.is_err());
    println!("fuzz {target}: {} executions, {failures} failures", executions.get());
    match outcome {
        Ok(()) => {}
        Err(TestError::Fail(reason, input)) => panic!("fuzz {target}: {reason}\nsmallest failing input: {input:#?}"),
        Err(TestError::Abort(reason)) => panic!("fuzz {target}: aborted: {reason}"),
    }
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        // Nothing is written next to the sources: a failure prints its input instead.
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

/// `FUZZ_TARGET_SECONDS`, set by `make fuzz` to its share of `FUZZ_SECONDS`.
fn timed_run() -> Option<Duration> {
    let seconds: f64 = std::env::var("FUZZ_TARGET_SECONDS").ok()?.parse().ok()?;
    (seconds > 0.0).then(|| Duration::from_secs_f64(seconds))
}

/// The same seed on every run of one target, different between targets.
fn fixed_seed(target: &str) -> [u8; 32] {
    let mut seed = [0x5e; 32];
    for (i, byte) in target.bytes().enumerate() {
        seed[i % 32] ^= byte.rotate_left(i as u32 % 8);
    }
    seed
}

fn fresh_seed(batch: u64) -> [u8; 32] {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let mut seed = [0u8; 32];
    seed[..16].copy_from_slice(&nanos.to_le_bytes());
    seed[16..24].copy_from_slice(&batch.to_le_bytes());
    seed[24..].copy_from_slice(&u64::from(std::process::id()).to_le_bytes());
    seed
}
