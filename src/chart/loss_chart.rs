//! The loss chart: training objective per epoch on a log axis, scheduled run vs baseline.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{
    best_rect, dashed_line, draw_legend, draw_mesh, draw_message, draw_right_labels, label_size,
    layout, sample_polyline, FrameSpec, Layout, LegendItem, Rect, Swatch, TickedAxis, Ticks,
};
use super::style::{palette, text_height, text_width, ChartStyle, Metrics};
use super::ticks::{format_compact, format_ticks, linear_ticks, log_ticks};
use super::ChartError;

/// How far above the larger of the two starting values the y axis may reach, in decades; a
/// diverging run is cut off there (its divergence marker says what happened).
const CAP_DECADES: f64 = 2.0;
/// The cap when every run diverged (see [`draw_loss_chart`]): 12 decades above the start.
const DIVERGED_CAP_DECADES: f64 = 12.0;

/// The data of the loss chart.
///
/// x axis: epoch (epoch 0 = before any training); y axis: the training objective on a log₁₀
/// scale, over the range of the data and the optimum with some padding.
#[derive(Debug, Clone, Copy)]
pub struct LossChart<'a> {
    /// Training objective per epoch of the scheduled run (epoch 0 = initial), > 0; may be
    /// shorter than `baseline`. Non-finite and non-positive values leave a gap.
    pub scheduled: &'a [f64],
    /// The same for the constant-LR (`eta_max`) baseline; drawn dashed.
    pub baseline: &'a [f64],
    /// Legend text of the scheduled run (blue, solid).
    pub scheduled_label: &'a str,
    /// Legend text of the baseline (orange, dashed).
    pub baseline_label: &'a str,
    /// Epoch at which the scheduled run diverged (its objective became non-finite or blew
    /// up): a vermillion dashed vertical line with "diverged at epoch N".
    pub scheduled_diverged_at: Option<usize>,
    /// Epoch at which the baseline diverged; drawn like `scheduled_diverged_at`.
    pub baseline_diverged_at: Option<usize>,
    /// The exact minimum of the objective: a thin grey dashed line labelled "optimum"
    /// (skipped unless finite and > 0).
    pub optimum: Option<f64>,
    /// The planned run length in epochs: the x axis spans at least `0..=epochs`, so curves that
    /// are still being trained (time slicing in the page) grow into a fixed frame. `None`: the
    /// axis follows the data.
    pub epochs: Option<usize>,
}

/// One series prepared for drawing.
struct Series<'a> {
    values: &'a [f64],
    label: &'a str,
    color: RGBColor,
    dashed: bool,
    diverged_at: Option<usize>,
}

