//! The tiny trainer: binary logistic regression by mini-batch SGD on real data.
//!
//! Pure Rust (no Leptos, no web-sys): the same code runs in the CLI (`anneal train`), the tests
//! and the web app, and gives the same numbers everywhere (all randomness is ChaCha8 seeded
//! from [`TrainConfig::seed`], drawn through `u64`, never `usize`).
//!
//! - Model: p = σ(w·x + b), y ∈ {0, 1}.
//! - Objective (convex): f(w, b) = (1/n) Σ log(1 + exp(−s_i)) + (λ/2)‖w‖², with
//!   s_i = (2y_i − 1)(w·x_i + b); the bias is not regularized ([`model`]).
//! - Data: [`Dataset`] ([`Dataset::CATALOG`]: breast_cancer 569 × 30 by default; wine and
//!   iris as "class 0 vs rest"; digits_3v8, the digits 3 vs 8; the seeded synthetic 2-D sets
//!   blobs, moons, circles of [`Synthetic`], with [`Dataset::with_quadratic`] features), split
//!   and standardized by [`prepare`] into a [`Prepared`]. For 2-D sets
//!   [`Prepared::plane_probabilities`] gives p(x₁, x₂) for a decision-boundary picture.
//! - Optimizers: [`Optimizer`], PyTorch's SGD (momentum, Nesterov), Adam and AdamW.
//! - Training: [`Prepared::train`], PyTorch-style SGD (or Adam/AdamW) with a learning-rate closure or a
//!   stateful [`RateSource`] ([`RateSequence`] with momentum, [`PlateauRates`] for
//!   ReduceLROnPlateau on the live loss), giving a [`History`] of one [`EpochRecord`] per
//!   epoch; [`TrainRun`] is the same run advanced a few epochs at a time (time slicing in the
//!   page).
//! - The floor: [`Prepared::optimum`], the exact minimum by Newton's method (converges for
//!   every λ in [1e-6, 10] on every shipped data set: `tests/optimum.rs`).
//! - The LR range test: [`lr_range_test`] (Smith 2015, fastai `lr_find`).
//!
//! ```
//! use anneal::train::{prepare, Dataset, TrainConfig};
//! let data = Dataset::breast_cancer();
//! let cfg = TrainConfig { epochs: 5, ..TrainConfig::default() };
//! let prepared = prepare(&data, cfg.split, cfg.seed).unwrap();
//! let history = prepared.train(&cfg, &|_epoch| 0.1).unwrap();
//! let floor = prepared.optimum(cfg.l2).unwrap();
//! assert_eq!(history.records.len(), 6);
//! assert!(history.records[5].train_objective >= floor);
//! ```

mod data;
mod error;
mod lr_find;
pub mod model;
mod optim;
mod optimum;
mod plane;
mod prepare;
mod rates;
mod run;
mod sgd;
mod synthetic;

pub use data::{Attribution, Dataset, DatasetInfo, PlaneFeatures};
pub use error::TrainError;
pub use lr_find::{
    lr_range_test, RangeStop, RangeTest, RangeTestConfig, Suggestion, RANGE_TEST_STEPS,
};
pub use optim::Optimizer;
pub use optimum::{Optimum, GRADIENT_REL_TOL};
pub use prepare::{prepare, Prepared};
pub use rates::{PlateauMetric, PlateauRates, RateSequence, RateSource, Rates, StepRate};
pub use run::{BeforeStep, TrainRun};
pub use sgd::{reference_fingerprint, EpochRecord, History, LrUnit, TrainConfig, MAX_EPOCHS};
pub use synthetic::{Shape, Synthetic, MAX_SYNTHETIC_SAMPLES};
