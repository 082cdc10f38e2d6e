//! The LR range test chart (Smith 2015, "Cyclical Learning Rates for Training Neural
//! Networks", arXiv:1506.01186, section 3.3; fastai's `lr_find`): smoothed loss against the
//! learning rate on a log axis, with the suggested rates marked.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{data_range, linear_y_ticks, LogRange};
use super::frame::{
    axis_maps, best_rect, draw_cursor, draw_frame, draw_legend, draw_message, draw_note, ipx,
    label_size, layout, stroke_polyline, truncate_to_width, FrameSpec, LegendItem, Obstacles, Rect,
    Swatch,
};
use super::geometry::{AxisMap, Geometry};
use super::series::{reduced_runs, Extent, LeftOut};
use super::style::{text_height, ChartStyle, Metrics};
use super::ChartError;

/// A rate marked on the range test chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateMark<'a> {
    /// The learning rate (> 0; other values are not drawn).
    pub lr: f64,
    /// Its label, e.g. `"steepest 3.2e-2"` or `"min / 10: 1e-2"`.
    pub label: &'a str,
}

/// The data of the LR range test chart.
///
/// x axis: the learning rate, log₁₀; y axis: the loss, linear, over every finite loss value.
#[derive(Debug, Clone, Copy)]
pub struct RangeTestChart<'a> {
    /// The rate of each mini-batch step, increasing (exponentially from e.g. 1e-7 to 10); rates
    /// that are not finite and > 0 leave a gap.
    pub lr: &'a [f64],
    /// The smoothed loss at each step (fastai: exponential moving average, debiased): the main
    /// line, series colour 0.
    pub loss: &'a [f64],
    /// The raw loss at each step, drawn thin in the reference colour behind; may be empty.
    pub raw_loss: &'a [f64],
    /// The suggested rates, typically the steepest descent of the smoothed loss and the rate of
    /// its minimum / 10: vertical lines (mark 0 in the alert colour and dashed, mark 1 in series
    /// colour 2 and dotted, further ones grey) with their labels at the top, and a ring where
    /// each crosses the smoothed curve.
    pub marks: &'a [RateMark<'a>],
    /// A thin vertical cursor at this learning rate; skipped when outside the x range.
    pub cursor: Option<f64>,
}