/// Draw `chart` into `area` (filling it white first).
///
/// The y axis is logarithmic; it spans the valid data and the optimum, padded by 5% of the
/// span in decades, but reaches at most 2 decades above the larger starting value, so a
/// diverging run does not squash the others (the part above is cut off at the top edge).
/// Never panics: empty or all-invalid data draws an empty frame with "no data"; an area too
/// small for a readable plot is only filled white.
///
/// # Errors
/// [`ChartError::Drawing`] when the backend fails.
pub fn draw_loss_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LossChart,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    area.fill(&WHITE)?;
    let m = Metrics::new(w, h, style);
    let series = [
        Series {
            values: chart.baseline,
            label: chart.baseline_label,
            color: palette::BASELINE,
            dashed: true,
            diverged_at: chart.baseline_diverged_at,
        },
        Series {
            values: chart.scheduled,
            label: chart.scheduled_label,
            color: palette::SCHEDULE,
            dashed: false,
            diverged_at: chart.scheduled_diverged_at,
        },
    ];
    let valid = |v: f64| v.is_finite() && v > 0.0;
    let points: Vec<Vec<(usize, f64)>> = series
        .iter()
        .map(|s| {
            s.values
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, v)| valid(*v))
                .collect()
        })
        .collect();
    let optimum = chart.optimum.filter(|v| valid(*v));

    // x range.
    // Divergence epochs extend the axis by at most one epoch past the longest series (a
    // marker further out is drawn at that edge, its label still giving the epoch).
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

    // y range in decades.
    let logs = points
        .iter()
        .flatten()
        .map(|p| p.1)
        .chain(optimum)
        .map(f64::log10);
    let (mut la, mut lb) = logs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), l| {
        (a.min(l), b.max(l))
    });
    let has_data = points.iter().any(|p| !p.is_empty());
    if !la.is_finite() || !lb.is_finite() {
        (la, lb) = (-1.0, 0.0);
    }
    let first_max = points
        .iter()
        .filter_map(|p| p.first().map(|q| q.1.log10()))
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
    if first_max.is_finite() {
        lb = lb.min((first_max + cap).max(la));
    }
    let span = lb - la;
    if span < 1e-9 {
        la -= 0.3;
        lb += 0.3;
    } else {
        la -= 0.05 * span;
        lb += 0.07 * span;
    }
    let (la, lb) = (la.clamp(-307.0, 307.0), lb.clamp(-306.0, 307.5));
    let (ylo, yhi) = (10f64.powf(la), 10f64.powf(lb));

    // Legend, labels and ticks.
    let legend: Vec<LegendItem> = series
        .iter()
        .rev()
        .filter(|s| !s.values.is_empty() || s.diverged_at.is_some())
        .map(|s| LegendItem {
            swatch: Swatch::Line {
                color: s.color,
                dashed: s.dashed,
                point: false,
            },
            label: s.label.to_owned(),
        })
        .collect();
    let right_texts: Vec<String> = optimum.map(|_| "optimum".to_owned()).into_iter().collect();
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
        let min_sep = (lb - la) * f64::from(tick_h) * 2.2 / f64::from(ph.max(1));
        let (values, minor) = log_ticks(ylo, yhi, min_sep);
        Ticks {
            labels: values.iter().map(|v| format_compact(*v, 6)).collect(),
            values,
            minor,
        }
    };
    let spec = FrameSpec {
        legend: &legend,
        right_labels: &right_texts,
        x_titles: &["epoch"],
        y_titles: &["training objective", "objective", "loss"],
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
                inner: LogCoord::from((ylo..yhi).log_scale()),
                major: lay.y_ticks.values.clone(),
                minor: lay.y_ticks.minor.clone(),
            },
        )?;
    draw_mesh(&mut cc, &lay)?;
    let pa = cc.plotting_area();
    let base = area.get_base_pixel();
    let to_px = |x: f64, y: f64| {
        let (px, py) = pa.map_coordinate(&(x, y));
        (px - base.0, py - base.1)
    };
    let (p0, p1) = (to_px(xa, yhi), to_px(xb, ylo));
    lay.plot = Rect {
        x0: p0.0,
        y0: p0.1,
        x1: p1.0 + 1,
        y1: p1.1 + 1,
    };

    let mut obstacles: Vec<(i32, i32)> = Vec::new();
    let step = m.px(3.0);
    let mut right_labels = Vec::new();
    if let Some(v) = optimum.filter(|v| (ylo..=yhi).contains(v)) {
        let y = to_px(0.0, v).1;
        let (a, b) = ((lay.plot.x0, y), (lay.plot.x1 - 1, y));
        let style = ShapeStyle::from(&palette::REFERENCE).stroke_width(m.thin_w);
        dashed_line(area, a, b, style, m.dash, m.dash_gap)?;
        sample_polyline(&[a, b], step * 2, &mut obstacles);
        right_labels.push((y, "optimum".to_owned(), palette::REFERENCE));
    }

    // Divergence lines go under the curves.
    let alert = ShapeStyle::from(&palette::ALERT).stroke_width(m.line_w.div_ceil(2));
    for s in &series {
        if let Some(n) = s.diverged_at {
            let x = to_px(n.min(last_epoch) as f64, ylo).0;
            let (a, b) = ((x, lay.plot.y0), (x, lay.plot.y1 - 1));
            dashed_line(area, a, b, alert, m.dash, m.dash_gap)?;
            sample_polyline(&[a, b], step * 2, &mut obstacles);
        }
    }

    // The curves, clipped to the y range in log space.
    let mut ends: Vec<Option<(f64, f64)>> = Vec::new();
    for (s, pts) in series.iter().zip(&points) {
        let runs = clip_runs(pts, la, lb);
        let style = ShapeStyle::from(&s.color).stroke_width(m.line_w);
        for run in &runs {
            let px: Vec<(i32, i32)> = run.iter().map(|(x, y)| to_px(*x, *y)).collect();
            sample_polyline(&px, step, &mut obstacles);
            if run.len() == 1 {
                for p in run {
                    pa.draw(&Circle::new(*p, m.point_r, s.color.filled()))?;
                }
            } else if s.dashed {
                for e in DashedLineSeries::new(run.iter().copied(), m.dash, m.dash_gap, style) {
                    pa.draw(&e)?;
                }
            } else {
                pa.draw(&PathElement::new(run.clone(), style))?;
            }
        }
        ends.push(runs.last().and_then(|r| r.last().copied()));
    }

    // Divergence crosses (at the last drawn point) and labels.
    let mut taken: Vec<Rect> = Vec::new();
    for (s, end) in series.iter().zip(&ends).rev() {
        let Some(n) = s.diverged_at else { continue };
        if let Some((x, y)) = end {
            draw_cross(area, &m, to_px(*x, *y), s.color)?;
        }
        let x = to_px(n.min(last_epoch) as f64, ylo).0;
        let rect = draw_divergence_label(area, &lay, x, n, s, &obstacles, &taken)?;
        taken.push(rect);
    }

    if !has_data {
        draw_message(area, &lay, "no data")?;
    }
    draw_right_labels(area, &lay, &right_labels)?;
    draw_legend(area, &lay)?;
    Ok(())
}

