//! The learning-rate chart: learning rate per epoch with reference lines and markers.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{
    best_rect, dashed_line, draw_legend, draw_mesh, draw_message, draw_right_labels, draw_text_box,
    label_size, layout, sample_polyline, FrameSpec, Layout, LegendItem, Rect, Swatch, TickedAxis,
    Ticks,
};
use super::style::{palette, text_height, text_width, ChartStyle, Metrics};
use super::ticks::{format_ticks, linear_ticks};
use super::ChartError;

/// Largest `|value|` the charts accept on a linear axis; beyond it a value is skipped like NaN
/// (keeps every range and its padding finite).
const MAX_ABS: f64 = 1e306;

/// Draw points as well as lines when the series has at most this many epochs (and the points
/// are at least 4 radii apart on screen).
const MAX_POINTS: usize = 60;

/// The data of the learning-rate chart.
///
/// x axis: epoch `t = 0..lr.len()-1` (integer points joined by lines); y axis: the learning
/// rate, linear, from 0 (or slightly below the smallest value) to a little above the largest.
#[derive(Debug, Clone, Copy)]
#[allow(non_snake_case)]
pub struct LrChart<'a> {
    /// Learning rate at epoch `t = 0..len-1`. Non-finite values (and `|v| > 1e306`) leave a gap.
    pub lr: &'a [f64],
    /// Epochs at which a new warm-restart cycle starts (SGDR, `T_0`/`T_mult`): vertical dashed
    /// vermillion markers, named "restart" once in the legend. Epoch 0 and epochs past the end
    /// are ignored.
    pub restarts: &'a [usize],
    /// The schedule's floor: a grey dashed horizontal line labelled `eta_min` (skipped if
    /// non-finite).
    pub eta_min: f64,
    /// The schedule's peak: a grey dashed horizontal line labelled `eta_max` (skipped if
    /// non-finite). When it equals `eta_min` one line labelled `eta_min = eta_max` is drawn.
    pub eta_max: f64,
    /// End of the first cosine period `T_max` (CosineAnnealingLR without restarts): when
    /// `lr.len() > T_max + 1`, epochs from `T_max` on are shaded and named "beyond T_max".
    pub t_max: Option<usize>,
    /// One annotated point `(epoch, value, text)`, e.g. `(9, 0.00245, "trough 0.00245 > eta_min")`:
    /// a ring around the point and the text in a box placed where it covers the least data.
    /// Skipped if the epoch is past the end or the value is not finite.
    pub highlight: Option<(usize, f64, &'a str)>,
}

