//! The LR range test (`anneal::train::lr_range_test`): its rates, the recorded mini-batch
//! losses against the trainer's own numbers, fastai's smoothing and 4× stop rule, the
//! suggestions on breast_cancer, determinism, and the checked settings.

use anneal::train::{
    lr_range_test, prepare, Dataset, LrUnit, Prepared, RangeStop, RangeTest, RangeTestConfig,
    TrainConfig, TrainError, RANGE_TEST_STEPS,
};

fn breast_cancer() -> Prepared {
    prepare(&Dataset::breast_cancer(), Some(0.2), 0).unwrap()
}

fn run(p: &Prepared, cfg: &TrainConfig) -> RangeTest {
    lr_range_test(p, cfg, &RangeTestConfig::default()).unwrap()
}

#[test]
fn rates_grow_exponentially_from_1e_7_to_10() {
    let test = RangeTestConfig::default();
    assert_eq!(test.steps, RANGE_TEST_STEPS);
    assert_eq!(RANGE_TEST_STEPS, 200);
    assert_eq!(test.rate(0), 1e-7);
    assert!((test.rate(199) - 10.0).abs() < 1e-12, "{}", test.rate(199));
    let ratio = 10f64.powf(8.0 / 199.0);
    for i in 1..200 {
        let r = test.rate(i) / test.rate(i - 1);
        assert!((r - ratio).abs() < 1e-12, "step {i}: ratio {r}");
    }
    // The recorded rates are these.
    let p = breast_cancer();
    let out = run(&p, &TrainConfig::default());
    for (i, &r) in out.rates.iter().enumerate() {
        assert_eq!(r, test.rate(i), "step {i}");
    }
}

#[test]
fn losses_are_the_trainers_objective_before_each_step() {
    // Full batch: each step's batch is the whole training split, and the loss before step
    // i + 1 is the objective TrainRun records after epoch i + 1 (one step per epoch).
    let p = breast_cancer();
    let cfg = TrainConfig {
        batch_size: p.n_train(),
        ..TrainConfig::default()
    };
    let test = RangeTestConfig::default();
    let out = lr_range_test(&p, &cfg, &test).unwrap();
    let ln2 = std::f64::consts::LN_2;
    assert!(
        (out.losses[0] - ln2).abs() < 1e-13,
        "log 2 at zero weights (summed over the rows)"
    );
    let epochs = out.losses.len();
    let history = p
        .train(
            &TrainConfig {
                epochs,
                unit: LrUnit::Step,
                ..cfg.clone()
            },
            &|i| test.rate(i),
        )
        .unwrap();
    for i in 0..epochs {
        let recorded = history.records[i].train_objective;
        assert_eq!(out.losses[i].to_bits(), recorded.to_bits(), "step {i}");
    }
}

#[test]
fn smoothing_is_fastais_bias_corrected_average() {
    let out = run(&breast_cancer(), &TrainConfig::default());
    let beta: f64 = 0.98;
    let mut avg = 0.0;
    for (i, (&loss, &s)) in out.losses.iter().zip(&out.smoothed).enumerate() {
        avg = beta * avg + (1.0 - beta) * loss;
        let expected = avg / (1.0 - beta.powi(i as i32 + 1));
        assert!((s - expected).abs() <= 1e-12 * expected, "step {i}");
    }
    // The first smoothed value is the first loss itself (bias correction).
    assert!((out.smoothed[0] - out.losses[0]).abs() < 1e-15);
}

#[test]
fn it_stops_at_four_times_the_minimum() {
    // With λ = 1 the weight decay alone is unstable once lr · λ > 2 (|1 − lr λ| > 1): the
    // loss explodes near the end of the range, with or without momentum.
    let p = breast_cancer();
    for momentum in [0.0, 0.9] {
        let cfg = TrainConfig {
            momentum,
            l2: 1.0,
            ..TrainConfig::default()
        };
        let out = run(&p, &cfg);
        assert_eq!(
            out.stopped,
            Some(RangeStop::Exploded),
            "momentum {momentum}"
        );
        let n = out.smoothed.len();
        assert!(n < RANGE_TEST_STEPS && n > 100, "{n} steps");
        assert_eq!((out.rates.len(), out.losses.len()), (n, n));
        let mut best = f64::INFINITY;
        for (i, &s) in out.smoothed.iter().enumerate() {
            best = best.min(s);
            // Only the last point is beyond 4 × the minimum so far.
            assert_eq!(s > 4.0 * best, i == n - 1, "step {i}: {s} vs best {best}");
        }
    }
    // With the default λ = 0.01 the loss still falls at lr = 10 (the logistic gradient is
    // bounded, so large rates oscillate instead of exploding): every step runs.
    let out = run(&p, &TrainConfig::default());
    assert_eq!((out.stopped, out.rates.len()), (None, RANGE_TEST_STEPS));
    let best = out.smoothed.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(out.smoothed.iter().all(|&s| s <= 4.0 * best));
}

