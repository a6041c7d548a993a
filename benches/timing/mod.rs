//! Timing shared by the benches: each measures the doctor and serde_json's validation of the
//! same bytes side by side, best of several rounds, so that a busy machine slows both alike.

use std::time::{Duration, Instant};

/// The shortest of `rounds` runs of `f`.
pub fn best_of(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}
