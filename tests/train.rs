//! The trainer (`anneal::train`): split and standardization, objective and gradient, SGD
//! (determinism, PyTorch's momentum convention, learning-rate units, divergence) and the
//! Newton optimum against scikit-learn's reference value. The data sets themselves:
//! tests/datasets.rs; Newton over the λ grid: tests/optimum.rs.

use std::sync::Arc;

use anneal::train::{
    prepare, Dataset, History, LrUnit, Prepared, TrainConfig, TrainError, TrainRun,
};

fn breast_cancer(split: Option<f64>, seed: u64) -> Prepared {
    prepare(&Dataset::breast_cancer(), split, seed).expect("breast_cancer prepares")
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) || (a - b).abs() <= 1e-15
}

/// A deterministic, non-trivial point (w, b).
fn probe_point(d: usize) -> (Vec<f64>, f64) {
    ((0..d).map(|j| 0.3 * (j as f64 * 1.7).sin()).collect(), -0.4)
}

#[test]
fn gradient_matches_central_finite_differences() {
    let p = breast_cancer(Some(0.2), 3);
    let (w, b) = probe_point(p.n_features());
    let l2 = 0.05;
    let (gw, gb) = p.gradient(&w, b, l2);
    let h = 1e-6;
    for j in 0..w.len() {
        let (mut wp, mut wm) = (w.clone(), w.clone());
        wp[j] += h;
        wm[j] -= h;
        let fd = (p.objective(&wp, b, l2) - p.objective(&wm, b, l2)) / (2.0 * h);
        assert!(
            (fd - gw[j]).abs() <= 1e-7 * (1.0 + fd.abs()),
            "∂f/∂w[{j}]: analytic {}, fd {fd}",
            gw[j]
        );
    }
    let fd = (p.objective(&w, b + h, l2) - p.objective(&w, b - h, l2)) / (2.0 * h);
    assert!(
        (fd - gb).abs() <= 1e-7 * (1.0 + fd.abs()),
        "∂f/∂b: analytic {gb}, fd {fd}"
    );
}

#[test]
fn objective_is_stable_for_huge_margins_and_exact_at_zero() {
    let p = breast_cancer(None, 0);
    let d = p.n_features();
    // At w = 0, b = 0 every loss is log 2.
    assert!(close(
        p.objective(&vec![0.0; d], 0.0, 0.3),
        std::f64::consts::LN_2,
        1e-14
    ));
    // Huge weights: no overflow to inf/NaN; the loss is linear in the scale.
    let (w, b) = probe_point(d);
    let big: Vec<f64> = w.iter().map(|v| v * 1e6).collect();
    let f = p.objective(&big, b * 1e6, 0.0);
    assert!(f.is_finite() && f > 0.0, "{f}");
    let (gw, gb) = p.gradient(&big, b * 1e6, 0.0);
    assert!(gw.iter().all(|g| g.is_finite()) && gb.is_finite());
}

#[test]
fn objective_decreases_every_epoch_with_a_small_constant_rate() {
    let p = breast_cancer(Some(0.2), 0);
    // Full batch: gradient descent with lr well below 2/L decreases f monotonically.
    let cfg = TrainConfig {
        epochs: 100,
        batch_size: p.n_train(),
        ..TrainConfig::default()
    };
    let h = p.train(&cfg, &|_| 0.1).unwrap();
    assert_eq!(h.diverged_at, None);
    assert_eq!(h.records.len(), 101);
    for pair in h.records.windows(2) {
        assert!(
            pair[1].train_objective < pair[0].train_objective,
            "{:?} -> {:?}",
            pair[0],
            pair[1]
        );
    }
    // Mini-batch SGD with a small rate: each epoch still decreases f here.
    let cfg = TrainConfig {
        epochs: 30,
        ..TrainConfig::default()
    };
    let h = p.train(&cfg, &|_| 0.01).unwrap();
    for pair in h.records.windows(2) {
        assert!(
            pair[1].train_objective < pair[0].train_objective,
            "{:?} -> {:?}",
            pair[0],
            pair[1]
        );
    }
    let floor = p.optimum(cfg.l2).unwrap();
    assert!(h.records.iter().all(|r| r.train_objective >= floor));
    let last = h.records.last().unwrap();
    assert!(
        last.train_accuracy > 0.95 && last.test_accuracy.unwrap() > 0.9,
        "{last:?}"
    );
}

