//! # Anneal
//!
//! An explainer of learning-rate schedules. The same pure core runs in three places:
//! the web app (wasm, built by Trunk), the native CLI (`anneal`), and the tests.
//!
//! - [`schedule`]: learning-rate schedules of PyTorch, timm, transformers, optax and Keras,
//!   exactly as those libraries compute them (pure, no I/O).
//! - [`spec`]: [`spec::ScheduleSpec`], the serde model of "library API name + kwargs", and its
//!   evaluation into a learning-rate sequence.
//! - [`train`]: a tiny logistic-regression model trained by mini-batch SGD on real data.
//! - [`chart`]: plotters charts, generic over `DrawingBackend` (SVG in tests, canvas in the app).
//! - [`lab`]: the Schedule Lab model (series, run, URL, CSV, presets), shared by page, CLI and tests.
//! - [`fmt`]: number formatting (CLI/CSV, Python repr, text for people).
//! - [`sort`]: stable sorting through one shared instantiation of the standard sort (wasm size).
//! - [`app`]: the Leptos single-page app (the only module that knows about Leptos).
#![warn(missing_docs)]

pub mod app;
pub mod chart;
pub mod fmt;
pub mod lab;
pub mod schedule;
pub mod sort;
pub mod spec;
pub mod train;
