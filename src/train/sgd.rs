//! Mini-batch training (PyTorch's `torch.optim.SGD`, `Adam` or `AdamW`, see
//! [`Optimizer`]): the configuration, the records, and one training run with a learning-rate
//! schedule given as a closure or a [`RateSource`](super::RateSource).

use super::{model, Optimizer, Prepared, Rates, TrainError, TrainRun};

/// The ChaCha stream the per-epoch shuffles are drawn from (the split uses stream 0).
pub(crate) const SHUFFLE_STREAM: u64 = 1;

/// What the learning-rate closure's index counts, i.e. how often the schedule is stepped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LrUnit {
    /// Once per epoch (`scheduler.step()` after each epoch): `lr(i)` is the rate of every
    /// optimizer step of epoch `i` (0-based). The CLI's `--unit epoch`, the default.
    #[default]
    Epoch,
    /// Once per optimizer step (`scheduler.step()` after each `optimizer.step()`): `lr(i)` is
    /// the rate of the global optimizer step `i` (0-based, counted across epochs). `--unit step`.
    Step,
}

/// The longest run [`TrainConfig::check`] accepts, in epochs (a million epochs of breast
/// cancer take about half a minute natively; more is a mistake, not an experiment).
pub const MAX_EPOCHS: usize = 1_000_000;

/// The hyper-parameters of one training run (DESIGN.md "Trainer"; the CLI's flags).
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// Number of passes over the training split; at least 1. Default 50.
    pub epochs: usize,
    /// Samples per optimizer step; at least 1. The last batch of an epoch may be smaller;
    /// `batch_size >= n_train` gives full-batch gradient descent. Default 32.
    pub batch_size: usize,
    /// λ of the L2 term (λ/2)‖w‖² (PyTorch SGD `weight_decay`; the bias is not regularized);
    /// finite and ≥ 0. Default 0.01.
    pub l2: f64,
    /// PyTorch SGD `momentum` μ (dampening 0, no Nesterov), in [0, 1). Default 0. A rate
    /// source's [`StepRate::momentum`](super::StepRate::momentum) overrides it step by step.
    pub momentum: f64,
    /// Seed of the split and of the per-epoch shuffles (ChaCha8, identical natively and in
    /// wasm). Default 0.
    pub seed: u64,
    /// Fraction of the data held out for testing, in (0, 1), or `None` to train on all of it.
    /// Used by [`super::prepare`] (the CLI passes it there); [`Prepared::train`] only checks
    /// it. Default `Some(0.2)`.
    pub split: Option<f64>,
    /// What the learning-rate closure's index counts. Default [`LrUnit::Epoch`].
    pub unit: LrUnit,
    /// The optimizer (PyTorch's SGD, Adam or AdamW, see [`Optimizer`] for how `l2` maps to
    /// each one's `weight_decay`). Default plain SGD.
    pub optimizer: Optimizer,
}

impl Default for TrainConfig {
    /// The CLI's defaults: 50 epochs, batch 32, l2 0.01, momentum 0, seed 0, split 0.2, epoch
    /// unit, plain SGD.
    fn default() -> Self {
        TrainConfig {
            epochs: 50,
            batch_size: 32,
            l2: 0.01,
            momentum: 0.0,
            seed: 0,
            split: Some(0.2),
            unit: LrUnit::Epoch,
            optimizer: Optimizer::default(),
        }
    }
}

impl TrainConfig {
    /// Checks every field's range.
    ///
    /// # Errors
    /// [`TrainError::Invalid`] naming the first bad field: `epochs` < 1, `batch_size` < 1,
    /// `l2` negative or not finite, `momentum` outside [0, 1) or NaN, `split` outside (0, 1);
    /// `nesterov` without momentum (PyTorch's rule); with Adam or AdamW, `momentum` other than 0
    /// (they have β₁ instead), a β outside [0, 1) (`betas`, PyTorch's "Invalid beta
    /// parameter"), `eps` negative or not finite.
    pub fn check(&self) -> Result<(), TrainError> {
        if self.epochs < 1 || self.epochs > MAX_EPOCHS {
            return Err(TrainError::invalid(
                "epochs",
                self.epochs,
                format!("must be between 1 and {MAX_EPOCHS}"),
            ));
        }
        if self.batch_size < 1 {
            return Err(TrainError::invalid(
                "batch_size",
                self.batch_size,
                "must be >= 1",
            ));
        }
        if !(self.l2.is_finite() && self.l2 >= 0.0) {
            return Err(TrainError::invalid(
                "l2",
                self.l2,
                "must be finite and >= 0",
            ));
        }
        if !(self.momentum >= 0.0 && self.momentum < 1.0) {
            return Err(TrainError::invalid(
                "momentum",
                self.momentum,
                "must be in [0, 1)",
            ));
        }
        match self.optimizer {
            Optimizer::Sgd { nesterov } => {
                if nesterov && self.momentum <= 0.0 {
                    return Err(TrainError::invalid(
                        "nesterov",
                        true,
                        "Nesterov momentum requires a momentum and zero dampening",
                    ));
                }
            }
            Optimizer::Adam { betas, eps } | Optimizer::AdamW { betas, eps } => {
                if self.momentum != 0.0 {
                    return Err(TrainError::invalid(
                        "momentum",
                        self.momentum,
                        "Adam and AdamW take no momentum (their beta1 plays that part)",
                    ));
                }
                for (i, beta) in [betas.0, betas.1].into_iter().enumerate() {
                    if !(0.0..1.0).contains(&beta) {
                        return Err(TrainError::invalid(
                            "betas",
                            beta,
                            format!("Invalid beta parameter at index {i}: must be in [0, 1)"),
                        ));
                    }
                }
                if !(eps.is_finite() && eps >= 0.0) {
                    return Err(TrainError::invalid(
                        "eps",
                        eps,
                        "Invalid epsilon value: must be finite and >= 0",
                    ));
                }
            }
        }
        if let Some(f) = self.split {
            if !(f > 0.0 && f < 1.0) {
                return Err(TrainError::invalid(
                    "split",
                    f,
                    "the test fraction must be in (0, 1), or `none`",
                ));
            }
        }
        Ok(())
    }
}

