//! Reading `optax` schedules from a [`ScheduleSpec`](super::ScheduleSpec).

use super::ScheduleSpec;
use crate::schedule::{Evaluation, ScheduleError};

/// The `optax` schedulers Anneal supports, by their full API path.
pub const SCHEDULERS: &[&str] = &[];

/// Evaluates a `optax` spec over `n` steps.
///
/// # Errors
/// Any kwarg the library would reject, named.
pub fn evaluate(spec: &ScheduleSpec, _n: usize) -> Result<Evaluation, ScheduleError> {
    Err(ScheduleError::UnknownScheduler { name: spec.scheduler.clone() })
}
