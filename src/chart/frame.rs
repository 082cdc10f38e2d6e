//! Shared layout and pixel-space drawing helpers of the charts: the frame (legend row, axis
//! label areas, right-hand label gutter), dashed lines, text boxes and label placement.
//!
//! All coordinates here are in pixels relative to the chart's drawing area (plotters' `Shift`
//! coordinates); `Rect` is half-open `[x0, x1) × [y0, y1)`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{palette, text_height, text_width, Metrics};
use super::ChartError;

/// An axis-aligned pixel rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl Rect {
    pub fn w(&self) -> i32 {
        self.x1 - self.x0
    }
    pub fn h(&self) -> i32 {
        self.y1 - self.y0
    }
    pub fn contains(&self, (x, y): (i32, i32)) -> bool {
        x >= self.x0 && x < self.x1 && y >= self.y0 && y < self.y1
    }
    pub fn inside(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 && self.x1 <= outer.x1 && self.y0 >= outer.y0 && self.y1 <= outer.y1
    }
    pub fn overlap_area(&self, o: &Rect) -> i64 {
        let w = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0);
        let h = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0);
        i64::from(w) * i64::from(h)
    }
    /// Moved horizontally so that it lies within `outer` (left edges aligned if wider).
    pub fn shift_into(&self, outer: &Rect) -> Rect {
        let dx = if self.x1 > outer.x1 {
            outer.x1 - self.x1
        } else {
            0
        };
        let dx = if self.x0 + dx < outer.x0 {
            outer.x0 - self.x0
        } else {
            dx
        };
        Rect {
            x0: self.x0 + dx,
            x1: self.x1 + dx,
            ..*self
        }
    }
    pub fn grow(&self, d: i32) -> Rect {
        Rect {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }
}

/// The sample drawn in front of a legend entry.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A short horizontal line (solid or dashed), optionally with a point marker.
    Line {
        color: RGBColor,
        dashed: bool,
        point: bool,
    },
    /// A short vertical dashed line (marker lines such as restarts).
    VDash { color: RGBColor },
    /// A filled square (shaded regions).
    Fill { color: RGBColor, alpha: f64 },
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
}

/// Ticks of one axis: positions and their labels.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ticks {
    pub values: Vec<f64>,
    pub labels: Vec<String>,
    pub minor: Vec<f64>,
}

impl Ticks {
    /// The label of tick `v` (exact match with a stored tick), or an empty string.
    pub fn label_of(&self, v: f64) -> String {
        self.values
            .iter()
            .position(|t| *t == v)
            .and_then(|i| self.labels.get(i).cloned())
            .unwrap_or_default()
    }
}

/// What the layout needs to know about a chart.
pub(crate) struct FrameSpec<'a> {
    pub legend: &'a [LegendItem],
    /// Texts that go into the gutter right of the plot (reference line labels).
    pub right_labels: &'a [String],
    /// Axis titles, longest first; the first that fits is used (none if none fits).
    pub x_titles: &'a [&'a str],
    pub y_titles: &'a [&'a str],
}

/// A placed legend entry.
#[derive(Debug, Clone)]
pub(crate) struct PlacedLegend {
    pub x: i32,
    /// Vertical centre of the row.
    pub y: i32,
    pub swatch: Swatch,
    pub label: String,
}

/// The computed frame of a chart.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub m: Metrics,
    pub plot: Rect,
    pub margin_top: i32,
    pub margin_right: i32,
    pub y_area: i32,
    pub x_area: i32,
    pub x_title: Option<String>,
    pub y_title: Option<String>,
    pub x_ticks: Ticks,
    pub y_ticks: Ticks,
    pub legend: Vec<PlacedLegend>,
}

const SWATCH_CSS: f64 = 22.0;