#[test]
fn suggestions_are_sensible_on_breast_cancer() {
    let p = breast_cancer();
    for (batch_size, momentum) in [(32, 0.0), (32, 0.9), (8, 0.0), (455, 0.0)] {
        let cfg = TrainConfig {
            batch_size,
            momentum,
            ..TrainConfig::default()
        };
        let out = run(&p, &cfg);
        let at = format!("batch {batch_size} momentum {momentum}");
        let steep = out.steepest.expect("a steepest point");
        let min10 = out.minimum_over_10.expect("a minimum");
        for lr in [steep.lr, min10.lr] {
            assert!((1e-3..=10.0).contains(&lr), "{at}: {lr}");
            assert!(
                lr >= out.rates[0] / 10.0 && lr <= *out.rates.last().unwrap(),
                "{at}"
            );
        }
        // Each is read from the point it names.
        assert_eq!(steep.lr, out.rates[steep.index]);
        assert_eq!(min10.lr, out.rates[min10.index] / 10.0);
        // The minimum is the lowest smoothed loss of the window (the first tenth of the
        // steps and the last five points left out), and the loss falls at the steepest point.
        let window = &out.smoothed[RANGE_TEST_STEPS / 10..out.smoothed.len() - 5];
        let lowest = window.iter().copied().fold(f64::INFINITY, f64::min);
        assert_eq!(out.smoothed[min10.index], lowest, "{at}");
        assert!(
            out.smoothed[steep.index + 1] < out.smoothed[steep.index],
            "{at}"
        );
        assert!(
            steep.index < min10.index,
            "{at}: the descent comes before the bottom"
        );
        // Training at the suggested rate works (loss well below log 2 after 20 epochs).
        let h = p
            .train(
                &TrainConfig {
                    epochs: 20,
                    ..cfg.clone()
                },
                &|_| steep.lr,
            )
            .unwrap();
        assert!(
            h.final_objective().unwrap() < 0.2,
            "{at}: {:?}",
            h.final_objective()
        );
    }
}

#[test]
fn the_range_test_is_deterministic() {
    let p = breast_cancer();
    let cfg = TrainConfig::default();
    let bits = |r: &RangeTest| -> Vec<u64> {
        r.rates
            .iter()
            .chain(&r.losses)
            .chain(&r.smoothed)
            .map(|v| v.to_bits())
            .collect()
    };
    let a = run(&p, &cfg);
    let b = run(&p, &cfg);
    assert_eq!(a, b);
    assert_eq!(bits(&a), bits(&b));
    let c = run(&p, &TrainConfig { seed: 1, ..cfg });
    assert_ne!(a.losses, c.losses, "another seed, other batches");
}

#[test]
fn settings_are_checked() {
    let p = breast_cancer();
    let base = RangeTestConfig::default();
    assert_eq!(base.check(), Ok(()));
    for (bad, field) in [
        (
            RangeTestConfig {
                start_lr: 0.0,
                ..base
            },
            "start_lr",
        ),
        (
            RangeTestConfig {
                start_lr: f64::NAN,
                ..base
            },
            "start_lr",
        ),
        (
            RangeTestConfig {
                end_lr: 1e-8,
                ..base
            },
            "end_lr",
        ),
        (
            RangeTestConfig {
                end_lr: f64::INFINITY,
                ..base
            },
            "end_lr",
        ),
        (RangeTestConfig { steps: 5, ..base }, "steps"),
        (RangeTestConfig { beta: 1.0, ..base }, "beta"),
        (
            RangeTestConfig {
                stop_factor: 1.0,
                ..base
            },
            "stop_factor",
        ),
    ] {
        match lr_range_test(&p, &TrainConfig::default(), &bad) {
            Err(TrainError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let bad = TrainConfig {
        batch_size: 0,
        ..TrainConfig::default()
    };
    assert!(matches!(
        lr_range_test(&p, &bad, &base),
        Err(TrainError::Invalid {
            field: "batch_size",
            ..
        })
    ));
}
