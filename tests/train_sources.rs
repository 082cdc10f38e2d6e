//! The trainer's rate sources (`anneal::train::RateSource`): stateful sources advanced in
//! slices equal one-shot training bit for bit; momentum set per step follows PyTorch's SGD;
//! ReduceLROnPlateau on the live loss equals `ReduceLROnPlateau::lrs(recorded metrics)`; the
//! test-split loss of each record.

use anneal::schedule::torch::{OneCycleLR, ReduceLROnPlateau};
use anneal::train::{
    model, prepare, Dataset, History, LrUnit, PlateauMetric, PlateauRates, Prepared, RateSequence,
    RateSource, StepRate, TrainConfig, TrainRun,
};

fn breast_cancer(split: Option<f64>, seed: u64) -> Prepared {
    prepare(&Dataset::breast_cancer(), split, seed).expect("breast_cancer prepares")
}

/// Every number of a history, as bits (so 0.0 and -0.0, or two NaNs, are told apart).
fn bits(h: &History) -> Vec<u64> {
    h.records
        .iter()
        .flat_map(|r| {
            [
                r.lr,
                r.train_objective,
                r.train_accuracy,
                r.test_accuracy.unwrap_or(-1.0),
                r.test_loss.unwrap_or(-1.0),
            ]
        })
        .chain(h.weights.iter().copied())
        .chain([h.bias])
        .map(f64::to_bits)
        .collect()
}

/// Trains with a fresh source from `make` in one go, and again in slices of 1, 7 and 1000
/// epochs (a fresh source each time); every result must be bit-identical, and each source
/// must end in the same state. Returns the one-shot history and its source.
fn one_shot_equals_sliced<S: RateSource + Clone + PartialEq + std::fmt::Debug>(
    p: &Prepared,
    cfg: &TrainConfig,
    make: impl Fn() -> S,
) -> (History, S) {
    let mut src = make();
    let full = p.train(cfg, &mut src).unwrap();
    for slice in [1, 7, 1000] {
        let mut s = make();
        let mut run = TrainRun::new(p, cfg).unwrap();
        let mut calls = 0;
        while !run.advance(slice, &mut s) {
            calls += 1;
            assert_eq!(run.epochs_done(), (calls * slice).min(cfg.epochs));
        }
        let h = run.into_history();
        assert_eq!(bits(&h), bits(&full), "{:?} slice {slice}", cfg.unit);
        assert_eq!(h.diverged_at, full.diverged_at);
        assert_eq!(s, src, "source state, slice {slice}");
    }
    (full, src)
}

