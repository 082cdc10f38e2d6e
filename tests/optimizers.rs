//! The optimizers of `anneal::train` (issue "Classroom"): the first steps of SGD with Nesterov
//! momentum, Adam and AdamW against the update rules of PyTorch's `torch/optim/sgd.py`,
//! `adam.py` and `adamw.py`, written out here step by step; a schedule's momentum as Adam's β₁;
//! PyTorch's argument checks; sliced runs bit-identical to one-shot runs.
//!
//! Full batch (`batch_size` ≥ n: one step per epoch, no shuffle), so step k's gradient is
//! `Prepared::gradient` at the weights after step k − 1 (that gradient is checked against
//! finite differences in tests/train.rs).

use anneal::train::{
    prepare, Dataset, History, LrUnit, Optimizer, Prepared, RateSequence, TrainConfig, TrainRun,
};

fn data() -> Prepared {
    prepare(&Dataset::breast_cancer(), Some(0.2), 5).expect("prepares")
}

fn full_batch(epochs: usize, l2: f64, optimizer: Optimizer, momentum: f64) -> TrainConfig {
    TrainConfig {
        epochs,
        batch_size: usize::MAX,
        l2,
        momentum,
        optimizer,
        unit: LrUnit::Step,
        ..TrainConfig::default()
    }
}

fn assert_close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-13 * (1.0 + want.abs()),
        "{what}: {got} vs {want}"
    );
}

/// Checks every record's objective and the final weights against the hand-run (w, b) after
/// each step.
fn check(p: &Prepared, h: &History, l2: f64, steps: &[(Vec<f64>, f64)]) {
    assert_eq!(h.records.len(), steps.len() + 1);
    for (k, (w, b)) in steps.iter().enumerate() {
        assert_close(
            h.records[k + 1].train_objective,
            p.objective(w, *b, l2),
            &format!("objective after step {}", k + 1),
        );
    }
    let (w, b) = steps.last().unwrap();
    for (j, (got, want)) in h.weights.iter().zip(w).enumerate() {
        assert_close(*got, *want, &format!("w[{j}]"));
    }
    assert_close(h.bias, *b, "b");
}

#[test]
fn sgd_nesterov_follows_torch_sgd() {
    // torch/optim/sgd.py, dampening 0, nesterov=True, weight_decay λ on w:
    //   d = g + λw;  buf = d (first step) else buf = μ·buf + d;  d = d + μ·buf;  p = p − lr·d.
    let p = data();
    let (lr, mu, l2) = (0.1, 0.9, 0.02);
    let cfg = full_batch(3, l2, Optimizer::Sgd { nesterov: true }, mu);
    let h = p.train(&cfg, &|_| lr).unwrap();
    let d = p.n_features();
    let (mut w, mut b) = (vec![0.0; d], 0.0);
    let (mut bw, mut bb): (Option<Vec<f64>>, f64) = (None, 0.0);
    let mut steps = Vec::new();
    for _ in 0..3 {
        let (gw, gb) = p.gradient(&w, b, l2);
        let buf: Vec<f64> = match &bw {
            None => gw.clone(),
            Some(v) => v.iter().zip(&gw).map(|(v, g)| mu * v + g).collect(),
        };
        bb = if bw.is_none() { gb } else { mu * bb + gb };
        for j in 0..d {
            w[j] -= lr * (gw[j] + mu * buf[j]);
        }
        b -= lr * (gb + mu * bb);
        bw = Some(buf);
        steps.push((w.clone(), b));
    }
    check(&p, &h, l2, &steps);
    // Step 1 in closed form: buf = g₀, so w₁ = −lr·(1 + μ)·g₀.
    let (g0, _) = p.gradient(&vec![0.0; d], 0.0, l2);
    let one = p
        .train(&full_batch(1, l2, cfg.optimizer, mu), &|_| lr)
        .unwrap();
    for (w1, g) in one.weights.iter().zip(&g0) {
        assert_close(*w1, -0.19 * g, "w1 = -lr (1 + mu) g0");
    }
    // Nesterov differs from heavy-ball momentum from step 1 on.
    let heavy = p
        .train(
            &full_batch(1, l2, Optimizer::Sgd { nesterov: false }, mu),
            &|_| lr,
        )
        .unwrap();
    assert_ne!(heavy.weights, one.weights);
}

