//! Shared layout and pixel-space drawing helpers of the charts: the frame (legend row, axis
//! label areas, right-hand label gutter), dashed lines, text boxes and label placement.
//!
//! All coordinates here are in pixels relative to the chart's drawing area (plotters' `Shift`
//! coordinates); `Rect` is half-open `[x0, x1) × [y0, y1)`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

use super::geometry::AxisMap;
use super::style::{text_height, text_width, Metrics};
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
#[derive(Debug, Clone)]
pub(crate) enum Swatch {
    /// A short horizontal line in the series' colour and dash pattern (device px, empty =
    /// solid), optionally with a point marker.
    Line {
        color: RGBColor,
        pattern: Vec<f64>,
        point: bool,
    },
    /// A series marker (a small down-pointing triangle, e.g. a plateau reduction).
    Marker { color: RGBColor },
    /// A short vertical dashed line (marker lines such as restarts).
    VDash { color: RGBColor },
    /// A filled square (shaded regions).
    Fill { color: RGBColor, alpha: f64 },
    /// A scatter point: circle or square, filled or hollow.
    Point {
        color: RGBColor,
        shape: PointShape,
        hollow: bool,
    },
}

/// The shape of a scatter point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PointShape {
    Circle,
    Square,
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
    pub x_title: Option<String>,
    pub y_title: Option<String>,
    pub x_ticks: Ticks,
    pub y_ticks: Ticks,
    pub legend: Vec<PlacedLegend>,
}

/// Length of a legend swatch (CSS px): long enough to show two periods of every dash pattern
/// but the longest.
const SWATCH_CSS: f64 = 26.0;

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
        let rows = {
            let mut ys: Vec<i32> = legend.iter().map(|e| e.y).collect();
            crate::sort::sort_by_key(&mut ys, |y| *y);
            ys.dedup();
            ys.len() as i32
        };
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
            swatch: item.swatch.clone(),
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
        .font(m.legend_font, m.theme.text)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for e in &lay.legend {
        let (x, y) = (e.x, e.y);
        match &e.swatch {
            Swatch::Line {
                color,
                pattern,
                point,
            } => {
                let style = ShapeStyle::from(color).stroke_width(m.line_w);
                let (x0, x1) = (f64::from(x), f64::from(x + sw));
                stroke_polyline(
                    area,
                    &[(x0, f64::from(y)), (x1, f64::from(y))],
                    style,
                    pattern,
                )?;
                if *point {
                    area.draw(&Circle::new((x + sw / 2, y), m.point_r, color.filled()))?;
                }
            }
            Swatch::Marker { color } => {
                draw_marker(area, m, (x + sw / 2, y), *color)?;
            }
            Swatch::VDash { color } => {
                let half = text_height(m.legend_font) / 2;
                let style = ShapeStyle::from(color).stroke_width(m.line_w.max(1));
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
                    color.mix(*alpha).filled(),
                ))?;
            }
            Swatch::Point {
                color,
                shape,
                hollow,
            } => {
                draw_point(
                    area,
                    m,
                    (x + sw / 2, y),
                    *color,
                    *shape,
                    *hollow,
                    m.point_r + 1,
                )?;
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
    crate::sort::sort_by_key(&mut items, |(y, _, _)| *y);
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
        m.theme.background.mix(0.85).filled(),
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

/// What label placement should avoid covering: a coarse occupancy grid over the chart area
/// (cells of `cell` px) marked along the curves and lines drawn. Its size does not grow with
/// the number of points drawn, and a lookup costs the rectangle's area in cells.
pub(crate) struct Obstacles {
    cell: i32,
    cols: i32,
    rows: i32,
    marked: Vec<bool>,
}

impl Obstacles {
    /// An empty grid over a `w × h` px area with cells of `cell` px (≥ 1).
    pub fn new(w: u32, h: u32, cell: i32) -> Self {
        let cell = cell.max(1);
        let cols = (i32::try_from(w).unwrap_or(i32::MAX) / cell + 1).clamp(1, 4096);
        let rows = (i32::try_from(h).unwrap_or(i32::MAX) / cell + 1).clamp(1, 4096);
        Obstacles {
            cell,
            cols,
            rows,
            marked: vec![false; (cols * rows) as usize],
        }
    }

    fn mark_cell(&mut self, c: i32, r: i32) {
        if (0..self.cols).contains(&c) && (0..self.rows).contains(&r) {
            self.marked[(r * self.cols + c) as usize] = true;
        }
    }

    /// Mark the cells along a pixel polyline (integer steps from cell to cell).
    pub fn polyline(&mut self, points: &[(i32, i32)]) {
        let size = self.cell;
        let cell = |p: (i32, i32)| (p.0.div_euclid(size), p.1.div_euclid(size));
        if let Some(p) = points.first() {
            let (c, r) = cell(*p);
            self.mark_cell(c, r);
        }
        for w in points.windows(2) {
            let ((c0, r0), (c1, r1)) = (cell(w[0]), cell(w[1]));
            let (dc, dr) = (i64::from(c1 - c0), i64::from(r1 - r0));
            let n = dc.abs().max(dr.abs()).min(20_000);
            for k in 1..=n {
                self.mark_cell(c0 + (dc * k / n) as i32, r0 + (dr * k / n) as i32);
            }
        }
    }

    /// The number of marked cells that `rect` touches.
    pub fn count(&self, rect: &Rect) -> i64 {
        let c0 = rect.x0.div_euclid(self.cell).max(0);
        let c1 = (rect.x1 - 1).div_euclid(self.cell).min(self.cols - 1);
        let r0 = rect.y0.div_euclid(self.cell).max(0);
        let r1 = (rect.y1 - 1).div_euclid(self.cell).min(self.rows - 1);
        let mut n = 0;
        for r in r0..=r1 {
            for c in c0..=c1 {
                n += i64::from(self.marked[(r * self.cols + c) as usize]);
            }
        }
        n
    }
}

/// Choose the candidate rectangle that covers the fewest obstacle cells and other labels,
/// preferring candidates inside `bounds` and earlier candidates on ties.
pub(crate) fn best_rect(
    candidates: &[Rect],
    bounds: &Rect,
    obstacles: &Obstacles,
    taken: &[Rect],
) -> Option<Rect> {
    candidates
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let hits = obstacles.count(&r.grow(2));
            let clash: i64 = taken.iter().map(|t| t.overlap_area(r)).sum();
            let outside = if r.inside(bounds) { 0 } else { 1_000_000 };
            (outside + hits * 100 + clash + i as i64, *r)
        })
        .min_by_key(|(score, _)| *score)
        .map(|(_, r)| r)
}