/// The state after one epoch (or the initial state, `epoch` 0): one row of `anneal train`.
#[derive(Debug, Clone, PartialEq)]
pub struct EpochRecord {
    /// 0 for the initial weights, then k after the k-th epoch.
    pub epoch: usize,
    /// The cumulative number of optimizer steps taken.
    pub step: usize,
    /// The rate used in this epoch: with [`LrUnit::Epoch`] `lr(epoch − 1)`, with
    /// [`LrUnit::Step`] the rate of the epoch's last step; in the epoch-0 row, `lr(0)`, the rate
    /// the first step will use.
    pub lr: f64,
    /// The full objective (L2 term included) over the whole training split.
    pub train_objective: f64,
    /// Training accuracy at threshold p = 0.5 (predict 1 when p > 0.5).
    pub train_accuracy: f64,
    /// Test accuracy, `None` without a test split.
    pub test_accuracy: Option<f64>,
    /// The mean logistic loss over the test split, (1/n_test) Σ log(1 + exp(−s_i)), without
    /// the L2 term; `None` without a test split. (Not an `anneal train` column: the CSV
    /// contract is fixed; [`crate::train::PlateauMetric::TestLoss`] steps on it.)
    pub test_loss: Option<f64>,
}

/// The result of [`Prepared::train`].
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The initial state (epoch 0), then one record per completed epoch.
    pub records: Vec<EpochRecord>,
    /// The first epoch (≥ 1) after which the objective or the weights were not finite (or
    /// which used a non-finite rate). Training stops there; that epoch is not in `records`.
    pub diverged_at: Option<usize>,
    /// The weights w after the last recorded epoch (length `n_features`).
    pub weights: Vec<f64>,
    /// The bias b after the last recorded epoch.
    pub bias: f64,
}

impl History {
    /// The last record's training objective (the initial one if no epoch completed).
    pub fn final_objective(&self) -> Option<f64> {
        self.records.last().map(|r| r.train_objective)
    }

