//! Convergence figures of the trainer: cosine annealing vs a constant rate at the same peak.
//!
//! Prints, for a few peak rates eta_max and epoch budgets, the relative gap to the optimum
//! (f(w_T) − f*) / f* of the final training objective (mean over seeds), where f* is the exact
//! minimum from Newton's method; then the wall time of one training run.
//!
//! Run: `cargo bench --bench convergence`. A plain `harness = false` bench: it prints figures,
//! it asserts nothing.

use std::hint::black_box;
use std::time::Instant;

use anneal::schedule::torch::CosineAnnealingLR;
use anneal::train::{prepare, Dataset, TrainConfig};

/// PyTorch's `CosineAnnealingLR(T_max = t_max, eta_min)` with `base_lr = eta_max`, stepped
/// once per epoch, as the learning rate of each epoch: the sequence the page and `anneal eval`
/// give (the recursive form, torch/optim/lr_scheduler.py), from the crate's own schedule code.
fn cosine(eta_max: f64, eta_min: f64, t_max: usize) -> impl Fn(usize) -> f64 {
    let lrs = CosineAnnealingLR::new(eta_max, t_max as i64, eta_min)
        .expect("a valid CosineAnnealingLR")
        .recursive(t_max + 1);
    move |t| lrs[t.min(t_max)]
}

fn main() {
    let data = Dataset::breast_cancer();
    let base = TrainConfig::default();
    let seeds: Vec<u64> = (0..5).collect();
    let budgets = [10, 50, 200];
    let peaks = [0.03, 0.3, 3.0];

    println!(
        "breast_cancer, batch {}, l2 {}, momentum {}, split {:?}; mean over seeds {:?}",
        base.batch_size, base.l2, base.momentum, base.split, seeds
    );
    println!(
        "relative gap to the optimum (f_T - f*) / f* after E epochs (schedule stepped per epoch)"
    );
    println!(
        "{:>8} {:>6} {:>14} {:>14} {:>10}",
        "eta_max", "E", "constant", "cosine", "cos/const"
    );
    let prepared: Vec<_> = seeds
        .iter()
        .map(|&s| {
            let p = prepare(&data, base.split, s).expect("prepare");
            let floor = p.optimum(base.l2).expect("optimum");
            (s, p, floor)
        })
        .collect();
    for &eta_max in &peaks {
        for &epochs in &budgets {
            let mut gaps = [0.0_f64; 2];
            let mut diverged = [0usize; 2];
            for (seed, p, floor) in &prepared {
                let cfg = TrainConfig {
                    epochs,
                    seed: *seed,
                    ..base.clone()
                };
                let constant = move |_| eta_max;
                let cos = cosine(eta_max, 0.0, epochs);
                let runs: [&dyn Fn(usize) -> f64; 2] = [&constant, &cos];
                for (k, lr) in runs.iter().enumerate() {
                    let h = p.train(&cfg, lr).expect("train");
                    if h.diverged_at.is_some() {
                        diverged[k] += 1;
                    } else {
                        let f = h.final_objective().expect("records");
                        gaps[k] += (f - floor) / floor / seeds.len() as f64;
                    }
                }
            }
            let show = |k: usize| {
                if diverged[k] > 0 {
                    format!("diverged {}/{}", diverged[k], seeds.len())
                } else {
                    format!("{:.3e}", gaps[k])
                }
            };
            let ratio = if diverged == [0, 0] {
                format!("{:.3}", gaps[1] / gaps[0])
            } else {
                "-".into()
            };
            println!(
                "{eta_max:>8} {epochs:>6} {:>14} {:>14} {ratio:>10}",
                show(0),
                show(1)
            );
        }
    }

    println!();
    println!("time per training run (seed 0, split 0.2, mean of repeated runs)");
    let p = &prepared[0].1;
    for (epochs, batch) in [(50, 32), (200, 32), (2000, 32), (2000, 1), (2000, 455)] {
        let cfg = TrainConfig {
            epochs,
            batch_size: batch,
            ..base.clone()
        };
        let lr = cosine(0.3, 0.0, epochs);
        let reps = (20_000 / epochs).max(3);
        let start = Instant::now();
        for _ in 0..reps {
            black_box(p.train(&cfg, &lr).expect("train"));
        }
        let per_run = start.elapsed().as_secs_f64() / reps as f64;
        println!(
            "{epochs:>5} epochs x {} samples x {} features, batch {batch:>3}: {:>9.3} ms/run ({reps} runs)",
            p.n_train(),
            p.n_features(),
            per_run * 1e3
        );
    }
    let start = Instant::now();
    let reps = 20;
    for _ in 0..reps {
        black_box(p.optimum(base.l2).expect("optimum"));
    }
    println!(
        "optimum (Newton): {:.3} ms",
        start.elapsed().as_secs_f64() / reps as f64 * 1e3
    );
}