/// Lay the frame out for an area of `w × h` pixels. `x_ticks(plot_width_px)` and
/// `y_ticks(plot_height_px)` choose the ticks for a given plot size. Returns `None` when the
/// area is too small to hold a readable plot.
pub(crate) fn layout(
    w: u32,
    h: u32,
    m: &Metrics,
    spec: &FrameSpec<'_>,
    x_ticks: &dyn Fn(i32) -> Ticks,
    y_ticks: &dyn Fn(i32) -> Ticks,
) -> Option<Layout> {
    let (w, h) = (i32::try_from(w).ok()?, i32::try_from(h).ok()?);
    let tick_h = text_height(m.tick_font);
    let title_h = text_height(m.title_font);
    let row_h = (f64::from(text_height(m.legend_font)) * 1.3).ceil() as i32;
    let gutter = spec
        .right_labels
        .iter()
        .map(|s| text_width(s, m.note_font))
        .max()
        .map(|lw| lw + 2 * m.gap);

    let mut plot_w = w - 2 * m.margin - 6 * m.tick_font as i32;
    let mut plot_h = h - 2 * m.margin - 4 * tick_h;
    let mut result = None;
    for _ in 0..3 {
        let yt = y_ticks(plot_h.max(1));
        let y_lab_w = yt
            .labels
            .iter()
            .map(|s| text_width(s, m.tick_font))
            .max()
            .unwrap_or(0);
        let y_title = spec
            .y_titles
            .iter()
            .find(|t| text_width(t, m.title_font) <= plot_h)
            .map(|t| (*t).to_owned());
        let y_area = y_title.as_ref().map_or(0, |_| title_h + m.gap) + y_lab_w + 2 * m.tick;
        let plot_left = m.margin + y_area;

        let xt = x_ticks(plot_w.max(1));
        let last_half = xt
            .labels
            .last()
            .map_or(0, |s| text_width(s, m.tick_font) / 2);
        let margin_right = gutter
            .unwrap_or(m.margin)
            .max(last_half + m.margin / 2)
            .max(m.margin);
        let plot_right = w - margin_right;

        let legend = layout_legend(spec.legend, m, plot_left, w - m.margin, row_h);
        let rows = legend
            .iter()
            .map(|e| e.y)
            .collect::<std::collections::BTreeSet<_>>()
            .len() as i32;
        let legend_h = if rows > 0 { rows * row_h + m.gap } else { 0 };
        let margin_top = m.margin + legend_h + tick_h / 2;
        // Legend rows are laid out relative to y = 0; move them below the top margin.
        let legend: Vec<PlacedLegend> = legend
            .into_iter()
            .map(|mut e| {
                e.y += m.margin;
                e
            })
            .collect();

        let x_title = spec
            .x_titles
            .iter()
            .find(|t| text_width(t, m.title_font) <= plot_w)
            .map(|t| (*t).to_owned());
        let x_area = 2 * m.tick + tick_h + x_title.as_ref().map_or(0, |_| m.gap + title_h);
        let plot_bottom = h - m.margin - x_area;

        plot_w = plot_right - plot_left;
        plot_h = plot_bottom - margin_top;
        result = Some(Layout {
            m: *m,
            plot: Rect {
                x0: plot_left,
                y0: margin_top,
                x1: plot_right,
                y1: plot_bottom,
            },
            margin_top,
            margin_right,
            y_area,
            x_area,
            x_title,
            y_title,
            x_ticks: xt,
            y_ticks: yt,
            legend,
        });
        if plot_w < m.px(40.0) || plot_h < m.px(30.0) {
            return None;
        }
    }
    // The last pass used ticks computed for the previous pass's size; recompute for the final.
    let mut lay = result?;
    lay.x_ticks = x_ticks(lay.plot.w());
    lay.y_ticks = y_ticks(lay.plot.h());
    Some(lay)
}

/// Flow legend entries left to right from `x_start`, wrapping at `x_end`. Entry `y` is the
/// centre of its row, measured from the top of the legend block.
fn layout_legend(
    items: &[LegendItem],
    m: &Metrics,
    x_start: i32,
    x_end: i32,
    row_h: i32,
) -> Vec<PlacedLegend> {
    let sw = m.px(SWATCH_CSS);
    let spacing = m.px(14.0);
    let avail = (x_end - x_start).max(1);
    let mut out = Vec::new();
    let (mut x, mut row) = (x_start, 0);
    for item in items {
        let max_label = avail - sw - m.gap;
        let label = truncate_to_width(&item.label, m.legend_font, max_label);
        let wid = sw + m.gap + text_width(&label, m.legend_font);
        if x > x_start && x + wid > x_end {
            row += 1;
            x = x_start;
        }
        out.push(PlacedLegend {
            x,
            y: row * row_h + row_h / 2,
            swatch: item.swatch,
            label,
        });
        x += wid + spacing;
    }
    out
}

