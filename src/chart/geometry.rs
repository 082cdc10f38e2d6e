//! Where a drawn chart's plot area is and how its data coordinates map to device pixels.

/// One axis' mapping between a data coordinate and a device-pixel coordinate.
///
/// Linear axes map `v`; log axes map `log10(v)`. `lo`/`hi` are the (transformed) data values
/// at the pixel positions `p_lo`/`p_hi` (for a y axis `p_lo` is the bottom, so `p_lo > p_hi`).
/// On a log axis with a floor, values ≤ 0 map to the transformed value `floor`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AxisMap {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
    pub floor: Option<f64>,
    pub p_lo: f64,
    pub p_hi: f64,
}

impl AxisMap {
    /// Power-of-two scale that keeps `hi - lo` finite for any finite `lo`, `hi` (exact for all
    /// but subnormal values, which never matter at pixel resolution).
    fn scale(&self) -> f64 {
        if self.lo.abs().max(self.hi.abs()) > 1e300 {
            2f64.powi(-64)
        } else {
            1.0
        }
    }

    /// The transformed value of `v` (log10 on a log axis; the floor for v ≤ 0 when there is one),
    /// or `None` for NaN, ±∞ and (without floor) v ≤ 0 on a log axis.
    pub fn transform(&self, v: f64) -> Option<f64> {
        if !v.is_finite() {
            return None;
        }
        if self.log {
            if v > 0.0 {
                Some(v.log10())
            } else {
                self.floor
            }
        } else {
            Some(v)
        }
    }

    /// Whether `v` maps to the axis (what [`AxisMap::transform`] gives `Some` for), without
    /// computing a logarithm.
    pub fn maps(&self, v: f64) -> bool {
        v.is_finite() && (!self.log || v > 0.0 || self.floor.is_some())
    }

    /// Pixel position of a transformed value `t` (not clamped).
    pub fn px_t(&self, t: f64) -> f64 {
        let s = self.scale();
        let span = self.hi * s - self.lo * s;
        if span == 0.0 || !span.is_finite() {
            return (self.p_lo + self.p_hi) / 2.0;
        }
        self.p_lo + (t * s - self.lo * s) / span * (self.p_hi - self.p_lo)
    }

    /// Pixel position of a data value, `None` where [`AxisMap::transform`] gives none.
    pub fn px(&self, v: f64) -> Option<f64> {
        self.transform(v).map(|t| self.px_t(t))
    }

    /// The transformed value at pixel `p` (not clamped).
    pub fn t_at(&self, p: f64) -> f64 {
        let s = self.scale();
        let dp = self.p_hi - self.p_lo;
        if dp == 0.0 {
            return self.lo;
        }
        let f = (p - self.p_lo) / dp;
        // lo + f (hi - lo), computed so that it cannot overflow.
        (self.lo * s + f * (self.hi * s - self.lo * s)) / s
    }

    /// The data value at pixel `p` (10^t on a log axis).
    pub fn value_at(&self, p: f64) -> f64 {
        let t = self.t_at(p);
        if self.log {
            10f64.powf(t)
        } else {
            t
        }
    }

    fn value_of_t(&self, t: f64) -> f64 {
        if self.log {
            10f64.powf(t)
        } else {
            t
        }
    }
}

/// The plot rectangle of a drawn chart in device pixels, relative to the top-left corner of the
/// drawing area the chart was drawn into. `left ≤ right`, `top ≤ bottom`; the data range spans
/// exactly from `left` to `right` and from `bottom` to `top`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotRect {
    /// Pixel column of the x range's lower end.
    pub left: f64,
    /// Pixel row of the y range's upper end.
    pub top: f64,
    /// Pixel column of the x range's upper end.
    pub right: f64,
    /// Pixel row of the y range's lower end.
    pub bottom: f64,
}

impl PlotRect {
    /// Whether the device-pixel point `(x, y)` lies inside the rectangle (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.left && x <= self.right && y >= self.top && y <= self.bottom
    }
}

/// Where a drawn chart's plot area is, in device pixels, and its data ranges: returned by every
/// `draw_*_chart` so that the caller can map a pointer position to a data x (hover readout,
/// keyboard cursor) and a data x back to a pixel column.
///
/// Device pixels are the backend's pixels (for a canvas: CSS px × devicePixelRatio), measured
/// from the top-left corner of the drawing area the chart was drawn into. A chart whose area was
/// too small to hold a plot returns [`Geometry::none`], for which every lookup gives `None`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub(crate) x: AxisMap,
    pub(crate) y: AxisMap,
    /// Largest data index of the series drawn (`None` when nothing was drawn).
    pub(crate) last_index: Option<usize>,
    pub(crate) valid: bool,
}

impl Geometry {
    /// The geometry of a chart that has no plot area (area too small).
    pub fn none() -> Self {
        let axis = AxisMap {
            lo: 0.0,
            hi: 1.0,
            log: false,
            floor: None,
            p_lo: 0.0,
            p_hi: 0.0,
        };
        Geometry {
            x: axis,
            y: axis,
            last_index: None,
            valid: false,
        }
    }