/// Adam's moments for one parameter (torch/optim/adam.py `_single_tensor_adam`).
#[derive(Default, Clone)]
struct Moments {
    m: f64,
    v: f64,
}

/// One Adam update of parameter `p` with gradient `g` at step `t` (from 1):
///   m = lerp(m, g, 1 − β₁)   (torch.lerp: weight < 0.5 → m + w·(g − m))
///   v = β₂·v + (1 − β₂)·g·g
///   p = p − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)
fn adam_update(p: &mut f64, s: &mut Moments, g: f64, t: i32, lr: f64, beta1: f64) {
    let (beta2, eps) = (0.999, 1e-8);
    let w = 1.0 - beta1;
    s.m = if w < 0.5 {
        s.m + w * (g - s.m)
    } else {
        g - (g - s.m) * (1.0 - w)
    };
    s.v = s.v * beta2 + (1.0 - beta2) * g * g;
    let step_size = lr / (1.0 - beta1.powi(t));
    let denom = s.v.sqrt() / (1.0 - beta2.powi(t)).sqrt() + eps;
    *p += -step_size * s.m / denom;
}

/// Runs Adam (decoupled = false) or AdamW (true) by hand for `betas1.len()` full-batch steps.
fn adam_by_hand(
    p: &Prepared,
    lr: f64,
    l2: f64,
    decoupled: bool,
    betas1: &[f64],
) -> Vec<(Vec<f64>, f64)> {
    let d = p.n_features();
    let (mut w, mut b) = (vec![0.0; d], 0.0);
    let (mut sw, mut sb) = (vec![Moments::default(); d], Moments::default());
    let mut steps = Vec::new();
    for (k, &beta1) in betas1.iter().enumerate() {
        // Adam: the gradient of loss + (λ/2)‖w‖² (weight_decay adds λw);
        // AdamW: the loss gradient, and p ← p·(1 − lr·λ) first (w only).
        let (gw, gb) = p.gradient(&w, b, if decoupled { 0.0 } else { l2 });
        if decoupled {
            w.iter_mut().for_each(|x| *x *= 1.0 - lr * l2);
        }
        let t = k as i32 + 1;
        for j in 0..d {
            adam_update(&mut w[j], &mut sw[j], gw[j], t, lr, beta1);
        }
        adam_update(&mut b, &mut sb, gb, t, lr, beta1);
        steps.push((w.clone(), b));
    }
    steps
}

#[test]
fn adam_follows_torch_adam() {
    let p = data();
    let (lr, l2) = (0.01, 0.02);
    let cfg = full_batch(3, l2, Optimizer::ADAM, 0.0);
    let h = p.train(&cfg, &|_| lr).unwrap();
    check(&p, &h, l2, &adam_by_hand(&p, lr, l2, false, &[0.9; 3]));
    // Step 1 in closed form: m = (1 − β₁)g, v = (1 − β₂)g², so the bias corrections cancel
    // and w₁ = −lr·g / (|g| + ε): a step of almost exactly lr against the gradient's sign.
    let one = p
        .train(&full_batch(1, l2, Optimizer::ADAM, 0.0), &|_| lr)
        .unwrap();
    let (g0, gb0) = p.gradient(&vec![0.0; p.n_features()], 0.0, l2);
    for (w1, g) in one.weights.iter().zip(&g0) {
        assert_close(*w1, -lr * g / (g.abs() + 1e-8), "w1 = -lr g / (|g| + eps)");
    }
    assert_close(one.bias, -lr * gb0 / (gb0.abs() + 1e-8), "b1");
}

