//! Charts drawn with [plotters](https://docs.rs/plotters/0.3.7), generic over
//! [`DrawingBackend`](plotters::prelude::DrawingBackend).
//!
//! The same chart function paints an SVG string in the native tests (`SVGBackend::with_string`)
//! and an HTML canvas in the web app (`plotters-canvas`). A chart never builds its backend: the
//! caller hands it a `DrawingArea<DB, Shift>`, and the chart fills that whole area (white
//! background included).
//!
//! - [`draw_lr_chart`]: the learning rate per epoch ([`LrChart`]), with `eta_min` / `eta_max`
//!   reference lines, warm-restart markers, the "beyond T_max" region and one annotated point.
//! - [`draw_loss_chart`]: the training objective per epoch on a log axis ([`LossChart`]), the
//!   scheduled run against the constant-LR baseline, divergence markers and the optimum.
//! - [`ChartStyle`]: device pixel ratio and font scale; every size scales with both.
//! - [`format_ticks`] / [`format_compact`]: compact tick labels (`0.05`, `1e-3`, `2.5e-4`).
//!
//! Sizes: a chart stays readable from 320 CSS px wide (phone, embedded iframe) to 1600 CSS px
//! (classroom projector). Input data is treated defensively: NaN, ±inf (and non-positive
//! values on the log axis) are skipped, never drawn; empty or degenerate inputs draw an empty,
//! labelled frame; areas too small for a plot are only filled white.

mod frame;
mod loss_chart;
mod lr_chart;
mod style;
mod ticks;

pub use loss_chart::{draw_loss_chart, LossChart};
pub use lr_chart::{draw_lr_chart, LrChart};
pub use style::{palette, ChartStyle, TextBackend};
pub use ticks::{format_compact, format_ticks, linear_ticks, log_ticks};

use plotters::drawing::DrawingAreaErrorKind;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The drawing backend (SVG writer, canvas context) reported an error; the message is the
    /// backend's own (from plotters' `DrawingAreaErrorKind`).
    #[error("drawing failed: {0}")]
    Drawing(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(err: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Drawing(err.to_string())
    }
}
