//! The decision-boundary chart: a 2-D data set as a scatter (class by colour and shape, test
//! points hollow) over the model's probability, shaded, with the p = 0.5 contour.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{data_range, linear_x_ticks, linear_y_ticks};
use super::frame::{
    axis_maps, draw_frame, draw_legend, draw_message, draw_note, draw_point, ipx, layout,
    FrameSpec, LegendItem, Obstacles, PointShape, Swatch,
};
use super::geometry::{AxisMap, Geometry};
use super::style::{text_height, ChartStyle, Metrics};
use super::ChartError;

/// Largest opacity of the probability shading (at p = 0 or 1).
const SHADE_MAX: f64 = 0.45;

/// One sample of a 2-D data set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundaryPoint {
    /// First feature (x axis).
    pub x: f64,
    /// Second feature (y axis).
    pub y: f64,
    /// The label: 0 or 1 (anything but 0 counts as 1).
    pub class: u8,
    /// Held out for testing: drawn hollow.
    pub test: bool,
}

/// The model's probability P(class 1) sampled on a regular grid of `nx × ny` nodes.
///
/// Node `(i, j)` (i = 0..nx, j = 0..ny) sits at `x = x_range.0 + i·(x_range.1 − x_range.0)/(nx − 1)`
/// and `y = y_range.0 + j·(y_range.1 − y_range.0)/(ny − 1)` (j = 0 at the bottom), and its value
/// is `prob[j·nx + i]`. [`boundary_ranges`] gives the ranges that fill the chart's plot.
#[derive(Debug, Clone, Copy)]
pub struct ProbabilityGrid<'a> {
    /// P(class 1) per node, row by row from the bottom; non-finite values are not shaded.
    pub prob: &'a [f64],
    /// Nodes per row (≥ 2).
    pub nx: usize,
    /// Rows (≥ 2).
    pub ny: usize,
    /// x of the first and last column of nodes.
    pub x_range: (f64, f64),
    /// y of the bottom and top row of nodes.
    pub y_range: (f64, f64),
}

/// The data of the decision-boundary chart.
#[derive(Debug, Clone, Copy)]
pub struct BoundaryChart<'a> {
    /// The samples: class 0 as circles in series colour 0, class 1 as squares in series colour
    /// 1 (shape and colour, so the classes differ without colour); training points filled,
    /// test points hollow. Points with a non-finite coordinate are left out (and counted in a
    /// note).
    pub points: &'a [BoundaryPoint],
    /// The model's probability over the plane: each grid cell shaded towards the colour of the
    /// more likely class, more opaque the surer the model, with the p = 0.5 contour (the
    /// decision boundary) drawn as a line. `None`: points only.
    pub grid: Option<ProbabilityGrid<'a>>,
    /// Legend names of class 0 and class 1 (e.g. `["benign", "malignant"]`).
    pub class_labels: [&'a str; 2],
    /// Axis titles (e.g. `"x₁"`, `"x₂"`, or the features' names).
    pub x_title: &'a str,
    /// Title of the y axis.
    pub y_title: &'a str,
}

/// The x and y ranges the chart shows for `points` (their finite bounding box, padded by 5%;
/// widened around a single value; `(-1, 1)` without points): compute the probability grid
/// over these ranges to shade the whole plot.
pub fn boundary_ranges(points: &[BoundaryPoint]) -> ((f64, f64), (f64, f64)) {
    let mut xr: Option<(f64, f64)> = None;
    let mut yr: Option<(f64, f64)> = None;
    let grow = |r: Option<(f64, f64)>, v: f64| {
        Some(r.map_or((v, v), |(a, b)| {
            (if v < a { v } else { a }, if v > b { v } else { b })
        }))
    };
    for p in points.iter().filter(|p| p.x.is_finite() && p.y.is_finite()) {
        xr = grow(xr, p.x);
        yr = grow(yr, p.y);
    }
    (data_range(xr), data_range(yr))
}

