//! Axis ranges and ticks shared by the charts: overflow-safe padding of linear ranges, log
//! ranges with a "≤ 0" floor, and the tick sets for both.

use super::frame::Ticks;
use super::style::text_width;
use super::ticks::{format_compact, format_ticks, linear_ticks, log_ticks};

/// Label of the floor tick of a log axis, where values ≤ 0 are drawn.
pub(crate) const FLOOR_LABEL: &str = "≤ 0";

/// `[lo - below·span, hi + above·span]` with `span = hi - lo`, computed so that nothing
/// overflows for any finite `lo ≤ hi`, and clamped to the finite range.
pub(crate) fn pad_linear(lo: f64, hi: f64, below: f64, above: f64) -> (f64, f64) {
    let s = if lo.abs().max(hi.abs()) > 1e300 {
        2f64.powi(-64)
    } else {
        1.0
    };
    let span = hi * s - lo * s;
    let a = (lo * s - below * span) / s;
    let b = (hi * s + above * span) / s;
    (a.max(-f64::MAX), b.min(f64::MAX))
}

/// A linear data range `[lo, hi]` padded by 5% each side, widened to ±10% of the value (or
/// ±1 around 0) when it is a single value; finite and overflow-safe for any finite input.
/// `(-1, 1)` for no data.
pub(crate) fn data_range(range: Option<(f64, f64)>) -> (f64, f64) {
    let (lo, hi) = match range {
        None => (-1.0, 1.0),
        Some((a, b)) if a == b => {
            let d = if a == 0.0 { 1.0 } else { a.abs() * 0.1 };
            ((a - d).max(-f64::MAX), (b + d).min(f64::MAX))
        }
        Some(r) => r,
    };
    pad_linear(lo, hi, 0.05, 0.05)
}

/// A log₁₀ axis: the data range `[la, lb]` in decades (padded), and where values ≤ 0 go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LogRange {
    /// Lower and upper end of the data part of the axis, in decades.
    pub la: f64,
    pub lb: f64,
    /// Position (in decades, below `la`) of the "≤ 0" floor, when some value is ≤ 0.
    pub floor: Option<f64>,
}

impl LogRange {
    /// The axis' lower end in decades: the floor if there is one, else `la`.
    pub fn bottom(&self) -> f64 {
        self.floor.unwrap_or(self.la)
    }

    /// The range for `logs` (log₁₀ of the positive values, any order), padded by 5% (below)
    /// and 7% (above) of the span, or ±0.3 decades for a single value; `(-1, 0)` when there is
    /// none. `floor`: reserve a "≤ 0" floor 12% of the span below the data. Decades are kept
    /// within ±330 (beyond the subnormal and overflow ends of f64).
    pub fn new(logs: impl Iterator<Item = f64>, floor: bool) -> Self {
        let (mut la, mut lb) = logs
            .filter(|l| l.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), l| {
                (a.min(l), b.max(l))
            });
        if !la.is_finite() || !lb.is_finite() {
            (la, lb) = (-1.0, 0.0);
        }
        Self::padded(la, lb, floor)
    }

    /// Like [`LogRange::new`] from the raw data range `[la, lb]` in decades.
    pub fn padded(mut la: f64, mut lb: f64, floor: bool) -> Self {
        let span = lb - la;
        if span < 1e-9 {
            la -= 0.3;
            lb += 0.3;
        } else {
            la -= 0.05 * span;
            lb += 0.07 * span;
        }
        let (la, lb) = (la.clamp(-330.0, 329.0), lb.clamp(-329.0, 330.0));
        let floor = floor.then(|| la - 0.12 * (lb - la).max(0.5));
        LogRange { la, lb, floor }
    }

    /// Ticks of a log x axis `pw` pixels wide with labels at font size `font` (labels at least
    /// two font sizes apart); no floor.
    pub fn ticks_x(&self, pw: i32, font: f64) -> Ticks {
        let decades_per_px = (self.lb - self.la) / f64::from(pw.max(1));
        let (lo, hi) = (
            10f64.powf(self.la.max(-307.0)),
            10f64.powf(self.lb.min(308.25)),
        );
        let mut label_w = text_width("1e-5", font);
        let mut ticks = Ticks::default();
        for _ in 0..3 {
            let min_sep = decades_per_px * f64::from(label_w + 2 * font as i32);
            let (values, minor) = log_ticks(lo, hi, min_sep);
            let labels: Vec<String> = values.iter().map(|v| format_compact(*v, 6)).collect();
            let widest = labels
                .iter()
                .map(|l| text_width(l, font))
                .max()
                .unwrap_or(0);
            ticks = Ticks {
                values,
                labels,
                minor,
            };
            if widest <= label_w {
                break;
            }
            label_w = widest;
        }
        ticks
    }

    /// Ticks for a plot `ph` pixels high with labels `tick_h` pixels high: powers of ten and
    /// their multiples over the data part (at least 2.2 label heights apart), the floor tick
    /// (value 0, label "≤ 0") when there is a floor, and no data tick within 1.3 label heights of
    /// the floor.
    pub fn ticks(&self, ph: i32, tick_h: i32) -> Ticks {
        let decades_per_px = (self.lb - self.bottom()) / f64::from(ph.max(1));
        let min_sep = decades_per_px * f64::from(tick_h) * 2.2;
        // Within the normal f64 range (the axis itself may reach past it, in decades).
        let (lo, hi) = (
            10f64.powf(self.la.max(-307.0)),
            10f64.powf(self.lb.min(308.25)),
        );
        let (mut values, mut minor) = if lo > 0.0 && hi.is_finite() {
            log_ticks(lo, hi, min_sep)
        } else {
            (Vec::new(), Vec::new())
        };
        let mut labels: Vec<String> = values.iter().map(|v| format_compact(*v, 6)).collect();
        if let Some(f) = self.floor {
            let keep = |v: &f64| (v.log10() - f) / decades_per_px >= 1.3 * f64::from(tick_h);
            let kept: Vec<(f64, String)> = values
                .into_iter()
                .zip(labels)
                .filter(|(v, _)| keep(v))
                .collect();
            (values, labels) = kept.into_iter().unzip();
            minor.retain(|v| v.log10() >= self.la);
            values.insert(0, 0.0);
            labels.insert(0, FLOOR_LABEL.to_owned());
        }
        Ticks {
            values,
            labels,
            minor,
        }
    }
}

