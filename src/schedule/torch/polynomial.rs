//! `torch.optim.lr_scheduler.PolynomialLR`.

use super::chain::{self, Ctx, Rule, Runner};
use super::finite;
use super::py::{self, PyError};
use crate::schedule::ScheduleError;

/// PyTorch's `PolynomialLR(optimizer, total_iters=5, power=1.0)`, source
/// `torch/optim/lr_scheduler.py`.
///
/// Chainable form: each step `1 ≤ t ≤ total_iters` multiplies the lr by
/// `((1 − t/T)/(1 − (t − 1)/T))^power`; it is 0 from `t = total_iters` on. Closed form:
/// `η_base·(1 − min(t, T)/T)^power`.
#[derive(Debug, Clone, PartialEq)]
pub struct PolynomialLR {
    /// The optimizer's learning rate (`initial_lr`).
    pub base_lr: f64,
    /// Steps until the lr reaches 0 (default 5).
    pub total_iters: i64,
    /// Exponent of the decay (default 1.0).
    pub power: f64,
}

impl PolynomialLR {
    /// Builds the schedule (PyTorch validates nothing here).
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] for a non-finite `base_lr` or `power`.
    pub fn new(base_lr: f64, total_iters: i64, power: f64) -> Result<Self, ScheduleError> {
        finite("base_lr", base_lr)?;
        finite("power", power)?;
        Ok(PolynomialLR {
            base_lr,
            total_iters,
            power,
        })
    }

    /// The `step()` protocol over `n` steps (chainable form).
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] naming `power` at step `total_iters` when `power < 0`
    /// (`0.0 ** negative`).
    pub fn lrs(&self, n: usize) -> Result<Vec<f64>, ScheduleError> {
        chain::run(&mut Runner::new(self), self.base_lr, n)
    }
}

impl Rule for PolynomialLR {
    fn get_lr(&self, cx: &Ctx, lr: f64) -> Result<f64, PyError> {
        let t = cx.last_epoch;
        if cx.initial || t > self.total_iters {
            return Ok(lr);
        }
        let tt = self.total_iters as f64;
        let num = 1.0 - py::div(t as f64, tt, "total_iters")?;
        let den = 1.0 - py::div((t - 1) as f64, tt, "total_iters")?;
        Ok(lr * py::pow(py::div(num, den, "total_iters")?, self.power, "power")?)
    }

    fn closed_form_lr(&self, last_epoch: i64) -> Result<f64, PyError> {
        let m = self.total_iters.min(last_epoch) as f64;
        let base = 1.0 - py::div(m, self.total_iters as f64, "total_iters")?;
        Ok(self.base_lr * py::pow(base, self.power, "power")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_decay_to_zero() {
        let l = PolynomialLR::new(0.1, 2, 1.0).unwrap().lrs(4).unwrap();
        assert_eq!(l[0], 0.1);
        assert!((l[1] - 0.05).abs() < 1e-17);
        assert_eq!(l[2], 0.0);
        assert_eq!(l[3], 0.0);
    }

    #[test]
    fn negative_power_raises_at_total_iters() {
        let e = PolynomialLR::new(0.1, 2, -1.0).unwrap().lrs(3).unwrap_err();
        assert!(matches!(e, ScheduleError::Raised { ref field, step: 2, .. } if field == "power"));
    }
}
