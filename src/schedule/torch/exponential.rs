//! `torch.optim.lr_scheduler.ExponentialLR`.

use super::chain::{self, Ctx, Rule, Runner};
use super::finite;
use super::py::{self, PyError};
use crate::schedule::ScheduleError;

/// PyTorch's `ExponentialLR(optimizer, gamma)`, source `torch/optim/lr_scheduler.py`.
///
/// Chainable form: every `step()` multiplies the current lr by `gamma` (so the sequence is
/// the running product `η_base·γ·γ·…`, which may differ from the closed form
/// `η_base·γ^t` in the last bits).
#[derive(Debug, Clone, PartialEq)]
pub struct ExponentialLR {
    /// The optimizer's learning rate (`initial_lr`).
    pub base_lr: f64,
    /// Multiplicative decay per step.
    pub gamma: f64,
}

impl ExponentialLR {
    /// Builds the schedule (PyTorch validates nothing here).
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] for a non-finite `base_lr` or `gamma`.
    pub fn new(base_lr: f64, gamma: f64) -> Result<Self, ScheduleError> {
        finite("base_lr", base_lr)?;
        finite("gamma", gamma)?;
        Ok(ExponentialLR { base_lr, gamma })
    }

    /// The `step()` protocol over `n` steps (chainable form; never raises).
    pub fn lrs(&self, n: usize) -> Vec<f64> {
        chain::run(&mut Runner::new(self), self.base_lr, n).unwrap_or_default()
    }
}

impl Rule for ExponentialLR {
    fn get_lr(&self, cx: &Ctx, lr: f64) -> Result<f64, PyError> {
        Ok(if cx.initial { lr } else { lr * self.gamma })
    }

    fn closed_form_lr(&self, last_epoch: i64) -> Result<f64, PyError> {
        Ok(self.base_lr * py::pow(self.gamma, last_epoch as f64, "gamma")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_product() {
        let l = ExponentialLR::new(1.0, 0.5).unwrap().lrs(4);
        assert_eq!(l, vec![1.0, 0.5, 0.25, 0.125]);
    }
}