/// Split valid `(epoch, value)` points into drawable runs of `(x, y)`, cutting each segment in
/// log₁₀ space at the top `lb` and bottom `la` of the axis. Consecutive epochs are joined;
/// a missing epoch starts a new run. A run may hold a single point.
fn clip_runs(pts: &[(usize, f64)], la: f64, lb: f64) -> Vec<Vec<(f64, f64)>> {
    let inside = |l: f64| l >= la && l <= lb;
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let flush = |cur: &mut Vec<(f64, f64)>, runs: &mut Vec<Vec<(f64, f64)>>| {
        if !cur.is_empty() {
            runs.push(std::mem::take(cur));
        }
    };
    let mut prev: Option<(usize, f64)> = None;
    for &(t, v) in pts {
        let l = v.log10();
        let x = t as f64;
        match prev {
            Some((pt, pl)) if pt + 1 == t => {
                // Segment (pt, pl) → (t, l), clipped to la ≤ l ≤ lb.
                let (x0, x1) = (pt as f64, x);
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
                        cur.push((s0.0, 10f64.powf(s0.1)));
                    }
                    cur.push((s1.0, 10f64.powf(s1.1)));
                    if !inside(l) {
                        flush(&mut cur, &mut runs);
                    }
                } else {
                    flush(&mut cur, &mut runs);
                }
            }
            _ => {
                flush(&mut cur, &mut runs);
                if inside(l) {
                    cur.push((x, v));
                }
            }
        }
        prev = Some((t, l));
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
/// a short sample of the series' line; placed near the top where it covers the least data.
fn draw_divergence_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    x: i32,
    n: usize,
    s: &Series<'_>,
    obstacles: &[(i32, i32)],
    taken: &[Rect],
) -> Result<Rect, ChartError> {
    let m = &lay.m;
    let text = format!("diverged at epoch {n}");
    let sw = m.px(16.0);
    let (tw, bh) = label_size(m, &text, m.note_font);
    let bw = tw + sw + m.gap;
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
    // Fallback when the line is near an edge: align with the plot's sides.
    candidates.push(Rect {
        x0: plot.x1 - gap - bw,
        y0: plot.y0 + gap,
        x1: plot.x1 - gap,
        y1: plot.y0 + gap + bh,
    });
    let bounds = plot.grow(-1);
    let rect = best_rect(&candidates, &bounds, obstacles, taken).unwrap_or(candidates[0]);
    let rect = rect.shift_into(&bounds);
    area.draw(&Rectangle::new(
        [(rect.x0, rect.y0), (rect.x1, rect.y1)],
        WHITE.mix(0.85).filled(),
    ))?;
    let cy = (rect.y0 + rect.y1) / 2;
    let sx = rect.x0 + m.px(3.0);
    let style = ShapeStyle::from(&s.color).stroke_width(m.line_w);
    if s.dashed {
        dashed_line(
            area,
            (sx, cy),
            (sx + sw, cy),
            style,
            m.dash / 2 + 1,
            m.dash_gap / 2 + 1,
        )?;
    } else {
        area.draw(&PathElement::new(vec![(sx, cy), (sx + sw, cy)], style))?;
    }
    let font = m
        .font(m.note_font, palette::ALERT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    area.draw_text(&text, &font, (sx + sw + m.gap, cy))?;
    Ok(rect)
}

#[cfg(test)]
mod tests {
    use super::clip_runs;

    #[test]
    fn clip_runs_cuts_at_the_top_and_splits_gaps() {
        // log10: 0, 1, 3, 0 with the top at 2: the segment 1→3 is cut at x = 1.5, 3→0 re-enters
        // at x = 2 + 1/3.
        let pts = [(0, 1.0), (1, 10.0), (2, 1000.0), (3, 1.0)];
        let runs = clip_runs(&pts, -1.0, 2.0);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].len(), 3);
        assert!((runs[0][2].0 - 1.5).abs() < 1e-12 && (runs[0][2].1 - 100.0).abs() < 1e-9);
        assert!((runs[1][0].0 - (2.0 + 1.0 / 3.0)).abs() < 1e-12);
        assert_eq!(runs[1][1], (3.0, 1.0));
        // A missing epoch splits; a lone point is its own run.
        let runs = clip_runs(&[(0, 1.0), (1, 2.0), (5, 3.0)], -1.0, 2.0);
        assert_eq!(runs, vec![vec![(0.0, 1.0), (1.0, 2.0)], vec![(5.0, 3.0)]]);
        assert!(clip_runs(&[], 0.0, 1.0).is_empty());
    }
}
