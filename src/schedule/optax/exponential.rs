//! `optax.exponential_decay` and `optax.warmup_exponential_decay_schedule`
//! (`optax/schedules/_schedule.py`).

use super::{finite, PolynomialSchedule};
use crate::schedule::{LearningRate, ScheduleError};

/// `optax.exponential_decay(init_value, transition_steps, decay_rate, transition_begin=0,
/// staircase=False, end_value=None)`.
///
/// With `B = max(transition_begin, 0)`, `d = count − B` and `p = d / transition_steps`
/// (`floor(p)` if `staircase`): `lr = init_value` while `d <= 0`, else
/// `init_value · decay_rate^p`. With `end_value`, the result is clipped: `max(lr, end_value)` when
/// `decay_rate < 1` (a floor), `min(lr, end_value)` otherwise (a ceiling).
///
/// As in optax, `transition_steps <= 0` or `decay_rate == 0` give the constant `init_value`
/// (the library only logs a message; `end_value` is then not applied).
#[derive(Debug, Clone, PartialEq)]
pub struct ExponentialDecay {
    init_value: f64,
    transition_steps: f64,
    decay_rate: f64,
    transition_begin: f64,
    staircase: bool,
    end_value: Option<f64>,
}

impl ExponentialDecay {
    /// `optax.exponential_decay`.
    ///
    /// # Errors
    /// - any argument not finite (named);
    /// - `decay_rate` < 0 without `staircase` (Anneal-only check: `decay_rate^p` is NaN for the
    ///   non-integer exponents optax then computes). With `staircase` the exponent is an integer
    ///   and the sign alternates, as in the library.
    pub fn new(
        init_value: f64,
        transition_steps: f64,
        decay_rate: f64,
        transition_begin: f64,
        staircase: bool,
        end_value: Option<f64>,
    ) -> Result<Self, ScheduleError> {
        finite("init_value", init_value)?;
        finite("transition_steps", transition_steps)?;
        finite("decay_rate", decay_rate)?;
        finite("transition_begin", transition_begin)?;
        if let Some(e) = end_value {
            finite("end_value", e)?;
        }
        let s = ExponentialDecay {
            init_value,
            transition_steps,
            decay_rate,
            transition_begin,
            staircase,
            end_value,
        };
        if !s.is_constant() && decay_rate < 0.0 && !staircase {
            return Err(ScheduleError::invalid(
                "decay_rate",
                decay_rate,
                "a negative decay_rate without staircase makes optax return NaN (negative base, fractional exponent)",
            ));
        }
        Ok(s)
    }

    /// True when optax returns the constant `init_value` (`transition_steps <= 0` or
    /// `decay_rate == 0`).
    pub fn is_constant(&self) -> bool {
        self.transition_steps <= 0.0 || self.decay_rate == 0.0
    }

    /// The value at update count `count`.
    pub fn lr(&self, count: f64) -> LearningRate {
        if self.is_constant() {
            return self.init_value;
        }
        let decreased = count - self.transition_begin.max(0.0);
        let mut p = decreased / self.transition_steps;
        if self.staircase {
            p = p.floor();
        }
        let value = if decreased <= 0.0 {
            self.init_value
        } else {
            self.init_value * crate::schedule::pymath::pow(self.decay_rate, p)
        };
        match self.end_value {
            None => value,
            Some(end) if self.decay_rate < 1.0 => value.max(end),
            Some(end) => value.min(end),
        }
    }
}

/// `optax.warmup_exponential_decay_schedule(init_value, peak_value, warmup_steps,
/// transition_steps, decay_rate, transition_begin=0, staircase=False, end_value=None)`.
///
/// `join_schedules([linear(init_value → peak_value over warmup_steps),
/// exponential_decay(peak_value, transition_steps, decay_rate, transition_begin, staircase,
/// end_value)], [warmup_steps])`: the linear warmup for `count < warmup_steps`, then the decay
/// evaluated at its own local count `count − warmup_steps`.
#[derive(Debug, Clone, PartialEq)]
pub struct WarmupExponentialDecaySchedule {
    warmup: PolynomialSchedule,
    decay: ExponentialDecay,
    warmup_steps: f64,
}