/// A small note (e.g. what was left out of the chart) in a box in one of the plot's inner
/// corners, whichever covers the least data.
pub(crate) fn draw_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    text: &str,
    obstacles: &Obstacles,
    taken: &[Rect],
) -> Result<Option<Rect>, ChartError> {
    let m = &lay.m;
    let size = m.note_font * 0.92;
    let p = lay.plot;
    let text = truncate_to_width(text, size, p.w() - m.px(10.0));
    if text.is_empty() {
        return Ok(None);
    }
    let (bw, bh) = label_size(m, &text, size);
    let g = m.px(4.0);
    let corners = [
        (p.x1 - g - bw, p.y1 - g - bh),
        (p.x1 - g - bw, p.y0 + g),
        (p.x0 + g, p.y1 - g - bh),
        (p.x0 + g, p.y0 + g),
    ];
    let candidates: Vec<Rect> = corners
        .iter()
        .map(|&(x0, y0)| Rect {
            x0,
            y0,
            x1: x0 + bw,
            y1: y0 + bh,
        })
        .collect();
    let Some(rect) = best_rect(&candidates, &p, obstacles, taken) else {
        return Ok(None);
    };
    draw_text_box(area, m, rect, &text, size, m.theme.axis)?;
    Ok(Some(rect))
}

/// A centred grey message in the plot ("no data").
pub(crate) fn draw_message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    text: &str,
) -> Result<(), ChartError> {
    let m = &lay.m;
    let font = m
        .font(m.title_font, m.theme.reference)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let text = truncate_to_width(text, m.title_font, lay.plot.w());
    let (cx, cy) = (
        (lay.plot.x0 + lay.plot.x1) / 2,
        (lay.plot.y0 + lay.plot.y1) / 2,
    );
    let (bw, bh) = label_size(m, &text, m.title_font);
    area.draw(&Rectangle::new(
        [(cx - bw / 2, cy - bh / 2), (cx + bw / 2, cy + bh / 2)],
        m.theme.background.filled(),
    ))?;
    area.draw_text(&text, &font, (cx, cy))?;
    Ok(())
}

