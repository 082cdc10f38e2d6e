//! What one slider move costs the page, natively: building the schedule
//! ([`Scenario::build`]) and the two training runs it triggers (with the schedule, and the
//! constant eta_max baseline), at the default length and at long runs.
//!
//! Run: `cargo bench --bench page_update`. A plain `harness = false` bench: it prints figures
//! (median of several repetitions), it asserts nothing. In the browser the same work is
//! measured end to end by the Playwright tests (`figure:` lines of `node --test tests/e2e/`).

use std::hint::black_box;
use std::time::Instant;

use anneal::app::controls::{Control, Inputs};
use anneal::app::scenario::{train_constant, train_with, Scenario};
use anneal::train::{prepare, Dataset};

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
    let prepared = prepare(&Dataset::breast_cancer(), Some(0.2), 0).expect("prepare");
    println!(
        "{:<34} {:>10} {:>12} {:>12}",
        "setting", "schedule", "train (sch)", "train (const)"
    );
    for (label, pairs) in [
        ("default (51 epochs)", vec![]),
        (
            "T_max 10, 3 restarts, T_mult 2",
            vec![(Control::TMax, "10"), (Control::Restarts, "3")],
        ),
        (
            "T_max 500, epochs 2000",
            vec![(Control::TMax, "500"), (Control::Epochs, "2000")],
        ),
        (
            "T_max 200, 3 restarts, epochs 5000",
            vec![
                (Control::TMax, "200"),
                (Control::Restarts, "3"),
                (Control::Epochs, "5000"),
            ],
        ),
    ] {
        let mut inputs = Inputs::default();
        for (c, v) in pairs {
            inputs.set(c, v);
        }
        let controls = inputs.parse().expect("valid controls");
        let scenario = Scenario::build(&controls).expect("scenario");
        let t_build = median_ms(21, || {
            black_box(Scenario::build(black_box(&controls)).expect("scenario"));
        });
        let t_sched = median_ms(7, || {
            black_box(train_with(&prepared, &scenario.lr).expect("train"));
        });
        let t_const = median_ms(7, || {
            black_box(
                train_constant(&prepared, controls.eta_max, scenario.lr.len()).expect("train"),
            );
        });
        println!("{label:<34} {t_build:>8.3}ms {t_sched:>10.2}ms {t_const:>10.2}ms");
    }
}