/// Linear ticks over `[a, b]` for a plot `pw` pixels wide with tick labels at font size `font`:
/// as many as fit with their labels two font sizes apart (2 to 10).
pub(crate) fn linear_x_ticks(a: f64, b: f64, pw: i32, font: f64) -> Ticks {
    let fit = |labels: &[String]| {
        let widest = labels
            .iter()
            .map(|l| text_width(l, font))
            .max()
            .unwrap_or(0);
        (pw / (widest + 2 * font as i32).max(1)).clamp(2, 10) as usize
    };
    let mut max = (f64::from(pw) / (6.0 * font)).clamp(2.0, 10.0) as usize;
    let mut ticks = Ticks::default();
    for _ in 0..4 {
        let values = linear_ticks(a, b, max, false);
        let labels = format_ticks(&values);
        let n = fit(&labels);
        ticks = Ticks {
            values,
            labels,
            minor: Vec::new(),
        };
        if ticks.values.len() <= n {
            break;
        }
        max = n.min(max.saturating_sub(1)).max(2);
    }
    ticks
}

/// Linear ticks over `[a, b]` for a plot `ph` pixels high with labels `tick_h` pixels high
/// (between 2 and 9 ticks, about 2.2 label heights apart).
pub(crate) fn linear_y_ticks(a: f64, b: f64, ph: i32, tick_h: i32) -> Ticks {
    let max = (ph * 10 / (22 * tick_h).max(1)).clamp(2, 9) as usize;
    let values = linear_ticks(a, b, max, false);
    Ticks {
        labels: format_ticks(&values),
        values,
        minor: Vec::new(),
    }
}

/// Integer x ticks over `[0, x_max]` for a plot `pw` pixels wide whose widest label is
/// `label_w` pixels (between 2 and 12 ticks).
pub(crate) fn index_x_ticks(x_max: f64, pw: i32, label_w: i32, font: f64) -> Ticks {
    let max = (pw / (label_w + 2 * font as i32).max(1)).clamp(2, 12) as usize;
    let values = linear_ticks(0.0, x_max, max, true);
    Ticks {
        labels: format_ticks(&values),
        values,
        minor: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_never_overflows() {
        let (a, b) = pad_linear(-f64::MAX, f64::MAX, 0.05, 0.07);
        assert_eq!((a, b), (-f64::MAX, f64::MAX));
        let (a, b) = pad_linear(0.0, 0.1, 0.03, 0.07);
        assert!((a + 0.003).abs() < 1e-15 && (b - 0.107).abs() < 1e-15);
        let (a, b) = pad_linear(1e-300, 3e-300, 0.05, 0.07);
        assert!(a < 1e-300 && b > 3e-300 && a > 0.0);
    }

    #[test]
    fn floor_sits_below_the_data_with_its_tick() {
        let r = LogRange::new([-3.0f64, -1.0].into_iter(), true);
        let f = r.floor.unwrap();
        assert!(f < r.la && r.la < -3.0);
        let t = r.ticks(300, 14);
        assert_eq!(t.values[0], 0.0);
        assert_eq!(t.labels[0], FLOOR_LABEL);
        assert!(t.values[1..].iter().all(|v| v.log10() > f));
        assert!(LogRange::new(std::iter::empty(), false).floor.is_none());
    }
}
