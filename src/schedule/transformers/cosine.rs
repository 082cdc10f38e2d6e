//! `get_cosine_schedule_with_warmup` and `get_cosine_with_min_lr_schedule_with_warmup`.

use std::f64::consts::PI;

use super::{check_finite, check_steps, linear_warmup, max0, step_i64};
use crate::schedule::{LearningRate, ScheduleError};

/// `get_cosine_schedule_with_warmup(optimizer, W, N, num_cycles=0.5)` and
/// `get_cosine_with_min_lr_schedule_with_warmup(..., min_lr=None, min_lr_rate=None)`:
/// linear warmup from 0, then with `progress = (step − W) / max(1, N − W)` (not clamped) and
/// `c = ½(1 + cos(π · num_cycles · 2 · progress))`, factor `max(0, c·(1 − r) + r)`,
/// `r = min_lr_rate` (0 for the plain cosine). Past `N` the cosine rises again.
#[derive(Debug, Clone, PartialEq)]
pub struct CosineWithWarmup {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `N`, total steps including the warmup.
    pub num_training_steps: i64,
    /// Number of cosine waves over `N − W` steps (0.5 = one half-cosine from 1 to the floor).
    pub num_cycles: f64,
    /// Floor as a ratio of `base_lr` (0 for `get_cosine_schedule_with_warmup`).
    pub min_lr_rate: f64,
}

impl CosineWithWarmup {
    /// `get_cosine_schedule_with_warmup` (floor 0).
    ///
    /// # Errors
    /// `base_lr` or `num_cycles` not finite; a step count outside `0..=2^53`.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
        num_cycles: f64,
    ) -> Result<Self, ScheduleError> {
        Ok(CosineWithWarmup {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: check_steps("num_warmup_steps", num_warmup_steps)?,
            num_training_steps: check_steps("num_training_steps", num_training_steps)?,
            num_cycles: check_finite("num_cycles", num_cycles)?,
            min_lr_rate: 0.0,
        })
    }

    /// `get_cosine_with_min_lr_schedule_with_warmup`: exactly one of `min_lr` (absolute,
    /// converted to `min_lr / base_lr`, i.e. `optimizer.defaults["lr"]`) and `min_lr_rate`.
    ///
    /// # Errors
    /// As [`Self::new`], and (transformers' ValueErrors) `min_lr` together with `min_lr_rate`,
    /// or neither; `min_lr` with `base_lr = 0` (ZeroDivisionError in the library).
    pub fn with_min_lr(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
        num_cycles: f64,
        min_lr: Option<f64>,
        min_lr_rate: Option<f64>,
    ) -> Result<Self, ScheduleError> {
        let mut s = Self::new(base_lr, num_warmup_steps, num_training_steps, num_cycles)?;
        s.min_lr_rate = resolve_min_lr_rate(base_lr, min_lr, min_lr_rate)?;
        Ok(s)
    }

    /// The `lr_lambda` (`_get_cosine_schedule_with_warmup_lr_lambda`, the definition with
    /// `min_lr_rate`, which is the one in effect for both factories).
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
        let c = 0.5 * (1.0 + crate::schedule::pymath::cos(PI * self.num_cycles * 2.0 * progress));
        max0(c * (1.0 - self.min_lr_rate) + self.min_lr_rate)
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

/// transformers' rule for `min_lr` / `min_lr_rate`.
fn resolve_min_lr_rate(
    base_lr: f64,
    min_lr: Option<f64>,
    min_lr_rate: Option<f64>,
) -> Result<f64, ScheduleError> {
    match (min_lr, min_lr_rate) {
        (Some(_), Some(_)) => Err(ScheduleError::invalid(
            "min_lr",
            "(with min_lr_rate)",
            "Only one of min_lr or min_lr_rate should be set",
        )),
        (Some(m), None) => {
            let m = check_finite("min_lr", m)?;
            if base_lr == 0.0 {
                Err(ScheduleError::invalid(
                    "min_lr",
                    m,
                    "min_lr / optimizer.defaults[\"lr\"] divides by base_lr = 0 (ZeroDivisionError)",
                ))
            } else {
                Ok(m / base_lr)
            }
        }
        (None, Some(r)) => check_finite("min_lr_rate", r),
        (None, None) => Err(ScheduleError::invalid(
            "min_lr_rate",
            "None",
            "One of min_lr or min_lr_rate should be set",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::transformers::{CosineWithHardRestarts, LinearWithWarmup};
    use approx::abs_diff_eq;

    #[test]
    fn pitfall_e3_warmup_starts_at_zero() {
        // PITFALLS.md E3: HF cosine, num_warmup_steps=4, base 0.1: 0, 0.025, 0.05, 0.075, 0.1.
        let s = CosineWithWarmup::new(0.1, 4, 100, 0.5).unwrap();
        let got: Vec<f64> = (0..5).map(|t| s.lr(t)).collect();
        for (g, w) in got.iter().zip([0.0, 0.025, 0.05, 0.075, 0.1]) {
            assert!(abs_diff_eq!(*g, w, epsilon = 1e-16), "{got:?}");
        }
        // golden/README.md: linear warmup 10 -> step 1 gives 0.010000000000000002.
        assert_eq!(
            LinearWithWarmup::new(0.1, 10, 100).unwrap().lr(1),
            0.010000000000000002
        );
    }

    #[test]
    fn pitfall_e4_cosine_rises_after_the_end() {
        // PITFALLS.md E4 / SEMANTICS.md §3: warmup 10, N 100: step 120 -> 0.117, step 190 -> 1.0;
        // the hard-restart variant gives 0.0 there.
        let s = CosineWithWarmup::new(1.0, 10, 100, 0.5).unwrap();
        assert!(abs_diff_eq!(s.factor(120), 0.117, epsilon = 5e-4));
        assert!(abs_diff_eq!(s.factor(190), 1.0, epsilon = 1e-15));
        let h = CosineWithHardRestarts::new(1.0, 10, 100, 1.0).unwrap();
        assert_eq!((h.factor(120), h.factor(190)), (0.0, 0.0));
    }

    #[test]
    fn min_lr_is_a_ratio_of_base_lr() {
        // SEMANTICS.md §3: factor = max(0, c(1 - r) + r), r = min_lr / defaults["lr"].
        let s = CosineWithWarmup::with_min_lr(0.1, 0, 100, 0.5, Some(0.001), None).unwrap();
        assert!(abs_diff_eq!(s.min_lr_rate, 0.01, epsilon = 1e-18));
        assert!(abs_diff_eq!(s.lr(100), 0.001, epsilon = 1e-18));
    }

    #[test]
    fn rejects_both_min_lr_and_rate() {
        let e = CosineWithWarmup::with_min_lr(0.1, 0, 10, 0.5, Some(0.01), Some(0.1)).unwrap_err();
        assert_eq!(e.field(), "min_lr");
    }

    #[test]
    fn rejects_neither_min_lr_nor_rate() {
        let e = CosineWithWarmup::with_min_lr(0.1, 0, 10, 0.5, None, None).unwrap_err();
        assert_eq!(e.field(), "min_lr_rate");
    }
}