impl WarmupExponentialDecaySchedule {
    /// `optax.warmup_exponential_decay_schedule`.
    ///
    /// # Errors
    /// As [`ExponentialDecay::new`] (with `peak_value` as its `init_value`), and any argument
    /// not finite.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        init_value: f64,
        peak_value: f64,
        warmup_steps: f64,
        transition_steps: f64,
        decay_rate: f64,
        transition_begin: f64,
        staircase: bool,
        end_value: Option<f64>,
    ) -> Result<Self, ScheduleError> {
        finite("peak_value", peak_value)?;
        finite("warmup_steps", warmup_steps)?;
        let warmup = PolynomialSchedule::linear(init_value, peak_value, warmup_steps, 0.0)?;
        let decay = ExponentialDecay::new(
            peak_value,
            transition_steps,
            decay_rate,
            transition_begin,
            staircase,
            end_value,
        )?;
        Ok(WarmupExponentialDecaySchedule {
            warmup,
            decay,
            warmup_steps,
        })
    }

    /// The value at update count `count`.
    pub fn lr(&self, count: f64) -> LearningRate {
        if count < self.warmup_steps {
            self.warmup.lr(count)
        } else {
            self.decay.lr(count - self.warmup_steps)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuous_and_staircase() {
        // Formula of the optax docstring: init · rate^((count − begin)/T).
        let s = ExponentialDecay::new(0.1, 10.0, 0.5, 0.0, false, None).unwrap();
        assert_eq!(s.lr(10.0), 0.05);
        assert!((s.lr(5.0) - 0.1 * 0.5f64.sqrt()).abs() < 1e-17);
        let st = ExponentialDecay::new(0.1, 10.0, 0.5, 0.0, true, None).unwrap();
        assert_eq!((st.lr(9.0), st.lr(10.0), st.lr(19.0)), (0.1, 0.05, 0.05));
    }

    #[test]
    fn transition_begin_holds_init() {
        let s = ExponentialDecay::new(0.1, 10.0, 0.5, 5.0, false, None).unwrap();
        assert_eq!((s.lr(0.0), s.lr(5.0), s.lr(15.0)), (0.1, 0.1, 0.05));
    }

    #[test]
    fn end_value_is_a_floor_below_one_and_a_ceiling_above() {
        let down = ExponentialDecay::new(0.1, 10.0, 0.5, 0.0, false, Some(0.01)).unwrap();
        assert_eq!(down.lr(1000.0), 0.01);
        let up = ExponentialDecay::new(0.1, 10.0, 2.0, 0.0, false, Some(1.0)).unwrap();
        assert_eq!(up.lr(10.0), 0.2);
        assert_eq!(up.lr(1000.0), 1.0);
    }

    #[test]
    fn constant_fallbacks() {
        // optax logs and returns `lambda count: init_value` for transition_steps <= 0 and for
        // decay_rate == 0 (end_value is not applied then).
        let a = ExponentialDecay::new(0.1, 0.0, 0.5, 0.0, false, Some(0.5)).unwrap();
        let b = ExponentialDecay::new(0.1, 10.0, 0.0, 0.0, false, Some(0.5)).unwrap();
        assert_eq!((a.lr(100.0), b.lr(100.0)), (0.1, 0.1));
    }

    #[test]
    fn negative_rate_needs_staircase() {
        assert_eq!(
            ExponentialDecay::new(0.1, 10.0, -0.5, 0.0, false, None)
                .unwrap_err()
                .field(),
            "decay_rate"
        );
        let s = ExponentialDecay::new(0.1, 10.0, -0.5, 0.0, true, None).unwrap();
        assert_eq!(s.lr(10.0), -0.05);
    }

    #[test]
    fn non_finite_end_value_is_named() {
        assert_eq!(
            ExponentialDecay::new(0.1, 10.0, 0.5, 0.0, false, Some(f64::NAN))
                .unwrap_err()
                .field(),
            "end_value"
        );
    }

    #[test]
    fn warmup_then_local_count() {
        let s = WarmupExponentialDecaySchedule::new(0.0, 0.1, 10.0, 5.0, 0.5, 0.0, false, None)
            .unwrap();
        assert_eq!(s.lr(0.0), 0.0);
        assert_eq!(s.lr(10.0), 0.1);
        assert_eq!(s.lr(15.0), 0.05);
    }
}