/// Draw `chart` into `area` (filling it with the theme's background) and return where the plot
/// went (its x axis is logarithmic: [`Geometry::x_is_log`]).
///
/// Never panics: any finite data draws; nothing drawable gives a frame with "no data"; an area
/// too small for a plot is only filled and gives [`Geometry::none`]. Non-finite losses (the
/// run blowing up at the end) are counted in a note.
///
/// # Errors
/// [`ChartError::Drawing`] when the backend fails.
pub fn draw_range_test_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &RangeTestChart,
    style: &ChartStyle,
) -> Result<Geometry, ChartError> {
    let (w, h) = area.dim_in_pixel();
    let m = Metrics::new(w, h, style);
    area.fill(&m.theme.background)?;

    let n = chart.lr.len();
    let lr_ok = |v: f64| v.is_finite() && v > 0.0;
    // Points with a usable rate.
    let usable = |values: &[f64]| -> Vec<f64> {
        values
            .iter()
            .take(n)
            .enumerate()
            .map(|(i, v)| if lr_ok(chart.lr[i]) { *v } else { f64::NAN })
            .collect()
    };
    let (loss, raw) = (usable(chart.loss), usable(chart.raw_loss));
    let lr_ext = Extent::of(chart.lr);
    let marks: Vec<&RateMark<'_>> = chart.marks.iter().filter(|k| lr_ok(k.lr)).collect();
    let x_range = {
        let pos = lr_ext.positive;
        let lo = marks
            .iter()
            .map(|k| k.lr)
            .chain(pos.map(|p| p.0))
            .fold(f64::INFINITY, f64::min);
        let hi = marks
            .iter()
            .map(|k| k.lr)
            .chain(pos.map(|p| p.1))
            .fold(0.0, f64::max);
        if lo <= hi {
            LogRange::padded(lo.log10(), hi.log10(), false)
        } else {
            LogRange::padded(-7.0, 1.0, false)
        }
    };
    let mut y_ext = Extent::of(&loss);
    y_ext.scan(&raw);
    let (ya, yb) = data_range(y_ext.range);
    let mut left_out = LeftOut::default();
    left_out.add(&chart.loss[..chart.loss.len().min(n)]);
    let has_data = y_ext.range.is_some();

    let main = m.theme.series_color(0);
    let mark_style = |k: usize| -> (RGBColor, Vec<f64>) {
        match k {
            0 => (m.theme.alert, m.dash_of(1)),
            1 => (m.theme.series_color(2), m.dash_of(2)),
            _ => (m.theme.reference, m.dash_of(3)),
        }
    };
    let mut legend = vec![LegendItem {
        swatch: Swatch::Line {
            color: main,
            pattern: Vec::new(),
            point: false,
        },
        label: "smoothed loss".to_owned(),
    }];
    if raw.iter().any(|v| v.is_finite()) {
        legend.push(LegendItem {
            swatch: Swatch::Line {
                color: m.theme.reference,
                pattern: Vec::new(),
                point: false,
            },
            label: "loss per step".to_owned(),
        });
    }
    let tick_h = text_height(m.tick_font);
    let x_ticks = |pw: i32| x_range.ticks_x(pw, m.tick_font);
    let y_ticks = |ph: i32| linear_y_ticks(ya, yb, ph, tick_h);
    let spec = FrameSpec {
        legend: &legend,
        right_labels: &[],
        x_titles: &["learning rate (log scale)", "learning rate", "LR"],
        y_titles: &["loss"],
    };
    let Some(lay) = layout(w, h, &m, &spec, &x_ticks, &y_ticks) else {
        return Ok(Geometry::none());
    };
    let (mut xm, ym) = axis_maps(&lay, (x_range.la, x_range.lb), (ya, yb), false, None);
    xm.log = true;
    let geometry = Geometry {
        x: xm,
        y: ym,
        last_index: None,
        valid: true,
    };
    draw_frame(area, &lay, &xm, &ym)?;

    let mut obstacles = Obstacles::new(w, h, m.px(3.0));
    // Mark lines under the curves.
    let mark_px: Vec<i32> = marks.iter().filter_map(|k| xm.px(k.lr)).map(ipx).collect();
    for (k, x) in mark_px.iter().enumerate() {
        let (color, pattern) = mark_style(k);
        let style = ShapeStyle::from(&color).stroke_width(m.line_w.div_ceil(2));
        let line = [
            (f64::from(*x), f64::from(lay.plot.y0)),
            (f64::from(*x), f64::from(lay.plot.y1 - 1)),
        ];
        stroke_polyline(area, &line, style, &pattern)?;
        obstacles.polyline(&[(*x, lay.plot.y0), (*x, lay.plot.y1 - 1)]);
    }

    let monotone = chart.lr.iter().all(|v| lr_ok(*v)) && chart.lr.windows(2).all(|w| w[0] <= w[1]);
    let raw_style = ShapeStyle::from(&m.theme.reference).stroke_width(m.thin_w);
    let main_style = ShapeStyle::from(&main).stroke_width(m.line_w);
    for (values, style) in [(&raw, raw_style), (&loss, main_style)] {
        for run in curve_runs(values, chart.lr, &xm, &ym, monotone) {
            let px: Vec<(i32, i32)> = run.iter().map(|(x, y)| (ipx(*x), ipx(*y))).collect();
            obstacles.polyline(&px);
            if run.len() == 1 {
                area.draw(&Circle::new(px[0], m.point_r, style.color.filled()))?;
            } else {
                stroke_polyline(area, &run, style, &[])?;
            }
        }
    }

    // Rings where the marks cross the smoothed curve, and the labels.
    let mut taken: Vec<Rect> = Vec::new();
    for (k, (mark, x)) in marks.iter().zip(&mark_px).enumerate() {
        let (color, pattern) = mark_style(k);
        if let Some(v) = value_at(chart.lr, &loss, mark.lr) {
            let y = ipx(ym.px_t(v));
            area.draw(&Circle::new(
                (*x, y),
                m.point_r * 2,
                ShapeStyle::from(&color).stroke_width(m.line_w),
            ))?;
        }
        let rect = mark_label(
            area, &m, &lay.plot, *x, mark.label, color, &pattern, &obstacles, &taken,
        )?;
        taken.push(rect);
    }
    if let Some(c) = chart.cursor.filter(|c| lr_ok(*c)) {
        draw_cursor(area, &lay, xm.px_t(c.log10()))?;
    }
    if !has_data {
        draw_message(area, &lay, "no data")?;
    } else if let Some(note) = left_out.note() {
        draw_note(area, &lay, &note, &obstacles, &taken)?;
    }
    draw_legend(area, &lay)?;
    Ok(geometry)
}

