//! The `LRScheduler` stepping machinery of `torch/optim/lr_scheduler.py`, shared by the
//! chainable schedulers and by [`SequentialLR`](super::SequentialLR) /
//! [`ChainedScheduler`](super::ChainedScheduler).
//!
//! A PyTorch scheduler mutates the optimizer's `group["lr"]`; here that value is the `lr`
//! passed by `&mut`. The constructor performs an *initial step* (`last_epoch: −1 → 0` in
//! "initial mode"); every `step()` increments `last_epoch` and applies the chainable `get_lr`
//! to the current `lr`; `_update_lr(epoch)` sets `last_epoch = epoch` and applies the closed
//! form (what `SequentialLR` does at a milestone).

use super::py::PyError;
use crate::schedule::ScheduleError;

/// What a chainable rule sees when `get_lr` runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx {
    /// `self.last_epoch` (already incremented for this step).
    pub last_epoch: i64,
    /// `self._step_count` (1 for the constructor's step).
    pub step_count: u64,
    /// `self._is_initial`: true only inside the constructor's initial step.
    pub initial: bool,
}

/// One PyTorch scheduler's `get_lr` (chainable form) and `_get_closed_form_lr`.
pub(crate) trait Rule {
    /// The chainable rule: the new `group["lr"]` from the current one.
    fn get_lr(&self, cx: &Ctx, lr: f64) -> Result<f64, PyError>;
    /// `_get_closed_form_lr()` at `last_epoch` (used by `_update_lr(epoch)`).
    fn closed_form_lr(&self, last_epoch: i64) -> Result<f64, PyError>;
}

/// The operations `SequentialLR` and `ChainedScheduler` perform on their sub-schedulers.
pub(crate) trait TorchStep {
    /// `_initial_step()`: `_step_count = 0`, then a step in initial mode.
    fn initial_step(&mut self, lr: &mut f64) -> Result<(), PyError>;
    /// `step()` with no argument.
    fn step(&mut self, lr: &mut f64) -> Result<(), PyError>;
    /// `_update_lr(epoch)`: `last_epoch = epoch`, closed form where the class has one.
    fn update_lr_at(&mut self, epoch: i64, lr: &mut f64) -> Result<(), PyError>;
    /// `recursive_undo`: `last_epoch -= 1`.
    fn undo(&mut self);
}

/// A [`Rule`] with its `last_epoch` and `_step_count` state.
pub(crate) struct Runner<'a, R: Rule + ?Sized> {
    rule: &'a R,
    last_epoch: i64,
    step_count: u64,
}

impl<'a, R: Rule + ?Sized> Runner<'a, R> {
    /// A scheduler about to be constructed (`last_epoch = -1`).
    pub fn new(rule: &'a R) -> Self {
        Runner {
            rule,
            last_epoch: -1,
            step_count: 0,
        }
    }

    fn advance(&mut self, lr: &mut f64, initial: bool) -> Result<(), PyError> {
        self.step_count = self.step_count.saturating_add(1);
        self.last_epoch = self.last_epoch.saturating_add(1);
        let cx = Ctx {
            last_epoch: self.last_epoch,
            step_count: self.step_count,
            initial,
        };
        *lr = self.rule.get_lr(&cx, *lr)?;
        Ok(())
    }
}

impl<R: Rule + ?Sized> TorchStep for Runner<'_, R> {
    fn initial_step(&mut self, lr: &mut f64) -> Result<(), PyError> {
        self.step_count = 0;
        self.advance(lr, true)
    }

    fn step(&mut self, lr: &mut f64) -> Result<(), PyError> {
        self.advance(lr, false)
    }

    fn update_lr_at(&mut self, epoch: i64, lr: &mut f64) -> Result<(), PyError> {
        self.last_epoch = epoch;
        *lr = self.rule.closed_form_lr(epoch)?;
        Ok(())
    }

    fn undo(&mut self) {
        self.last_epoch = self.last_epoch.saturating_sub(1);
    }
}

/// The `step()` protocol of `tests/data/README.md` for one scheduler on its own: construct
/// (initial step) with `group["lr"] = base_lr`, read, then `n − 1` times `step()` and read.
///
/// # Errors
/// [`ScheduleError::Raised`] at the first step where PyTorch raises.
pub(crate) fn run(
    stepper: &mut dyn TorchStep,
    base_lr: f64,
    n: usize,
) -> Result<Vec<f64>, ScheduleError> {
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return Ok(out);
    }
    let mut lr = base_lr;
    stepper.initial_step(&mut lr).map_err(|e| e.at(0))?;
    out.push(lr);
    for i in 1..n {
        stepper.step(&mut lr).map_err(|e| e.at(i))?;
        out.push(lr);
    }
    Ok(out)
}
