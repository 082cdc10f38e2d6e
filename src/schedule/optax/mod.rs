//! `optax` schedules (optax 0.2.8: `optax/schedules/_schedule.py`, `optax/schedules/_join.py`),
//! computed in f64 exactly as the library computes them with `jax_enable_x64`.
//!
//! An optax schedule is a pure function `count → value`, where `count` is the number of updates
//! already applied (0 for the first update), so `lr[t] = schedule(t)`. `count` may be any real
//! number (fractional counts are accepted, as by the library). All values are absolute (they
//! come from the kwargs; there is no separate base learning rate).
//!
//! Each library function is a struct (or an associated constructor of one):
//!
//! | optax | here |
//! | --- | --- |
//! | `constant_schedule` | [`ConstantSchedule`] |
//! | `polynomial_schedule`, `linear_schedule`, `warmup_constant_schedule` | [`PolynomialSchedule`] |
//! | `exponential_decay` | [`ExponentialDecay`] |
//! | `warmup_exponential_decay_schedule` | [`WarmupExponentialDecaySchedule`] |
//! | `cosine_decay_schedule` | [`CosineDecaySchedule`] |
//! | `warmup_cosine_decay_schedule` | [`WarmupCosineDecaySchedule`] |
//! | `sgdr_schedule` | [`SgdrSchedule`] |
//! | `piecewise_constant_schedule` | [`PiecewiseConstantSchedule`] |
//! | `piecewise_interpolate_schedule`, `linear_onecycle_schedule`, `cosine_onecycle_schedule` | [`PiecewiseInterpolateSchedule`] |
//!
//! Validation follows optax: `ValueError` cases are errors naming the field, and where optax only
//! logs and falls back to a constant (`transition_steps <= 0`, `decay_rate == 0`) the schedule is
//! that constant. Anneal adds one kind of check the library does not make: parameters for which
//! the library's formula returns NaN or ±inf (a negative `power` or `exponent` at the end of the
//! transition, a negative `decay_rate` with a non-integer exponent) are rejected, each saying so.

mod constant;
mod cosine;
mod exponential;
mod piecewise;
mod polynomial;

pub use constant::ConstantSchedule;
pub use cosine::{CosineDecaySchedule, SgdrSchedule, WarmupCosineDecaySchedule};
pub use exponential::{ExponentialDecay, WarmupExponentialDecaySchedule};
pub use piecewise::{InterpolateType, PiecewiseConstantSchedule, PiecewiseInterpolateSchedule};
pub use polynomial::PolynomialSchedule;

use super::{LearningRate, ScheduleError};

/// Any optax schedule, for callers that pick one at run time (the spec reader, the app).
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// `optax.constant_schedule`.
    Constant(ConstantSchedule),
    /// `optax.polynomial_schedule`, `linear_schedule`, `warmup_constant_schedule`.
    Polynomial(PolynomialSchedule),
    /// `optax.exponential_decay`.
    ExponentialDecay(ExponentialDecay),
    /// `optax.warmup_exponential_decay_schedule`.
    WarmupExponentialDecay(WarmupExponentialDecaySchedule),
    /// `optax.cosine_decay_schedule`.
    CosineDecay(CosineDecaySchedule),
    /// `optax.warmup_cosine_decay_schedule`.
    WarmupCosineDecay(WarmupCosineDecaySchedule),
    /// `optax.sgdr_schedule`.
    Sgdr(SgdrSchedule),
    /// `optax.piecewise_constant_schedule`.
    PiecewiseConstant(PiecewiseConstantSchedule),
    /// `optax.piecewise_interpolate_schedule`, `linear_onecycle_schedule`, `cosine_onecycle_schedule`.
    PiecewiseInterpolate(PiecewiseInterpolateSchedule),
}

impl Schedule {
    /// The value at update count `count` (see the module doc).
    pub fn lr(&self, count: f64) -> LearningRate {
        match self {
            Schedule::Constant(s) => s.lr(count),
            Schedule::Polynomial(s) => s.lr(count),
            Schedule::ExponentialDecay(s) => s.lr(count),
            Schedule::WarmupExponentialDecay(s) => s.lr(count),
            Schedule::CosineDecay(s) => s.lr(count),
            Schedule::WarmupCosineDecay(s) => s.lr(count),
            Schedule::Sgdr(s) => s.lr(count),
            Schedule::PiecewiseConstant(s) => s.lr(count),
            Schedule::PiecewiseInterpolate(s) => s.lr(count),
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
