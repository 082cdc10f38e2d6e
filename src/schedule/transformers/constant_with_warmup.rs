//! `get_constant_schedule_with_warmup`.

use super::{check_finite, check_steps, linear_warmup, step_i64};
use crate::schedule::{LearningRate, ScheduleError};

/// `get_constant_schedule_with_warmup(optimizer, num_warmup_steps)`:
/// factor `step / max(1, W)` for `step < W`, then 1.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstantWithWarmup {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`, steps of linear warmup from 0.
    pub num_warmup_steps: i64,
}

impl ConstantWithWarmup {
    /// Builds the schedule.
    ///
    /// # Errors
    /// `base_lr` not finite; `num_warmup_steps` outside `0..=2^53`.
    pub fn new(base_lr: f64, num_warmup_steps: i64) -> Result<Self, ScheduleError> {
        Ok(ConstantWithWarmup {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: check_steps("num_warmup_steps", num_warmup_steps)?,
        })
    }

    /// The `lr_lambda` (`_get_constant_schedule_with_warmup_lr_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let s = step_i64(step);
        if s < self.num_warmup_steps {
            linear_warmup(s, self.num_warmup_steps)
        } else {
            1.0
        }
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}
