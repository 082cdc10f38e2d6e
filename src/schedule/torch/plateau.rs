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

    /// The learning rate before the first `step(metric)` and after each: `metrics.len() + 1`
    /// values.
    pub fn lrs(&self, metrics: &[f64]) -> Vec<f64> {
        let mut lr = self.base_lr;
        let mut out = Vec::with_capacity(metrics.len() + 1);
        out.push(lr);
        let mut best = match self.mode {
            PlateauMode::Min => f64::INFINITY,
            PlateauMode::Max => f64::NEG_INFINITY,
        };
        let (mut bad, mut cooldown_counter) = (0i64, 0i64);
        for &m in metrics {
            if self.is_better(m, best) {
                best = m;
                bad = 0;
            } else {
                bad = bad.saturating_add(1);
            }
            if cooldown_counter > 0 {
                cooldown_counter -= 1;
                bad = 0;
            }
            if bad > self.patience {
                // Python's max(a, b) keeps a unless b > a.
                let scaled = lr * self.factor;
                let new_lr = if self.min_lr > scaled {
                    self.min_lr
                } else {
                    scaled
                };
                if lr - new_lr > self.eps {
                    lr = new_lr;
                }
                cooldown_counter = self.cooldown;
                bad = 0;
            }
            out.push(lr);
        }
        out
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
}