/// Draw `chart` into `area` (filling it white first).
///
/// Never panics: empty or all-invalid data draws an empty frame with "no data"; an area too
/// small for a readable plot (e.g. 0×0, 10×10) is only filled white. Sizes follow `style`
/// (see [`ChartStyle`]).
///
/// # Errors
/// [`ChartError::Drawing`] when the backend fails.
pub fn draw_lr_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LrChart,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    area.fill(&WHITE)?;
    let m = Metrics::new(w, h, style);

    let valid = |v: f64| v.is_finite() && v.abs() <= MAX_ABS;
    let n = chart.lr.len();
    let pts: Vec<(usize, f64)> = chart
        .lr
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, v)| valid(*v))
        .collect();
    let last_epoch = n.saturating_sub(1);

    // x range: epochs 0..=last (at least 0..=1), with 2% padding so end points are not cut.
    let x_max = last_epoch.max(1) as f64;
    let (xa, xb) = (-0.02 * x_max, x_max * 1.02);

    // y range: 0 (or below the minimum) to the maximum, over data and reference values.
    let eta_min = valid(chart.eta_min).then_some(chart.eta_min);
    let eta_max = valid(chart.eta_max).then_some(chart.eta_max);
    let highlight = chart
        .highlight
        .filter(|(t, v, _)| *t <= last_epoch && n > 0 && valid(*v));
    let mut lo = 0.0f64;
    let mut hi = 0.0f64;
    for v in pts
        .iter()
        .map(|p| p.1)
        .chain(eta_min)
        .chain(eta_max)
        .chain(highlight.map(|h| h.1))
    {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if hi == lo {
        hi = lo + 1.0;
    }
    let span = hi - lo;
    let ya = lo - if lo == 0.0 { 0.03 } else { 0.05 } * span;
    let yb = hi + 0.07 * span;

    // Legend and labels.
    let restarts: Vec<usize> = {
        let mut r: Vec<usize> = chart
            .restarts
            .iter()
            .copied()
            .filter(|r| *r > 0 && *r <= last_epoch)
            .collect();
        r.sort_unstable();
        r.dedup();
        r
    };
    let shade_from = chart.t_max.filter(|t| n > t.saturating_add(1));
    let mut legend = vec![LegendItem {
        swatch: Swatch::Line {
            color: palette::SCHEDULE,
            dashed: false,
            point: false,
        },
        label: "learning rate".to_owned(),
    }];
    if !restarts.is_empty() {
        legend.push(LegendItem {
            swatch: Swatch::VDash {
                color: palette::ALERT,
            },
            label: "restart".to_owned(),
        });
    }
    if shade_from.is_some() {
        legend.push(LegendItem {
            swatch: Swatch::Fill {
                color: palette::SHADE,
                alpha: SHADE_ALPHA,
            },
            label: "beyond T_max".to_owned(),
        });
    }
    let refs: Vec<(f64, String)> = match (eta_min, eta_max) {
        (Some(a), Some(b)) if a == b => vec![(a, "eta_min = eta_max".to_owned())],
        (a, b) => b
            .map(|v| (v, "eta_max".to_owned()))
            .into_iter()
            .chain(a.map(|v| (v, "eta_min".to_owned())))
            .collect(),
    };
    let right_texts: Vec<String> = refs.iter().map(|r| r.1.clone()).collect();

    let x_label_w = text_width(&last_epoch.max(1).to_string(), m.tick_font);
    let x_ticks = |pw: i32| {
        let max = (pw / (x_label_w + 2 * m.tick_font as i32).max(1)).clamp(2, 12) as usize;
        let values = linear_ticks(0.0, x_max, max, true);
        Ticks {
            labels: format_ticks(&values),
            values,
            minor: Vec::new(),
        }
    };
    let tick_h = text_height(m.tick_font);
    let y_ticks = |ph: i32| {
        let max = (ph * 10 / (22 * tick_h).max(1)).clamp(2, 9) as usize;
        let values = linear_ticks(ya, yb, max, false);
        Ticks {
            labels: format_ticks(&values),
            values,
            minor: Vec::new(),
        }
    };
    let spec = FrameSpec {
        legend: &legend,
        right_labels: &right_texts,
        x_titles: &["epoch"],
        y_titles: &["learning rate", "LR"],
    };
    let Some(mut lay) = layout(w, h, &m, &spec, &x_ticks, &y_ticks) else {
        return Ok(());
    };

    let mut cc = ChartBuilder::on(area)
        .margin_top(lay.margin_top)
        .margin_bottom(m.margin)
        .margin_left(m.margin)
        .margin_right(lay.margin_right)
        .x_label_area_size(lay.x_area)
        .y_label_area_size(lay.y_area)
        .build_cartesian_2d(
            TickedAxis {
                inner: RangedCoordf64::from(xa..xb),
                major: lay.x_ticks.values.clone(),
                minor: Vec::new(),
            },
            TickedAxis {
                inner: RangedCoordf64::from(ya..yb),
                major: lay.y_ticks.values.clone(),
                minor: Vec::new(),
            },
        )?;

    if let Some(t) = shade_from {
        cc.plotting_area().draw(&Rectangle::new(
            [(t as f64, ya), (xb, yb)],
            palette::SHADE.mix(SHADE_ALPHA).filled(),
        ))?;
    }
    draw_mesh(&mut cc, &lay)?;
    let pa = cc.plotting_area();
    let base = area.get_base_pixel();
    let to_px = |x: f64, y: f64| {
        let (px, py) = pa.map_coordinate(&(x, y));
        (px - base.0, py - base.1)
    };
    // Use plotters' own mapping for the plot rectangle (it may differ by a pixel from ours).
    let (p0, p1) = (to_px(xa, yb), to_px(xb, ya));
    lay.plot = Rect {
        x0: p0.0,
        y0: p0.1,
        x1: p1.0 + 1,
        y1: p1.1 + 1,
    };

    let mut obstacles: Vec<(i32, i32)> = Vec::new();
    let step = m.px(3.0);

    // Reference lines.
    let ref_style = ShapeStyle::from(&palette::REFERENCE).stroke_width(m.thin_w);
    let mut right_labels = Vec::new();
    for (v, text) in &refs {
        let y = to_px(0.0, *v).1;
        let (a, b) = ((lay.plot.x0, y), (lay.plot.x1 - 1, y));
        dashed_line(area, a, b, ref_style, m.dash, m.dash_gap)?;
        sample_polyline(&[a, b], step * 2, &mut obstacles);
        right_labels.push((y, text.clone(), palette::REFERENCE));
    }

    // Restart markers.
    let restart_style = ShapeStyle::from(&palette::ALERT).stroke_width(m.line_w.div_ceil(2));
    for r in &restarts {
        let x = to_px(*r as f64, 0.0).0;
        let (a, b) = ((x, lay.plot.y0), (x, lay.plot.y1 - 1));
        dashed_line(area, a, b, restart_style, m.dash, m.dash_gap)?;
        sample_polyline(&[a, b], step * 2, &mut obstacles);
    }

    // The learning-rate curve: runs of consecutive valid epochs.
    let line_style = ShapeStyle::from(&palette::SCHEDULE).stroke_width(m.line_w);
    let runs = runs_of(&pts);
    for run in &runs {
        let px: Vec<(i32, i32)> = run.iter().map(|(t, v)| to_px(*t as f64, *v)).collect();
        sample_polyline(&px, step, &mut obstacles);
        if run.len() >= 2 {
            pa.draw(&PathElement::new(
                run.iter().map(|(t, v)| (*t as f64, *v)).collect::<Vec<_>>(),
                line_style,
            ))?;
        }
    }
    let spacing = f64::from(lay.plot.w()) / x_max;
    let with_points = n <= MAX_POINTS && spacing >= f64::from(4 * m.point_r);
    for run in &runs {
        if with_points || run.len() == 1 {
            for (t, v) in run {
                pa.draw(&Circle::new(
                    (*t as f64, *v),
                    m.point_r,
                    palette::SCHEDULE.filled(),
                ))?;
            }
        }
    }

    if let Some((t, v, text)) = highlight {
        draw_highlight(area, &lay, to_px(t as f64, v), text, &obstacles)?;
    }
    if pts.is_empty() {
        draw_message(area, &lay, "no data")?;
    }
    draw_right_labels(area, &lay, &right_labels)?;
    if let Some(first) = lay.legend.first_mut() {
        first.swatch = Swatch::Line {
            color: palette::SCHEDULE,
            dashed: false,
            point: with_points,
        };
    }
    draw_legend(area, &lay)?;
    Ok(())
}

