//! The small canvas glue: an `HtmlCanvasElement` sized to its CSS box × devicePixelRatio
//! (crisp on HiDPI), wrapped in plotters-canvas' backend, handed to a chart function of
//! [`crate::chart`]. The only place that joins plotters to the DOM.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::chart::{ChartError, ChartStyle, Geometry};

/// A chart function as the page calls it: draw into the area with the given style.
pub type DrawFn =
    dyn Fn(&DrawingArea<CanvasBackend, Shift>, &ChartStyle) -> Result<Geometry, ChartError>;

/// The device pixel ratio of the window (1 when unknown), clamped to 0.5..=4.
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
        .clamp(0.5, 4.0)
}

/// Sizes the canvas backing store to `css_width × css_height` CSS pixels times `ratio` (the
/// device pixel ratio on screen, 2 for an exported PNG), then draws with `draw` in `theme`'s
/// colours, fonts scaled by `fonts.0` and never below `fonts.1` CSS px; returns where the
/// chart put its plot area.
///
/// # Errors
/// [`ChartError::Drawing`] when the canvas has no 2D context or plotters fails.
pub fn draw_on_canvas(
    canvas: &HtmlCanvasElement,
    css_width: f64,
    css_height: f64,
    ratio: f64,
    fonts: (f64, f64),
    theme: crate::chart::Theme,
    draw: &DrawFn,
) -> Result<Geometry, ChartError> {
    let w = (css_width * ratio).round().clamp(1.0, 16384.0) as u32;
    let h = (css_height * ratio).round().clamp(1.0, 16384.0) as u32;
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| ChartError::Drawing("the canvas has no 2D context".into()))?;
    let area = backend.into_drawing_area();
    let geometry = draw(
        &area,
        &ChartStyle {
            pixel_ratio: ratio,
            font_scale: fonts.0,
            min_font: fonts.1,
            theme,
            ..ChartStyle::default()
        },
    )?;
    area.present()
        .map_err(|e| ChartError::Drawing(format!("{e:?}")))?;
    Ok(geometry)
}