/// The axis mappings of a laid-out plot: x from `lay.plot.x0` to `lay.plot.x1 - 1`, y from
/// `lay.plot.y1 - 1` (bottom) to `lay.plot.y0` (top).
pub(crate) fn axis_maps(
    lay: &Layout,
    x: (f64, f64),
    y: (f64, f64),
    y_log: bool,
    y_floor: Option<f64>,
) -> (AxisMap, AxisMap) {
    let p = lay.plot;
    (
        AxisMap {
            lo: x.0,
            hi: x.1,
            log: false,
            floor: None,
            p_lo: f64::from(p.x0),
            p_hi: f64::from(p.x1 - 1),
        },
        AxisMap {
            lo: y.0,
            hi: y.1,
            log: y_log,
            floor: y_floor,
            p_lo: f64::from(p.y1 - 1),
            p_hi: f64::from(p.y0),
        },
    )
}

/// A pixel coordinate rounded to the backend's integer grid (finite input assumed; clamped
/// far outside any area so that the cast cannot saturate oddly).
pub(crate) fn ipx(v: f64) -> i32 {
    v.clamp(-1e6, 1e6).round() as i32
}

/// Grid lines (major and minor), the left and bottom axis lines with tick marks, tick labels
/// and axis titles, drawn directly in pixel space (one text draw per label). A y tick whose
/// value is ≤ 0 on a log axis with a floor sits on the floor (its label is "≤ 0"), and a small
/// axis break (two slanted strokes) separates the floor from the data range above it.
pub(crate) fn draw_frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    xm: &AxisMap,
    ym: &AxisMap,
) -> Result<(), ChartError> {
    let m = &lay.m;
    let p = lay.plot;
    let (bottom, right) = (p.y1 - 1, p.x1 - 1);
    let grid = ShapeStyle::from(&m.theme.grid).stroke_width(m.thin_w);
    let grid_minor = ShapeStyle::from(&m.theme.grid_minor).stroke_width(m.thin_w);
    let axis = ShapeStyle::from(&m.theme.axis).stroke_width(m.thin_w);
    let x_px: Vec<i32> = lay
        .x_ticks
        .values
        .iter()
        .filter_map(|v| xm.px(*v))
        .map(ipx)
        .collect();
    let y_px: Vec<i32> = lay
        .y_ticks
        .values
        .iter()
        .filter_map(|v| ym.px(*v))
        .map(ipx)
        .collect();
    let inside_x = |x: i32| x >= p.x0 && x <= right;
    let inside_y = |y: i32| y >= p.y0 && y <= bottom;
    for v in &lay.y_ticks.minor {
        if let Some(y) = ym.px(*v).map(ipx).filter(|y| inside_y(*y)) {
            area.draw(&PathElement::new(vec![(p.x0, y), (right, y)], grid_minor))?;
        }
    }
    for v in &lay.x_ticks.minor {
        if let Some(x) = xm.px(*v).map(ipx).filter(|x| inside_x(*x)) {
            area.draw(&PathElement::new(vec![(x, p.y0), (x, bottom)], grid_minor))?;
        }
    }
    for &y in y_px.iter().filter(|y| inside_y(**y)) {
        area.draw(&PathElement::new(vec![(p.x0, y), (right, y)], grid))?;
    }
    for &x in x_px.iter().filter(|x| inside_x(**x)) {
        area.draw(&PathElement::new(vec![(x, p.y0), (x, bottom)], grid))?;
    }
    // Axis lines, just outside the plot's left and bottom edges.
    let (ax, ay) = (p.x0 - 1, bottom + 1);
    area.draw(&PathElement::new(vec![(ax, p.y0), (ax, ay)], axis))?;
    area.draw(&PathElement::new(vec![(ax, ay), (right, ay)], axis))?;

    let tick_font = m.font(m.tick_font, m.theme.axis);
    let x_font = tick_font.clone().pos(Pos::new(HPos::Center, VPos::Top));
    for (&x, label) in x_px.iter().zip(&lay.x_ticks.labels) {
        if !inside_x(x) {
            continue;
        }
        area.draw(&PathElement::new(vec![(x, ay), (x, ay + m.tick)], axis))?;
        if !label.is_empty() {
            area.draw_text(label, &x_font, (x, ay + m.tick + m.tick / 2))?;
        }
    }
    let y_font = tick_font.pos(Pos::new(HPos::Right, VPos::Center));
    for (&y, label) in y_px.iter().zip(&lay.y_ticks.labels) {
        if !inside_y(y) {
            continue;
        }
        area.draw(&PathElement::new(vec![(ax - m.tick, y), (ax, y)], axis))?;
        if !label.is_empty() {
            area.draw_text(label, &y_font, (ax - m.tick - m.tick / 2, y))?;
        }
    }
    if let (true, Some(floor)) = (ym.log, ym.floor) {
        // The axis break between the "≤ 0" floor and the lowest data decade.
        let yf = ym.px_t(floor);
        let yb = ipx(yf - f64::from(m.px(7.0)));
        let (d, s) = (m.px(3.0), m.px(3.0));
        let bg = ShapeStyle::from(&m.theme.background).stroke_width(m.thin_w + 2);
        area.draw(&PathElement::new(vec![(ax, yb - s), (ax, yb + s)], bg))?;
        for off in [-s / 2 - 1, s / 2 + 1] {
            area.draw(&PathElement::new(
                vec![
                    (ax - d - 1, yb + off + d / 2),
                    (ax + d + 1, yb + off - d / 2),
                ],
                axis,
            ))?;
        }
    }

    let title_font = m.font(m.title_font, m.theme.text);
    if let Some(t) = &lay.x_title {
        let (w, h) = area.dim_in_pixel();
        let _ = w;
        let y = h as i32 - m.margin - text_height(m.title_font) / 2;
        let font = title_font.clone().pos(Pos::new(HPos::Center, VPos::Center));
        area.draw_text(t, &font, ((p.x0 + right) / 2, y))?;
    }
    if let Some(t) = &lay.y_title {
        let x = m.margin + text_height(m.title_font) / 2;
        let font = title_font
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Center, VPos::Center));
        area.draw_text(t, &font, (x, (p.y0 + bottom) / 2))?;
    }
    Ok(())
}