#[test]
fn records_count_steps_and_rates_per_unit() {
    let p = breast_cancer(Some(0.2), 0);
    assert_eq!((p.n_train(), p.n_test()), (455, 114)); // ⌈0.2 · 569⌉ = 114 held out
    let spe = p.steps_per_epoch(32);
    assert_eq!(spe, 455_usize.div_ceil(32));
    assert_eq!(p.steps_per_epoch(1000), 1);
    let rate = |i: usize| 0.05 + 1e-4 * i as f64;

    let cfg = TrainConfig {
        epochs: 7,
        ..TrainConfig::default()
    };
    let h = p.train(&cfg, &rate).unwrap();
    assert_eq!(h.records[0].lr, rate(0));
    for (k, r) in h.records.iter().enumerate() {
        assert_eq!((r.epoch, r.step), (k, k * spe));
        if k > 0 {
            assert_eq!(r.lr, rate(k - 1));
        }
    }

    let cfg = TrainConfig {
        unit: LrUnit::Step,
        ..cfg
    };
    let h = p.train(&cfg, &rate).unwrap();
    assert_eq!(h.records[0].lr, rate(0));
    for (k, r) in h.records.iter().enumerate().skip(1) {
        assert_eq!((r.epoch, r.step, r.lr), (k, k * spe, rate(k * spe - 1)));
    }
    // No test split: no test accuracy.
    let h = breast_cancer(None, 0).train(&cfg, &rate).unwrap();
    assert!(h.records.iter().all(|r| r.test_accuracy.is_none()));
}

#[test]
fn same_seed_same_history_different_seed_different() {
    let cfg = TrainConfig {
        epochs: 20,
        momentum: 0.9,
        ..TrainConfig::default()
    };
    let a = breast_cancer(cfg.split, cfg.seed)
        .train(&cfg, &|e| 0.05 / (1.0 + e as f64))
        .unwrap();
    let b = breast_cancer(cfg.split, cfg.seed)
        .train(&cfg, &|e| 0.05 / (1.0 + e as f64))
        .unwrap();
    assert_eq!(a, b);
    let cfg1 = TrainConfig {
        seed: 1,
        ..cfg.clone()
    };
    let c = breast_cancer(cfg1.split, cfg1.seed)
        .train(&cfg1, &|e| 0.05 / (1.0 + e as f64))
        .unwrap();
    assert_ne!(a.records[20].train_objective, c.records[20].train_objective);
    // Same split, different shuffles only.
    let p = breast_cancer(Some(0.2), 0);
    let d = p.train(&cfg, &|_| 0.05).unwrap();
    let e = p
        .train(
            &TrainConfig {
                seed: 5,
                ..cfg.clone()
            },
            &|_| 0.05,
        )
        .unwrap();
    assert_ne!(d.records[1].train_objective, e.records[1].train_objective);
}

#[test]
fn full_batch_with_momentum_follows_pytorch_sgd() {
    // v ← μ v + g, θ ← θ − lr v (torch.optim.SGD, dampening 0), g including λw (weight_decay).
    let p = breast_cancer(Some(0.3), 2);
    let (l2, mu, lr) = (0.02, 0.8, 0.3);
    let cfg = TrainConfig {
        epochs: 15,
        batch_size: 10_000,
        l2,
        momentum: mu,
        ..TrainConfig::default()
    };
    let h = p.train(&cfg, &|_| lr).unwrap();
    let d = p.n_features();
    let (mut w, mut b, mut vw, mut vb) = (vec![0.0; d], 0.0, vec![0.0; d], 0.0);
    for epoch in 1..=cfg.epochs {
        let (gw, gb) = p.gradient(&w, b, l2);
        for j in 0..d {
            vw[j] = mu * vw[j] + gw[j];
            w[j] -= lr * vw[j];
        }
        vb = mu * vb + gb;
        b -= lr * vb;
        let r = &h.records[epoch];
        assert_eq!(r.step, epoch);
        assert!(
            close(r.train_objective, p.objective(&w, b, l2), 1e-12),
            "epoch {epoch}"
        );
    }
    assert!(h.weights.iter().zip(&w).all(|(a, e)| close(*a, *e, 1e-10)));
    assert!(close(h.bias, b, 1e-10));
}

