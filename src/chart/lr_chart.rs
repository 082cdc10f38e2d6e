//! The learning-rate chart: one or more learning-rate series per epoch (or step), with the
//! cosine view's reference lines and markers.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{index_x_ticks, linear_y_ticks, pad_linear, LogRange};
use super::frame::{
    axis_maps, best_rect, dashed_line, draw_cursor, draw_frame, draw_legend, draw_marker,
    draw_message, draw_note, draw_right_labels, draw_text_box, ipx, label_size, layout,
    stroke_polyline, FrameSpec, Layout, LegendItem, Obstacles, Rect, Swatch,
};
use super::geometry::Geometry;
use super::series::{reduced_runs, Extent, LineSeries};
use super::style::{text_width, ChartStyle, Metrics};
use super::ChartError;

/// Draw points as well as lines when the series have at most this many values (and the points
/// are at least 4 radii apart on screen).
const MAX_POINTS: usize = 60;

/// Opacity of the "beyond T_max" shading.
const SHADE_ALPHA: f64 = 0.2;

/// The cosine view's decorations of the LR chart (the v1 picture): reference lines, restart
/// markers, the "beyond T_max" region and one annotated point.
#[derive(Debug, Clone, Copy)]
pub struct CosineDecorations<'a> {
    /// Indices at which a new warm-restart cycle starts (SGDR, `T_0`/`T_mult`): vertical dashed
    /// vermillion markers, named "restart" once in the legend. Index 0 and indices past the
    /// longest series are ignored.
    pub restarts: &'a [usize],
    /// The schedule's floor: a grey dashed horizontal line labelled `eta_min` (skipped if
    /// non-finite; at the "≤ 0" floor on a log axis when ≤ 0).
    pub eta_min: f64,
    /// The schedule's peak: a grey dashed horizontal line labelled `eta_max` (skipped if
    /// non-finite). When it equals `eta_min` one line labelled `eta_min = eta_max` is drawn.
    pub eta_max: f64,
    /// End of the first cosine period `T_max` (CosineAnnealingLR without restarts): when the
    /// longest series has more than `T_max + 1` values, indices from `T_max` on are shaded and
    /// named "beyond T_max".
    pub t_max: Option<usize>,
    /// One annotated point `(index, value, text)`, e.g. `(9, 0.00245, "trough 0.00245 >
    /// eta_min")`: a ring around the point and the text in a box placed where it covers the
    /// least data. Skipped if the index is past the end or the value does not map to the axis.
    pub highlight: Option<(usize, f64, &'a str)>,
}

/// The data of the learning-rate chart.
///
/// x axis: the index `t = 0..len-1` of the longest series (epochs or steps, `x_title`), integer
/// points joined by lines; y axis: the learning rate, linear from 0 (or below the smallest
/// value) to a little above the largest, or log₁₀ (`log_y`) over the positive values with a
/// "≤ 0" floor for zero and negative ones.
#[derive(Debug, Clone, Copy)]
pub struct LrChart<'a> {
    /// The series, drawn with series 0 on top and listed in this order in the legend.
    pub series: &'a [LineSeries<'a>],
    /// Title of the x axis: `"epoch"` or `"step"`.
    pub x_title: &'a str,
    /// Logarithmic y axis. Values ≤ 0 (e.g. `eta_min = 0`) then sit on a floor at the bottom,
    /// below an axis break, whose tick reads "≤ 0": so 0 and 1e-3 under 0.1 draw apart.
    pub log_y: bool,
    /// The cosine view's reference lines and markers; `None` for other schedulers.
    pub decorations: Option<CosineDecorations<'a>>,
    /// A thin vertical cursor line at this x (hover, keyboard or play position); skipped when
    /// non-finite or outside the x range.
    pub cursor: Option<f64>,
}