/// `text` shortened with "…" so that it is at most `max_w` pixels wide at font `size`.
pub(crate) fn truncate_to_width(text: &str, size: f64, max_w: i32) -> String {
    if text_width(text, size) <= max_w {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    for n in (0..chars.len()).rev() {
        let s: String = chars[..n].iter().collect::<String>() + "…";
        if text_width(&s, size) <= max_w {
            return s;
        }
    }
    String::new()
}

/// Draw the legend entries of `lay`.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
) -> Result<(), ChartError> {
    let m = &lay.m;
    let sw = m.px(SWATCH_CSS);
    let font = m
        .font(m.legend_font, palette::TEXT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for e in &lay.legend {
        let (x, y) = (e.x, e.y);
        match e.swatch {
            Swatch::Line {
                color,
                dashed,
                point,
            } => {
                let style = ShapeStyle::from(&color).stroke_width(m.line_w);
                if dashed {
                    dashed_line(area, (x, y), (x + sw, y), style, m.dash, m.dash_gap)?;
                } else {
                    area.draw(&PathElement::new(vec![(x, y), (x + sw, y)], style))?;
                }
                if point {
                    area.draw(&Circle::new((x + sw / 2, y), m.point_r, color.filled()))?;
                }
            }
            Swatch::VDash { color } => {
                let half = text_height(m.legend_font) / 2;
                let style = ShapeStyle::from(&color).stroke_width(m.line_w.max(1));
                let xm = x + sw / 2;
                dashed_line(
                    area,
                    (xm, y - half),
                    (xm, y + half),
                    style,
                    m.dash / 2 + 1,
                    m.dash_gap / 2 + 1,
                )?;
            }
            Swatch::Fill { color, alpha } => {
                let half = text_height(m.legend_font) / 2;
                area.draw(&Rectangle::new(
                    [(x + sw / 4, y - half), (x + sw - sw / 4, y + half)],
                    color.mix(alpha).filled(),
                ))?;
            }
        }
        area.draw_text(&e.label, &font, (x + sw + m.gap, y))?;
    }
    Ok(())
}

/// Labels in the right-hand gutter, each vertically centred on its reference line's pixel row
/// `y`; pushed apart so that they never overlap, and kept within the plot's height.
pub(crate) fn draw_right_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    labels: &[(i32, String, RGBColor)],
) -> Result<(), ChartError> {
    let m = &lay.m;
    let lh = text_height(m.note_font);
    let mut items: Vec<(i32, &str, RGBColor)> = labels
        .iter()
        .map(|(y, s, c)| (*y, s.as_str(), *c))
        .collect();
    items.sort_by_key(|(y, _, _)| *y);
    // Push down, then pull back up from the bottom limit.
    let (top, bottom) = (lay.plot.y0 + lh / 2, lay.plot.y1 + lh / 2);
    let mut ys: Vec<i32> = Vec::with_capacity(items.len());
    for (i, (y, _, _)) in items.iter().enumerate() {
        let mut y = (*y).max(top);
        if i > 0 {
            y = y.max(ys[i - 1] + lh);
        }
        ys.push(y);
    }
    let mut limit = bottom;
    for y in ys.iter_mut().rev() {
        *y = (*y).min(limit);
        limit = *y - lh;
    }
    let x = lay.plot.x1 + m.gap;
    for ((_, text, color), y) in items.iter().zip(ys) {
        let font = m
            .font(m.note_font, *color)
            .pos(Pos::new(HPos::Left, VPos::Center));
        area.draw_text(text, &font, (x, y))?;
    }
    Ok(())
}

/// A dashed straight line from `p0` to `p1` (pixel space).
pub(crate) fn dashed_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p0: (i32, i32),
    p1: (i32, i32),
    style: ShapeStyle,
    dash: i32,
    gap: i32,
) -> Result<(), ChartError> {
    let (dx, dy) = (f64::from(p1.0 - p0.0), f64::from(p1.1 - p0.1));
    let len = dx.hypot(dy);
    if len < 1.0 {
        return Ok(());
    }
    let (dash, gap) = (f64::from(dash.max(1)), f64::from(gap.max(1)));
    let at = |t: f64| {
        (
            (f64::from(p0.0) + dx * t / len).round() as i32,
            (f64::from(p0.1) + dy * t / len).round() as i32,
        )
    };
    let mut t = 0.0;
    while t < len {
        let e = (t + dash).min(len);
        area.draw(&PathElement::new(vec![at(t), at(e)], style))?;
        t = e + gap;
    }
    Ok(())
}

/// A text label (one line) with a translucent white box behind it; `rect` from
/// [`label_rect`].
pub(crate) fn draw_text_box<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    m: &Metrics,
    rect: Rect,
    text: &str,
    size: f64,
    color: RGBColor,
) -> Result<(), ChartError> {
    area.draw(&Rectangle::new(
        [(rect.x0, rect.y0), (rect.x1, rect.y1)],
        WHITE.mix(0.85).filled(),
    ))?;
    let font = m.font(size, color).pos(Pos::new(HPos::Left, VPos::Center));
    area.draw_text(text, &font, (rect.x0 + m.px(3.0), (rect.y0 + rect.y1) / 2))?;
    Ok(())
}