#[test]
fn divergence_is_detected_and_no_nan_is_recorded() {
    let p = breast_cancer(Some(0.2), 0);
    // |1 − lr·λ| = 9999 > 1: the L2 term alone blows the weights up.
    let cfg = TrainConfig {
        epochs: 50,
        l2: 1.0,
        ..TrainConfig::default()
    };
    let h = p.train(&cfg, &|_| 1e4).unwrap();
    let at = h.diverged_at.expect("diverges");
    assert!((1..=cfg.epochs).contains(&at));
    assert_eq!(h.records.len(), at, "records 0..at-1");
    for r in &h.records {
        assert!(
            r.lr.is_finite() && r.train_objective.is_finite() && r.train_accuracy.is_finite(),
            "{r:?}"
        );
        assert!(r.test_accuracy.unwrap().is_finite());
    }
    assert!(h.weights.iter().all(|v| v.is_finite()) && h.bias.is_finite());

    // A non-finite rate is a divergence at the epoch that uses it.
    let cfg = TrainConfig {
        epochs: 5,
        ..TrainConfig::default()
    };
    let h = p
        .train(&cfg, &|e| if e == 2 { f64::NAN } else { 0.1 })
        .unwrap();
    assert_eq!((h.diverged_at, h.records.len()), (Some(3), 3));
    let h = p
        .train(
            &TrainConfig {
                unit: LrUnit::Step,
                ..cfg
            },
            &|s| if s == 20 { f64::INFINITY } else { 0.1 },
        )
        .unwrap();
    assert_eq!(h.diverged_at, Some(20 / p.steps_per_epoch(32) + 1));
}

#[test]
fn stratified_split_keeps_the_class_ratio() {
    let data = Dataset::breast_cancer();
    let n = data.len() as f64;
    let ratio = data.y.iter().sum::<f64>() / n;
    for (frac, seed) in [(0.2, 0), (0.1, 7), (0.33, 42), (0.5, 1), (0.05, 3)] {
        let p = prepare(&data, Some(frac), seed).unwrap();
        let n_test = (frac * n).ceil() as usize;
        assert_eq!(
            (p.n_test(), p.n_train()),
            (n_test, data.len() - n_test),
            "split {frac}"
        );
        let test_ratio = p.test_y().iter().sum::<f64>() / p.n_test() as f64;
        let train_ratio = p.train_y().iter().sum::<f64>() / p.n_train() as f64;
        assert!(
            (test_ratio - ratio).abs() <= 1.0 / p.n_test() as f64,
            "split {frac}: test {test_ratio} vs {ratio}"
        );
        assert!(
            (train_ratio - ratio).abs() <= 1.0 / p.n_train() as f64,
            "split {frac}: train {train_ratio}"
        );
        // A partition of the rows, labels carried along.
        let mut all: Vec<usize> = p
            .train_rows()
            .iter()
            .chain(p.test_rows())
            .copied()
            .collect();
        all.sort_unstable();
        assert_eq!(all, (0..data.len()).collect::<Vec<_>>());
        assert!(p
            .test_rows()
            .iter()
            .zip(p.test_y())
            .all(|(&i, &y)| data.y[i] == y));
    }
    // Seeded: same seed same rows, another seed other rows.
    let a = prepare(&data, Some(0.2), 11).unwrap();
    assert_eq!(
        a.test_rows(),
        prepare(&data, Some(0.2), 11).unwrap().test_rows()
    );
    assert_ne!(
        a.test_rows(),
        prepare(&data, Some(0.2), 12).unwrap().test_rows()
    );
    // A tiny fraction still holds out ⌈f·n⌉ = 1 sample.
    assert_eq!(prepare(&data, Some(1e-9), 0).unwrap().n_test(), 1);
    // Fractions that leave a split empty, or are out of range, are rejected naming `split`.
    for bad in [0.0, 1.0, -0.1, 1.5, f64::NAN, 0.9999] {
        match prepare(&data, Some(bad), 0) {
            Err(TrainError::Invalid { field, .. }) => assert_eq!(field, "split", "{bad}"),
            other => panic!("split {bad}: {other:?}"),
        }
    }
}