/// Draw `chart` into `area` (filling it with the theme's background) and return where the plot
/// went. The axes span [`boundary_ranges`] of the points joined with the grid's ranges.
///
/// Never panics: any finite data draws (constant or single points too); no points draw a frame
/// with "no data"; an area too small for a plot is only filled and gives [`Geometry::none`].
///
/// # Errors
/// [`ChartError::Drawing`] when the backend fails.
pub fn draw_boundary_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &BoundaryChart,
    style: &ChartStyle,
) -> Result<Geometry, ChartError> {
    let (w, h) = area.dim_in_pixel();
    let m = Metrics::new(w, h, style);
    area.fill(&m.theme.background)?;

    let finite = |p: &&BoundaryPoint| p.x.is_finite() && p.y.is_finite();
    let shown: Vec<&BoundaryPoint> = chart.points.iter().filter(finite).collect();
    let left_out = chart.points.len() - shown.len();
    let grid = chart.grid.filter(|g| {
        g.nx >= 2
            && g.ny >= 2
            && g.prob.len() >= g.nx.saturating_mul(g.ny)
            && [g.x_range.0, g.x_range.1, g.y_range.0, g.y_range.1]
                .iter()
                .all(|v| v.is_finite())
    });
    let ((mut xa, mut xb), (mut ya, mut yb)) = boundary_ranges(chart.points);
    if let Some(g) = grid {
        if shown.is_empty() {
            (xa, xb, ya, yb) = (
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
            );
        }
        let (gx0, gx1) = sorted(g.x_range);
        let (gy0, gy1) = sorted(g.y_range);
        (xa, xb) = (xa.min(gx0), xb.max(gx1));
        (ya, yb) = (ya.min(gy0), yb.max(gy1));
        if xa == xb {
            (xa, xb) = data_range(Some((xa, xb)));
        }
        if ya == yb {
            (ya, yb) = data_range(Some((ya, yb)));
        }
    }

    let c0 = m.theme.series_color(0);
    let c1 = m.theme.series_color(1);
    let mut legend = vec![
        LegendItem {
            swatch: Swatch::Point {
                color: c0,
                shape: PointShape::Circle,
                hollow: false,
            },
            label: chart.class_labels[0].to_owned(),
        },
        LegendItem {
            swatch: Swatch::Point {
                color: c1,
                shape: PointShape::Square,
                hollow: false,
            },
            label: chart.class_labels[1].to_owned(),
        },
    ];
    if shown.iter().any(|p| p.test) {
        legend.push(LegendItem {
            swatch: Swatch::Point {
                color: m.theme.text,
                shape: PointShape::Circle,
                hollow: true,
            },
            label: "test point".to_owned(),
        });
    }
    if grid.is_some() {
        legend.push(LegendItem {
            swatch: Swatch::Line {
                color: m.theme.text,
                pattern: Vec::new(),
                point: false,
            },
            label: "p = 0.5".to_owned(),
        });
    }
    let tick_h = text_height(m.tick_font);
    let x_ticks = |pw: i32| linear_x_ticks(xa, xb, pw, m.tick_font);
    let y_ticks = |ph: i32| linear_y_ticks(ya, yb, ph, tick_h);
    let x_titles = [chart.x_title];
    let y_titles = [chart.y_title];
    let spec = FrameSpec {
        legend: &legend,
        right_labels: &[],
        x_titles: if chart.x_title.is_empty() {
            &[]
        } else {
            &x_titles
        },
        y_titles: if chart.y_title.is_empty() {
            &[]
        } else {
            &y_titles
        },
    };
    let Some(lay) = layout(w, h, &m, &spec, &x_ticks, &y_ticks) else {
        return Ok(Geometry::none());
    };
    let (xm, ym) = axis_maps(&lay, (xa, xb), (ya, yb), false, None);
    let geometry = Geometry {
        x: xm,
        y: ym,
        last_index: None,
        valid: true,
    };

    if let Some(g) = grid {
        draw_shading(area, &m, &lay.plot, &g, &xm, &ym, c0, c1)?;
    }
    draw_frame(area, &lay, &xm, &ym)?;
    if let Some(g) = grid {
        let style = ShapeStyle::from(&m.theme.text).stroke_width(m.line_w);
        for seg in contour(
            &g,
            0.5,
            stride(g.nx, lay.plot.w()),
            stride(g.ny, lay.plot.h()),
        ) {
            let p = seg.map(|(x, y)| (ipx(xm.px_t(x)), ipx(ym.px_t(y))));
            area.draw(&PathElement::new(p.to_vec(), style))?;
        }
    }
    // Training points first, test points on top; class 0 below class 1 within each.
    let r = m.point_r + m.px(0.5);
    let mut obstacles = Obstacles::new(w, h, m.px(3.0));
    for test in [false, true] {
        for p in shown.iter().filter(|p| p.test == test) {
            let (color, shape) = if p.class == 0 {
                (c0, PointShape::Circle)
            } else {
                (c1, PointShape::Square)
            };
            let at = (ipx(xm.px_t(p.x)), ipx(ym.px_t(p.y)));
            obstacles.polyline(&[at]);
            draw_point(area, &m, at, color, shape, test, r)?;
        }
    }
    if shown.is_empty() && grid.is_none() {
        draw_message(area, &lay, "no data")?;
    } else if left_out > 0 {
        let s = if left_out == 1 { "" } else { "s" };
        let note = format!("not drawn: {left_out} point{s} with ∞/NaN");
        draw_note(area, &lay, &note, &obstacles, &[])?;
    }
    draw_legend(area, &lay)?;
    Ok(geometry)
}

