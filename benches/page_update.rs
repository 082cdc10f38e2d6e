//! What one slider move costs the page, natively: the plan (every series' rates through
//! `ScheduleSpec::evaluate`, [`anneal::lab::plan::plan`]) and the training runs it triggers
//! (one per series, [`anneal::lab::train::train_all`]), at the default length, at long runs
//! and with four overlaid series.
//!
//! Run: `cargo bench --bench page_update`. A plain `harness = false` bench: it prints figures
//! (median of several repetitions), it asserts nothing. In the browser the same work is
//! measured end to end by the Playwright tests (`figure:` lines of `node --test tests/e2e/`).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use anneal::lab::plan::plan;
use anneal::lab::train::train_all;
use anneal::lab::url::from_query;
use anneal::train::{prepare, Dataset, TrainConfig};

fn median_ms(reps: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let cfg = TrainConfig::default();
    let prepared =
        Arc::new(prepare(&Dataset::breast_cancer(), cfg.split, cfg.seed).expect("prepare"));
    let spe = prepared.steps_per_epoch(cfg.batch_size);
    println!(
        "{:<44} {:>8} {:>10} {:>12}",
        "page", "epochs", "plan", "train (all)"
    );
    for (label, query) in [
        ("default (cosine + baseline, 51 epochs)", vec![]),
        (
            "T_max 10, 3 restarts, T_mult 2",
            vec![("T_max", "10"), ("restarts", "3")],
        ),
        (
            "T_max 50, 5 restarts, T_mult 2 (3,150 epochs)",
            vec![("T_max", "50"), ("restarts", "5")],
        ),
        (
            "preset cosine-vs-step (4 series, 100 epochs)",
            vec![("preset", "cosine-vs-step")],
        ),
        (
            "preset warmup-cosine (per step, 100 epochs)",
            vec![("preset", "warmup-cosine")],
        ),
    ] {
        let (state, problems) = from_query(query.iter().copied());
        assert!(problems.is_empty(), "{problems:?}");
        let p = plan(&state, spe);
        assert!(p.is_valid(), "{:?}", p.problems);
        let run = p.run.expect("run");
        let t_plan = median_ms(21, || {
            black_box(plan(black_box(&state), spe));
        });
        let t_train = median_ms(5, || {
            black_box(train_all(&prepared, &run, &p.series, &Default::default()).expect("train"));
        });
        println!(
            "{label:<44} {:>8} {t_plan:>8.3}ms {t_train:>10.2}ms",
            run.epochs
        );
    }
}
