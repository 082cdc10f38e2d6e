//! `get_constant_schedule`.

use super::check_finite;
use crate::schedule::{LearningRate, ScheduleError};

/// `get_constant_schedule(optimizer)`: `lr = base_lr` at every step.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstantSchedule {
    /// The optimizer's learning rate.
    pub base_lr: f64,
}

impl ConstantSchedule {
    /// Builds the schedule.
    ///
    /// # Errors
    /// `base_lr` not finite.
    pub fn new(base_lr: f64) -> Result<Self, ScheduleError> {
        Ok(ConstantSchedule {
            base_lr: check_finite("base_lr", base_lr)?,
        })
    }

    /// The `lr_lambda`: 1 at every step.
    pub fn factor(&self, _step: u64) -> f64 {
        1.0
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_finite_base_lr() {
        assert_eq!(
            ConstantSchedule::new(f64::INFINITY).unwrap_err().field(),
            "base_lr"
        );
    }
}
