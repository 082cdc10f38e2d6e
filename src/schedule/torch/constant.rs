//! `torch.optim.lr_scheduler.ConstantLR`.

use super::chain::{self, Ctx, Rule, Runner};
use super::finite;
use super::py::{self, PyError};
use crate::schedule::ScheduleError;

/// PyTorch's `ConstantLR(optimizer, factor=1/3, total_iters=5)`, source
/// `torch/optim/lr_scheduler.py`.
///
/// Chainable form: the constructor multiplies the lr by `factor`; the step where
/// `t == total_iters` multiplies it by `1.0/factor` (so `0.1 → 0.10000000000000002` can
/// happen). With `total_iters = 0` the chainable form never restores the lr (it stays at
/// `factor·η_base`), unlike the closed form `η_base·(factor + [t ≥ total_iters](1 − factor))`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstantLR {
    /// The optimizer's learning rate (`initial_lr`).
    pub base_lr: f64,
    /// Multiplier until `total_iters`, in `[0, 1]` (default 1/3).
    pub factor: f64,
    /// Number of steps at the reduced lr (default 5).
    pub total_iters: i64,
}

impl ConstantLR {
    /// Validates with PyTorch's rule and builds the schedule.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`]: `factor` outside `[0, 1]` ("Constant multiplicative factor
    /// expected to be between 0 and 1."), non-finite `base_lr`/`factor`.
    pub fn new(base_lr: f64, factor: f64, total_iters: i64) -> Result<Self, ScheduleError> {
        finite("base_lr", base_lr)?;
        finite("factor", factor)?;
        if !(0.0..=1.0).contains(&factor) {
            return Err(ScheduleError::invalid(
                "factor",
                factor,
                "Constant multiplicative factor expected to be between 0 and 1.",
            ));
        }
        Ok(ConstantLR {
            base_lr,
            factor,
            total_iters,
        })
    }

    /// The `step()` protocol over `n` steps (chainable form).
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] naming `factor` at step `total_iters` when `factor = 0`
    /// (`1.0 / factor`).
    pub fn lrs(&self, n: usize) -> Result<Vec<f64>, ScheduleError> {
        chain::run(&mut Runner::new(self), self.base_lr, n)
    }
}

impl Rule for ConstantLR {
    fn get_lr(&self, cx: &Ctx, lr: f64) -> Result<f64, PyError> {
        if cx.last_epoch == 0 {
            return Ok(lr * self.factor);
        }
        if cx.last_epoch != self.total_iters {
            return Ok(lr);
        }
        Ok(lr * py::div(1.0, self.factor, "factor")?)
    }

    fn closed_form_lr(&self, last_epoch: i64) -> Result<f64, PyError> {
        let after = if last_epoch >= self.total_iters {
            1.0
        } else {
            0.0
        };
        Ok(self.base_lr * (self.factor + after * (1.0 - self.factor)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_iters_zero_stays_reduced() {
        // tests/data/README.md: ConstantLR(factor=0.5, total_iters=0) stays at 0.05 forever.
        let l = ConstantLR::new(0.1, 0.5, 0).unwrap().lrs(5).unwrap();
        assert!(l.iter().all(|v| *v == 0.05));
    }

    #[test]
    fn factor_outside_unit_interval_is_rejected() {
        for f in [-0.1, 1.5] {
            assert_eq!(ConstantLR::new(0.1, f, 5).unwrap_err().field(), "factor");
        }
    }

    #[test]
    fn factor_zero_raises_at_total_iters() {
        let e = ConstantLR::new(0.1, 0.0, 3).unwrap().lrs(5).unwrap_err();
        assert!(matches!(e, ScheduleError::Raised { ref field, step: 3, .. } if field == "factor"));
    }
}
