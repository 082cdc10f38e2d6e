//! `keras.optimizers.schedules.ExponentialDecay`, `InverseTimeDecay`, `PolynomialDecay` and
//! `PiecewiseConstantDecay` (`keras/src/optimizers/schedules/learning_rate_schedule.py`).

use super::{finite, positive_steps};
use crate::schedule::{LearningRate, ScheduleError};

/// `ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False,
/// name="ExponentialDecay")`:
/// `lr = initial_learning_rate · decay_rate^p` with `p = step/decay_steps` (`floor(p)` if
/// `staircase`).
#[derive(Debug, Clone, PartialEq)]
pub struct ExponentialDecay {
    initial_learning_rate: f64,
    decay_steps: f64,
    decay_rate: f64,
    staircase: bool,
}

impl ExponentialDecay {
    /// `keras.optimizers.schedules.ExponentialDecay`.
    ///
    /// # Errors
    /// - `decay_steps` <= 0: Keras raises `ValueError`;
    /// - `decay_rate` < 0 without `staircase` (Anneal-only check: a negative base with a
    ///   fractional exponent is NaN in the library);
    /// - any argument not finite.
    pub fn new(
        initial_learning_rate: f64,
        decay_steps: f64,
        decay_rate: f64,
        staircase: bool,
    ) -> Result<Self, ScheduleError> {
        finite("initial_learning_rate", initial_learning_rate)?;
        positive_steps("decay_steps", decay_steps)?;
        finite("decay_rate", decay_rate)?;
        if decay_rate < 0.0 && !staircase {
            return Err(ScheduleError::invalid(
                "decay_rate",
                decay_rate,
                "a negative decay_rate without staircase makes keras return NaN (negative base, fractional exponent)",
            ));
        }
        Ok(ExponentialDecay {
            initial_learning_rate,
            decay_steps,
            decay_rate,
            staircase,
        })
    }

    /// The learning rate at optimizer step `step`.
    pub fn lr(&self, step: f64) -> LearningRate {
        let mut p = step / self.decay_steps;
        if self.staircase {
            p = p.floor();
        }
        self.initial_learning_rate * crate::schedule::pymath::pow(self.decay_rate, p)
    }
}

/// `InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False,
/// name="InverseTimeDecay")`:
/// `lr = initial_learning_rate / (1 + decay_rate · p)` with `p = step/decay_steps`
/// (`floor(p)` if `staircase`).
#[derive(Debug, Clone, PartialEq)]
pub struct InverseTimeDecay {
    initial_learning_rate: f64,
    decay_steps: f64,
    decay_rate: f64,
    staircase: bool,
}

impl InverseTimeDecay {
    /// `keras.optimizers.schedules.InverseTimeDecay`.
    ///
    /// # Errors
    /// - `decay_steps` <= 0: Keras raises `ValueError`;
    /// - `decay_rate` < 0 (Anneal-only check: the denominator `1 + decay_rate·p` reaches 0,
    ///   giving inf, and then negative rates);
    /// - any argument not finite.
    pub fn new(
        initial_learning_rate: f64,
        decay_steps: f64,
        decay_rate: f64,
        staircase: bool,
    ) -> Result<Self, ScheduleError> {
        finite("initial_learning_rate", initial_learning_rate)?;
        positive_steps("decay_steps", decay_steps)?;
        finite("decay_rate", decay_rate)?;
        if decay_rate < 0.0 {
            return Err(ScheduleError::invalid(
                "decay_rate",
                decay_rate,
                "a negative decay_rate drives keras' denominator 1 + decay_rate*p through 0 (inf, then negative rates)",
            ));
        }
        Ok(InverseTimeDecay {
            initial_learning_rate,
            decay_steps,
            decay_rate,
            staircase,
        })
    }

    /// The learning rate at optimizer step `step`.
    pub fn lr(&self, step: f64) -> LearningRate {
        let mut p = step / self.decay_steps;
        if self.staircase {
            p = p.floor();
        }
        self.initial_learning_rate / (1.0 + self.decay_rate * p)
    }
}

/// `PolynomialDecay(initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
/// cycle=False, name="PolynomialDecay")`:
/// `lr = (initial_learning_rate − end_learning_rate)·(1 − p)^power + end_learning_rate` with
/// `p = min(step, decay_steps)/decay_steps`, or with `cycle`:
/// `p = step / (decay_steps · max(1, ceil(step/decay_steps)))` (the multiplier is 1 at step 0),
/// so each later cycle restarts from a lower value rather than from `initial_learning_rate`.
#[derive(Debug, Clone, PartialEq)]
pub struct PolynomialDecay {
    initial_learning_rate: f64,
    decay_steps: f64,
    end_learning_rate: f64,
    power: f64,
    cycle: bool,
}