    /// Whether the chart has a plot area (false for [`Geometry::none`]).
    pub fn has_plot(&self) -> bool {
        self.valid
    }

    /// The plot rectangle in device pixels (a zero rectangle for [`Geometry::none`]).
    pub fn plot_rect(&self) -> PlotRect {
        PlotRect {
            left: self.x.p_lo.min(self.x.p_hi),
            right: self.x.p_lo.max(self.x.p_hi),
            top: self.y.p_lo.min(self.y.p_hi),
            bottom: self.y.p_lo.max(self.y.p_hi),
        }
    }

    /// The data x at the left and right edges of the plot (x is the epoch or step index; on a
    /// log x axis, such as the LR range test's, the values, not their logarithms).
    pub fn x_range(&self) -> (f64, f64) {
        (self.x.value_of_t(self.x.lo), self.x.value_of_t(self.x.hi))
    }

    /// Whether the x axis is logarithmic (the LR range test chart).
    pub fn x_is_log(&self) -> bool {
        self.x.log
    }

    /// The data y at the bottom and top edges of the plot (for a log axis the values, not their
    /// logarithms; with a "≤ 0" floor the bottom is the floor's position `10^floor`).
    pub fn y_range(&self) -> (f64, f64) {
        (self.y.value_of_t(self.y.lo), self.y.value_of_t(self.y.hi))
    }

    /// Whether the y axis is logarithmic.
    pub fn y_is_log(&self) -> bool {
        self.y.log
    }

    /// The data x under device-pixel column `px`, `None` outside the plot (or without one).
    pub fn x_at(&self, px: f64) -> Option<f64> {
        let r = self.plot_rect();
        (self.valid && px.is_finite() && px >= r.left && px <= r.right).then(|| self.x.value_at(px))
    }

    /// The data index nearest to device-pixel column `px` (clamped to the drawn series' indices),
    /// `None` outside the plot or when nothing was drawn.
    pub fn index_at(&self, px: f64) -> Option<usize> {
        let x = self.x_at(px)?;
        let last = self.last_index?;
        Some(x.round().clamp(0.0, last as f64) as usize)
    }

    /// The device-pixel column of data x (not clamped: may lie outside the plot); NaN where x
    /// has no column (non-finite, or ≤ 0 on a log x axis).
    pub fn px_of_x(&self, x: f64) -> f64 {
        self.x.px(x).unwrap_or(f64::NAN)
    }

    /// The device-pixel row of data y: on a log axis values ≤ 0 give the floor's row when the
    /// chart drew a "≤ 0" floor; `None` for NaN, ±∞ and (without floor) y ≤ 0 on a log axis.
    pub fn py_of_y(&self, y: f64) -> Option<f64> {
        self.y.px(y)
    }

    /// The data y under device-pixel row `py`, `None` outside the plot (or without one).
    pub fn y_at(&self, py: f64) -> Option<f64> {
        let r = self.plot_rect();
        (self.valid && py.is_finite() && py >= r.top && py <= r.bottom).then(|| self.y.value_at(py))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geometry(lo: f64, hi: f64, log: bool) -> Geometry {
        Geometry {
            x: AxisMap {
                lo: -1.0,
                hi: 51.0,
                log: false,
                floor: None,
                p_lo: 40.0,
                p_hi: 640.0,
            },
            y: AxisMap {
                lo,
                hi,
                log,
                floor: log.then_some(lo),
                p_lo: 300.0,
                p_hi: 20.0,
            },
            last_index: Some(50),
            valid: true,
        }
    }

    #[test]
    fn x_round_trips_and_is_none_outside() {
        let g = geometry(0.0, 1.0, false);
        for px in [40.0, 41.5, 333.3, 640.0] {
            let x = g.x_at(px).unwrap();
            assert!((g.px_of_x(x) - px).abs() < 1e-9);
        }
        assert_eq!(g.x_at(39.9), None);
        assert_eq!(g.x_at(f64::NAN), None);
        assert_eq!(g.index_at(640.0), Some(50));
        assert_eq!(g.index_at(40.0), Some(0));
        assert!(Geometry::none().x_at(0.0).is_none());
    }

    #[test]
    fn extreme_linear_ranges_do_not_overflow() {
        let g = geometry(-f64::MAX, f64::MAX, false);
        let top = g.py_of_y(f64::MAX).unwrap();
        let bottom = g.py_of_y(-f64::MAX).unwrap();
        assert!((top - 20.0).abs() < 1e-6 && (bottom - 300.0).abs() < 1e-6);
        assert!((g.py_of_y(0.0).unwrap() - 160.0).abs() < 1e-6);
        assert!(g.y_at(160.0).unwrap().abs() < 1e300);
    }

    #[test]
    fn log_floor_takes_non_positive_values() {
        let g = geometry(-4.0, -1.0, true);
        assert_eq!(g.py_of_y(0.0), Some(300.0));
        assert_eq!(g.py_of_y(-3.0), Some(300.0));
        assert!(g.py_of_y(1e-3).unwrap() < 300.0);
        assert_eq!(g.py_of_y(f64::NAN), None);
    }
}
