//! The optimizers: PyTorch's `torch.optim.SGD` (momentum, dampening 0, Nesterov), `Adam` and
//! `AdamW`, one step at a time on the weights w (regularized) and the bias b (not), with the
//! update rules of `torch/optim/sgd.py`, `adam.py` and `adamw.py` (`_single_tensor_*`, the
//! for-loop implementation).
//!
//! How λ = [`TrainConfig::l2`](super::TrainConfig::l2) maps (the bias is in a parameter group
//! with `weight_decay = 0` throughout):
//! - SGD and Adam: `weight_decay = λ` on w, which adds λ·w to the gradient (L2), so both
//!   descend the objective f = loss + (λ/2)‖w‖² whose minimum `--optimum` prints.
//! - AdamW: `weight_decay = λ` on w, *decoupled*: w ← w·(1 − lr·λ) before the Adam step on the
//!   loss gradient alone. This is not a gradient method on f: AdamW does not converge to f's
//!   minimum (its fixed points depend on the rate and on Adam's normalization), so the
//!   objective it reaches can stay above the optimum line. λ = 0.01 is AdamW's own default.
//!
//! Arithmetic is plain f64 (no fused multiply-add), in the order PyTorch's scalar code reads:
//! `lerp` as `torch.lerp`'s (weight < 0.5: a + w·(b − a), else b − (b − a)·(1 − w)),
//! `addcmul` as v + (c·g)·g, `addcdiv` as p + (c·m)/d, β^t by `libm::pow` (the same bits
//! everywhere). PyTorch's vectorised CPU kernels may fuse some of these; the results then
//! agree to rounding, not bit for bit.

use super::model;

/// The optimizer of a training run and its hyper-parameters (PyTorch's names and defaults).
/// The learning rate comes from the schedule; SGD's momentum from
/// [`TrainConfig::momentum`](super::TrainConfig::momentum); a schedule's per-step momentum
/// ([`StepRate::momentum`](super::StepRate::momentum)) overrides SGD's momentum or Adam's β₁,
/// as OneCycleLR and CyclicLR (`cycle_momentum`) write `group["momentum"]` or
/// `group["betas"]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Optimizer {
    /// `torch.optim.SGD(params, lr, momentum, dampening=0, weight_decay=λ, nesterov)`:
    /// d = g + λw; with μ ≠ 0, buf ← d on the first such step, else buf ← μ·buf + d, and
    /// d ← d + μ·buf (Nesterov) or d ← buf; p ← p − lr·d. Nesterov needs μ > 0 (PyTorch:
    /// "Nesterov momentum requires a momentum and zero dampening").
    Sgd {
        /// Nesterov momentum (default false).
        nesterov: bool,
    },
    /// `torch.optim.Adam(params, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=λ)`: with
    /// step t (from 1) and g = ∇loss + λw: m ← lerp(m, g, 1 − β₁), v ← β₂·v + (1 − β₂)·g²,
    /// p ← p − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε); m and v start at 0.
    Adam {
        /// (β₁, β₂), each in [0, 1).
        betas: (f64, f64),
        /// ε ≥ 0.
        eps: f64,
    },
    /// `torch.optim.AdamW(params, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=λ)`:
    /// p ← p·(1 − lr·λ) (w only), then Adam's step with g = ∇loss (no L2 term in g).
    AdamW {
        /// (β₁, β₂), each in [0, 1).
        betas: (f64, f64),
        /// ε ≥ 0.
        eps: f64,
    },
}

impl Default for Optimizer {
    /// Plain SGD (what `anneal train` always used): `Sgd { nesterov: false }`.
    fn default() -> Self {
        Optimizer::Sgd { nesterov: false }
    }
}

impl Optimizer {
    /// `torch.optim.Adam`'s defaults: betas (0.9, 0.999), eps 1e-8.
    pub const ADAM: Optimizer = Optimizer::Adam {
        betas: (0.9, 0.999),
        eps: 1e-8,
    };

    /// `torch.optim.AdamW`'s defaults: betas (0.9, 0.999), eps 1e-8 (its weight_decay default
    /// 0.01 is [`TrainConfig::l2`](super::TrainConfig::l2)'s default too).
    pub const ADAMW: Optimizer = Optimizer::AdamW {
        betas: (0.9, 0.999),
        eps: 1e-8,
    };

    /// This step's SGD μ or Adam β₁ when the schedule does not set one: `cfg_momentum` for
    /// SGD, β₁ for Adam and AdamW.
    pub(crate) fn default_momentum(&self, cfg_momentum: f64) -> f64 {
        match self {
            Optimizer::Sgd { .. } => cfg_momentum,
            Optimizer::Adam { betas, .. } | Optimizer::AdamW { betas, .. } => betas.0,
        }
    }

    /// The L2 strength to put in the gradient: λ, except for AdamW (decoupled decay), 0.
    pub(crate) fn gradient_l2(&self, l2: f64) -> f64 {
        match self {
            Optimizer::AdamW { .. } => 0.0,
            _ => l2,
        }
    }
}

/// The optimizer's state across steps (PyTorch's `optimizer.state`): SGD's momentum buffer,
/// or Adam's moments and step count; for w and for b.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OptimizerState {
    /// SGD `momentum_buffer` / Adam `exp_avg` for w, and for b.
    mw: Vec<f64>,
    mb: f64,
    /// Adam `exp_avg_sq` for w, and for b (unused by SGD).
    sw: Vec<f64>,
    sb: f64,
    /// SGD: whether the momentum buffer exists yet. Adam: the step count t.
    started: bool,
    t: u64,
}

