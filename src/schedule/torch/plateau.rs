//! `torch.optim.lr_scheduler.ReduceLROnPlateau`.

use super::finite;
use crate::schedule::ScheduleError;

/// Whether the monitored metric should go down (`'min'`, a loss) or up (`'max'`, an accuracy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlateauMode {
    /// `'min'`.
    Min,
    /// `'max'`.
    Max,
}

/// How `threshold` defines a significant improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdMode {
    /// `'rel'`: better than `best·(1 ∓ threshold)`.
    Rel,
    /// `'abs'`: better than `best ∓ threshold`.
    Abs,
}

/// PyTorch's `ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10,
/// threshold=1e-4, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)`, source
/// `torch/optim/lr_scheduler.py`.
///
/// Fed one metric per `step(metric)` (one per epoch, usually a validation loss). A metric that
/// beats `best` by the threshold resets the bad-epoch count; otherwise it grows. During
/// cooldown bad epochs are ignored. When the count exceeds `patience`, the lr becomes
/// `max(lr·factor, min_lr)` — unless that changes it by `eps` or less (then it stays, e.g.
/// at 0.0010000000000000002 above a `min_lr` of 0.001) — and cooldown starts.
#[derive(Debug, Clone, PartialEq)]
pub struct ReduceLROnPlateau {
    /// The optimizer's learning rate before any step.
    pub base_lr: f64,
    /// Direction of improvement (default min).
    pub mode: PlateauMode,
    /// Multiplier on reduction, `< 1` (default 0.1).
    pub factor: f64,
    /// Bad epochs tolerated before reducing (default 10).
    pub patience: i64,
    /// Significance threshold (default 1e-4).
    pub threshold: f64,
    /// Relative or absolute threshold (default rel).
    pub threshold_mode: ThresholdMode,
    /// Epochs after a reduction during which bad epochs are ignored (default 0).
    pub cooldown: i64,
    /// Lower bound on the lr (default 0).
    pub min_lr: f64,
    /// Minimal change for a reduction to apply (default 1e-8).
    pub eps: f64,
}

impl ReduceLROnPlateau {
    /// PyTorch's defaults.
    pub fn with_defaults(base_lr: f64) -> Self {
        ReduceLROnPlateau {
            base_lr,
            mode: PlateauMode::Min,
            factor: 0.1,
            patience: 10,
            threshold: 1e-4,
            threshold_mode: ThresholdMode::Rel,
            cooldown: 0,
            min_lr: 0.0,
            eps: 1e-8,
        }
    }

    /// Checks PyTorch's rule.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`]: `factor ≥ 1` ("Factor should be < 1.0."), non-finite fields.
    pub fn validate(&self) -> Result<(), ScheduleError> {
        for (f, v) in [
            ("base_lr", self.base_lr),
            ("factor", self.factor),
            ("threshold", self.threshold),
            ("min_lr", self.min_lr),
            ("eps", self.eps),
        ] {
            finite(f, v)?;
        }
        if self.factor >= 1.0 {
            return Err(ScheduleError::invalid(
                "factor",
                self.factor,
                "Factor should be < 1.0.",
            ));
        }
        Ok(())
    }

    fn is_better(&self, a: f64, best: f64) -> bool {
        match (self.mode, self.threshold_mode) {
            (PlateauMode::Min, ThresholdMode::Rel) => a < best * (1.0 - self.threshold),
            (PlateauMode::Min, ThresholdMode::Abs) => a < best - self.threshold,
            (PlateauMode::Max, ThresholdMode::Rel) => a > best * (self.threshold + 1.0),
            (PlateauMode::Max, ThresholdMode::Abs) => a > best + self.threshold,
        }
    }

    /// The state machine before any `step(metric)`: lr = `base_lr`, `best` = +∞ (`'min'`) or
    /// −∞ (`'max'`), no bad epochs, no cooldown (PyTorch's `_reset`). Step it with
    /// [`PlateauStepper::step`] once per metric; [`ReduceLROnPlateau::lrs`] is built on it.
    pub fn stepper(&self) -> PlateauStepper {
        PlateauStepper {
            best: match self.mode {
                PlateauMode::Min => f64::INFINITY,
                PlateauMode::Max => f64::NEG_INFINITY,
            },
            num_bad_epochs: 0,
            cooldown_counter: 0,
            lr: self.base_lr,
            sched: self.clone(),
        }
    }

    /// The learning rate before the first `step(metric)` and after each: `metrics.len() + 1`
    /// values (the first is `base_lr`). The same as stepping [`ReduceLROnPlateau::stepper`]
    /// once per metric, bit for bit.
    pub fn lrs(&self, metrics: &[f64]) -> Vec<f64> {
        let mut s = self.stepper();
        let mut out = Vec::with_capacity(metrics.len() + 1);
        out.push(s.lr);
        out.extend(metrics.iter().map(|&m| s.step(m)));
        out
    }
}

