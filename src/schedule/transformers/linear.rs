//! `get_linear_schedule_with_warmup`.

use super::{check_finite, check_steps, linear_warmup, max0, step_i64};
use crate::schedule::{LearningRate, ScheduleError};

/// `get_linear_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps)`:
/// linear warmup from 0, then `max(0, (N − step) / max(1, N − W))`: 0 from step `N` on.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearWithWarmup {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `N`, total steps including the warmup.
    pub num_training_steps: i64,
}

impl LinearWithWarmup {
    /// Builds the schedule.
    ///
    /// # Errors
    /// `base_lr` not finite; a step count outside `0..=2^53`.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
    ) -> Result<Self, ScheduleError> {
        Ok(LinearWithWarmup {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: check_steps("num_warmup_steps", num_warmup_steps)?,
            num_training_steps: check_steps("num_training_steps", num_training_steps)?,
        })
    }

    /// The `lr_lambda` (`_get_linear_schedule_with_warmup_lr_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let (s, w, n) = (
            step_i64(step),
            self.num_warmup_steps,
            self.num_training_steps,
        );
        if s < w {
            return linear_warmup(s, w);
        }
        max0((i128::from(n) - i128::from(s)) as f64 / (n - w).max(1) as f64)
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}