impl PolynomialDecay {
    /// `keras.optimizers.schedules.PolynomialDecay`.
    ///
    /// # Errors
    /// - `decay_steps` <= 0: Keras raises `ValueError`;
    /// - `power` < 0 (Anneal-only check: `0^power` is inf at the end of each decay);
    /// - any argument not finite.
    pub fn new(
        initial_learning_rate: f64,
        decay_steps: f64,
        end_learning_rate: f64,
        power: f64,
        cycle: bool,
    ) -> Result<Self, ScheduleError> {
        finite("initial_learning_rate", initial_learning_rate)?;
        positive_steps("decay_steps", decay_steps)?;
        finite("end_learning_rate", end_learning_rate)?;
        finite("power", power)?;
        if power < 0.0 {
            return Err(ScheduleError::invalid(
                "power",
                power,
                "a negative power makes keras return inf at the end of the decay (0^power)",
            ));
        }
        Ok(PolynomialDecay {
            initial_learning_rate,
            decay_steps,
            end_learning_rate,
            power,
            cycle,
        })
    }

    /// The learning rate at optimizer step `step` (`step ≥ 0`).
    pub fn lr(&self, step: f64) -> LearningRate {
        let p = if self.cycle {
            let multiplier = if step == 0.0 {
                1.0
            } else {
                (step / self.decay_steps).ceil()
            };
            step / (self.decay_steps * multiplier)
        } else {
            step.min(self.decay_steps) / self.decay_steps
        };
        (self.initial_learning_rate - self.end_learning_rate)
            * crate::schedule::pymath::pow(1.0 - p, self.power)
            + self.end_learning_rate
    }
}

/// `PiecewiseConstantDecay(boundaries, values, name="PiecewiseConstant")`:
/// `values[0]` for `step <= boundaries[0]`, `values[i+1]` for
/// `boundaries[i] < step <= boundaries[i+1]`, `values[-1]` for `step > boundaries[-1]`.
/// The value changes **one step after** each boundary (optax changes at it).
///
/// Computed as Keras does, as a sum of indicator terms, so that unsorted boundaries give what
/// Keras gives. Keras casts the boundaries to the step's dtype: for the optimizer's integer
/// step they are truncated to integers, so an integer-valued `step` is compared with
/// `trunc(boundary)` and a fractional one with the boundary itself.
#[derive(Debug, Clone, PartialEq)]
pub struct PiecewiseConstantDecay {
    /// `(boundaries[0], values[0])`: the value for `step <= boundaries[0]`.
    first: (f64, f64),
    /// `(boundaries[-1], values[-1])`: the value for `step > boundaries[-1]`.
    last: (f64, f64),
    /// `(boundaries[i], boundaries[i+1], values[i+1])` for the ranges in between.
    inner: Vec<(f64, f64, f64)>,
}

impl PiecewiseConstantDecay {
    /// `keras.optimizers.schedules.PiecewiseConstantDecay`.
    ///
    /// # Errors
    /// - `len(values) != len(boundaries) + 1`: Keras raises `ValueError` (field `values`);
    /// - no boundaries (one value): Keras accepts it but raises `IndexError` on the first call
    ///   ([`ScheduleError::Raised`] at step 0, field `boundaries`);
    /// - any entry not finite.
    pub fn new(boundaries: Vec<f64>, values: Vec<f64>) -> Result<Self, ScheduleError> {
        for b in &boundaries {
            finite("boundaries", *b)?;
        }
        for v in &values {
            finite("values", *v)?;
        }
        if values.len() != boundaries.len() + 1 {
            return Err(ScheduleError::invalid(
                "values",
                format!("{values:?}"),
                format!(
                    "keras raises ValueError: the length of boundaries ({}) should be 1 less than the length of values ({})",
                    boundaries.len(),
                    values.len()
                ),
            ));
        }
        let (Some(&b0), Some(&b_last), Some(&v0), Some(&v_last)) = (
            boundaries.first(),
            boundaries.last(),
            values.first(),
            values.last(),
        ) else {
            return Err(ScheduleError::Raised {
                field: "boundaries".into(),
                step: 0,
                message:
                    "IndexError: list index out of range (keras reads boundaries[0] on every call)"
                        .into(),
            });
        };
        let inner = boundaries
            .windows(2)
            .zip(values.iter().skip(1))
            .filter_map(|(pair, &v)| match pair {
                [low, high] => Some((*low, *high, v)),
                _ => None,
            })
            .collect();
        Ok(PiecewiseConstantDecay {
            first: (b0, v0),
            last: (b_last, v_last),
            inner,
        })
    }

