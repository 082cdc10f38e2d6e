//! Hugging Face `transformers` schedules: the `LambdaLR` factories of
//! `src/transformers/optimization.py` (transformers 5.24).
//!
//! Every factory returns `torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)`, so the rate
//! of optimizer step `step` (counted from 0; `current_step = last_epoch`) is
//! `base_lr · lr_lambda(step)`. Each type below has `factor(step)` (the `lr_lambda`, computed
//! term for term as the library writes it, in f64 like Python floats) and `lr(step)`.
//!
//! Step counts (`num_warmup_steps`, `num_training_steps`, ...) are Python ints in the library;
//! here they are integers in `0..=2^53` (every one exact in f64), which Anneal checks.
//!
//! One factory per file: [`ConstantSchedule`] (`constant.rs`), [`ConstantWithWarmup`]
//! (`constant_with_warmup.rs`), [`LinearWithWarmup`] (`linear.rs`), [`CosineWithWarmup`]
//! (`cosine.rs`, also the `min_lr` variant), [`CosineWithHardRestarts`] (`hard_restarts.rs`),
//! [`PolynomialDecay`] (`polynomial.rs`), [`InverseSqrt`] (`inverse_sqrt.rs`),
//! [`CosineWithMinLrWarmupLrRate`] (`cosine_lr_rate.rs`), [`Wsd`] (`wsd.rs`); this file holds
//! the helpers they share and [`TransformersSchedule`], the one the spec reader builds.

mod constant;
mod constant_with_warmup;
mod cosine;
mod cosine_lr_rate;
mod hard_restarts;
mod inverse_sqrt;
mod linear;
mod polynomial;
mod wsd;

pub use constant::ConstantSchedule;
pub use constant_with_warmup::ConstantWithWarmup;
pub use cosine::CosineWithWarmup;
pub use cosine_lr_rate::CosineWithMinLrWarmupLrRate;
pub use hard_restarts::CosineWithHardRestarts;
pub use inverse_sqrt::InverseSqrt;
pub use linear::LinearWithWarmup;
pub use polynomial::PolynomialDecay;
pub use wsd::{Wsd, WsdConfig, WsdShape};

use super::{Evaluation, LearningRate, ScheduleError};

/// Largest step count accepted (2^53: every count and every difference of counts is exact in f64).
pub const MAX_STEPS: i64 = 1 << 53;

/// Checks a step count: an integer in `0..=MAX_STEPS`.
///
/// # Errors
/// [`ScheduleError::Invalid`] naming `field`.
pub fn check_steps(field: &str, v: i64) -> Result<i64, ScheduleError> {
    if (0..=MAX_STEPS).contains(&v) {
        Ok(v)
    } else {
        Err(ScheduleError::invalid(
            field,
            v,
            "a step count must be an integer in 0..=2^53",
        ))
    }
}

fn check_finite(field: &str, v: f64) -> Result<f64, ScheduleError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(ScheduleError::invalid(field, v, "must be a finite number"))
    }
}

/// Python's float modulo `a % b` (CPython `float_rem`): the result has the sign of `b`.
fn py_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m + b
        } else {
            m
        }
    } else {
        0.0_f64.copysign(b)
    }
}

/// The warmup shared by most factories: `float(step) / float(max(1, num_warmup_steps))`
/// (0 at step 0, reaches 1 only at `step = num_warmup_steps`, which is past the warmup).
fn linear_warmup(step: i64, num_warmup_steps: i64) -> f64 {
    step as f64 / num_warmup_steps.max(1) as f64
}

/// Python's `max(0, x)` / `max(0.0, x)` on a float: `x` if `x > 0`, else 0.
fn max0(x: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// A step as a Python int would hold it (saturating beyond `i64::MAX`, far past any count).
fn step_i64(step: u64) -> i64 {
    i64::try_from(step).unwrap_or(i64::MAX)
}

/// Any of the transformers factories, as built by the spec reader.
#[derive(Debug, Clone, PartialEq)]
pub enum TransformersSchedule {
    /// `get_constant_schedule`.
    Constant(ConstantSchedule),
    /// `get_constant_schedule_with_warmup`.
    ConstantWithWarmup(ConstantWithWarmup),
    /// `get_linear_schedule_with_warmup`.
    Linear(LinearWithWarmup),
    /// `get_cosine_schedule_with_warmup` and `get_cosine_with_min_lr_schedule_with_warmup`.
    Cosine(CosineWithWarmup),
    /// `get_cosine_with_hard_restarts_schedule_with_warmup`.
    HardRestarts(CosineWithHardRestarts),
    /// `get_polynomial_decay_schedule_with_warmup`.
    Polynomial(PolynomialDecay),
    /// `get_inverse_sqrt_schedule`.
    InverseSqrt(InverseSqrt),
    /// `get_cosine_with_min_lr_schedule_with_warmup_lr_rate`.
    CosineLrRate(CosineWithMinLrWarmupLrRate),
    /// `get_wsd_schedule`.
    Wsd(Wsd),
}

impl TransformersSchedule {
    /// The rate of optimizer step `step` (0-based): `base_lr · lr_lambda(step)`.
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] where the library raises at that step (polynomial decay only,
    /// see [`PolynomialDecay::factor`]).
    pub fn lr(&self, step: u64) -> Result<LearningRate, ScheduleError> {
        Ok(match self {
            TransformersSchedule::Constant(s) => s.lr(step),
            TransformersSchedule::ConstantWithWarmup(s) => s.lr(step),
            TransformersSchedule::Linear(s) => s.lr(step),
            TransformersSchedule::Cosine(s) => s.lr(step),
            TransformersSchedule::HardRestarts(s) => s.lr(step),
            TransformersSchedule::Polynomial(s) => s.lr(step)?,
            TransformersSchedule::InverseSqrt(s) => s.lr(step),
            TransformersSchedule::CosineLrRate(s) => s.lr(step),
            TransformersSchedule::Wsd(s) => s.lr(step),
        })
    }

    /// The rates of steps `0..n` (what `optimizer.param_groups[0]["lr"]` holds before each
    /// optimizer step, `scheduler.step()` after each).
    ///
    /// # Errors
    /// The first step at which the library raises (see [`Self::lr`]).
    pub fn evaluate(&self, n: usize) -> Result<Evaluation, ScheduleError> {
        (0..n as u64)
            .map(|t| self.lr(t))
            .collect::<Result<Vec<_>, _>>()
            .map(Evaluation::from_lr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_modulo() {
        assert_eq!(py_mod(2.5, 1.0), 0.5);
        assert_eq!(py_mod(-0.25, 1.0), 0.75);
    }

    #[test]
    fn rejects_negative_step_counts() {
        assert_eq!(
            LinearWithWarmup::new(0.1, -1, 10).unwrap_err().field(),
            "num_warmup_steps"
        );
        assert_eq!(
            ConstantWithWarmup::new(0.1, i64::MAX).unwrap_err().field(),
            "num_warmup_steps"
        );
        assert_eq!(
            CosineWithWarmup::new(0.1, 0, -5, 0.5).unwrap_err().field(),
            "num_training_steps"
        );
    }
}
