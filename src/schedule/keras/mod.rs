//! Keras 3 learning-rate schedules (keras 3.15.1:
//! `keras/src/optimizers/schedules/learning_rate_schedule.py`), computed in f64.
//!
//! A Keras schedule is called with the optimizer's `iterations` (0 for the first update), so
//! `lr[t] = schedule(t)`; any real `t ≥ 0` is accepted, as by the library. Values come from the
//! kwargs (`initial_learning_rate`, ...); there is no separate base learning rate.
//!
//! Precision: Keras computes in `floatx` (float32 by default), and its cosine schedules compute
//! the cosine in float32 even with floatx=float64 (golden/README.md, "Precision"). Anneal
//! computes everything in f64 and does not imitate float32, except in one place: the restart
//! cycle that [`CosineDecayRestarts`] finds with `floor(log(..))`. Anneal finds the cycle exactly
//! ([`crate::schedule::cycle::locate`]) and reports a [`crate::schedule::Quirk`] where the
//! library's float32 search lands elsewhere.
//!
//! Validation follows Keras (`decay_steps <= 0`, `first_decay_steps <= 0`,
//! `len(values) != len(boundaries) + 1` raise `ValueError`). Anneal adds checks only where the
//! library's formula would return NaN, ±inf or values without meaning (each such error says so).

mod cosine;
mod decay;

pub use cosine::{CosineDecay, CosineDecayRestarts};
pub use decay::{ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay};

use super::{LearningRate, ScheduleError};

/// Any Keras schedule, for callers that pick one at run time (the spec reader, the app).
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// `keras.optimizers.schedules.CosineDecay`.
    CosineDecay(CosineDecay),
    /// `keras.optimizers.schedules.CosineDecayRestarts`.
    CosineDecayRestarts(CosineDecayRestarts),
    /// `keras.optimizers.schedules.ExponentialDecay`.
    ExponentialDecay(ExponentialDecay),
    /// `keras.optimizers.schedules.InverseTimeDecay`.
    InverseTimeDecay(InverseTimeDecay),
    /// `keras.optimizers.schedules.PiecewiseConstantDecay`.
    PiecewiseConstantDecay(PiecewiseConstantDecay),
    /// `keras.optimizers.schedules.PolynomialDecay`.
    PolynomialDecay(PolynomialDecay),
}

impl Schedule {
    /// The learning rate at optimizer step `step` (see the module doc).
    pub fn lr(&self, step: f64) -> LearningRate {
        match self {
            Schedule::CosineDecay(s) => s.lr(step),
            Schedule::CosineDecayRestarts(s) => s.lr(step),
            Schedule::ExponentialDecay(s) => s.lr(step),
            Schedule::InverseTimeDecay(s) => s.lr(step),
            Schedule::PiecewiseConstantDecay(s) => s.lr(step),
            Schedule::PolynomialDecay(s) => s.lr(step),
        }
    }

    /// Where the library returns a different value at integer step `step` (only
    /// `CosineDecayRestarts` has such points; see [`CosineDecayRestarts::quirk`]).
    pub fn quirk(&self, step: usize) -> Option<super::Quirk> {
        match self {
            Schedule::CosineDecayRestarts(s) => s.quirk(step),
            _ => None,
        }
    }
}

/// Checks that a constructor argument is finite (kwargs from JSON always are; direct callers
/// might pass NaN).
fn finite(field: &str, value: f64) -> Result<f64, ScheduleError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ScheduleError::invalid(
            field,
            value,
            "must be a finite number",
        ))
    }
}

/// Keras' check on `decay_steps` / `first_decay_steps`: `ValueError` when `<= 0`.
fn positive_steps(field: &str, value: f64) -> Result<f64, ScheduleError> {
    finite(field, value)?;
    if value <= 0.0 {
        Err(ScheduleError::invalid(
            field,
            value,
            format!("keras raises ValueError: Argument `{field}` must be > 0"),
        ))
    } else {
        Ok(value)
    }
}