/// ReduceLROnPlateau's state between two `step(metric)` calls, for a caller that only knows
/// each metric when it comes (a trainer stepping it after every epoch). Made by
/// [`ReduceLROnPlateau::stepper`]; the fields are PyTorch's attributes of the same names
/// (`torch/optim/lr_scheduler.py`), the lr that of the (single) parameter group.
#[derive(Debug, Clone, PartialEq)]
pub struct PlateauStepper {
    /// The scheduler's configuration.
    pub sched: ReduceLROnPlateau,
    /// The best metric so far (±∞ before the first step).
    pub best: f64,
    /// Consecutive steps without a significant improvement (reset by an improvement, during
    /// cooldown and after a reduction).
    pub num_bad_epochs: i64,
    /// Steps left in the cooldown after the last reduction.
    pub cooldown_counter: i64,
    /// The current learning rate: the rate the optimizer uses until the next step.
    pub lr: f64,
}

impl PlateauStepper {
    /// PyTorch's `step(metrics)`: compares `metric` with `best` (by `mode` and
    /// `threshold_mode`), counts bad epochs, ignores them during cooldown and, once
    /// `num_bad_epochs > patience`, reduces the lr to `max(lr·factor, min_lr)` unless that
    /// changes it by `eps` or less, then starts the cooldown. Returns the new lr. A NaN metric
    /// is never better (a bad epoch), as in Python.
    pub fn step(&mut self, metric: f64) -> f64 {
        let s = &self.sched;
        if s.is_better(metric, self.best) {
            self.best = metric;
            self.num_bad_epochs = 0;
        } else {
            self.num_bad_epochs = self.num_bad_epochs.saturating_add(1);
        }
        if self.cooldown_counter > 0 {
            self.cooldown_counter -= 1;
            self.num_bad_epochs = 0;
        }
        if self.num_bad_epochs > s.patience {
            // Python's max(a, b) keeps a unless b > a.
            let scaled = self.lr * s.factor;
            let new_lr = if s.min_lr > scaled { s.min_lr } else { scaled };
            if self.lr - new_lr > s.eps {
                self.lr = new_lr;
            }
            self.cooldown_counter = s.cooldown;
            self.num_bad_epochs = 0;
        }
        self.lr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduction_below_eps_is_skipped() {
        // tests/data/README.md: factor 0.1, min_lr 0.001: 0.1 → 0.01 → 0.0010000000000000002,
        // then it stays (clamping to 0.001 would change it by 2e-19 < eps). In Python,
        // 0.1 * 0.1 == 0.010000000000000002 and 0.1 * 0.1 * 0.1 == 0.0010000000000000002.
        let mut s = ReduceLROnPlateau::with_defaults(0.1);
        s.patience = 0;
        s.min_lr = 0.001;
        let l = s.lrs(&[1.0, 1.0, 1.0, 1.0, 1.0]);
        assert_eq!(
            l,
            vec![
                0.1,
                0.1,
                0.010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002,
                0.0010000000000000002
            ]
        );
    }

    #[test]
    fn factor_must_be_below_one() {
        let mut s = ReduceLROnPlateau::with_defaults(0.1);
        s.factor = 1.0;
        assert_eq!(s.validate().unwrap_err().field(), "factor");
    }

    #[test]
    fn stepper_counts_bad_epochs_and_cools_down() {
        // patience 1, cooldown 1, factor 0.5: 1.0 improves (best 1), 1.0 bad (1), 1.0 bad (2 >
        // 1: reduce to 0.5, cooldown 1), 1.0 ignored in cooldown, 1.0 bad (1), 1.0 bad (2:
        // reduce to 0.25), 0.5 improves.
        let mut s = ReduceLROnPlateau::with_defaults(1.0);
        (s.patience, s.cooldown, s.factor) = (1, 1, 0.5);
        let mut st = s.stepper();
        let got: Vec<(f64, i64, i64)> = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5]
            .iter()
            .map(|&m| (st.step(m), st.num_bad_epochs, st.cooldown_counter))
            .collect();
        assert_eq!(
            got,
            [
                (1.0, 0, 0),
                (1.0, 1, 0),
                (0.5, 0, 1),
                (0.5, 0, 0),
                (0.5, 1, 0),
                (0.25, 0, 1),
                (0.25, 0, 0)
            ]
        );
        assert_eq!(st.best, 0.5);
        assert_eq!(
            s.lrs(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5])[1..],
            got.iter().map(|g| g.0).collect::<Vec<_>>()[..]
        );
    }
}
