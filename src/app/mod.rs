//! The Leptos single-page app: sliders for `eta_max`, `eta_min`, `T_max`, `restarts`,
//! `T_mult` and `epochs` drive a live chart of PyTorch's learning rate and of the loss of a
//! logistic-regression model trained in the page on the breast cancer data set.
//!
//! Data flow (one way): the controls' text (`draft`, shown in the inputs at once) is committed
//! at most once per animation frame (`committed`); [`controls::Inputs::parse`] checks it;
//! [`scenario::Scenario::build`] computes the schedule with the PyTorch core; the training
//! runs are memos over the last *valid* scenario, so an invalid entry shows an alert and the
//! last valid charts stay. The committed text is mirrored into the URL (the permalink).
//!
//! Files: [`controls`] (text, checks, URL, log sliders — pure), [`scenario`] (what the page
//! shows — pure), [`canvas`] (canvas glue), `view.rs` (components).

pub mod canvas;
pub mod controls;
pub mod scenario;
mod view;

pub use view::App;