    /// A 64-bit fingerprint of every number of the history, bit for bit: FNV-1a over the
    /// little-endian bytes of each record's `epoch`, `step`, `lr`, `train_objective`,
    /// `train_accuracy`, `test_accuracy` and `test_loss` (a missing value as u64::MAX), then
    /// `diverged_at`, the weights and the bias. Two runs with the same fingerprint computed
    /// the same values (up to a 2⁻⁶⁴ chance); the wasm test compares [`reference_fingerprint`]
    /// with the value computed natively.
    pub fn fingerprint(&self) -> u64 {
        const MISSING: u64 = u64::MAX;
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |v: u64| {
            for byte in v.to_le_bytes() {
                h ^= u64::from(byte);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        for r in &self.records {
            eat(r.epoch as u64);
            eat(r.step as u64);
            eat(r.lr.to_bits());
            eat(r.train_objective.to_bits());
            eat(r.train_accuracy.to_bits());
            eat(r.test_accuracy.map_or(MISSING, f64::to_bits));
            eat(r.test_loss.map_or(MISSING, f64::to_bits));
        }
        eat(self.diverged_at.map_or(MISSING, |e| e as u64));
        for w in &self.weights {
            eat(w.to_bits());
        }
        eat(self.bias.to_bits());
        h
    }
}

/// The fingerprints of two fixed runs that exercise every arithmetic path of the trainer (the
/// logistic loss and its gradient, `exp`/`log1p`, the dot-product kernels, the shuffles, the
/// test split, SGD with momentum cycled per step, Adam with β₁ cycled and AdamW's decay),
/// combined as f_sgd.rotate_left(1) ^ f_adamw: breast cancer, split 0.2, seed 7, 20 epochs,
/// batch 32, λ = 0.01, `LrUnit::Step`, momentum (SGD μ, or β₁) m_t = 0.9 − 0.4 · (t mod 15) / 15;
/// SGD with lr_t = 0.5 / (1 + t/40), AdamW with those rates divided by 50.
///
/// A wasm test compares it with the value computed natively (the constant
/// `REFERENCE_FINGERPRINT` in `tests/train_sources.rs`): equal means every number of the run
/// is bit-identical on both targets. It changes whenever the trainer's arithmetic does.
///
/// # Errors
/// None in practice (the run's configuration is valid); the data set's errors otherwise.
pub fn reference_fingerprint() -> Result<u64, TrainError> {
    let cfg = TrainConfig {
        epochs: 20,
        seed: 7,
        unit: LrUnit::Step,
        ..TrainConfig::default()
    };
    let p = super::prepare(&super::Dataset::breast_cancer(), cfg.split, cfg.seed)?;
    let n = cfg.epochs * p.steps_per_epoch(cfg.batch_size);
    let lr: Vec<f64> = (0..n).map(|t| 0.5 / (1.0 + t as f64 / 40.0)).collect();
    let momentum: Vec<f64> = (0..n).map(|t| 0.9 - 0.4 * (t % 15) as f64 / 15.0).collect();
    let mut rates = super::RateSequence::new(&lr, Some(&momentum));
    let sgd = p.train(&cfg, &mut rates)?.fingerprint();
    let lr: Vec<f64> = lr.iter().map(|r| r / 50.0).collect();
    let cfg = TrainConfig {
        optimizer: Optimizer::ADAMW,
        ..cfg
    };
    let mut rates = super::RateSequence::new(&lr, Some(&momentum));
    let adamw = p.train(&cfg, &mut rates)?.fingerprint();
    Ok(sgd.rotate_left(1) ^ adamw)
}

impl Prepared {
    /// Trains the logistic-regression model from zero weights by mini-batch SGD.
    ///
    /// Per epoch the training rows are shuffled by a ChaCha8 RNG seeded with `cfg.seed`
    /// (stream 1; a platform-independent Fisher–Yates drawing one 32-bit word per swap, by
    /// Lemire's multiply-and-reject; no shuffle when one batch holds every row) and cut into batches of `cfg.batch_size` (the last may be smaller). Each optimizer
    /// step follows PyTorch's SGD (`torch/optim/sgd.py`, dampening 0): g = ∇ of (batch-mean
    /// loss + (λ/2)‖w‖²) (bias unregularized); with momentum μ ≠ 0, buf ← g at the first such
    /// step (`torch.clone(d_p)`), buf ← μ·buf + g after, and θ ← θ − lr·buf; with μ = 0,
    /// θ ← θ − lr·g and the buffer is left untouched. μ is [`TrainConfig::momentum`] unless the
    /// step's [`StepRate::momentum`](super::StepRate::momentum) overrides it (OneCycleLR,
    /// CyclicLR with `cycle_momentum`, which write `group["momentum"]` before each step).
    ///
    /// `rates` (a closure `&|i| lr`, or `&mut` a [`RateSource`](super::RateSource)) gives the
    /// rate of index `i`: the epoch index (from 0) with [`LrUnit::Epoch`], the global optimizer
    /// step index (from 0) with [`LrUnit::Step`]. Index 0 is also asked for the epoch-0
    /// record; a source's `end_epoch` is called with each completed epoch's record.
    ///
    /// Divergence: a non-finite rate, or a non-finite objective or weight after an epoch, stops
    /// training; that epoch number goes to [`History::diverged_at`] and is not recorded (so no
    /// record holds a NaN that training produced).
    ///
    /// Allocation: O(n + d) once per run; nothing per step.
    ///
    /// A thin wrapper over [`TrainRun`] (new, then one `advance` over every epoch), the one
    /// implementation of this loop, which the page advances a slice at a time.
    ///
    /// # Errors
    /// [`TrainConfig::check`]'s errors.
    pub fn train<R: Rates>(&self, cfg: &TrainConfig, rates: R) -> Result<History, TrainError> {
        let mut run = TrainRun::new(self, cfg)?;
        run.advance(cfg.epochs, rates);
        Ok(run.into_history())
    }

    pub(super) fn record(
        &self,
        epoch: usize,
        step: usize,
        lr: f64,
        w: &[f64],
        b: f64,
        l2: f64,
    ) -> EpochRecord {
        let (loss, correct) = model::loss_and_correct(&self.x_train, &self.t_train, w, b);
        let n = self.n_train().max(1) as f64;
        let (test_loss, test_accuracy) = if self.t_test.is_empty() {
            (None, None)
        } else {
            let (l, c) = model::loss_and_correct(&self.x_test, &self.t_test, w, b);
            let m = self.t_test.len() as f64;
            (Some(l / m), Some(c as f64 / m))
        };
        EpochRecord {
            epoch,
            step,
            lr,
            train_objective: loss / n + 0.5 * l2 * model::dot(w, w),
            train_accuracy: correct as f64 / n,
            test_accuracy,
            test_loss,
        }
    }
}
