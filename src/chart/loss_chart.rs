//! The loss chart: training objective per epoch on a log axis, for one or more runs.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{index_x_ticks, LogRange};
use super::frame::{
    axis_maps, best_rect, dashed_line, draw_cursor, draw_frame, draw_legend, draw_marker,
    draw_message, draw_note, draw_right_labels, ipx, label_size, layout, stroke_polyline,
    FrameSpec, Layout, LegendItem, Obstacles, Rect, Swatch,
};
use super::geometry::{AxisMap, Geometry};
use super::lr_chart::marker_legend;
use super::series::{reduced_runs, Extent, LeftOut, LineSeries};
use super::style::{text_height, text_width, ChartStyle, Metrics};
use super::ChartError;

/// How far above the largest starting value the y axis may reach for a diverged run, in
/// decades; a diverged run is cut off there (its divergence marker says what happened).
const CAP_DECADES: f64 = 2.0;
/// The cap when every run diverged (see [`draw_loss_chart`]): 12 decades above the start.
const DIVERGED_CAP_DECADES: f64 = 12.0;

/// The data of the loss chart.
///
/// x axis: epoch (epoch 0 = before any training); y axis: the training objective on a log₁₀
/// scale, over the range of the data and the optimum with some padding.
#[derive(Debug, Clone, Copy)]
pub struct LossChart<'a> {
    /// The runs: the training objective per epoch (index 0 = the initial weights), drawn with
    /// series 0 on top, listed in this order in the legend (a series without values and without
    /// `diverged_at` is left out of the legend). NaN and ±∞ leave a gap; values ≤ 0 sit on a
    /// "≤ 0" floor at the bottom of the axis. `diverged_at` marks where a run blew up.
    pub series: &'a [LineSeries<'a>],
    /// The exact minimum of the objective: a thin grey dashed line labelled "optimum"
    /// (skipped unless finite and > 0).
    pub optimum: Option<f64>,
    /// The planned run length in epochs: the x axis spans at least `0..=epochs`, so curves that
    /// are still being trained (time slicing in the page) grow into a fixed frame. `None`: the
    /// axis follows the data.
    pub epochs: Option<usize>,
    /// A thin vertical cursor line at this epoch (hover, keyboard or play position); skipped
    /// when non-finite or outside the x range.
    pub cursor: Option<f64>,
}

/// Draw `chart` into `area` (filling it white first) and return where the plot went.
///
/// The y axis is logarithmic; it spans every value of the runs that did not diverge and the
/// optimum, padded by 5% of the span in decades. A diverged run may push it to at most 2
/// decades above the largest starting value (12 when every run diverged, to show the blow-up),
/// so that it does not squash the others; its part above is cut off at the top edge.
/// Never panics: empty or all-invalid data draws an empty frame with "no data"; an area too
/// small for a readable plot is only filled white and gives [`Geometry::none`].
///
/// # Errors
/// [`ChartError::Drawing`] when the backend fails.
pub fn draw_loss_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LossChart,
    style: &ChartStyle,
) -> Result<Geometry, ChartError> {
    draw_objective(area, chart, style, false)
}

/// The gap view of the loss chart: objective − optimum per epoch on a log axis, so that linear
/// convergence shows as a straight line, a stall as a flat one, and the floor a schedule
/// reaches is readable. Values ≤ 0 (the optimum reached within rounding) sit on a "≤ 0" floor.
///
/// Same data, legend, divergence markers, x range and cursor as [`draw_loss_chart`]; no
/// optimum line (it is the floor). Needs `chart.optimum` (finite): without it the frame says
/// "gap needs the optimum".
///
/// # Errors
/// [`ChartError::Drawing`] when the backend fails.
pub fn draw_gap_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LossChart,
    style: &ChartStyle,
) -> Result<Geometry, ChartError> {
    draw_objective(area, chart, style, true)
}