/// Pixel runs of `(lr[i], values[i])`, reduced per pixel column when the rates increase.
fn curve_runs(
    values: &[f64],
    lr: &[f64],
    xm: &AxisMap,
    ym: &AxisMap,
    monotone: bool,
) -> Vec<Vec<(f64, f64)>> {
    let col = |i: usize| i64::from(xm.px(lr[i]).map_or(i32::MIN, ipx));
    let runs = if monotone {
        reduced_runs(values, col, f64::is_finite)
    } else {
        reduced_runs(values, |i| i as i64, f64::is_finite)
    };
    runs.into_iter()
        .map(|run| {
            run.into_iter()
                .filter_map(|(t, v)| Some((xm.px(lr[t as usize])?, ym.px(v)?)))
                .collect::<Vec<_>>()
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// The smoothed loss at rate `x`, interpolated linearly in log(rate) between the two steps
/// around it (the first such pair of an increasing sequence).
fn value_at(lr: &[f64], values: &[f64], x: f64) -> Option<f64> {
    let ok =
        |i: usize| lr[i].is_finite() && lr[i] > 0.0 && values.get(i).is_some_and(|v| v.is_finite());
    (0..lr.len().min(values.len())).find_map(|i| {
        if !ok(i) {
            return None;
        }
        if lr[i] == x {
            return Some(values[i]);
        }
        let j = i + 1;
        if j < lr.len().min(values.len()) && ok(j) && lr[i] < x && x < lr[j] {
            let t = (x.log10() - lr[i].log10()) / (lr[j].log10() - lr[i].log10());
            return Some(values[i] + (values[j] - values[i]) * t);
        }
        None
    })
}

/// A mark's label in a box at the top of the plot next to its line, preceded by a short
/// sample of the line; placed where it covers the least data and no other label.
#[allow(clippy::too_many_arguments)]
fn mark_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    m: &Metrics,
    plot: &Rect,
    x: i32,
    text: &str,
    color: RGBColor,
    pattern: &[f64],
    obstacles: &Obstacles,
    taken: &[Rect],
) -> Result<Rect, ChartError> {
    let sw = m.px(18.0);
    let text = truncate_to_width(text, m.note_font, plot.w() - sw - m.px(16.0));
    let (tw, bh) = label_size(m, &text, m.note_font);
    let bw = tw + sw + m.gap;
    let gap = m.px(4.0);
    let mut candidates = Vec::new();
    for k in 0..6 {
        let y0 = plot.y0 + gap + k * (bh + gap);
        for x0 in [x + gap, x - gap - bw] {
            candidates.push(Rect {
                x0,
                y0,
                x1: x0 + bw,
                y1: y0 + bh,
            });
        }
    }
    let bounds = plot.grow(-1);
    let rect = best_rect(&candidates, &bounds, obstacles, taken)
        .filter(|r| r.inside(&bounds))
        .unwrap_or(candidates[0])
        .shift_into(&bounds);
    area.draw(&Rectangle::new(
        [(rect.x0, rect.y0), (rect.x1, rect.y1)],
        m.theme.background.mix(0.85).filled(),
    ))?;
    let cy = (rect.y0 + rect.y1) / 2;
    let sx = rect.x0 + m.px(3.0);
    let style = ShapeStyle::from(&color).stroke_width(m.line_w);
    let pts = [
        (f64::from(sx), f64::from(cy)),
        (f64::from(sx + sw), f64::from(cy)),
    ];
    stroke_polyline(area, &pts, style, pattern)?;
    let font = m
        .font(m.note_font, m.theme.text)
        .pos(Pos::new(HPos::Left, VPos::Center));
    area.draw_text(&text, &font, (sx + sw + m.gap, cy))?;
    Ok(rect)
}

#[cfg(test)]
mod tests {
    use super::value_at;

    #[test]
    fn value_at_interpolates_in_log_rate() {
        let lr = [1e-3, 1e-2, 1e-1];
        let loss = [1.0, 0.5, 2.0];
        assert_eq!(value_at(&lr, &loss, 1e-2), Some(0.5));
        let v = value_at(&lr, &loss, 10f64.powf(-1.5)).unwrap();
        assert!((v - 1.25).abs() < 1e-12);
        assert_eq!(value_at(&lr, &loss, 1.0), None);
        assert_eq!(value_at(&lr, &[1.0, f64::NAN, 2.0], 3e-2), None);
    }
}