fn sorted((a, b): (f64, f64)) -> (f64, f64) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// Use every `stride`-th grid node so that cells are at least ~2 px (drawing cost bounded by
/// the plot's size, not the grid's).
fn stride(nodes: usize, px: i32) -> usize {
    let cells = nodes.saturating_sub(1).max(1);
    let max_cells = (px / 2).max(1) as usize;
    cells.div_ceil(max_cells).max(1)
}

/// Node coordinates of grid index `i` of `n` over `(a, b)`.
fn node(i: usize, n: usize, (a, b): (f64, f64)) -> f64 {
    let f = i as f64 / (n - 1) as f64;
    let half = f * (b * 0.5 - a * 0.5);
    a + half + half
}

/// The probability at fractional node coordinates `(u, v)` (bilinear between the four nodes
/// around it), `None` where one of them is not finite.
fn bilinear(g: &ProbabilityGrid<'_>, u: f64, v: f64) -> Option<f64> {
    let u = u.clamp(0.0, (g.nx - 1) as f64);
    let v = v.clamp(0.0, (g.ny - 1) as f64);
    let (i, j) = ((u as usize).min(g.nx - 2), (v as usize).min(g.ny - 2));
    let (fu, fv) = (u - i as f64, v - j as f64);
    let at = |i: usize, j: usize| g.prob[j * g.nx + i];
    let c = [at(i, j), at(i + 1, j), at(i, j + 1), at(i + 1, j + 1)];
    c.iter().all(|p| p.is_finite()).then(|| {
        let bottom = c[0] + (c[1] - c[0]) * fu;
        let top = c[2] + (c[3] - c[2]) * fu;
        bottom + (top - bottom) * fv
    })
}

/// Shade the grid's extent in cells of about 6 CSS px, each by the (bilinear) probability at
/// its centre: towards class 1's colour above 0.5, class 0's below, more opaque the surer the
/// model. The cost is bounded by the plot's size, not the grid's.
#[allow(clippy::too_many_arguments)]
fn draw_shading<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    m: &Metrics,
    plot: &super::frame::Rect,
    g: &ProbabilityGrid<'_>,
    xm: &AxisMap,
    ym: &AxisMap,
    c0: RGBColor,
    c1: RGBColor,
) -> Result<(), ChartError> {
    let clamp_x = |v: f64| ipx(v).clamp(plot.x0, plot.x1);
    let clamp_y = |v: f64| ipx(v).clamp(plot.y0, plot.y1);
    // The grid's extent in pixels, clipped to the plot.
    let (gx0, gx1) = (xm.px_t(g.x_range.0), xm.px_t(g.x_range.1));
    let (gy0, gy1) = (ym.px_t(g.y_range.0), ym.px_t(g.y_range.1));
    let (left, right) = (clamp_x(gx0.min(gx1)), clamp_x(gx0.max(gx1)));
    let (top, bottom) = (clamp_y(gy0.min(gy1)), clamp_y(gy0.max(gy1)));
    if right <= left || bottom <= top {
        return Ok(());
    }
    let cell = m.px(6.0);
    let cols = (right - left + cell - 1) / cell;
    let rows = (bottom - top + cell - 1) / cell;
    for r in 0..rows {
        let (y0, y1) = (top + r * cell, (top + (r + 1) * cell).min(bottom));
        let v = (f64::from(y0 + y1) / 2.0 - gy0) / (gy1 - gy0) * (g.ny - 1) as f64;
        for c in 0..cols {
            let (x0, x1) = (left + c * cell, (left + (c + 1) * cell).min(right));
            let u = (f64::from(x0 + x1) / 2.0 - gx0) / (gx1 - gx0) * (g.nx - 1) as f64;
            let Some(p) = bilinear(g, u, v) else {
                continue;
            };
            let p = p.clamp(0.0, 1.0);
            let alpha = SHADE_MAX * (2.0 * p - 1.0).abs();
            if alpha < 0.01 {
                continue;
            }
            let color = if p >= 0.5 { c1 } else { c0 };
            area.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                color.mix(alpha).filled(),
            ))?;
        }
    }
    Ok(())
}

