//! `torch.optim.lr_scheduler.LinearLR`.

use super::chain::{self, Ctx, Rule, Runner};
use super::finite;
use super::py::{self, PyError};
use crate::schedule::ScheduleError;

/// PyTorch's `LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5)`, source
/// `torch/optim/lr_scheduler.py`.
///
/// Chainable form: the constructor multiplies the lr by `start_factor`; each step
/// `1 ≤ t ≤ total_iters` multiplies it by
/// `1 + (end − start)/(total_iters·start + (t − 1)(end − start))`; afterwards it is left alone.
/// Closed form: `η_base·(start + (end − start)·min(t, total_iters)/total_iters)`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearLR {
    /// The optimizer's learning rate (`initial_lr`).
    pub base_lr: f64,
    /// Multiplier at step 0, in `(0, 1]` (default 1/3).
    pub start_factor: f64,
    /// Multiplier from `total_iters` on, in `[0, 1]` (default 1.0).
    pub end_factor: f64,
    /// Length of the ramp in steps (default 5).
    pub total_iters: i64,
}

impl LinearLR {
    /// Validates with PyTorch's rules and builds the schedule.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`]: `start_factor` outside `(0, 1]` ("Starting multiplicative
    /// factor expected to be greater than 0 and less or equal to 1."), `end_factor` outside
    /// `[0, 1]` ("Ending multiplicative factor expected to be between 0 and 1."), non-finite
    /// values.
    pub fn new(
        base_lr: f64,
        start_factor: f64,
        end_factor: f64,
        total_iters: i64,
    ) -> Result<Self, ScheduleError> {
        finite("base_lr", base_lr)?;
        finite("start_factor", start_factor)?;
        finite("end_factor", end_factor)?;
        if start_factor > 1.0 || start_factor <= 0.0 {
            return Err(ScheduleError::invalid(
                "start_factor",
                start_factor,
                "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.",
            ));
        }
        if !(0.0..=1.0).contains(&end_factor) {
            return Err(ScheduleError::invalid(
                "end_factor",
                end_factor,
                "Ending multiplicative factor expected to be between 0 and 1.",
            ));
        }
        Ok(LinearLR {
            base_lr,
            start_factor,
            end_factor,
            total_iters,
        })
    }

    /// The `step()` protocol over `n` steps (chainable form).
    ///
    /// # Errors
    /// None in practice (the denominator stays positive); kept for uniformity.
    pub fn lrs(&self, n: usize) -> Result<Vec<f64>, ScheduleError> {
        chain::run(&mut Runner::new(self), self.base_lr, n)
    }
}

impl Rule for LinearLR {
    fn get_lr(&self, cx: &Ctx, lr: f64) -> Result<f64, PyError> {
        let t = cx.last_epoch;
        if t == 0 {
            return Ok(lr * self.start_factor);
        }
        if cx.initial || t > self.total_iters {
            return Ok(lr);
        }
        let d = self.end_factor - self.start_factor;
        let den = self.total_iters as f64 * self.start_factor + (t - 1) as f64 * d;
        Ok(lr * (1.0 + py::div(d, den, "total_iters")?))
    }

    fn closed_form_lr(&self, last_epoch: i64) -> Result<f64, PyError> {
        let d = self.end_factor - self.start_factor;
        let m = self.total_iters.min(last_epoch) as f64;
        Ok(self.base_lr
            * (self.start_factor + py::div(d * m, self.total_iters as f64, "total_iters")?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_reaches_end_factor() {
        let l = LinearLR::new(0.1, 0.5, 1.0, 2).unwrap().lrs(4).unwrap();
        assert_eq!(l[0], 0.05);
        // Python: 0.05 * (1 + 0.5 / (2 * 0.5)) == 0.07500000000000001.
        assert_eq!(l[1], 0.07500000000000001);
        assert!((l[2] - 0.1).abs() < 1e-16);
        assert_eq!(l[3], l[2]);
    }

    #[test]
    fn start_factor_must_be_in_half_open_unit_interval() {
        for f in [0.0, -1.0, 1.01] {
            assert_eq!(
                LinearLR::new(0.1, f, 1.0, 5).unwrap_err().field(),
                "start_factor"
            );
        }
    }

    #[test]
    fn end_factor_must_be_in_unit_interval() {
        for f in [-0.01, 1.01] {
            assert_eq!(
                LinearLR::new(0.1, 0.5, f, 5).unwrap_err().field(),
                "end_factor"
            );
        }
    }
}