#[test]
fn standardization_uses_the_training_statistics() {
    let data = Dataset::breast_cancer();
    let p = prepare(&data, Some(0.25), 9).unwrap();
    let d = data.n_features;
    let raw = |i: usize, j: usize| data.x[i * d + j];
    let n_train = p.n_train() as f64;
    for j in 0..d {
        let mean = p.train_rows().iter().map(|&i| raw(i, j)).sum::<f64>() / n_train;
        let var = p
            .train_rows()
            .iter()
            .map(|&i| (raw(i, j) - mean).powi(2))
            .sum::<f64>()
            / n_train;
        assert!(
            close(p.mean()[j], mean, 1e-12) && close(p.std()[j], var.sqrt(), 1e-12),
            "column {j}"
        );
        // Train columns: mean 0, population std 1.
        let col: Vec<f64> = (0..p.n_train()).map(|k| p.train_x()[k * d + j]).collect();
        let m = col.iter().sum::<f64>() / n_train;
        let s = (col.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n_train).sqrt();
        assert!(
            m.abs() < 1e-12 && (s - 1.0).abs() < 1e-12,
            "column {j}: mean {m}, std {s}"
        );
        // Test rows use the same (training) statistics.
        for (k, &i) in p.test_rows().iter().enumerate() {
            assert!(close(
                p.test_x()[k * d + j],
                (raw(i, j) - mean) / var.sqrt(),
                1e-12
            ));
        }
    }
    // The statistics are not the whole data set's.
    let all_mean0 = (0..data.len()).map(|i| raw(i, 0)).sum::<f64>() / data.len() as f64;
    assert_ne!(p.mean()[0], all_mean0);
}

#[test]
fn a_constant_feature_stays_zero() {
    let data = Dataset {
        name: "toy",
        n_features: 2,
        x: vec![1.0, 5.0, 2.0, 5.0, 3.0, 5.0, 4.0, 5.0, 5.0, 5.0, 6.0, 5.0],
        y: vec![0.0, 0.0, 0.0, 1.0, 1.0, 1.0],
        plane: None,
    };
    let p = prepare(&data, Some(0.34), 0).unwrap();
    assert_eq!(p.std()[1], 0.0);
    assert!(p
        .train_x()
        .chunks(2)
        .chain(p.test_x().chunks(2))
        .all(|r| r[1] == 0.0 && r[0].is_finite()));
    let bad = Dataset {
        y: vec![0.0, 2.0, 0.0, 1.0, 1.0, 1.0],
        ..data.clone()
    };
    assert!(matches!(
        prepare(&bad, None, 0),
        Err(TrainError::Data { .. })
    ));
    let bad = Dataset {
        x: vec![0.0; 11],
        ..data
    };
    assert!(matches!(
        prepare(&bad, None, 0),
        Err(TrainError::Data { .. })
    ));
}