/// Line segments of the `level` contour of the grid (marching squares over every
/// `sx`-th / `sy`-th node, with linear interpolation along the cell edges; a saddle is split by
/// the cell's mean). Segments are in data coordinates.
fn contour(g: &ProbabilityGrid<'_>, level: f64, sx: usize, sy: usize) -> Vec<[(f64, f64); 2]> {
    let xs: Vec<usize> = (0..g.nx).step_by(sx).chain([g.nx - 1]).collect();
    let ys: Vec<usize> = (0..g.ny).step_by(sy).chain([g.ny - 1]).collect();
    let mut out = Vec::new();
    for jw in ys.windows(2).filter(|w| w[0] != w[1]) {
        for iw in xs.windows(2).filter(|w| w[0] != w[1]) {
            let (i0, i1, j0, j1) = (iw[0], iw[1], jw[0], jw[1]);
            let (x0, x1) = (node(i0, g.nx, g.x_range), node(i1, g.nx, g.x_range));
            let (y0, y1) = (node(j0, g.ny, g.y_range), node(j1, g.ny, g.y_range));
            // Corners counter-clockwise from bottom-left.
            let c = [
                ((x0, y0), g.prob[j0 * g.nx + i0]),
                ((x1, y0), g.prob[j0 * g.nx + i1]),
                ((x1, y1), g.prob[j1 * g.nx + i1]),
                ((x0, y1), g.prob[j1 * g.nx + i0]),
            ];
            if c.iter().any(|(_, v)| !v.is_finite()) {
                continue;
            }
            let above = |v: f64| v >= level;
            let mut cross: Vec<(f64, f64)> = Vec::new();
            for k in 0..4 {
                let (pa, va) = c[k];
                let (pb, vb) = c[(k + 1) % 4];
                if above(va) != above(vb) {
                    let t = (level - va) / (vb - va);
                    cross.push((pa.0 + (pb.0 - pa.0) * t, pa.1 + (pb.1 - pa.1) * t));
                }
            }
            match cross.len() {
                2 => out.push([cross[0], cross[1]]),
                4 => {
                    // Saddle: pair the crossings so that the cell's mean side stays connected.
                    let mean = c.iter().map(|(_, v)| v).sum::<f64>() / 4.0;
                    if above(mean) == above(c[0].1) {
                        out.push([cross[0], cross[3]]);
                        out.push([cross[1], cross[2]]);
                    } else {
                        out.push([cross[0], cross[1]]);
                        out.push([cross[2], cross[3]]);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contour_of_a_linear_field_is_its_level_line() {
        // p = x on [0, 1]²: the 0.5 contour is the vertical line x = 0.5.
        let n = 11;
        let prob: Vec<f64> = (0..n * n)
            .map(|k| (k % n) as f64 / (n - 1) as f64)
            .collect();
        let g = ProbabilityGrid {
            prob: &prob,
            nx: n,
            ny: n,
            x_range: (0.0, 1.0),
            y_range: (0.0, 1.0),
        };
        let segs = contour(&g, 0.5, 1, 1);
        assert_eq!(segs.len(), n - 1);
        for s in &segs {
            for (x, _) in s {
                assert!((x - 0.5).abs() < 1e-12, "{segs:?}");
            }
        }
        assert_eq!(stride(1001, 300), 7);
        assert_eq!(stride(11, 300), 1);
    }

    #[test]
    fn ranges_pad_the_data_and_survive_degenerate_input() {
        let p = |x, y| BoundaryPoint {
            x,
            y,
            class: 0,
            test: false,
        };
        let ((xa, xb), (ya, yb)) = boundary_ranges(&[p(0.0, 1.0), p(10.0, 1.0)]);
        assert!((xa + 0.5).abs() < 1e-12 && (xb - 10.5).abs() < 1e-12);
        assert!(ya < 1.0 && yb > 1.0);
        let ((xa, xb), _) = boundary_ranges(&[p(f64::MAX, 0.0), p(-f64::MAX, f64::NAN)]);
        assert!(xa.is_finite() && xb.is_finite() && xa < xb);
        assert_eq!(boundary_ranges(&[]), ((-1.1, 1.1), (-1.1, 1.1)));
    }
}
