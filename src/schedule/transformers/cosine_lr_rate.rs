//! `get_cosine_with_min_lr_schedule_with_warmup_lr_rate`.

use std::f64::consts::PI;

use super::{check_finite, max0, step_i64, CosineWithWarmup};
use crate::schedule::{LearningRate, ScheduleError};

/// `get_cosine_with_min_lr_schedule_with_warmup_lr_rate(optimizer, W, N, num_cycles=0.5,
/// min_lr=None, min_lr_rate=None, warmup_lr_rate=None)`: shifted by one step against
/// [`CosineWithWarmup`].
///
/// Warmup (`step < W`): `(step + 1) / max(1, W)` when `warmup_lr_rate` is None, else
/// `w + (1 − w) · step / max(1, W − 1)`. Then `progress = (step − W + 1) / max(1, N − W)`,
/// `c = ½(1 + cos(π · num_cycles · 2 · progress))`, factor `max(0, c·(1 − r) + r)`.
/// With `W = 0` the first step is already one step into the decay; the floor is reached at
/// step `N − 1`.
#[derive(Debug, Clone, PartialEq)]
pub struct CosineWithMinLrWarmupLrRate {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `N`, total steps including the warmup.
    pub num_training_steps: i64,
    /// Number of cosine waves (0.5 = one half-cosine).
    pub num_cycles: f64,
    /// Floor as a ratio of `base_lr`.
    pub min_lr_rate: f64,
    /// Warmup start as a ratio of `base_lr` (None: `1/W` at step 0).
    pub warmup_lr_rate: Option<f64>,
}

impl CosineWithMinLrWarmupLrRate {
    /// Builds the schedule.
    ///
    /// # Errors
    /// As [`CosineWithWarmup::with_min_lr`]; `warmup_lr_rate` not finite.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
        num_cycles: f64,
        min_lr: Option<f64>,
        min_lr_rate: Option<f64>,
        warmup_lr_rate: Option<f64>,
    ) -> Result<Self, ScheduleError> {
        let inner = CosineWithWarmup::with_min_lr(
            base_lr,
            num_warmup_steps,
            num_training_steps,
            num_cycles,
            min_lr,
            min_lr_rate,
        )?;
        let warmup_lr_rate = warmup_lr_rate
            .map(|w| check_finite("warmup_lr_rate", w))
            .transpose()?;
        Ok(CosineWithMinLrWarmupLrRate {
            base_lr: inner.base_lr,
            num_warmup_steps: inner.num_warmup_steps,
            num_training_steps: inner.num_training_steps,
            num_cycles: inner.num_cycles,
            min_lr_rate: inner.min_lr_rate,
            warmup_lr_rate,
        })
    }

    /// The `lr_lambda` (`_get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let s = step_i64(step) as f64;
        let w = self.num_warmup_steps as f64;
        let n = self.num_training_steps as f64;
        if s < w {
            return match self.warmup_lr_rate {
                None => (s + 1.0) / w.max(1.0),
                Some(r) => r + (1.0 - r) * s / (w - 1.0).max(1.0),
            };
        }
        let progress = (s - w + 1.0) / (n - w).max(1.0);
        let c = 0.5 * (1.0 + crate::schedule::pymath::cos(PI * self.num_cycles * 2.0 * progress));
        max0(c * (1.0 - self.min_lr_rate) + self.min_lr_rate)
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
    fn lr_rate_variant_is_shifted_by_one() {
        // golden/README.md (transformers): warmup 0, min_lr_rate 0.1, N 100: lr[0] = 0.09997779521645793,
        // minimum at step 99 (0.010000000000000002).
        let s = CosineWithMinLrWarmupLrRate::new(0.1, 0, 100, 0.5, None, Some(0.1), None).unwrap();
        assert_eq!(s.lr(0), 0.09997779521645793);
        assert_eq!(s.lr(99), 0.010000000000000002);
    }

    #[test]
    fn rejects_min_lr_with_zero_base_lr() {
        let e =
            CosineWithMinLrWarmupLrRate::new(0.0, 0, 10, 0.5, Some(0.01), None, None).unwrap_err();
        assert_eq!(e.field(), "min_lr");
    }
}