/// Stroke the pixel polyline `pts` with `style`, dashed by `pattern` (alternating on/off
/// lengths in device px measured along the line; empty = solid). The dash phase runs on across
/// vertices, so a dashed curve looks the same however finely it is sampled. Consecutive
/// points that round to the same pixel are merged.
pub(crate) fn stroke_polyline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pts: &[(f64, f64)],
    style: ShapeStyle,
    pattern: &[f64],
) -> Result<(), ChartError> {
    for piece in dash_pieces(pts, pattern) {
        if piece.len() >= 2 {
            area.draw(&PathElement::new(piece, style))?;
        }
    }
    Ok(())
}

/// The "on" pieces of a dashed polyline, as integer pixel polylines (see [`stroke_polyline`]).
pub(crate) fn dash_pieces(pts: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(i32, i32)>> {
    let round = |p: (f64, f64)| (ipx(p.0), ipx(p.1));
    let push = |piece: &mut Vec<(i32, i32)>, p: (i32, i32)| {
        if piece.last() != Some(&p) {
            piece.push(p);
        }
    };
    let valid = !pattern.is_empty() && pattern.iter().all(|l| l.is_finite() && *l > 0.0);
    if !valid {
        let mut piece = Vec::with_capacity(pts.len());
        for p in pts {
            push(&mut piece, round(*p));
        }
        return vec![piece];
    }
    let mut out = Vec::new();
    let mut piece: Vec<(i32, i32)> = Vec::new();
    let (mut k, mut left) = (0usize, pattern[0]);
    if let Some(p) = pts.first() {
        piece.push(round(*p));
    }
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = (b.0 - a.0).hypot(b.1 - a.1);
        if !len.is_finite() {
            continue;
        }
        let mut t = 0.0;
        while len - t > left {
            t += left;
            let q = (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
            if k % 2 == 0 {
                push(&mut piece, round(q));
                if piece.len() == 1 {
                    // A dash shorter than a pixel: keep it visible as a 1-px stroke.
                    piece.push((piece[0].0 + 1, piece[0].1));
                }
                out.push(std::mem::take(&mut piece));
            } else {
                piece.push(round(q));
            }
            k = (k + 1) % pattern.len();
            left = pattern[k];
        }
        left -= len - t;
        if k % 2 == 0 {
            push(&mut piece, round(b));
        }
    }
    if k % 2 == 0 && piece.len() >= 2 {
        out.push(piece);
    }
    out
}

/// A series marker: a small down-pointing triangle with a white outline, centred on `p`.
pub(crate) fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    m: &Metrics,
    (x, y): (i32, i32),
    color: RGBColor,
) -> Result<(), ChartError> {
    let r = m.point_r * 2;
    let tri = vec![(x - r, y - r * 2 / 3), (x + r, y - r * 2 / 3), (x, y + r)];
    area.draw(&Polygon::new(tri.clone(), color.filled()))?;
    let mut outline = tri;
    outline.push(outline[0]);
    area.draw(&PathElement::new(
        outline,
        ShapeStyle::from(&m.theme.background).stroke_width(m.thin_w),
    ))?;
    Ok(())
}