impl OptimizerState {
    /// The state before the first step, for `d` weights.
    pub(crate) fn new(d: usize) -> Self {
        OptimizerState {
            mw: vec![0.0; d],
            mb: 0.0,
            sw: vec![0.0; d],
            sb: 0.0,
            started: false,
            t: 0,
        }
    }

    /// One optimizer step on (w, b) with the mini-batch gradient (gw, gb) — gw already holds
    /// the L2 term when [`Optimizer::gradient_l2`] says so — at rate `lr`; `momentum` is SGD's
    /// μ or Adam's β₁ for this step; `l2` is λ (AdamW's decoupled weight decay).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn step(
        &mut self,
        opt: &Optimizer,
        lr: f64,
        momentum: f64,
        l2: f64,
        w: &mut [f64],
        b: &mut f64,
        gw: &[f64],
        gb: f64,
    ) {
        match *opt {
            Optimizer::Sgd { nesterov } => self.sgd(nesterov, lr, momentum, w, b, gw, gb),
            Optimizer::Adam { betas, eps } => {
                self.adam((momentum, betas.1), eps, lr, 0.0, w, b, gw, gb)
            }
            Optimizer::AdamW { betas, eps } => {
                self.adam((momentum, betas.1), eps, lr, l2, w, b, gw, gb)
            }
        }
    }

    /// `_single_tensor_sgd`, dampening 0.
    #[allow(clippy::too_many_arguments)]
    fn sgd(
        &mut self,
        nesterov: bool,
        lr: f64,
        mu: f64,
        w: &mut [f64],
        b: &mut f64,
        gw: &[f64],
        gb: f64,
    ) {
        if mu == 0.0 {
            // `if momentum != 0` guards the buffer: untouched here.
            model::descend(w, lr, gw);
            *b -= lr * gb;
            return;
        }
        if !self.started {
            // buf = torch.clone(d_p).
            self.started = true;
            self.mw.copy_from_slice(gw);
            self.mb = gb;
        } else if !nesterov {
            // buf.mul_(momentum).add_(d_p, alpha=1 - dampening); p.add_(buf, alpha=-lr).
            model::descend_momentum(w, &mut self.mw, mu, lr, gw);
            self.mb = mu * self.mb + gb;
            *b -= lr * self.mb;
            return;
        } else {
            for (m, g) in self.mw.iter_mut().zip(gw) {
                *m = mu * *m + g;
            }
            self.mb = mu * self.mb + gb;
        }
        if nesterov {
            // d_p = d_p.add(buf, alpha=momentum); p.add_(d_p, alpha=-lr).
            for ((p, g), m) in w.iter_mut().zip(gw).zip(&self.mw) {
                *p -= lr * (g + mu * m);
            }
            *b -= lr * (gb + mu * self.mb);
        } else {
            model::descend(w, lr, &self.mw);
            *b -= lr * self.mb;
        }
    }

    /// `_single_tensor_adam` (with `decoupled_weight_decay` for AdamW: `decay` = λ; for Adam
    /// the L2 term is already in `gw`).
    #[allow(clippy::too_many_arguments)]
    fn adam(
        &mut self,
        (beta1, beta2): (f64, f64),
        eps: f64,
        lr: f64,
        decay: f64,
        w: &mut [f64],
        b: &mut f64,
        gw: &[f64],
        gb: f64,
    ) {
        self.t += 1;
        let t = self.t as f64;
        // bias_correction1 = 1 - beta1 ** step, etc.; step_size = lr / bias_correction1.
        let bc1 = 1.0 - libm::pow(beta1, t);
        let bc2 = 1.0 - libm::pow(beta2, t);
        let step_size = lr / bc1;
        let bc2_sqrt = bc2.sqrt();
        let one_minus_b1 = 1.0 - beta1;
        let one_minus_b2 = 1.0 - beta2;
        let update = |p: &mut f64, m: &mut f64, v: &mut f64, g: f64| {
            *m = lerp(*m, g, one_minus_b1);
            // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            *v = *v * beta2 + one_minus_b2 * g * g;
            // denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
            let denom = v.sqrt() / bc2_sqrt + eps;
            // param.addcdiv_(exp_avg, denom, value=-step_size)
            *p += -step_size * *m / denom;
        };
        if decay != 0.0 {
            // param.mul_(1 - lr * weight_decay) (AdamW; w only).
            let f = 1.0 - lr * decay;
            w.iter_mut().for_each(|p| *p *= f);
        }
        for (((p, m), v), &g) in w.iter_mut().zip(&mut self.mw).zip(&mut self.sw).zip(gw) {
            update(p, m, v, g);
        }
        update(b, &mut self.mb, &mut self.sb, gb);
    }
}

/// `torch.lerp(start, end, weight)` as PyTorch's scalar kernel computes it
/// (`aten/src/ATen/native/Lerp.h`): |weight| < 0.5: start + weight·(end − start), else
/// end − (end − start)·(1 − weight).
#[inline]
pub(crate) fn lerp(start: f64, end: f64, weight: f64) -> f64 {
    if weight.abs() < 0.5 {
        start + weight * (end - start)
    } else {
        end - (end - start) * (1.0 - weight)
    }
}
