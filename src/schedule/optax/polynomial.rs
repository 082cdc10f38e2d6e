//! `optax.polynomial_schedule`, `optax.linear_schedule`, `optax.warmup_constant_schedule`
//! (`optax/schedules/_schedule.py`).

use super::finite;
use crate::schedule::{LearningRate, ScheduleError};

/// `optax.polynomial_schedule(init_value, end_value, power, transition_steps, transition_begin=0)`.
///
/// With `B = max(transition_begin, 0)` and `T = transition_steps` (in updates):
/// `c = clip(count − B, 0, T)`, `frac = 1 − c/T`,
/// `lr = (init_value − end_value) · frac^power + end_value`. So `init_value` up to `B`, then the
/// polynomial transition, and `end_value` from `B + T` on (held).
///
/// If `T <= 0` the library logs a message and returns the constant `init_value`; so does this.
/// A negative `transition_begin` falls back to 0 (the library logs that too).
#[derive(Debug, Clone, PartialEq)]
pub struct PolynomialSchedule {
    init_value: f64,
    end_value: f64,
    power: f64,
    transition_steps: f64,
    transition_begin: f64,
}

impl PolynomialSchedule {
    /// `optax.polynomial_schedule`.
    ///
    /// # Errors
    /// - any argument not finite (named);
    /// - `power` < 0 while `transition_steps` > 0 (Anneal-only check: the library returns ±inf
    ///   or NaN once `frac` reaches 0 at `count = transition_begin + transition_steps`).
    pub fn new(
        init_value: f64,
        end_value: f64,
        power: f64,
        transition_steps: f64,
        transition_begin: f64,
    ) -> Result<Self, ScheduleError> {
        finite("init_value", init_value)?;
        finite("end_value", end_value)?;
        finite("power", power)?;
        finite("transition_steps", transition_steps)?;
        finite("transition_begin", transition_begin)?;
        if transition_steps > 0.0 && power < 0.0 {
            return Err(ScheduleError::invalid(
                "power",
                power,
                "a negative power makes optax return inf/NaN at the end of the transition (0^power)",
            ));
        }
        Ok(PolynomialSchedule {
            init_value,
            end_value,
            power,
            transition_steps,
            transition_begin,
        })
    }

    /// `optax.linear_schedule(init_value, end_value, transition_steps, transition_begin=0)`:
    /// the polynomial schedule with `power = 1`.
    ///
    /// # Errors
    /// Any argument not finite.
    pub fn linear(
        init_value: f64,
        end_value: f64,
        transition_steps: f64,
        transition_begin: f64,
    ) -> Result<Self, ScheduleError> {
        Self::new(
            init_value,
            end_value,
            1.0,
            transition_steps,
            transition_begin,
        )
    }

    /// `optax.warmup_constant_schedule(init_value, peak_value, warmup_steps)`: a linear ramp from
    /// `init_value` to `peak_value` over `warmup_steps` updates, then `peak_value` held.
    ///
    /// # Errors
    /// Any argument not finite; the fields are named `init_value`, `end_value` (the peak) and
    /// `transition_steps` (the warmup) as in the linear schedule optax builds.
    pub fn warmup_constant(
        init_value: f64,
        peak_value: f64,
        warmup_steps: f64,
    ) -> Result<Self, ScheduleError> {
        finite("peak_value", peak_value)?;
        finite("warmup_steps", warmup_steps)?;
        Self::linear(init_value, peak_value, warmup_steps, 0.0)
    }

    /// True when the library returns the constant `init_value` (`transition_steps <= 0`).
    pub fn is_constant(&self) -> bool {
        self.transition_steps <= 0.0
    }

    /// The value at update count `count`.
    pub fn lr(&self, count: f64) -> LearningRate {
        if self.is_constant() {
            return self.init_value;
        }
        let begin = self.transition_begin.max(0.0);
        // jnp.clip(x, 0, T) = min(max(x, 0), T)
        let c = (count - begin).max(0.0).min(self.transition_steps);
        let frac = 1.0 - c / self.transition_steps;
        (self.init_value - self.end_value) * crate::schedule::pymath::pow(frac, self.power)
            + self.end_value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docstring_example_with_transition_begin() {
        // optax docstring of polynomial_schedule (init 1.0, end 0.01, T 100, begin 5, power 2),
        // printed there to 4 decimals: 0:1.0000 5:1.0000 6:0.9803 104:0.0101 105:0.0100 110:0.0100.
        let s = PolynomialSchedule::new(1.0, 0.01, 2.0, 100.0, 5.0).unwrap();
        for (t, want) in [
            (0.0, 1.0),
            (5.0, 1.0),
            (6.0, 0.9803),
            (104.0, 0.0101),
            (105.0, 0.01),
            (110.0, 0.01),
        ] {
            assert!((s.lr(t) - want).abs() < 5e-5, "t = {t}: {}", s.lr(t));
        }
    }

    #[test]
    fn linear_warmup_step_one() {
        // golden/README.md (optax): the warmup of warmup_cosine_decay_schedule (0 -> 0.1 over 10)
        // gives 0.009999999999999995 at step 1, computed as (init - end)·frac + end.
        let s = PolynomialSchedule::linear(0.0, 0.1, 10.0, 0.0).unwrap();
        assert_eq!(s.lr(1.0), 0.009999999999999995);
        assert_eq!(s.lr(10.0), 0.1);
        assert_eq!(s.lr(25.0), 0.1);
    }

    #[test]
    fn non_positive_transition_steps_is_constant() {
        // optax logs and returns `lambda count: init_value` when transition_steps <= 0.
        let s = PolynomialSchedule::new(0.3, 0.0, -2.0, 0.0, 0.0).unwrap();
        assert!(s.is_constant());
        assert_eq!((s.lr(0.0), s.lr(50.0)), (0.3, 0.3));
    }

    #[test]
    fn negative_transition_begin_falls_back_to_zero() {
        let a = PolynomialSchedule::linear(1.0, 0.0, 10.0, -4.0).unwrap();
        let b = PolynomialSchedule::linear(1.0, 0.0, 10.0, 0.0).unwrap();
        assert_eq!(a.lr(3.0), b.lr(3.0));
    }

    #[test]
    fn negative_power_is_rejected() {
        assert_eq!(
            PolynomialSchedule::new(1.0, 0.0, -1.0, 10.0, 0.0)
                .unwrap_err()
                .field(),
            "power"
        );
    }

    #[test]
    fn non_finite_arguments_are_named() {
        assert_eq!(
            PolynomialSchedule::new(1.0, f64::INFINITY, 1.0, 10.0, 0.0)
                .unwrap_err()
                .field(),
            "end_value"
        );
        assert_eq!(
            PolynomialSchedule::warmup_constant(0.0, 1.0, f64::NAN)
                .unwrap_err()
                .field(),
            "warmup_steps"
        );
    }
}
