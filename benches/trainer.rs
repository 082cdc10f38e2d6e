//! What one series costs the trainer natively: the schedule (`ScheduleSpec::evaluate`) and
//! the training run it triggers, on breast cancer (455 training rows × 30 features, batch 32:
//! 15 optimizer steps per epoch, plus the end-of-epoch record of objective, accuracies and
//! test loss), at the default length (51 epochs: CosineAnnealingLR T_max 50) and the long
//! v1 run (3,150 epochs: warm restarts T_0 50, T_mult 2, five restarts).
//!
//! Run: `cargo bench --bench trainer`. A plain `harness = false` bench: it prints figures
//! (the median of several repetitions), it asserts nothing. Issue "Live at 60 fps" asks
//! ≤ 10 µs per epoch natively. In the browser the same work is measured end to end by the
//! Playwright tests. `ANNEAL_BENCH_REPS=1` runs every case once (for a profiler:
//! `valgrind --tool=callgrind target/release/deps/trainer-*`).

use std::hint::black_box;
use std::time::Instant;

use anneal::spec::ScheduleSpec;
use anneal::train::{prepare, Dataset, LrUnit, RateSequence, TrainConfig};

/// This thread's CPU time in seconds (Linux `/proc/thread-self/schedstat`, nanoseconds on the
/// CPU), `None` elsewhere. On a shared machine it is a steadier figure than wall time.
fn cpu_s() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns * 1e-9)
}

/// The median wall time of `reps` calls of `f`, and the mean CPU time per call, in seconds.
fn median_s(reps: usize, mut f: impl FnMut()) -> (f64, Option<f64>) {
    let cpu0 = cpu_s();
    let mut times: Vec<f64> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    let cpu = cpu0.zip(cpu_s()).map(|(a, b)| (b - a) / reps as f64);
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], cpu)
}

fn spec(json: &str) -> ScheduleSpec {
    ScheduleSpec::from_json(json).expect("spec")
}

fn main() {
    let prepared = prepare(&Dataset::breast_cancer(), Some(0.2), 0).expect("prepare");
    println!(
        "breast cancer: {} train × {} features, {} test, batch 32 ({} steps per epoch)",
        prepared.n_train(),
        prepared.n_features(),
        prepared.n_test(),
        prepared.steps_per_epoch(32)
    );
    println!(
        "{:<44} {:>11} {:>11} {:>11} {:>13}",
        "run", "schedule", "train", "per epoch", "CPU/epoch"
    );
    for (label, json, epochs, unit, momentum) in [
        (
            "default: CosineAnnealingLR, 51 epochs",
            r#"{"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "params": {"T_max": 50}, "base_lr": 0.1}"#,
            51,
            LrUnit::Epoch,
            0.0,
        ),
        (
            "constant baseline, 51 epochs",
            r#"{"scheduler": "torch.optim.lr_scheduler.ConstantLR", "params": {"factor": 1.0}, "base_lr": 0.1}"#,
            51,
            LrUnit::Epoch,
            0.0,
        ),
        (
            "default, momentum 0.9",
            r#"{"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "params": {"T_max": 50}, "base_lr": 0.1}"#,
            51,
            LrUnit::Epoch,
            0.9,
        ),
        (
            "OneCycleLR per step (momentum cycled), 51",
            r#"{"scheduler": "torch.optim.lr_scheduler.OneCycleLR", "params": {"max_lr": 0.5, "total_steps": 765}}"#,
            51,
            LrUnit::Step,
            0.0,
        ),
        (
            "warm restarts T_0 50, T_mult 2: 3,150 epochs",
            r#"{"scheduler": "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts", "params": {"T_0": 50, "T_mult": 2}, "base_lr": 0.1}"#,
            3150,
            LrUnit::Epoch,
            0.0,
        ),
    ] {
        let spec = spec(json);
        let cfg = TrainConfig {
            epochs,
            unit,
            momentum,
            ..TrainConfig::default()
        };
        let n = match unit {
            LrUnit::Epoch => epochs,
            LrUnit::Step => epochs * prepared.steps_per_epoch(cfg.batch_size),
        };
        let ev = spec.evaluate(Some(n)).expect("evaluates");
        let reps = std::env::var("ANNEAL_BENCH_REPS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(if epochs > 1000 { 15 } else { 101 });
        let (t_sched, _) = median_s(reps, || {
            black_box(spec.evaluate(black_box(Some(n))).expect("evaluates"));
        });
        let (t_train, cpu_train) = median_s(reps, || {
            let mut rates = RateSequence::new(&ev.lr, ev.momentum.as_deref());
            black_box(prepared.train(&cfg, &mut rates).expect("train"));
        });
        let cpu = cpu_train.map_or("-".to_string(), |c| {
            format!("{:.2}µs", c * 1e6 / epochs as f64)
        });
        println!(
            "{label:<44} {:>9.3}ms {:>9.3}ms {:>9.2}µs {cpu:>13}",
            t_sched * 1e3,
            t_train * 1e3,
            t_train * 1e6 / epochs as f64
        );
    }
}
