//! Charts drawn with [plotters](https://docs.rs/plotters/0.3.7), generic over
//! [`DrawingBackend`](plotters::prelude::DrawingBackend).
//!
//! The same chart function paints an SVG string in the native tests (`SVGBackend::with_string`)
//! and an HTML canvas in the web app (`plotters-canvas`). A chart never builds its backend: the
//! caller hands it a `DrawingArea<DB, Shift>`, and the chart fills that whole area (white
//! background included).
//!
//! - [`draw_lr_chart`]: learning rate per epoch or step for a list of [`LineSeries`]
//!   ([`LrChart`]), on a linear or log axis, with the cosine view's [`CosineDecorations`]
//!   (`eta_min` / `eta_max` reference lines, warm-restart markers, the "beyond T_max" region and
//!   one annotated point) and a cursor line.
//! - [`draw_loss_chart`]: the training objective per epoch on a log axis ([`LossChart`]) for a
//!   list of runs, with divergence markers, the optimum and a cursor line; [`draw_gap_chart`]:
//!   the same runs as objective − optimum on a log axis (linear vs stalled convergence).
//! - [`draw_boundary_chart`]: a 2-D data set over the model's probability, shaded, with the
//!   decision boundary ([`BoundaryChart`], [`ProbabilityGrid`], [`boundary_ranges`]).
//! - [`draw_range_test_chart`]: the LR range test, smoothed loss against the rate on a log axis
//!   with the suggested rates marked ([`RangeTestChart`], [`RateMark`]).
//! - Every chart returns a [`Geometry`]: where the plot went, to map a pointer to data and back.
//! - [`LineSeries`]: one line; its `style_index` picks colour (the theme's series cycle,
//!   Okabe–Ito) and dash pattern ([`DASH_PATTERNS`]), so series differ without colour too.
//! - [`ChartStyle`]: device pixel ratio, font scale and [`Theme`] (light, dark, high contrast:
//!   every colour drawn comes from it).
//! - [`format_ticks`] / [`format_compact`]: compact tick labels (`0.05`, `1e-3`, `2.5e-4`).
//!
//! Sizes: a chart stays readable from 320 CSS px wide (phone, embedded iframe) to 1600 CSS px
//! (classroom projector), with up to 6 series.
//!
//! Any input: every finite value is drawn inside the axes (1e-300 … ±1.7e308 on linear and log
//! axes; ranges are computed so that no span overflows); NaN and ±∞ leave gaps and a small note
//! on the chart says how many were left out ("not drawn: 2 × ∞, 1 × NaN"); on a log axis values
//! ≤ 0 sit on a "≤ 0" floor; empty or degenerate inputs draw an empty, labelled frame; areas too
//! small for a plot are only filled white. The loss chart alone cuts a *diverged* run off above
//! its cap (its divergence marker says what happened).
//!
//! Speed: long runs are reduced to the first, lowest, highest and last value per pixel column
//! before drawing (the picture is the same), so drawing costs O(plot width) per series; the
//! values are only scanned (`cargo bench --bench charts`).

mod axes;
mod boundary_chart;
mod frame;
mod geometry;
mod loss_chart;
mod lr_chart;
mod range_test_chart;
mod series;
mod style;
mod ticks;

pub use boundary_chart::{
    boundary_ranges, draw_boundary_chart, BoundaryChart, BoundaryPoint, ProbabilityGrid,
};
pub use geometry::{Geometry, PlotRect};
pub use loss_chart::{draw_gap_chart, draw_loss_chart, LossChart};
pub use lr_chart::{draw_lr_chart, CosineDecorations, LrChart};
pub use range_test_chart::{draw_range_test_chart, RangeTestChart, RateMark};
pub use series::LineSeries;
pub use style::{dash_pattern, palette, ChartStyle, TextBackend, Theme, DASH_PATTERNS};
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
