//! `torch.optim.lr_scheduler.StepLR` and `MultiStepLR`.

use super::chain::{self, Ctx, Rule, Runner};
use super::finite;
use super::py::{self, PyError};
use crate::schedule::ScheduleError;

/// PyTorch's `StepLR(optimizer, step_size, gamma=0.1)`, source `torch/optim/lr_scheduler.py`.
///
/// Chainable form: at every `t > 0` with `t mod step_size = 0` the current lr is multiplied by
/// `gamma`; closed form `η_base · gamma^⌊t/step_size⌋`. `t` counts calls to `step()`.
#[derive(Debug, Clone, PartialEq)]
pub struct StepLR {
    /// The optimizer's learning rate (`initial_lr`).
    pub base_lr: f64,
    /// Period of the decay, in calls to `step()`. `0` makes PyTorch raise at step 1.
    pub step_size: i64,
    /// Multiplicative decay (default 0.1).
    pub gamma: f64,
}

impl StepLR {
    /// Builds the schedule (PyTorch validates nothing here).
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] for a non-finite `base_lr` or `gamma`.
    pub fn new(base_lr: f64, step_size: i64, gamma: f64) -> Result<Self, ScheduleError> {
        finite("base_lr", base_lr)?;
        finite("gamma", gamma)?;
        Ok(StepLR {
            base_lr,
            step_size,
            gamma,
        })
    }

    /// The `step()` protocol over `n` steps (chainable form).
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] naming `step_size` at step 1 when `step_size = 0`
    /// (`ZeroDivisionError: integer modulo by zero`).
    pub fn lrs(&self, n: usize) -> Result<Vec<f64>, ScheduleError> {
        chain::run(&mut Runner::new(self), self.base_lr, n)
    }
}

fn modulo_zero() -> PyError {
    PyError {
        field: "step_size",
        message: "ZeroDivisionError: integer modulo by zero".into(),
    }
}

impl Rule for StepLR {
    fn get_lr(&self, cx: &Ctx, lr: f64) -> Result<f64, PyError> {
        if cx.last_epoch == 0 {
            return Ok(lr);
        }
        if self.step_size == 0 {
            return Err(modulo_zero());
        }
        // Python's `%` is zero exactly when step_size divides t, whatever the signs.
        let divides = cx
            .last_epoch
            .checked_rem(self.step_size)
            .is_none_or(|r| r == 0);
        Ok(if divides { lr * self.gamma } else { lr })
    }

    fn closed_form_lr(&self, last_epoch: i64) -> Result<f64, PyError> {
        if self.step_size == 0 {
            return Err(PyError {
                field: "step_size",
                message: "ZeroDivisionError: integer division by zero".into(),
            });
        }
        // Python's `//` on ints: floor division.
        let (a, b) = (last_epoch as i128, self.step_size as i128);
        let q = a / b - i128::from(a % b != 0 && ((a < 0) != (b < 0)));
        let k = q as f64;
        Ok(self.base_lr * py::pow(self.gamma, k, "gamma")?)
    }
}

/// PyTorch's `MultiStepLR(optimizer, milestones, gamma=0.1)`, source
/// `torch/optim/lr_scheduler.py`.
///
/// Chainable form: at `t` equal to a milestone the lr is multiplied by `gamma^count`, where
/// `count` is how often `t` appears in `milestones` (a repeated milestone decays twice at
/// once); closed form `η_base · gamma^(number of milestones ≤ t)`.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiStepLR {
    /// The optimizer's learning rate (`initial_lr`).
    pub base_lr: f64,
    /// Steps at which to decay (any order, repeats count).
    pub milestones: Vec<i64>,
    /// Multiplicative decay (default 0.1).
    pub gamma: f64,
}

impl MultiStepLR {
    /// Builds the schedule (PyTorch validates nothing here).
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] for a non-finite `base_lr` or `gamma`.
    pub fn new(base_lr: f64, milestones: Vec<i64>, gamma: f64) -> Result<Self, ScheduleError> {
        finite("base_lr", base_lr)?;
        finite("gamma", gamma)?;
        Ok(MultiStepLR {
            base_lr,
            milestones,
            gamma,
        })
    }

    /// The `step()` protocol over `n` steps (chainable form).
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] naming `gamma` where `gamma^count` overflows.
    pub fn lrs(&self, n: usize) -> Result<Vec<f64>, ScheduleError> {
        chain::run(&mut Runner::new(self), self.base_lr, n)
    }
}

impl Rule for MultiStepLR {
    fn get_lr(&self, cx: &Ctx, lr: f64) -> Result<f64, PyError> {
        let count = self
            .milestones
            .iter()
            .filter(|m| **m == cx.last_epoch)
            .count();
        if count == 0 {
            return Ok(lr);
        }
        Ok(lr * py::pow(self.gamma, count as f64, "gamma")?)
    }

    fn closed_form_lr(&self, last_epoch: i64) -> Result<f64, PyError> {
        let k = self.milestones.iter().filter(|m| **m <= last_epoch).count();
        Ok(self.base_lr * py::pow(self.gamma, k as f64, "gamma")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_lr_decays_every_step_size() {
        let s = StepLR::new(0.1, 3, 0.5).unwrap();
        let l = s.lrs(7).unwrap();
        assert_eq!(&l[..3], &[0.1, 0.1, 0.1]);
        assert_eq!(l[3], 0.05);
        assert_eq!(l[6], 0.025);
    }

    #[test]
    fn step_size_zero_raises_at_step_one() {
        let s = StepLR::new(0.1, 0, 0.5).unwrap();
        assert_eq!(s.lrs(1).unwrap(), vec![0.1]);
        let e = s.lrs(2).unwrap_err();
        assert!(
            matches!(e, ScheduleError::Raised { ref field, step: 1, .. } if field == "step_size")
        );
    }

    #[test]
    fn repeated_milestone_decays_twice() {
        // tests/data/README.md: milestones [5,5,10], lr 0.1 → lr[5] = 0.0010000000000000002.
        let s = MultiStepLR::new(0.1, vec![5, 5, 10], 0.1).unwrap();
        let l = s.lrs(11).unwrap();
        assert_eq!(l[5], 0.0010000000000000002);
        assert_eq!(l[4], 0.1);
    }
}