/// Opacity of the "beyond T_max" shading.
const SHADE_ALPHA: f64 = 0.2;

/// Split `(epoch, value)` points into runs of consecutive epochs.
fn runs_of(pts: &[(usize, f64)]) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    for &(t, v) in pts {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|(pt, _)| pt + 1 == t) => run.push((t, v)),
            _ => runs.push(vec![(t, v)]),
        }
    }
    runs
}

/// A ring around the highlighted point and its text in a box, placed where it covers the
/// least of the curve, with a leader line when the box sits far from the point.
fn draw_highlight<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    p: (i32, i32),
    text: &str,
    obstacles: &[(i32, i32)],
) -> Result<(), ChartError> {
    let m = &lay.m;
    let r = m.point_r * 2;
    area.draw(&Circle::new(
        p,
        r,
        ShapeStyle::from(&palette::TEXT).stroke_width(m.thin_w.max(1) + m.thin_w / 2),
    ))?;
    if text.is_empty() {
        return Ok(());
    }
    let text = super::frame::truncate_to_width(text, m.note_font, lay.plot.w() - m.px(8.0));
    let (bw, bh) = label_size(m, &text, m.note_font);
    let mut candidates = Vec::new();
    for d in [r + m.px(4.0), r + m.px(24.0), r + m.px(48.0)] {
        let (x, y) = p;
        for (cx, cy) in [
            (x + d, y - d - bh),
            (x - d - bw, y - d - bh),
            (x + d, y + d),
            (x - d - bw, y + d),
            (x - bw / 2, y - d - bh),
            (x - bw / 2, y + d),
            (x + d, y - bh / 2),
            (x - d - bw, y - bh / 2),
        ] {
            candidates.push(Rect {
                x0: cx,
                y0: cy,
                x1: cx + bw,
                y1: cy + bh,
            });
        }
    }
    let bounds = lay.plot.grow(-m.px(2.0));
    let ring = Rect {
        x0: p.0 - r,
        y0: p.1 - r,
        x1: p.0 + r,
        y1: p.1 + r,
    };
    // No room inside the plot (a phone-sized chart): the ring alone marks the point; a label
    // hanging outside would cover the axis title.
    let Some(rect) =
        best_rect(&candidates, &bounds, obstacles, &[ring]).filter(|r| r.inside(&bounds))
    else {
        return Ok(());
    };
    // Leader line from the ring to the nearest point of the box, when not adjacent.
    let nx = p.0.clamp(rect.x0, rect.x1);
    let ny = p.1.clamp(rect.y0, rect.y1);
    let (dx, dy) = (f64::from(nx - p.0), f64::from(ny - p.1));
    let dist = dx.hypot(dy);
    if dist > f64::from(r + m.px(8.0)) {
        let k = f64::from(r) / dist;
        let start = (p.0 + (dx * k).round() as i32, p.1 + (dy * k).round() as i32);
        area.draw(&PathElement::new(
            vec![start, (nx, ny)],
            ShapeStyle::from(&palette::TEXT).stroke_width(m.thin_w),
        ))?;
    }
    draw_text_box(area, m, rect, &text, m.note_font, palette::TEXT)
}
