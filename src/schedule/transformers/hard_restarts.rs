//! `get_cosine_with_hard_restarts_schedule_with_warmup`.

use std::f64::consts::PI;

use super::{check_finite, check_steps, linear_warmup, max0, py_mod, step_i64};
use crate::schedule::{LearningRate, ScheduleError};

/// `get_cosine_with_hard_restarts_schedule_with_warmup(optimizer, W, N, num_cycles=1)`:
/// linear warmup from 0, then with `progress = (step − W) / max(1, N − W)`: 0 once
/// `progress >= 1`, else `max(0, ½(1 + cos(π · ((num_cycles · progress) mod 1))))`.
/// `num_cycles = 1` is a single decay (no restart).
#[derive(Debug, Clone, PartialEq)]
pub struct CosineWithHardRestarts {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `N`, total steps including the warmup.
    pub num_training_steps: i64,
    /// Number of decays (each restart jumps back to `base_lr`).
    pub num_cycles: f64,
}

impl CosineWithHardRestarts {
    /// Builds the schedule.
    ///
    /// # Errors
    /// `base_lr` or `num_cycles` not finite; a step count outside `0..=2^53`.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
        num_cycles: f64,
    ) -> Result<Self, ScheduleError> {
        Ok(CosineWithHardRestarts {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: check_steps("num_warmup_steps", num_warmup_steps)?,
            num_training_steps: check_steps("num_training_steps", num_training_steps)?,
            num_cycles: check_finite("num_cycles", num_cycles)?,
        })
    }

    /// The `lr_lambda` (`_get_cosine_with_hard_restarts_schedule_with_warmup_lr_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let (s, w, n) = (
            step_i64(step),
            self.num_warmup_steps,
            self.num_training_steps,
        );
        if s < w {
            return linear_warmup(s, w);
        }
        let progress = (s - w) as f64 / (n - w).max(1) as f64;
        if progress >= 1.0 {
            return 0.0;
        }
        max0(
            0.5 * (1.0
                + crate::schedule::pymath::cos(PI * py_mod(self.num_cycles * progress, 1.0))),
        )
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::transformers::CosineWithWarmup;
    use approx::abs_diff_eq;

    #[test]
    fn pitfall_e1_one_cycle_hard_restart_is_plain_cosine() {
        // PITFALLS.md E1: hard restarts with num_cycles=1 equal cosine with num_cycles=0.5 (before N);
        // with num_cycles=3 the rate jumps back to 1.0 at steps 40 and 70 (W=10, N=100).
        let h1 = CosineWithHardRestarts::new(1.0, 10, 100, 1.0).unwrap();
        let c = CosineWithWarmup::new(1.0, 10, 100, 0.5).unwrap();
        for t in 0..100 {
            assert_eq!(h1.lr(t), c.lr(t), "step {t}");
        }
        let h3 = CosineWithHardRestarts::new(1.0, 10, 100, 3.0).unwrap();
        assert_eq!((h3.lr(40), h3.lr(70)), (1.0, 1.0));
        assert!(h3.lr(39) < 0.01 && h3.lr(69) < 0.01);
    }

    #[test]
    fn hard_restarts_golden_readme_values() {
        // golden/README.md (transformers): num_cycles=3, N=100, base 0.1: step 33 -> 2.467198171342e-05,
        // step 34 -> 0.09990133642141358, step 100 -> 0.0.
        let h = CosineWithHardRestarts::new(0.1, 0, 100, 3.0).unwrap();
        assert!(abs_diff_eq!(h.lr(33), 2.467198171342e-05, epsilon = 1e-17));
        assert_eq!(h.lr(34), 0.09990133642141358);
        assert_eq!(h.lr(100), 0.0);
    }
}