/// A scatter point of radius `r` at `p`: filled with a background-coloured outline (visible over
/// shading), or hollow (background fill, a ring in `color`).
pub(crate) fn draw_point<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    m: &Metrics,
    (x, y): (i32, i32),
    color: RGBColor,
    shape: PointShape,
    hollow: bool,
    r: i32,
) -> Result<(), ChartError> {
    let bg = m.theme.background;
    let ring = m.thin_w + m.thin_w / 2 + 1;
    let (fill, edge) = if hollow {
        (
            ShapeStyle::from(&bg).filled(),
            ShapeStyle::from(&color).stroke_width(ring),
        )
    } else {
        (
            ShapeStyle::from(&color).filled(),
            ShapeStyle::from(&bg).stroke_width(m.thin_w),
        )
    };
    match shape {
        PointShape::Circle => {
            area.draw(&Circle::new((x, y), r, fill))?;
            area.draw(&Circle::new((x, y), r, edge))?;
        }
        PointShape::Square => {
            let q = r * 9 / 10 + 1;
            area.draw(&Rectangle::new([(x - q, y - q), (x + q, y + q)], fill))?;
            area.draw(&Rectangle::new([(x - q, y - q), (x + q, y + q)], edge))?;
        }
    }
    Ok(())
}

/// The hover / play cursor: a thin vertical line over the plot's height at pixel column `x`
/// (skipped outside the plot).
pub(crate) fn draw_cursor<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    x: f64,
) -> Result<(), ChartError> {
    let p = lay.plot;
    let x = ipx(x);
    if x < p.x0 || x >= p.x1 {
        return Ok(());
    }
    let style = ShapeStyle::from(&lay.m.theme.text.mix(0.75)).stroke_width(lay.m.thin_w);
    area.draw(&PathElement::new(vec![(x, p.y0), (x, p.y1 - 1)], style))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::dash_pieces;

    fn len(p: &[(i32, i32)]) -> f64 {
        p.windows(2)
            .map(|w| f64::from(w[1].0 - w[0].0).hypot(f64::from(w[1].1 - w[0].1)))
            .sum()
    }

    #[test]
    fn dashes_follow_the_pattern_across_vertices() {
        // A 100 px horizontal line sampled every 7 px, pattern 6 on / 4 off: 10 dashes of 6 px,
        // the phase running on across the vertices.
        let pts: Vec<(f64, f64)> = (0..=100)
            .step_by(7)
            .map(|x| (f64::from(x), 5.0))
            .chain([(100.0, 5.0)])
            .collect();
        let d = dash_pieces(&pts, &[6.0, 4.0]);
        assert_eq!(d.len(), 10);
        for (i, p) in d.iter().enumerate() {
            assert_eq!(p.first().unwrap().0, 10 * i as i32, "{p:?}");
            assert!((len(p) - 6.0).abs() < 1e-9, "{p:?}");
        }
        // Solid: one piece, duplicates merged; an empty input gives no drawable piece.
        let s = dash_pieces(&[(0.0, 0.0), (0.2, 0.0), (5.0, 0.0)], &[]);
        assert_eq!(s, vec![vec![(0, 0), (5, 0)]]);
        assert!(dash_pieces(&[], &[2.0, 3.0]).iter().all(|p| p.len() < 2));
        // Dots shorter than a pixel stay visible.
        let dots = dash_pieces(&[(0.0, 0.0), (20.0, 0.0)], &[0.5, 3.5]);
        assert_eq!(dots.len(), 5);
        assert!(dots.iter().all(|p| p.len() == 2));
    }
}