fn draw_objective<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LossChart,
    style: &ChartStyle,
    gap: bool,
) -> Result<Geometry, ChartError> {
    let (w, h) = area.dim_in_pixel();
    let m = Metrics::new(w, h, style);
    area.fill(&m.theme.background)?;
    let finite_opt = chart.optimum.filter(|v| v.is_finite());
    let gap_values: Vec<Vec<f64>> = match (gap, finite_opt) {
        (true, Some(opt)) => chart
            .series
            .iter()
            .map(|s| s.values.iter().map(|v| v - opt).collect())
            .collect(),
        _ => Vec::new(),
    };
    let gap_series: Vec<LineSeries<'_>> = chart
        .series
        .iter()
        .zip(&gap_values)
        .map(|(s, values)| LineSeries { values, ..*s })
        .collect();
    let no_optimum = gap && finite_opt.is_none();
    let series: &[LineSeries<'_>] = if gap { &gap_series } else { chart.series };
    let optimum = if gap {
        None
    } else {
        chart.optimum.filter(|v| v.is_finite() && *v > 0.0)
    };
    // x range. Divergence epochs extend the axis by at most one epoch past the longest series
    // (a marker further out is drawn at that edge, its label still giving the epoch).
    let max_len = series.iter().map(|s| s.values.len()).max().unwrap_or(0);
    let last_epoch = series
        .iter()
        .map(|s| s.values.len().saturating_sub(1))
        .chain(
            series
                .iter()
                .filter_map(|s| s.diverged_at.map(|d| d.min(max_len))),
        )
        .max()
        .unwrap_or(0)
        .max(chart.epochs.unwrap_or(0).min(1 << 24));
    let x_max = last_epoch.max(1) as f64;
    let (xa, xb) = (-0.02 * x_max, x_max * 1.02);

    // y range in decades (extents first: no logarithm per value).
    let extents: Vec<Extent> = series.iter().map(|s| Extent::of(s.values)).collect();
    let has_data = extents.iter().any(|e| e.range.is_some());
    let opt_log = optimum.map(f64::log10);
    let logs = |e: &Extent| e.positive.map(|(a, b)| (a.log10(), b.log10()));
    let join = |a: (f64, f64), b: (f64, f64)| (a.0.min(b.0), a.1.max(b.1));
    let none = (f64::INFINITY, f64::NEG_INFINITY);
    let with_opt = |r: (f64, f64)| opt_log.map_or(r, |l| join(r, (l, l)));
    let (la_all, lb_all) = with_opt(extents.iter().filter_map(logs).fold(none, join));
    let (_, lb_healthy) = with_opt(
        series
            .iter()
            .zip(&extents)
            .filter(|(s, _)| s.diverged_at.is_none())
            .filter_map(|(_, e)| logs(e))
            .fold(none, join),
    );
    let first_max = series
        .iter()
        .filter_map(|s| s.values.first().copied())
        .filter(|v| v.is_finite() && *v > 0.0)
        .map(f64::log10)
        .fold(f64::NEG_INFINITY, f64::max);
    // When every run diverged there is no healthy curve to protect from squashing: show the
    // blow-up itself (up to DIVERGED_CAP_DECADES), so the epochs before the divergence are
    // visible rather than cut off at the top edge right after epoch 0.
    let all_diverged = series
        .iter()
        .filter(|s| !s.values.is_empty())
        .all(|s| s.diverged_at.is_some());
    let cap = if all_diverged && has_data {
        DIVERGED_CAP_DECADES
    } else {
        CAP_DECADES
    };
    let mut lb = lb_all;
    if first_max.is_finite() && lb_all.is_finite() {
        lb = lb_all.min((first_max + cap).max(la_all)).max(lb_healthy);
    }
    let floor = extents.iter().any(|e| e.non_positive);
    let range = if la_all.is_finite() && lb.is_finite() {
        LogRange::padded(la_all, lb, floor)
    } else {
        LogRange::new(std::iter::empty(), floor)
    };

    // Legend, labels and ticks.
    let mut legend: Vec<LegendItem> = series
        .iter()
        .filter(|s| !s.values.is_empty() || s.diverged_at.is_some())
        .map(|s| LegendItem {
            swatch: Swatch::Line {
                color: m.theme.series_color(s.style_index),
                pattern: m.dash_of(s.style_index),
                point: false,
            },
            label: s.label.to_owned(),
        })
        .collect();
    legend.extend(marker_legend(series, max_len, &m));
    let right_texts: Vec<String> = optimum.map(|_| "optimum".to_owned()).into_iter().collect();
    let x_label_w = text_width(&last_epoch.max(1).to_string(), m.tick_font);
    let x_ticks = |pw: i32| index_x_ticks(x_max, pw, x_label_w, m.tick_font);
    let tick_h = text_height(m.tick_font);
    let y_ticks = |ph: i32| range.ticks(ph, tick_h);
    let spec = FrameSpec {
        legend: &legend,
        right_labels: &right_texts,
        x_titles: &["epoch"],
        y_titles: if gap {
            &["objective − optimum", "gap to optimum", "gap"]
        } else {
            &["training objective", "objective", "loss"]
        },
    };
    let Some(lay) = layout(w, h, &m, &spec, &x_ticks, &y_ticks) else {
        return Ok(Geometry::none());
    };
    let (xm, ym) = axis_maps(
        &lay,
        (xa, xb),
        (range.bottom(), range.lb),
        true,
        range.floor,
    );
    let geometry = Geometry {
        x: xm,
        y: ym,
        last_index: (max_len > 0).then(|| max_len - 1),
        valid: true,
    };
    draw_frame(area, &lay, &xm, &ym)?;

    let mut obstacles = Obstacles::new(w, h, m.px(3.0));
    let mut right_labels = Vec::new();
    if let Some(l) = opt_log.filter(|l| (range.la..=range.lb).contains(l)) {
        let y = ipx(ym.px_t(l));
        let (a, b) = ((lay.plot.x0, y), (lay.plot.x1 - 1, y));
        let style = ShapeStyle::from(&m.theme.reference).stroke_width(m.thin_w);
        dashed_line(area, a, b, style, m.dash, m.dash_gap)?;
        obstacles.polyline(&[a, b]);
        right_labels.push((y, "optimum".to_owned(), m.theme.reference));
    }

    // Divergence lines (one per epoch at which some run diverged) go under the curves.
    let mut diverged: Vec<(usize, Vec<&LineSeries<'_>>)> = Vec::new();
    for s in series {
        if let Some(n) = s.diverged_at {
            match diverged.iter_mut().find(|(e, _)| *e == n) {
                Some((_, v)) => v.push(s),
                None => diverged.push((n, vec![s])),
            }
        }
    }
    crate::sort::sort_by_key(&mut diverged, |(n, _)| *n);
    let alert = ShapeStyle::from(&m.theme.alert).stroke_width(m.line_w.div_ceil(2));
    for (n, _) in &diverged {
        let x = ipx(xm.px_t(n.min(&last_epoch).to_owned() as f64));
        let (a, b) = ((x, lay.plot.y0), (x, lay.plot.y1 - 1));
        dashed_line(area, a, b, alert, m.dash, m.dash_gap)?;
        obstacles.polyline(&[a, b]);
    }

    // The curves (series 0 on top), clipped to the y range in log space.
    let mut ends: Vec<Option<(f64, f64)>> = vec![None; series.len()];
    for (i, s) in series.iter().enumerate().rev() {
        let color = m.theme.series_color(s.style_index);
        let style = ShapeStyle::from(&color).stroke_width(m.line_w);
        let pattern = m.dash_of(s.style_index);
        let column = |t: usize| i64::from(ipx(xm.px_t(t as f64)));
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        for run in reduced_runs(s.values, column, |v| ym.maps(v)) {
            let tl: Vec<(f64, f64)> = run
                .iter()
                .filter_map(|(t, v)| ym.transform(*v).map(|l| (*t, l)))
                .collect();
            runs.extend(clip_run(&tl, range.bottom(), range.lb));
        }
        for run in &runs {
            let px: Vec<(f64, f64)> = run.iter().map(|(x, l)| to_px(&xm, &ym, *x, *l)).collect();
            let ipts: Vec<(i32, i32)> = px.iter().map(|(x, y)| (ipx(*x), ipx(*y))).collect();
            obstacles.polyline(&ipts);
            if run.len() == 1 {
                area.draw(&Circle::new(ipts[0], m.point_r, color.filled()))?;
            } else {
                stroke_polyline(area, &px, style, &pattern)?;
            }
        }
        ends[i] = runs
            .last()
            .and_then(|r| r.last().copied())
            .map(|(x, l)| to_px(&xm, &ym, x, l));
        for &t in s.markers {
            if let Some(l) = s.values.get(t).and_then(|v| ym.transform(*v)) {
                if l <= range.lb {
                    let (x, y) = to_px(&xm, &ym, t as f64, l);
                    draw_marker(area, &m, (ipx(x), ipx(y)), color)?;
                }
            }
        }
    }

    // Divergence crosses (at the last drawn point) and labels.
    for (s, end) in series.iter().zip(&ends) {
        if let (Some(_), Some((x, y))) = (s.diverged_at, end) {
            draw_cross(
                area,
                &m,
                (ipx(*x), ipx(*y)),
                m.theme.series_color(s.style_index),
            )?;
        }
    }
    let mut taken: Vec<Rect> = Vec::new();
    for (n, group) in &diverged {
        let x = ipx(xm.px_t(*n.min(&last_epoch) as f64));
        let rect = draw_divergence_label(area, &lay, x, *n, group, &obstacles, &taken)?;
        taken.push(rect);
    }
    if let Some(x) = chart.cursor.filter(|x| x.is_finite()) {
        draw_cursor(area, &lay, xm.px_t(x))?;
    }

    // Non-finite values before a run's divergence (after it they are the divergence).
    let mut left_out = LeftOut::default();
    for (s, e) in series.iter().zip(&extents) {
        match s.diverged_at {
            None => left_out.add_counts(&e.left_out),
            Some(n) => left_out.add(&s.values[..n.min(s.values.len())]),
        }
    }
    if no_optimum {
        draw_message(area, &lay, "gap needs the optimum")?;
    } else if !has_data {
        draw_message(area, &lay, "no data")?;
    } else if let Some(note) = left_out.note() {
        draw_note(area, &lay, &note, &obstacles, &taken)?;
    }
    draw_right_labels(area, &lay, &right_labels)?;
    draw_legend(area, &lay)?;
    Ok(geometry)
}

/// Pixel position of `(x, transformed y)`.
fn to_px(xm: &AxisMap, ym: &AxisMap, x: f64, l: f64) -> (f64, f64) {
    (xm.px_t(x), ym.px_t(l))
}

/// Cut a run of `(x, l)` points (`l` the transformed value, e.g. log₁₀; joined in order)
/// at the top `lb` and bottom `la` of the axis into the visible pieces. A piece may hold a
/// single point.
fn clip_run(pts: &[(f64, f64)], la: f64, lb: f64) -> Vec<Vec<(f64, f64)>> {
    let inside = |l: f64| l >= la && l <= lb;
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let flush = |cur: &mut Vec<(f64, f64)>, runs: &mut Vec<Vec<(f64, f64)>>| {
        if !cur.is_empty() {
            runs.push(std::mem::take(cur));
        }
    };
    if let Some(&(x, l)) = pts.first() {
        if inside(l) {
            cur.push((x, l));
        }
    }
    for w in pts.windows(2) {
        let ((x0, pl), (x1, l)) = (w[0], w[1]);
        // Segment (x0, pl) → (x1, l), clipped to la ≤ l ≤ lb.
        let at = |target: f64| x0 + (x1 - x0) * (target - pl) / (l - pl);
        let (mut s0, mut s1) = ((x0, pl), (x1, l));
        let mut visible = true;
        for (bound, above) in [(lb, true), (la, false)] {
            let out = |y: f64| if above { y > bound } else { y < bound };
            match (out(s0.1), out(s1.1)) {
                (true, true) => visible = false,
                (true, false) => s0 = (at(bound), bound),
                (false, true) => s1 = (at(bound), bound),
                (false, false) => {}
            }
        }
        if visible {
            if cur.is_empty() || !inside(pl) {
                flush(&mut cur, &mut runs);
                cur.push(s0);
            }
            cur.push(s1);
            if !inside(l) {
                flush(&mut cur, &mut runs);
            }
        } else {
            flush(&mut cur, &mut runs);
        }
    }
    flush(&mut cur, &mut runs);
    runs
}

/// An "×" in the series colour, marking where a diverged curve ends.
fn draw_cross<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    m: &Metrics,
    (x, y): (i32, i32),
    color: RGBColor,
) -> Result<(), ChartError> {
    let r = m.point_r * 2;
    let style = ShapeStyle::from(&color).stroke_width(m.line_w);
    area.draw(&PathElement::new(
        vec![(x - r, y - r), (x + r, y + r)],
        style,
    ))?;
    area.draw(&PathElement::new(
        vec![(x - r, y + r), (x + r, y - r)],
        style,
    ))?;
    Ok(())
}

/// "diverged at epoch N" in a box next to the divergence line at pixel column `x`, preceded by
/// a short sample of each diverged series' line (colour and dash); placed near the top where it
/// covers the least data and no other divergence label.
fn draw_divergence_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    x: i32,
    n: usize,
    group: &[&LineSeries<'_>],
    obstacles: &Obstacles,
    taken: &[Rect],
) -> Result<Rect, ChartError> {
    let m = &lay.m;
    let text = format!("diverged at epoch {n}");
    let sw = m.px(18.0);
    let (tw, bh) = label_size(m, &text, m.note_font);
    let swatches = group.len().min(6) as i32;
    let bw = tw + swatches * (sw + m.gap);
    let plot = lay.plot;
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
    // Next to the line where one fits (even over some data: a label far from its line would be
    // ambiguous with several runs); else the first candidate shifted into the plot.
    let rect = best_rect(&candidates, &bounds, obstacles, taken)
        .filter(|r| r.inside(&bounds))
        .unwrap_or(candidates[0]);
    let rect = rect.shift_into(&bounds);
    area.draw(&Rectangle::new(
        [(rect.x0, rect.y0), (rect.x1, rect.y1)],
        m.theme.background.mix(0.85).filled(),
    ))?;
    let cy = (rect.y0 + rect.y1) / 2;
    let mut sx = rect.x0 + m.px(3.0);
    for s in group.iter().take(6) {
        let style = ShapeStyle::from(&m.theme.series_color(s.style_index)).stroke_width(m.line_w);
        let pts = [
            (f64::from(sx), f64::from(cy)),
            (f64::from(sx + sw), f64::from(cy)),
        ];
        stroke_polyline(area, &pts, style, &m.dash_of(s.style_index))?;
        sx += sw + m.gap;
    }
    let font = m
        .font(m.note_font, m.theme.alert)
        .pos(Pos::new(HPos::Left, VPos::Center));
    area.draw_text(&text, &font, (sx, cy))?;
    Ok(rect)
}

#[cfg(test)]
mod tests {
    use super::clip_run;

    #[test]
    fn clip_run_cuts_at_the_top_and_bottom() {
        // log10 values 0, 1, 3, 0 with the top at 2: the segment 1→3 is cut at x = 1.5, 3→0
        // re-enters at x = 2 + 1/3.
        let pts = [(0.0, 0.0), (1.0, 1.0), (2.0, 3.0), (3.0, 0.0)];
        let runs = clip_run(&pts, -1.0, 2.0);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].len(), 3);
        assert!((runs[0][2].0 - 1.5).abs() < 1e-12 && (runs[0][2].1 - 2.0).abs() < 1e-12);
        assert!((runs[1][0].0 - (2.0 + 1.0 / 3.0)).abs() < 1e-12);
        assert_eq!(runs[1][1], (3.0, 0.0));
        // A lone point is its own run; a point outside is dropped; below the bottom is cut.
        assert_eq!(clip_run(&[(5.0, 0.5)], -1.0, 2.0), vec![vec![(5.0, 0.5)]]);
        assert!(clip_run(&[(5.0, 9.0)], -1.0, 2.0).is_empty());
        let runs = clip_run(&[(0.0, 0.0), (1.0, -2.0)], -1.0, 2.0);
        assert_eq!(runs, vec![vec![(0.0, 0.0), (0.5, -1.0)]]);
        assert!(clip_run(&[], 0.0, 1.0).is_empty());
    }
}