/// Draw `chart` into `area` (filling it white first) and return where the plot went.
///
/// Never panics: empty or all-invalid data draws an empty frame with "no data"; an area too
/// small for a readable plot (e.g. 0×0, 10×10) is only filled white and gives
/// [`Geometry::none`]. Sizes follow `style` (see [`ChartStyle`]).
///
/// # Errors
/// [`ChartError::Drawing`] when the backend fails.
pub fn draw_lr_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LrChart,
    style: &ChartStyle,
) -> Result<Geometry, ChartError> {
    let (w, h) = area.dim_in_pixel();
    let m = Metrics::new(w, h, style);
    area.fill(&m.theme.background)?;

    let n = chart
        .series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0);
    let last = n.saturating_sub(1);
    // x range: indices 0..=last (at least 0..=1), with 2% padding so end points are not cut.
    let x_max = last.max(1) as f64;
    let (xa, xb) = (-0.02 * x_max, x_max * 1.02);

    // Decorations that apply.
    let deco = chart.decorations;
    let finite = |v: f64| v.is_finite().then_some(v);
    let eta_min = deco.and_then(|d| finite(d.eta_min));
    let eta_max = deco.and_then(|d| finite(d.eta_max));
    let highlight = deco
        .and_then(|d| d.highlight)
        .filter(|(t, v, _)| *t <= last && n > 0 && v.is_finite());
    let restarts: Vec<usize> = {
        let mut r: Vec<usize> = deco
            .map(|d| d.restarts)
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(|r| *r > 0 && *r <= last)
            .collect();
        crate::sort::sort_by_key(&mut r, |t| *t);
        r.dedup();
        r
    };
    let shade_from = deco
        .and_then(|d| d.t_max)
        .filter(|t| n > t.saturating_add(1));

    // y range over every finite value of the series and the reference values (one pass).
    let mut ext = Extent::default();
    for s in chart.series {
        ext.scan(s.values);
    }
    let has_data = ext.range.is_some();
    let left_out = ext.left_out;
    for v in eta_min
        .into_iter()
        .chain(eta_max)
        .chain(highlight.map(|h| h.1))
    {
        ext.include(v);
    }
    let (ya, yb, log_range) = if chart.log_y {
        let r = match ext.positive {
            Some((a, b)) => LogRange::padded(a.log10(), b.log10(), ext.non_positive),
            None => LogRange::new(std::iter::empty(), ext.non_positive),
        };
        (r.bottom(), r.lb, Some(r))
    } else {
        let (lo, hi) = ext
            .range
            .map_or((0.0, 0.0), |(a, b)| (a.min(0.0), b.max(0.0)));
        let hi = if hi == lo { lo + 1.0 } else { hi };
        let (a, b) = pad_linear(lo, hi, if lo == 0.0 { 0.03 } else { 0.05 }, 0.07);
        (a, b, None)
    };

    // Legend and labels.
    let mut legend: Vec<LegendItem> = chart
        .series
        .iter()
        .map(|s| LegendItem {
            swatch: Swatch::Line {
                color: m.theme.series_color(s.style_index),
                pattern: m.dash_of(s.style_index),
                point: false,
            },
            label: s.label.to_owned(),
        })
        .collect();
    legend.extend(marker_legend(chart.series, n, &m));
    if !restarts.is_empty() {
        legend.push(LegendItem {
            swatch: Swatch::VDash {
                color: m.theme.alert,
            },
            label: "restart".to_owned(),
        });
    }
    if shade_from.is_some() {
        legend.push(LegendItem {
            swatch: Swatch::Fill {
                color: m.theme.shade,
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

    let x_label_w = text_width(&last.max(1).to_string(), m.tick_font);
    let x_ticks = |pw: i32| index_x_ticks(x_max, pw, x_label_w, m.tick_font);
    let tick_h = super::style::text_height(m.tick_font);
    let y_ticks = |ph: i32| match &log_range {
        Some(r) => r.ticks(ph, tick_h),
        None => linear_y_ticks(ya, yb, ph, tick_h),
    };
    let x_titles = [chart.x_title];
    let spec = FrameSpec {
        legend: &legend,
        right_labels: &right_texts,
        x_titles: if chart.x_title.is_empty() {
            &[]
        } else {
            &x_titles
        },
        y_titles: &["learning rate", "LR"],
    };
    let Some(lay) = layout(w, h, &m, &spec, &x_ticks, &y_ticks) else {
        return Ok(Geometry::none());
    };
    let (xm, ym) = axis_maps(
        &lay,
        (xa, xb),
        (ya, yb),
        chart.log_y,
        log_range.and_then(|r| r.floor),
    );
    let geometry = Geometry {
        x: xm,
        y: ym,
        last_index: (n > 0).then_some(last),
        valid: true,
    };
    let to_px = |t: f64, v: f64| ym.px(v).map(|y| (ipx(xm.px_t(t)), ipx(y)));

    if let Some(t) = shade_from {
        let x = ipx(xm.px_t(t as f64));
        area.draw(&Rectangle::new(
            [(x, lay.plot.y0), (lay.plot.x1 - 1, lay.plot.y1 - 1)],
            m.theme.shade.mix(SHADE_ALPHA).filled(),
        ))?;
    }
    draw_frame(area, &lay, &xm, &ym)?;

    let mut obstacles = Obstacles::new(w, h, m.px(3.0));

    // Reference lines.
    let ref_style = ShapeStyle::from(&m.theme.reference).stroke_width(m.thin_w);
    let mut right_labels = Vec::new();
    for (v, text) in &refs {
        let Some(y) = ym.px(*v).map(ipx) else {
            continue;
        };
        let (a, b) = ((lay.plot.x0, y), (lay.plot.x1 - 1, y));
        dashed_line(area, a, b, ref_style, m.dash, m.dash_gap)?;
        obstacles.polyline(&[a, b]);
        right_labels.push((y, text.clone(), m.theme.reference));
    }

    // Restart markers.
    let restart_style = ShapeStyle::from(&m.theme.alert).stroke_width(m.line_w.div_ceil(2));
    for r in &restarts {
        let x = ipx(xm.px_t(*r as f64));
        let (a, b) = ((x, lay.plot.y0), (x, lay.plot.y1 - 1));
        dashed_line(area, a, b, restart_style, m.dash, m.dash_gap)?;
        obstacles.polyline(&[a, b]);
    }

    // The curves, series 0 last (on top).
    let spacing = f64::from(lay.plot.w()) / x_max;
    let with_points = n <= MAX_POINTS && spacing >= f64::from(4 * m.point_r);
    for s in chart.series.iter().rev() {
        let color = m.theme.series_color(s.style_index);
        let line_style = ShapeStyle::from(&color).stroke_width(m.line_w);
        let pattern = m.dash_of(s.style_index);
        let column = |t: usize| i64::from(ipx(xm.px_t(t as f64)));
        for run in reduced_runs(s.values, column, |v| ym.maps(v)) {
            let run: Vec<(f64, f64)> = run
                .iter()
                .filter_map(|(t, v)| ym.px(*v).map(|y| (xm.px_t(*t), y)))
                .collect();
            let px: Vec<(i32, i32)> = run.iter().map(|(x, y)| (ipx(*x), ipx(*y))).collect();
            obstacles.polyline(&px);
            if run.len() >= 2 {
                stroke_polyline(area, &run, line_style, &pattern)?;
            }
            if with_points || run.len() == 1 {
                for p in &px {
                    area.draw(&Circle::new(*p, m.point_r, color.filled()))?;
                }
            }
        }
    }
    for s in chart.series.iter().rev() {
        let color = m.theme.series_color(s.style_index);
        for &i in s.markers {
            if let Some(p) = s.values.get(i).and_then(|v| to_px(i as f64, *v)) {
                draw_marker(area, &m, p, color)?;
            }
        }
    }
    if let Some(x) = chart.cursor.filter(|x| x.is_finite()) {
        draw_cursor(area, &lay, xm.px_t(x))?;
    }

    if let Some((t, v, text)) = highlight {
        if let Some(p) = to_px(t as f64, v) {
            draw_highlight(area, &lay, p, text, &obstacles)?;
        }
    }
    if !has_data {
        draw_message(area, &lay, "no data")?;
    } else if let Some(note) = left_out.note() {
        draw_note(area, &lay, &note, &obstacles, &[])?;
    }
    draw_right_labels(area, &lay, &right_labels)?;
    let mut lay = lay;
    for e in lay.legend.iter_mut() {
        if let Swatch::Line { point, .. } = &mut e.swatch {
            *point = with_points;
        }
    }
    draw_legend(area, &lay)?;
    Ok(geometry)
}

/// One legend entry per distinct `marker_label` among the series that have a marker inside
/// `0..n`: in the series' colour when one series uses the label, in the text colour when
/// several do.
pub(crate) fn marker_legend(series: &[LineSeries<'_>], n: usize, m: &Metrics) -> Vec<LegendItem> {
    let mut out: Vec<(String, Option<usize>, usize)> = Vec::new();
    for s in series {
        if !s.markers.iter().any(|i| *i < n) {
            continue;
        }
        match out.iter_mut().find(|(l, _, _)| l == s.marker_label) {
            Some(entry) if entry.1 != Some(s.style_index) => entry.2 += 1,
            Some(_) => {}
            None => out.push((s.marker_label.to_owned(), Some(s.style_index), 1)),
        }
    }
    out.into_iter()
        .map(|(label, k, users)| LegendItem {
            swatch: Swatch::Marker {
                color: match (users, k) {
                    (1, Some(k)) => m.theme.series_color(k),
                    _ => m.theme.text,
                },
            },
            label,
        })
        .collect()
}

/// A ring around the highlighted point and its text in a box, placed where it covers the
/// least of the curves, with a leader line when the box sits far from the point.
fn draw_highlight<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    p: (i32, i32),
    text: &str,
    obstacles: &Obstacles,
) -> Result<(), ChartError> {
    let m = &lay.m;
    let r = m.point_r * 2;
    area.draw(&Circle::new(
        p,
        r,
        ShapeStyle::from(&m.theme.text).stroke_width(m.thin_w.max(1) + m.thin_w / 2),
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
            ShapeStyle::from(&m.theme.text).stroke_width(m.thin_w),
        ))?;
    }
    draw_text_box(area, m, rect, &text, m.note_font, m.theme.text)
}