/// The box size (w, h) of a one-line label with padding.
pub(crate) fn label_size(m: &Metrics, text: &str, size: f64) -> (i32, i32) {
    (
        text_width(text, size) + 2 * m.px(3.0),
        text_height(size) + 2 * m.px(1.5),
    )
}

/// Points along a pixel polyline, about every `step` pixels (obstacles for label placement).
pub(crate) fn sample_polyline(points: &[(i32, i32)], step: i32, out: &mut Vec<(i32, i32)>) {
    let step = f64::from(step.max(1));
    if let Some(p) = points.first() {
        out.push(*p);
    }
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
        let n = (dx.hypot(dy) / step).ceil().clamp(1.0, 10_000.0) as i32;
        for k in 1..=n {
            let t = f64::from(k) / f64::from(n);
            out.push((
                (f64::from(a.0) + dx * t).round() as i32,
                (f64::from(a.1) + dy * t).round() as i32,
            ));
        }
    }
}

/// Choose the candidate rectangle that covers the fewest obstacle points and other labels,
/// preferring candidates inside `bounds` and earlier candidates on ties.
pub(crate) fn best_rect(
    candidates: &[Rect],
    bounds: &Rect,
    obstacles: &[(i32, i32)],
    taken: &[Rect],
) -> Option<Rect> {
    candidates
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let padded = r.grow(2);
            let hits = obstacles.iter().filter(|p| padded.contains(**p)).count() as i64;
            let clash: i64 = taken.iter().map(|t| t.overlap_area(r)).sum();
            let outside = if r.inside(bounds) { 0 } else { 1_000_000 };
            (outside + hits * 100 + clash + i as i64, *r)
        })
        .min_by_key(|(score, _)| *score)
        .map(|(_, r)| r)
}

/// A centred grey message in the plot ("no data").
pub(crate) fn draw_message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    text: &str,
) -> Result<(), ChartError> {
    let m = &lay.m;
    let font = m
        .font(m.title_font, palette::REFERENCE)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let text = truncate_to_width(text, m.title_font, lay.plot.w());
    let (cx, cy) = (
        (lay.plot.x0 + lay.plot.x1) / 2,
        (lay.plot.y0 + lay.plot.y1) / 2,
    );
    let (bw, bh) = label_size(m, &text, m.title_font);
    area.draw(&Rectangle::new(
        [(cx - bw / 2, cy - bh / 2), (cx + bw / 2, cy + bh / 2)],
        WHITE.filled(),
    ))?;
    area.draw_text(&text, &font, (cx, cy))?;
    Ok(())
}

/// Grid, axes, tick labels and axis titles.
pub(crate) fn draw_mesh<DB, X, Y>(
    cc: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    lay: &Layout,
) -> Result<(), ChartError>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    let m = &lay.m;
    let xfmt = |v: &f64| lay.x_ticks.label_of(*v);
    let yfmt = |v: &f64| lay.y_ticks.label_of(*v);
    let mut mesh = cc.configure_mesh();
    mesh.axis_desc_style(m.font(m.title_font, palette::TEXT))
        .label_style(m.font(m.tick_font, palette::AXIS))
        .x_label_formatter(&xfmt)
        .y_label_formatter(&yfmt)
        .bold_line_style(palette::GRID.stroke_width(m.thin_w))
        .light_line_style(palette::GRID_MINOR.stroke_width(m.thin_w))
        .axis_style(palette::AXIS.stroke_width(m.thin_w))
        .set_all_tick_mark_size(m.tick);
    if let Some(t) = &lay.x_title {
        mesh.x_desc(t.clone());
    }
    if let Some(t) = &lay.y_title {
        mesh.y_desc(t.clone());
    }
    mesh.draw()?;
    Ok(())
}

/// A plotters axis whose tick positions are given (major: labelled, with bold grid lines;
/// minor: light grid lines only). Wraps a linear (`RangedCoordf64`) or log (`LogCoord<f64>`)
/// axis. (plotters' own `with_key_points` cannot be combined with `configure_mesh` on `f64`
/// axes in 0.3.7: the wrapped `RangedCoordf64` has no default value formatter.)
pub(crate) struct TickedAxis<R: Ranged<ValueType = f64>> {
    pub inner: R,
    pub major: Vec<f64>,
    pub minor: Vec<f64>,
}

impl<R: Ranged<ValueType = f64>> Ranged for TickedAxis<R> {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.minor.clone()
        } else {
            self.major.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }

    fn axis_pixel_range(&self, limit: (i32, i32)) -> std::ops::Range<i32> {
        self.inner.axis_pixel_range(limit)
    }
}