    /// The learning rate at optimizer step `step`.
    pub fn lr(&self, step: f64) -> LearningRate {
        let integer_step = step.fract() == 0.0;
        let b = |x: f64| if integer_step { x.trunc() } else { x };
        let ind = |c: bool| if c { 1.0 } else { 0.0 };
        let mut result = 0.0;
        result += ind(step <= b(self.first.0)) * self.first.1;
        result += ind(step > b(self.last.0)) * self.last.1;
        for &(low, high, value) in &self.inner {
            result += ind(step > b(low) && step <= b(high)) * value;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_decay() {
        // Keras docstring formula: initial · rate^(step/decay_steps).
        let s = ExponentialDecay::new(0.1, 1.0, 0.96, false).unwrap();
        assert!((s.lr(2.0) - 0.1 * 0.96 * 0.96).abs() < 1e-16);
        let st = ExponentialDecay::new(0.1, 10.0, 0.5, true).unwrap();
        assert_eq!((st.lr(9.0), st.lr(10.0)), (0.1, 0.05));
    }

    #[test]
    fn exponential_validation() {
        assert_eq!(
            ExponentialDecay::new(0.1, 0.0, 0.5, false)
                .unwrap_err()
                .field(),
            "decay_steps"
        );
        assert_eq!(
            ExponentialDecay::new(0.1, 10.0, -0.5, false)
                .unwrap_err()
                .field(),
            "decay_rate"
        );
        assert!(ExponentialDecay::new(0.1, 10.0, -0.5, true).is_ok());
    }

    #[test]
    fn inverse_time_decay() {
        // Keras docstring: initial / (1 + rate · step/decay_steps).
        let s = InverseTimeDecay::new(0.1, 10.0, 0.5, false).unwrap();
        assert_eq!(s.lr(10.0), 0.1 / 1.5);
        let st = InverseTimeDecay::new(0.1, 10.0, 0.5, true).unwrap();
        assert_eq!((st.lr(9.0), st.lr(20.0)), (0.1, 0.05));
    }

    #[test]
    fn inverse_time_validation() {
        assert_eq!(
            InverseTimeDecay::new(0.1, -1.0, 0.5, false)
                .unwrap_err()
                .field(),
            "decay_steps"
        );
        assert_eq!(
            InverseTimeDecay::new(0.1, 10.0, -0.5, false)
                .unwrap_err()
                .field(),
            "decay_rate"
        );
    }

    #[test]
    fn polynomial_decay_and_cycle() {
        let s = PolynomialDecay::new(0.1, 10.0, 0.001, 1.0, false).unwrap();
        assert_eq!(s.lr(0.0), 0.1);
        assert_eq!(s.lr(10.0), 0.001);
        assert_eq!(s.lr(30.0), 0.001);
        // cycle: step 11 uses decay_steps·ceil(11/10) = 20, so p = 0.55.
        let c = PolynomialDecay::new(0.1, 10.0, 0.001, 1.0, true).unwrap();
        assert_eq!(c.lr(0.0), 0.1);
        assert_eq!(c.lr(10.0), 0.001);
        assert!((c.lr(11.0) - (0.099 * 0.45 + 0.001)).abs() < 1e-17);
    }

    #[test]
    fn polynomial_validation() {
        assert_eq!(
            PolynomialDecay::new(0.1, 0.0, 0.0, 1.0, false)
                .unwrap_err()
                .field(),
            "decay_steps"
        );
        assert_eq!(
            PolynomialDecay::new(0.1, 10.0, 0.0, -1.0, false)
                .unwrap_err()
                .field(),
            "power"
        );
    }

    #[test]
    fn piecewise_changes_one_step_after_the_boundary() {
        // golden/README.md: keras PiecewiseConstantDecay changes at step 11 for boundary 10.
        let s = PiecewiseConstantDecay::new(vec![10.0, 20.0], vec![0.1, 0.01, 0.001]).unwrap();
        assert_eq!(
            (s.lr(10.0), s.lr(11.0), s.lr(20.0), s.lr(21.0)),
            (0.1, 0.01, 0.01, 0.001)
        );
        assert_eq!(s.lr(10.5), 0.01);
    }

    #[test]
    fn piecewise_integer_steps_truncate_boundaries() {
        // boundaries cast to the integer step dtype: 10.5 → 10.
        let s = PiecewiseConstantDecay::new(vec![10.5], vec![1.0, 2.0]).unwrap();
        assert_eq!(
            (s.lr(10.0), s.lr(11.0), s.lr(10.25), s.lr(10.75)),
            (1.0, 2.0, 1.0, 2.0)
        );
    }

    #[test]
    fn piecewise_unsorted_boundaries_sum_like_keras() {
        // boundaries [20, 10]: step 15 is both <= 20 and > 10, so keras adds values[0] + values[2].
        let s = PiecewiseConstantDecay::new(vec![20.0, 10.0], vec![1.0, 2.0, 4.0]).unwrap();
        assert_eq!(s.lr(15.0), 5.0);
    }

    #[test]
    fn piecewise_lengths_must_match() {
        assert_eq!(
            PiecewiseConstantDecay::new(vec![10.0], vec![0.1])
                .unwrap_err()
                .field(),
            "values"
        );
        assert_eq!(
            PiecewiseConstantDecay::new(vec![], vec![0.1])
                .unwrap_err()
                .field(),
            "boundaries"
        );
    }
}
