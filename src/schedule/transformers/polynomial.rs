//! `get_polynomial_decay_schedule_with_warmup`.

use super::{check_finite, check_steps, linear_warmup, step_i64};
use crate::schedule::{LearningRate, ScheduleError};

/// `get_polynomial_decay_schedule_with_warmup(optimizer, W, N, lr_end=1e-7, power=1.0)`:
/// linear warmup from 0; for `W <= step <= N`:
/// `lr = (lr_init − lr_end) · (1 − (step − W)/(N − W))^power + lr_end`; after `N`: `lr_end`.
/// `lr_init` is `optimizer.defaults["lr"]`, here `base_lr`. The library computes the factor
/// as that value divided by `lr_init` and LambdaLR multiplies it back, which this keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct PolynomialDecay {
    /// The optimizer's learning rate (`lr_init`).
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `N`, total steps including the warmup.
    pub num_training_steps: i64,
    /// The final rate (absolute), must be below `base_lr`.
    pub lr_end: f64,
    /// Exponent of the decay (1 = linear).
    pub power: f64,
}

impl PolynomialDecay {
    /// Builds the schedule.
    ///
    /// # Errors
    /// `lr_end >= base_lr` (transformers: "lr_end (..) must be smaller than initial lr (..)");
    /// non-finite values; a step count outside `0..=2^53`.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
        lr_end: f64,
        power: f64,
    ) -> Result<Self, ScheduleError> {
        let base_lr = check_finite("base_lr", base_lr)?;
        let lr_end = check_finite("lr_end", lr_end)?;
        let below = base_lr > lr_end; // transformers: `if not (lr_init > lr_end)`
        if !below {
            return Err(ScheduleError::invalid(
                "lr_end",
                lr_end,
                format!("lr_end ({lr_end}) must be smaller than initial lr ({base_lr})"),
            ));
        }
        Ok(PolynomialDecay {
            base_lr,
            num_warmup_steps: check_steps("num_warmup_steps", num_warmup_steps)?,
            num_training_steps: check_steps("num_training_steps", num_training_steps)?,
            lr_end,
            power: check_finite("power", power)?,
        })
    }

    /// The `lr_lambda` (`_get_polynomial_decay_schedule_with_warmup_lr_lambda`).
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] where the library raises `ZeroDivisionError`: at step `N`
    /// when `N == W` (field `num_training_steps`); at step `N` when `power < 0` (`0.0 ** power`,
    /// field `power`); at every step past the warmup when `base_lr = 0` (field `base_lr`).
    pub fn factor(&self, step: u64) -> Result<f64, ScheduleError> {
        let (s, w, n) = (
            step_i64(step),
            self.num_warmup_steps,
            self.num_training_steps,
        );
        if s < w {
            return Ok(linear_warmup(s, w));
        }
        let raised = |field: &str, message: &str| ScheduleError::Raised {
            field: field.into(),
            step: usize::try_from(step).unwrap_or(usize::MAX),
            message: message.into(),
        };
        let lr_init = self.base_lr;
        if lr_init == 0.0 {
            return Err(raised(
                "base_lr",
                "ZeroDivisionError: float division by zero (… / lr_init with lr 0)",
            ));
        }
        if s > n {
            return Ok(self.lr_end / lr_init);
        }
        let lr_range = lr_init - self.lr_end;
        let decay_steps = n - w;
        if decay_steps == 0 {
            return Err(raised(
                "num_training_steps",
                "ZeroDivisionError: division by zero ((current_step - num_warmup_steps) / decay_steps with num_training_steps == num_warmup_steps)",
            ));
        }
        let pct_remaining = 1.0 - (s - w) as f64 / decay_steps as f64;
        if pct_remaining == 0.0 && self.power < 0.0 {
            return Err(raised(
                "power",
                "ZeroDivisionError: 0.0 cannot be raised to a negative power",
            ));
        }
        let decay =
            lr_range * crate::schedule::pymath::pow(pct_remaining, self.power) + self.lr_end;
        Ok(decay / lr_init)
    }

    /// `base_lr · factor(step)`.
    ///
    /// # Errors
    /// As [`Self::factor`].
    pub fn lr(&self, step: u64) -> Result<LearningRate, ScheduleError> {
        Ok(self.base_lr * self.factor(step)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::abs_diff_eq;

    #[test]
    fn polynomial_reaches_lr_end_and_holds() {
        let s = PolynomialDecay::new(0.1, 0, 100, 1e-7, 1.0).unwrap();
        assert!(abs_diff_eq!(s.lr(100).unwrap(), 1e-7, epsilon = 1e-20));
        assert!(abs_diff_eq!(s.lr(150).unwrap(), 1e-7, epsilon = 1e-20));
    }

    #[test]
    fn rejects_lr_end_not_below_lr() {
        let e = PolynomialDecay::new(0.1, 0, 100, 0.1, 1.0).unwrap_err();
        assert_eq!(e.field(), "lr_end");
    }

    #[test]
    fn polynomial_raises_when_no_decay_steps() {
        let s = PolynomialDecay::new(0.1, 10, 10, 0.0, 1.0).unwrap();
        assert!(s.lr(9).is_ok());
        assert!(
            matches!(s.lr(10), Err(ScheduleError::Raised { ref field, step: 10, .. }) if field == "num_training_steps")
        );
        assert!(s.lr(11).is_ok());
    }

    #[test]
    fn polynomial_raises_for_negative_power_at_the_end() {
        let s = PolynomialDecay::new(0.1, 0, 10, 0.0, -1.0).unwrap();
        assert!(
            matches!(s.lr(10), Err(ScheduleError::Raised { ref field, .. }) if field == "power")
        );
    }

    #[test]
    fn polynomial_raises_for_zero_lr() {
        let s = PolynomialDecay::new(0.0, 2, 10, -1.0, 1.0).unwrap();
        assert_eq!(s.lr(1).unwrap(), 0.0);
        assert_eq!(s.lr(2).unwrap_err().field(), "base_lr");
    }
}
