//! `optax.constant_schedule` (`optax/schedules/_schedule.py`).

use super::finite;
use crate::schedule::{LearningRate, ScheduleError};

/// `optax.constant_schedule(value)`: `lr(count) = value` for every count.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstantSchedule {
    value: f64,
}

impl ConstantSchedule {
    /// A schedule that always returns `value`.
    ///
    /// # Errors
    /// `value` not finite.
    pub fn new(value: f64) -> Result<Self, ScheduleError> {
        Ok(ConstantSchedule {
            value: finite("value", value)?,
        })
    }

    /// The value (the same at every `count`).
    pub fn lr(&self, _count: f64) -> LearningRate {
        self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_is_constant() {
        // optax docstring example: constant_schedule(5)(0) == constant_schedule(5)(100) == 5.
        let s = ConstantSchedule::new(5.0).unwrap();
        assert_eq!((s.lr(0.0), s.lr(100.0)), (5.0, 5.0));
    }

    #[test]
    fn value_must_be_finite() {
        assert_eq!(
            ConstantSchedule::new(f64::NAN).unwrap_err().field(),
            "value"
        );
    }
}