#[test]
fn plateau_on_the_live_loss_equals_lrs_of_the_recorded_metrics() {
    let p = breast_cancer(Some(0.2), 1);
    let mut plateau = ReduceLROnPlateau::with_defaults(2.0);
    // Reduces several times within 40 epochs of breast cancer at lr 2.
    (plateau.patience, plateau.factor, plateau.threshold) = (1, 0.5, 1e-3);
    for unit in [LrUnit::Epoch, LrUnit::Step] {
        for metric in [PlateauMetric::TrainObjective, PlateauMetric::TestLoss] {
            let cfg = TrainConfig {
                epochs: 40,
                unit,
                ..TrainConfig::default()
            };
            let (h, src) = one_shot_equals_sliced(&p, &cfg, || {
                PlateauRates::new(plateau.clone(), metric.clone(), &p).unwrap()
            });
            assert_eq!(h.diverged_at, None);
            // One metric per completed epoch: that epoch's end-of-epoch value.
            let expect: Vec<f64> = h.records[1..]
                .iter()
                .map(|r| match metric {
                    PlateauMetric::TestLoss => r.test_loss.unwrap(),
                    _ => r.train_objective,
                })
                .collect();
            assert_eq!(src.metrics(), &expect[..]);
            // The rates used equal the batch form on those metrics, bit for bit: epoch k
            // (from 1) used lrs[k - 1], in either unit (the record's lr is the epoch's last
            // step's rate, and every step of an epoch uses the same plateau lr).
            let lrs = plateau.lrs(src.metrics());
            assert_eq!(src.lrs(), &lrs[..]);
            let used: Vec<u64> = h.records.iter().map(|r| r.lr.to_bits()).collect();
            let want: Vec<u64> = std::iter::once(lrs[0])
                .chain(lrs[..cfg.epochs].iter().copied())
                .map(f64::to_bits)
                .collect();
            assert_eq!(used, want, "{unit:?} {metric:?}");
            let reductions = lrs.windows(2).filter(|w| w[1] < w[0]).count();
            assert!(reductions >= 2, "{unit:?} {metric:?}: {lrs:?}");

            // Replaying the recorded metrics (a spec that carries them) gives the same run.
            let replay = PlateauMetric::Replay(src.metrics().to_vec());
            let (h2, src2) = one_shot_equals_sliced(&p, &cfg, || {
                PlateauRates::new(plateau.clone(), replay.clone(), &p).unwrap()
            });
            assert_eq!(bits(&h2), bits(&h));
            assert_eq!(src2.metrics(), src.metrics());
        }
    }
    // The test loss needs a test split.
    let none = breast_cancer(None, 0);
    let e = PlateauRates::new(plateau.clone(), PlateauMetric::TestLoss, &none).unwrap_err();
    assert!(e.to_string().contains("plateau_metric"), "{e}");
}

#[test]
fn one_cycle_momentum_sequences_slice_bit_for_bit() {
    let p = breast_cancer(Some(0.2), 0);
    for unit in [LrUnit::Epoch, LrUnit::Step] {
        let cfg = TrainConfig {
            epochs: 30,
            unit,
            ..TrainConfig::default()
        };
        let n = match unit {
            LrUnit::Epoch => cfg.epochs,
            LrUnit::Step => cfg.epochs * p.steps_per_epoch(cfg.batch_size),
        };
        let ev = OneCycleLR::with_defaults(0.5, n as u64)
            .evaluate(n)
            .unwrap();
        let momentum = ev.momentum.clone().expect("OneCycleLR cycles momentum");
        assert!(momentum.iter().any(|&m| m != momentum[0]));
        let (with, _) =
            one_shot_equals_sliced(&p, &cfg, || RateSequence::new(&ev.lr, Some(&momentum)));
        let without = p.train(&cfg, &mut RateSequence::new(&ev.lr, None)).unwrap();
        assert_ne!(
            with.weights, without.weights,
            "{unit:?}: the momentum changes the run"
        );
    }
}

/// A source that gives fixed (lr, momentum) pairs per step.
struct Steps(Vec<StepRate>);

impl RateSource for Steps {
    fn rate(&mut self, t: usize) -> StepRate {
        self.0[t]
    }
}

