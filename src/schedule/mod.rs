//! Learning-rate schedules, exactly as PyTorch, timm, transformers, optax and Keras compute them.
//!
//! Pure: no Leptos, no web-sys, no I/O. Every schedule answers "which learning rate does the
//! optimizer step (or epoch) `t` use", with `t` counted from 0 as in `tests/data/README.md`.
//! Stateless schedules are functions of `t`; stateful ones (PyTorch's chainable forms,
//! ReduceLROnPlateau, SequentialLR, ChainedScheduler) are computed as sequences.
//!
//! Layout: one library per module, one scheduler per file where the library is large
//! (`torch/`). Restart cycles are located with exact arithmetic in [`cycle`], never with
//! `floor(log(..))`; where a library does use the float logarithm and gets a different value,
//! the evaluation carries a [`Quirk`] that says what the library would print instead.

mod error;

pub mod cycle;
pub mod keras;
pub mod optax;
pub mod pymath;
pub mod timm;
pub mod torch;
pub mod transformers;

pub use error::ScheduleError;

/// A learning rate (the optimizer's `lr`), in the optimizer's own units. Always computed in f64.
pub type LearningRate = f64;

/// A place where the library itself computes a value different from the correct one
/// (a known library bug, such as the float-log restart points of SEMANTICS.md §1.2).
///
/// Anneal reports the correct value in the sequence and this quirk beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quirk {
    /// 0-based index into the learning-rate sequence.
    pub step: usize,
    /// What the library returns at that step.
    pub library_value: LearningRate,
    /// What Anneal returns (the correct value).
    pub correct_value: LearningRate,
    /// One line that explains the difference, e.g.
    /// "torch CosineAnnealingWarmRestarts.step(121.0): int(math.log(243, 3)) = 4 puts the restart in the wrong cycle".
    pub message: String,
}

/// The result of evaluating a schedule over a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evaluation {
    /// The learning rate of each step (or of each entry of `epochs`, or `len(metrics) + 1`
    /// values for ReduceLROnPlateau).
    pub lr: Vec<LearningRate>,
    /// The momentum (SGD `momentum` or Adam `beta1`) at each step, for schedules that cycle
    /// it (PyTorch OneCycleLR, CyclicLR with `cycle_momentum`); `None` otherwise.
    pub momentum: Option<Vec<f64>>,
    /// Where the library would have printed something else (see [`Quirk`]).
    pub quirks: Vec<Quirk>,
}

impl Evaluation {
    /// An evaluation with only learning rates (no momentum, no quirks).
    pub fn from_lr(lr: Vec<LearningRate>) -> Self {
        Evaluation {
            lr,
            momentum: None,
            quirks: Vec::new(),
        }
    }
}
