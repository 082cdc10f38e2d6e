//! PyTorch's learning-rate schedulers (`torch.optim.lr_scheduler`, torch 2.15), computed
//! exactly as `torch/optim/lr_scheduler.py` computes them: Python floats are IEEE-754
//! binary64, so every formula here follows the source's operation order to give the same bits,
//! and [`py`] reproduces the places where Python raises instead of returning `inf`/`NaN`.
//!
//! Indexing follows `tests/data/README.md`: value `t` is the lr used by the `t`-th optimizer
//! step (0 = right after construction, then one `scheduler.step()` per value). The
//! *chainable* schedulers (StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR,
//! PolynomialLR, CosineAnnealingLR) are computed as sequences of their recursive `get_lr`,
//! which is what `step()` applies; their closed forms appear where PyTorch uses them.
//!
//! One scheduler per file:
//! - [`CosineAnnealingLR`] (`cosine_annealing.rs`), [`CosineAnnealingWarmRestarts`]
//!   (`warm_restarts.rs`),
//! - [`StepLR`], [`MultiStepLR`] (`step.rs`), [`ExponentialLR`], [`ConstantLR`], [`LinearLR`],
//!   [`PolynomialLR`],
//! - [`OneCycleLR`] (`one_cycle.rs`), [`CyclicLR`] (`cyclic.rs`), [`ReduceLROnPlateau`]
//!   (`plateau.rs`),
//! - [`SequentialLR`], [`ChainedScheduler`] over [`Chainable`] schedulers (`sequential.rs`).

mod chain;
mod constant;
mod cosine_annealing;
mod cyclic;
mod exponential;
mod linear;
mod one_cycle;
mod plateau;
mod polynomial;
pub mod py;
mod sequential;
mod step;
mod warm_restarts;

pub use constant::ConstantLR;
pub use cosine_annealing::CosineAnnealingLR;
pub use cyclic::{CyclicLR, CyclicMode};
pub use exponential::ExponentialLR;
pub use linear::LinearLR;
pub use one_cycle::{AnnealStrategy, OneCycleLR};
pub use plateau::{PlateauMode, PlateauStepper, ReduceLROnPlateau, ThresholdMode};
pub use polynomial::PolynomialLR;
pub use sequential::{Chainable, ChainedScheduler, SequentialLR};
pub use step::{MultiStepLR, StepLR};
pub use warm_restarts::CosineAnnealingWarmRestarts;

use crate::schedule::ScheduleError;

/// Rejects a non-finite value, naming the field.
fn finite(field: &str, v: f64) -> Result<f64, ScheduleError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(ScheduleError::invalid(field, v, "must be a finite number"))
    }
}