#[test]
fn adamw_decays_the_weights_apart_from_the_gradient() {
    let p = data();
    let (lr, l2) = (0.01, 0.5);
    let cfg = full_batch(3, l2, Optimizer::ADAMW, 0.0);
    let h = p.train(&cfg, &|_| lr).unwrap();
    check(&p, &h, l2, &adam_by_hand(&p, lr, l2, true, &[0.9; 3]));
    // Step 1 from w = 0: the decay multiplies zeros, and the loss gradient has no λ term, so
    // AdamW's first step is Adam's with λ = 0.
    let adamw1 = p
        .train(&full_batch(1, l2, Optimizer::ADAMW, 0.0), &|_| lr)
        .unwrap();
    let adam1 = p
        .train(&full_batch(1, 0.0, Optimizer::ADAM, 0.0), &|_| lr)
        .unwrap();
    assert_eq!(adamw1.weights, adam1.weights);
    // From step 2 on the decoupled decay differs from Adam's L2 gradient.
    let adam = p
        .train(&full_batch(3, l2, Optimizer::ADAM, 0.0), &|_| lr)
        .unwrap();
    assert_ne!(adam.weights, h.weights);
}

#[test]
fn a_schedules_momentum_is_adams_beta1() {
    // OneCycleLR / CyclicLR with cycle_momentum write group["betas"] = (m, β₂) before each
    // step; the bias correction then uses that step's β₁: 1 − β₁ᵗ.
    let p = data();
    let (lr, l2) = (0.01, 0.02);
    let betas1 = [0.95, 0.85, 0.9];
    let rates = [lr; 3];
    let cfg = full_batch(3, l2, Optimizer::ADAM, 0.0);
    let h = p
        .train(&cfg, &mut RateSequence::new(&rates, Some(&betas1)))
        .unwrap();
    check(&p, &h, l2, &adam_by_hand(&p, lr, l2, false, &betas1));
}

#[test]
fn pytorchs_argument_rules_are_applied() {
    let bad = |cfg: TrainConfig| match cfg.check() {
        Err(anneal::train::TrainError::Invalid { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    let base = TrainConfig::default();
    let nesterov = TrainConfig {
        optimizer: Optimizer::Sgd { nesterov: true },
        ..base.clone()
    };
    assert_eq!(bad(nesterov.clone()), "nesterov");
    assert!(TrainConfig {
        momentum: 0.9,
        ..nesterov
    }
    .check()
    .is_ok());
    let adam = TrainConfig {
        optimizer: Optimizer::ADAM,
        ..base.clone()
    };
    assert!(adam.check().is_ok());
    assert_eq!(
        bad(TrainConfig {
            momentum: 0.9,
            ..adam.clone()
        }),
        "momentum"
    );
    for betas in [(1.0, 0.999), (0.9, -0.1), (f64::NAN, 0.9)] {
        let cfg = TrainConfig {
            optimizer: Optimizer::AdamW { betas, eps: 1e-8 },
            ..base.clone()
        };
        assert_eq!(bad(cfg), "betas", "{betas:?}");
    }
    let cfg = TrainConfig {
        optimizer: Optimizer::Adam {
            betas: (0.9, 0.999),
            eps: -1.0,
        },
        ..base
    };
    assert_eq!(bad(cfg), "eps");
}

#[test]
fn every_optimizer_slices_bit_for_bit_and_adam_nears_the_optimum() {
    let p = data();
    let optimum = p.optimum(0.01).unwrap();
    for (optimizer, momentum, lr) in [
        (Optimizer::Sgd { nesterov: true }, 0.9, 0.05),
        (Optimizer::ADAM, 0.0, 0.01),
        (Optimizer::ADAMW, 0.0, 0.01),
    ] {
        let cfg = TrainConfig {
            epochs: 60,
            optimizer,
            momentum,
            ..TrainConfig::default()
        };
        let rate = |e: usize| lr / (1.0 + e as f64 / 30.0);
        let full = p.train(&cfg, &rate).unwrap();
        assert_eq!(full.diverged_at, None, "{optimizer:?}");
        for slice in [1, 7] {
            let mut run = TrainRun::new(&p, &cfg).unwrap();
            while !run.advance(slice, &rate) {}
            assert_eq!(
                run.into_history().fingerprint(),
                full.fingerprint(),
                "{optimizer:?} slice {slice}"
            );
        }
        let last = full.final_objective().unwrap();
        assert!(last >= optimum, "{optimizer:?}: {last} < {optimum}");
        if optimizer == Optimizer::ADAM {
            assert!(last - optimum < 2e-3, "Adam: {last} vs optimum {optimum}");
        }
    }
}