#[test]
fn momentum_set_per_step_follows_pytorch_sgd() {
    // torch/optim/sgd.py `_single_tensor_sgd` (dampening 0, no nesterov), with a scheduler
    // writing group["momentum"] before each step:
    //   d_p = g (+ weight_decay·p);  if momentum != 0:
    //     buf = clone(d_p) on the first such step, else buf = momentum·buf + d_p;  d_p = buf
    //   p = p − lr·d_p.
    // Full batch (no shuffle), one step per epoch. Step 1 has momentum 0 (the buffer is not
    // started), step 2 starts it from its own gradient, steps 3–4 change μ.
    let p = breast_cancer(Some(0.25), 4);
    let l2 = 0.03;
    let plan = [
        StepRate {
            lr: 0.4,
            momentum: Some(0.0),
        },
        StepRate {
            lr: 0.3,
            momentum: Some(0.9),
        },
        StepRate {
            lr: 0.2,
            momentum: Some(0.5),
        },
        StepRate {
            lr: 0.1,
            momentum: None,
        }, // the configuration's momentum, 0.7
    ];
    let cfg = TrainConfig {
        epochs: plan.len(),
        batch_size: usize::MAX,
        l2,
        momentum: 0.7,
        unit: LrUnit::Step,
        ..TrainConfig::default()
    };
    let h = p.train(&cfg, &mut Steps(plan.to_vec())).unwrap();

    let d = p.n_features();
    let (mut w, mut b) = (vec![0.0; d], 0.0);
    let mut buf: Option<(Vec<f64>, f64)> = None;
    for (k, s) in plan.iter().enumerate() {
        let (gw, gb) = p.gradient(&w, b, l2);
        let mu = s.momentum.unwrap_or(cfg.momentum);
        let (dw, db) = if mu != 0.0 {
            let next = match buf.take() {
                None => (gw.clone(), gb),
                Some((bw, bb)) => (
                    bw.iter().zip(&gw).map(|(v, g)| mu * v + g).collect(),
                    mu * bb + gb,
                ),
            };
            buf = Some(next.clone());
            next
        } else {
            (gw, gb)
        };
        w.iter_mut().zip(&dw).for_each(|(wj, dj)| *wj -= s.lr * dj);
        b -= s.lr * db;
        let r = &h.records[k + 1];
        assert_eq!(r.lr, s.lr);
        let f = p.objective(&w, b, l2);
        assert!(
            (r.train_objective - f).abs() <= 1e-13 * f,
            "step {}: {} vs {f}",
            k + 1,
            r.train_objective
        );
    }
    for (a, e) in h.weights.iter().zip(&w) {
        assert!((a - e).abs() <= 1e-12 * (1.0 + e.abs()), "{a} vs {e}");
    }
    assert!((h.bias - b).abs() <= 1e-12 * (1.0 + b.abs()));
}

#[test]
fn records_carry_the_test_loss_without_the_l2_term() {
    let p = breast_cancer(Some(0.2), 0);
    let cfg = TrainConfig {
        epochs: 3,
        l2: 0.5,
        ..TrainConfig::default()
    };
    let h = p.train(&cfg, &|_| 0.1).unwrap();
    let t: Vec<f64> = p.test_y().iter().map(|y| 2.0 * y - 1.0).collect();
    let last = h.records.last().unwrap();
    let expect = model::objective(p.test_x(), &t, &h.weights, h.bias, 0.0);
    assert!(
        (last.test_loss.unwrap() - expect).abs() <= 1e-14,
        "{last:?} vs {expect}"
    );
    // At zero weights every sample's loss is log 2.
    assert!((h.records[0].test_loss.unwrap() - std::f64::consts::LN_2).abs() < 1e-15);
    let none = breast_cancer(None, 0).train(&cfg, &|_| 0.1).unwrap();
    assert!(none.records.iter().all(|r| r.test_loss.is_none()));
}

/// `reference_fingerprint()` computed natively. The wasm test (tests/web.rs) asserts the same
/// value, so a run is bit-identical in wasm and natively; this test pins it natively (and both
/// the AVX and the scalar kernels give it: `model`'s unit tests check they agree bit for bit).
/// Update it only when the trainer's arithmetic changes on purpose.
const REFERENCE_FINGERPRINT: u64 = 0xc5e5_18c0_9b4b_c7fb;

#[test]
fn the_reference_run_has_its_pinned_fingerprint() {
    let f = anneal::train::reference_fingerprint().unwrap();
    assert_eq!(f, REFERENCE_FINGERPRINT, "{f:#018x}");
    // The fingerprint sees a one-ulp change of a single weight.
    let p = breast_cancer(Some(0.2), 0);
    let cfg = TrainConfig {
        epochs: 2,
        ..TrainConfig::default()
    };
    let h = p.train(&cfg, &|_| 0.1).unwrap();
    let mut g = h.clone();
    g.weights[3] = f64::from_bits(g.weights[3].to_bits() + 1);
    assert_ne!(h.fingerprint(), g.fingerprint());
    assert_eq!(h.fingerprint(), h.clone().fingerprint());
}