#[test]
fn config_check_names_the_bad_field() {
    let base = TrainConfig::default();
    assert_eq!(
        base,
        TrainConfig {
            epochs: 50,
            batch_size: 32,
            l2: 0.01,
            momentum: 0.0,
            seed: 0,
            split: Some(0.2),
            unit: LrUnit::Epoch,
            optimizer: anneal::train::Optimizer::Sgd { nesterov: false },
        }
    );
    assert_eq!(base.check(), Ok(()));
    let cases = [
        (
            "epochs",
            TrainConfig {
                epochs: 0,
                ..base.clone()
            },
        ),
        (
            "batch_size",
            TrainConfig {
                batch_size: 0,
                ..base.clone()
            },
        ),
        (
            "l2",
            TrainConfig {
                l2: -1e-3,
                ..base.clone()
            },
        ),
        (
            "l2",
            TrainConfig {
                l2: f64::INFINITY,
                ..base.clone()
            },
        ),
        (
            "momentum",
            TrainConfig {
                momentum: 1.0,
                ..base.clone()
            },
        ),
        (
            "momentum",
            TrainConfig {
                momentum: f64::NAN,
                ..base.clone()
            },
        ),
        (
            "split",
            TrainConfig {
                split: Some(1.0),
                ..base.clone()
            },
        ),
    ];
    let p = breast_cancer(None, 0);
    for (field, cfg) in cases {
        match cfg.check() {
            Err(TrainError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
        assert!(p.train(&cfg, &|_| 0.1).is_err(), "{field}");
    }
}

#[test]
fn optimum_matches_scikit_learn() {
    // Reference: /work/shared/datasets/README.md (scikit-learn LogisticRegression, lbfgs,
    // tol 1e-12, breast_cancer, all rows, λ = 1e-2).
    let reference = 0.0995913754847;
    let p = breast_cancer(None, 0);
    let opt = p.minimize(1e-2).unwrap();
    assert!(
        close(opt.objective, reference, 1e-9),
        "{} vs {reference}",
        opt.objective
    );
    assert_eq!(p.optimum(1e-2).unwrap(), opt.objective);
    // It is a stationary point, and SGD never goes below it.
    let (gw, gb) = p.gradient(&opt.weights, opt.bias, 1e-2);
    assert!(gw.iter().chain([&gb]).all(|g| g.abs() < 1e-10));
    let h = p
        .train(
            &TrainConfig {
                epochs: 200,
                split: None,
                ..TrainConfig::default()
            },
            &|_| 0.5,
        )
        .unwrap();
    assert!(h.records.iter().all(|r| r.train_objective >= opt.objective));
    assert!(h.records.last().unwrap().train_objective - opt.objective < 1e-3);
}

#[test]
fn optimum_rejects_a_bad_l2_and_a_separable_unregularized_problem() {
    let p = breast_cancer(None, 0);
    assert!(matches!(
        p.optimum(-1.0),
        Err(TrainError::Invalid { field: "l2", .. })
    ));
    assert!(matches!(
        p.optimum(f64::NAN),
        Err(TrainError::Invalid { field: "l2", .. })
    ));
    // Iris setosa is linearly separable from the rest: no minimum without L2 ...
    let iris = prepare(&Dataset::by_name("iris").unwrap(), None, 0).unwrap();
    assert!(matches!(
        iris.optimum(0.0),
        Err(TrainError::NoOptimum { .. })
    ));
    // ... and a stationary point with it.
    let opt = iris.minimize(1e-3).unwrap();
    let (gw, gb) = iris.gradient(&opt.weights, opt.bias, 1e-3);
    assert!(
        gw.iter().chain([&gb]).all(|g| g.abs() < 1e-10),
        "{gw:?} {gb}"
    );
}

/// Runs `cfg` through a [`TrainRun`] in slices of `slice` epochs, checking along the way that
/// each mid-run history is a prefix of `full` and that the run reports its progress.
fn sliced(
    p: &Prepared,
    cfg: &TrainConfig,
    lr: &dyn Fn(usize) -> f64,
    slice: usize,
    full: &History,
) -> History {
    let mut run = TrainRun::new(p, cfg).unwrap();
    assert!(!run.is_finished() && run.history().records.is_empty());
    let mut calls = 0;
    while !run.advance(slice, lr) {
        calls += 1;
        let h = run.history();
        assert_eq!(h.records.len(), run.epochs_done() + 1);
        assert_eq!(run.epochs_done(), (calls * slice).min(cfg.epochs));
        assert!(h.records.len() < full.records.len() || full.diverged_at.is_some());
        assert_eq!(h.records[..], full.records[..h.records.len()], "prefix");
        assert_eq!(h.diverged_at, None);
        assert!(!run.is_finished());
    }
    // Finished: further calls change nothing and still say finished.
    assert!(run.is_finished());
    let done = run.history();
    assert!(run.advance(slice, lr));
    assert!(run.advance(usize::MAX, &|_| f64::NAN));
    assert_eq!(run.history(), done);
    run.into_history()
}

#[test]
fn a_run_advanced_in_slices_equals_train_bit_for_bit() {
    let p = breast_cancer(Some(0.2), 3);
    // A decaying rate so that every epoch and every step uses a different value.
    let by_epoch = |e: usize| 0.5 / (1.0 + e as f64);
    let by_step = |s: usize| 0.5 / (1.0 + 0.01 * s as f64);
    for unit in [LrUnit::Epoch, LrUnit::Step] {
        for momentum in [0.0, 0.9] {
            let cfg = TrainConfig {
                epochs: 40,
                momentum,
                unit,
                ..TrainConfig::default()
            };
            let lr: &dyn Fn(usize) -> f64 = if unit == LrUnit::Epoch {
                &by_epoch
            } else {
                &by_step
            };
            let full = p.train(&cfg, lr).unwrap();
            assert_eq!(full.diverged_at, None);
            assert_eq!(full.records.len(), cfg.epochs + 1);
            for slice in [1, 7, 1000] {
                let h = sliced(&p, &cfg, lr, slice, &full);
                assert_eq!(h, full, "{unit:?} momentum {momentum} slice {slice}");
                // Bit for bit, not merely `==` (which would equate 0.0 and -0.0).
                let bits = |h: &History| -> Vec<u64> {
                    h.records
                        .iter()
                        .flat_map(|r| [r.lr, r.train_objective, r.train_accuracy])
                        .chain(h.weights.iter().copied())
                        .chain([h.bias])
                        .map(f64::to_bits)
                        .collect()
                };
                assert_eq!(bits(&h), bits(&full));
            }
        }
    }
}

#[test]
fn a_diverging_run_advanced_in_slices_equals_train() {
    let p = breast_cancer(Some(0.2), 0);
    for unit in [LrUnit::Epoch, LrUnit::Step] {
        for momentum in [0.0, 0.5] {
            // A sane rate for 12 epochs, then one with |1 − lr·λ| = 9999 (beyond momentum's
            // stability bound 2(1 + μ) too): the L2 term alone then blows the weights up.
            let cfg = TrainConfig {
                epochs: 300,
                l2: 1.0,
                momentum,
                unit,
                ..TrainConfig::default()
            };
            let switch = match unit {
                LrUnit::Epoch => 12,
                LrUnit::Step => 12 * p.steps_per_epoch(cfg.batch_size),
            };
            let lr = move |i: usize| if i < switch { 0.1 } else { 1e4 };
            let full = p.train(&cfg, &lr).unwrap();
            let at = full.diverged_at.expect("diverges");
            assert!(
                at > 12,
                "diverges after several slices of 1 and 7 (at {at})"
            );
            for slice in [1, 7, 1000] {
                let h = sliced(&p, &cfg, &lr, slice, &full);
                assert_eq!(h, full, "{unit:?} momentum {momentum} slice {slice}");
            }
        }
    }
}

#[test]
fn a_run_can_own_its_data_and_records_epoch_zero_on_first_advance() {
    let cfg = TrainConfig {
        epochs: 5,
        ..TrainConfig::default()
    };
    let p = Arc::new(breast_cancer(cfg.split, cfg.seed));
    let full = p.train(&cfg, &|e| 0.2 + e as f64).unwrap();
    // A `'static` owner (the page's store) keeps an `Arc<Prepared>` run.
    let mut run: TrainRun<Arc<Prepared>> = TrainRun::new(Arc::clone(&p), &cfg).unwrap();
    assert!(!run.advance(0, &|e| 0.2 + e as f64));
    assert_eq!(run.epochs_done(), 0);
    assert_eq!(run.history().records, full.records[..1]);
    assert_eq!(run.history().weights, vec![0.0; p.n_features()]);
    assert!(run.advance(usize::MAX, &|e| 0.2 + e as f64));
    assert_eq!(run.epochs_done(), cfg.epochs);
    assert_eq!(run.into_history(), full);

    // `new` checks the configuration like `train`.
    let bad = TrainConfig {
        batch_size: 0,
        ..cfg
    };
    assert_eq!(
        TrainRun::new(&*p, &bad).unwrap_err(),
        p.train(&bad, &|_| 0.1).unwrap_err()
    );
}

#[test]
fn a_kept_trace_holds_every_epochs_weights_and_changes_nothing() {
    let data = Dataset::by_name("moons").unwrap();
    let prepared = Arc::new(prepare(&data, Some(0.2), 3).unwrap());
    let cfg = TrainConfig {
        epochs: 12,
        ..TrainConfig::default()
    };
    let rate = |t: usize| 0.5 / (1.0 + t as f64);
    let mut plain = TrainRun::new(Arc::clone(&prepared), &cfg).unwrap();
    while !plain.advance(5, &rate) {}
    let mut traced = TrainRun::new(Arc::clone(&prepared), &cfg)
        .unwrap()
        .keep_trace();
    while !traced.advance(5, &rate) {}
    assert!(plain.trace().is_none());
    let trace = traced.trace().unwrap().to_vec();
    let history = traced.into_history();
    assert_eq!(history, plain.into_history(), "the trace changes the run");
    let d = prepared.n_features();
    assert_eq!(trace.len(), (cfg.epochs + 1) * (d + 1));
    assert!(
        trace[..=d].iter().all(|&v| v == 0.0),
        "epoch 0 starts at zero"
    );
    let last = &trace[cfg.epochs * (d + 1)..];
    assert_eq!(&last[..d], history.weights.as_slice());
    assert_eq!(last[d], history.bias);
}
