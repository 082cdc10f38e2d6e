//! The tiny trainer: binary logistic regression by mini-batch SGD on real data.
//!
//! Pure Rust (no Leptos, no web-sys): the same code runs in the CLI (`anneal train`), the tests
//! and the web app, and gives the same numbers everywhere (all randomness is ChaCha8 seeded
//! from [`TrainConfig::seed`], drawn through `u64`, never `usize`).
//!
//! - Model: p = σ(w·x + b), y ∈ {0, 1}.
//! - Objective (convex): f(w, b) = (1/n) Σ log(1 + exp(−s_i)) + (λ/2)‖w‖², with
//!   s_i = (2y_i − 1)(w·x_i + b); the bias is not regularized ([`model`]).
//! - Data: [`Dataset`] (breast_cancer 569 × 30 by default; iris and wine as "class 0 vs
//!   rest"), split and standardized by [`prepare`] into a [`Prepared`].
//! - Optimizers: [`Optimizer`], PyTorch's SGD (momentum, Nesterov), Adam and AdamW.
//! - Training: [`Prepared::train`], PyTorch-style SGD (or Adam/AdamW) with a learning-rate closure or a
//!   stateful [`RateSource`] ([`RateSequence`] with momentum, [`PlateauRates`] for
//!   ReduceLROnPlateau on the live loss), giving a [`History`] of one [`EpochRecord`] per
//!   epoch; [`TrainRun`] is the same run advanced a few epochs at a time (time slicing in the
//!   page).
//! - The floor: [`Prepared::optimum`], the exact minimum by Newton's method.
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
pub mod model;
mod optim;
mod optimum;
mod prepare;
mod rates;
mod run;
mod sgd;

pub use data::Dataset;
pub use error::TrainError;
pub use optim::Optimizer;
pub use optimum::Optimum;
pub use prepare::{prepare, Prepared};
pub use rates::{PlateauMetric, PlateauRates, RateSequence, RateSource, Rates, StepRate};
pub use run::TrainRun;
pub use sgd::{reference_fingerprint, EpochRecord, History, LrUnit, TrainConfig, MAX_EPOCHS};
