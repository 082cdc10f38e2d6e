//! `get_inverse_sqrt_schedule`.

use super::{check_finite, check_steps, linear_warmup, step_i64};
use crate::schedule::{LearningRate, ScheduleError};

/// `get_inverse_sqrt_schedule(optimizer, num_warmup_steps, timescale=None)`: linear warmup from
/// 0, then `1 / sqrt((step + timescale − W) / timescale)`; `timescale` defaults to `W`, or
/// 10 000 when `W = 0` (big_vision's rsqrt schedule).
#[derive(Debug, Clone, PartialEq)]
pub struct InverseSqrt {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// The time scale (after defaulting), `> 0`.
    pub timescale: i64,
}

impl InverseSqrt {
    /// Builds the schedule (`timescale = None` takes the library's default).
    ///
    /// # Errors
    /// `base_lr` not finite; `num_warmup_steps` outside `0..=2^53`; `timescale <= 0` (the
    /// library raises ZeroDivisionError or "math domain error" after the warmup; Anneal
    /// rejects it up front) or above 2^53.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        timescale: Option<i64>,
    ) -> Result<Self, ScheduleError> {
        let w = check_steps("num_warmup_steps", num_warmup_steps)?;
        let timescale = match timescale {
            None if w == 0 => 10_000,
            None => w,
            Some(t) if t <= 0 => {
                return Err(ScheduleError::invalid(
                    "timescale",
                    t,
                    "must be > 0 (the library raises ZeroDivisionError / math domain error after the warmup)",
                ))
            }
            Some(t) => check_steps("timescale", t)?,
        };
        Ok(InverseSqrt {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: w,
            timescale,
        })
    }

    /// The `lr_lambda` (`_get_inverse_sqrt_schedule_lr_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let (s, w) = (step_i64(step), self.num_warmup_steps);
        if s < w {
            return linear_warmup(s, w);
        }
        let shift = self.timescale - w;
        // Python: (current_step + shift) / timescale is int / int true division.
        let x = (i128::from(s) + i128::from(shift)) as f64 / self.timescale as f64;
        1.0 / x.sqrt()
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::abs_diff_eq;

    #[test]
    fn inverse_sqrt_default_timescale() {
        // timescale defaults to num_warmup_steps (10): step 10 -> 1, step 30 -> 1/sqrt(3).
        let s = InverseSqrt::new(1.0, 10, None).unwrap();
        assert_eq!(s.timescale, 10);
        assert_eq!(s.lr(10), 1.0);
        assert!(abs_diff_eq!(s.lr(30), 1.0 / 3f64.sqrt(), epsilon = 1e-16));
        assert_eq!(InverseSqrt::new(1.0, 0, None).unwrap().timescale, 10_000);
    }

    #[test]
    fn rejects_non_positive_timescale() {
        assert_eq!(
            InverseSqrt::new(0.1, 0, Some(0)).unwrap_err().field(),
            "timescale"
        );
        assert_eq!(
            InverseSqrt::new(0.1, 0, Some(-3)).unwrap_err().field(),
            "timescale"
        );
    }
}
