//! How a slider's integer positions map to a control's text, for every generated control:
//! logarithmic for rates and factors spanning decades, whole numbers for ints, evenly spaced
//! (3 significant digits) for linear floats. Pure; tested over every position.

use crate::fmt::{round_sig, short};
use crate::spec::describe::{Kind, Kwarg, Scale};

/// Number of positions minus one of a log slider over 7 decades (v1's `eta_max` and
/// `eta_min`: 1.6 % per position, so 3 significant digits keep every value distinct); a log
/// slider over fewer decades has proportionally fewer positions ([`LogScale::steps`]).
pub const STEPS: u32 = 1000;
/// Number of positions minus one of a linear float slider.
pub const LINEAR_STEPS: u32 = 200;

/// A logarithmic slider: integer positions `0..=STEPS` map to `10^lo ..= 10^hi`; with
/// `zero_at_start`, position 0 means exactly 0 (for floors such as `eta_min`) and positions
/// `1..=STEPS` cover the log range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogScale {
    /// log10 of the smallest non-zero value.
    pub lo: f64,
    /// log10 of the largest value.
    pub hi: f64,
    /// Whether position 0 stands for the value 0.
    pub zero_at_start: bool,
}

impl LogScale {
    /// Number of positions minus one: [`STEPS`] per 7 decades (at least 10, at most [`STEPS`]).
    pub fn steps(&self) -> u32 {
        ((self.hi - self.lo) * f64::from(STEPS) / 7.0)
            .round()
            .clamp(10.0, f64::from(STEPS)) as u32
    }

    fn span(&self) -> (f64, f64) {
        let steps = self.steps();
        if self.zero_at_start {
            (1.0, f64::from(steps - 1))
        } else {
            (0.0, f64::from(steps))
        }
    }

    /// The value at a slider position, rounded to 3 significant digits so the text box shows
    /// `0.0583`, not `0.05834451042` (3 digits keep every position's value distinct, so arrow
    /// keys always move it). Positions outside the range are clamped.
    pub fn value(&self, pos: u32) -> f64 {
        let pos = pos.min(self.steps());
        if self.zero_at_start && pos == 0 {
            return 0.0;
        }
        let (first, span) = self.span();
        let frac = (f64::from(pos) - first) / span;
        round_sig(10f64.powf(self.lo + frac * (self.hi - self.lo)), 3)
    }

    /// The slider position closest to `value` (clamped to the range; 0 for values ≤ 0).
    pub fn position(&self, value: f64) -> u32 {
        if value.is_nan() || value <= 0.0 || !value.is_finite() {
            return if value.is_infinite() && value > 0.0 {
                self.steps()
            } else {
                0
            };
        }
        let (first, span) = self.span();
        let frac = ((value.log10() - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        (first + frac * span).round() as u32
    }
}

/// How a slider's integer positions map to a control's text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SliderScale {
    /// Positions `0..=steps()` on a logarithmic scale.
    Log(LogScale),
    /// Whole numbers `min..=max`, one per position; with `auto_at_start`, the leftmost
    /// position writes `auto` (the run's `epochs`).
    Int {
        /// Leftmost value.
        min: i64,
        /// Rightmost value.
        max: i64,
        /// Whether the leftmost position means `auto`.
        auto_at_start: bool,
    },
    /// Positions `0..=LINEAR_STEPS` evenly spaced from `min` to `max`, values rounded to the
    /// fewest significant digits that keep neighbouring positions distinct.
    Linear {
        /// Leftmost value.
        min: f64,
        /// Rightmost value.
        max: f64,
    },
}

impl SliderScale {
    /// The slider of a described kwarg, or `None` for kinds edited in a box or a picker
    /// (bools, choices, lists, dicts, nested schedulers). A log float whose library default
    /// is 0 (a floor: `eta_min`, `lr_min`, `end_value`, `alpha`) has 0 at its leftmost position.
    pub fn for_kwarg(kwarg: &Kwarg) -> Option<SliderScale> {
        match kwarg.kind {
            Kind::Int { min, max } if max > min => Some(SliderScale::Int {
                min,
                max,
                auto_at_start: false,
            }),
            Kind::Float {
                min,
                max,
                scale: Scale::Log,
            } if min > 0.0 && max > min => Some(SliderScale::Log(LogScale {
                lo: min.log10(),
                hi: max.log10(),
                zero_at_start: kwarg
                    .default_value()
                    .and_then(|v| v.as_f64())
                    .is_some_and(|d| d == 0.0),
            })),
            Kind::Float {
                min,
                max,
                scale: Scale::Linear,
            } if max > min => Some(SliderScale::Linear { min, max }),
            _ => None,
        }
    }

    /// The slider's `min` and `max` attributes.
    pub fn range(self) -> (i64, i64) {
        match self {
            SliderScale::Log(scale) => (0, i64::from(scale.steps())),
            SliderScale::Linear { .. } => (0, i64::from(LINEAR_STEPS)),
            SliderScale::Int { min, max, .. } => (min, max),
        }
    }

    /// Whether the slider is logarithmic (its accessible name says so).
    pub fn is_log(self) -> bool {
        matches!(self, SliderScale::Log(_))
    }

    /// Where the thumb sits for `text` (clamped to the range; text that is not a number puts
    /// it at the left end, e.g. `auto` epochs).
    pub fn position(self, text: &str) -> i64 {
        let cleaned: String = text.trim().chars().filter(|c| *c != '_').collect();
        let value = cleaned.parse::<f64>().ok().filter(|v| !v.is_nan());
        match self {
            SliderScale::Log(scale) => value.map(|v| i64::from(scale.position(v))).unwrap_or(0),
            SliderScale::Int { min, max, .. } => {
                let v = value.unwrap_or(min as f64);
                v.round().clamp(min as f64, max as f64) as i64
            }
            SliderScale::Linear { min, max } => match value {
                Some(v) => {
                    let frac = ((v - min) / (max - min)).clamp(0.0, 1.0);
                    (frac * f64::from(LINEAR_STEPS)).round() as i64
                }
                None => 0,
            },
        }
    }

    /// The text a thumb at `pos` writes into the control's box.
    pub fn text_at(self, pos: i64) -> String {
        match self {
            SliderScale::Log(scale) => {
                short(scale.value(pos.clamp(0, i64::from(scale.steps())) as u32))
            }
            SliderScale::Int {
                auto_at_start: true,
                min,
                ..
            } if pos <= min => "auto".into(),
            SliderScale::Int { min, max, .. } => pos.clamp(min, max).to_string(),
            SliderScale::Linear { min, max } => {
                let frac = pos.clamp(0, i64::from(LINEAR_STEPS)) as f64 / f64::from(LINEAR_STEPS);
                // Enough significant digits that neighbouring positions differ.
                let step = (max - min) / f64::from(LINEAR_STEPS);
                let digits =
                    ((min.abs().max(max.abs()) / step).log10().ceil() as i32 + 1).clamp(3, 15);
                let v = round_sig(min + frac * (max - min), digits) + 0.0;
                // A float stays a float in the box ("0.5", "1.0"), so an int kwarg rule never
                // sees it change type when the thumb lands on a whole number.
                crate::fmt::py_repr(v)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::describe::SCHEDULERS;

    fn check_every_position(s: SliderScale) {
        let (lo, hi) = s.range();
        for pos in lo..=hi {
            // Every position writes a text of its own that puts the thumb back on that very
            // position: arrow keys always move the value (v1 QA: with 2 significant digits,
            // neighbouring positions shared a value and the thumb snapped back).
            let text = s.text_at(pos);
            assert_eq!(s.position(&text), pos, "{s:?} at {pos}: {text}");
            if pos > lo {
                assert_ne!(s.text_at(pos - 1), text, "{s:?} at {pos}");
            }
        }
    }

    #[test]
    fn every_position_of_every_described_slider_round_trips() {
        for s in SCHEDULERS {
            for k in s.kwargs.iter().filter(|k| k.control) {
                if let Some(scale) = SliderScale::for_kwarg(k) {
                    check_every_position(scale);
                }
            }
        }
        check_every_position(SliderScale::Int {
            min: 0,
            max: 5000,
            auto_at_start: true,
        });
    }

    #[test]
    fn log_scale_maps_both_ways() {
        let eta_max = LogScale {
            lo: -4.0,
            hi: 3.0,
            zero_at_start: false,
        };
        assert_eq!(eta_max.value(0), 1e-4);
        assert_eq!(eta_max.value(STEPS), 1000.0);
        let eta_min = LogScale {
            lo: -6.0,
            hi: 1.0,
            zero_at_start: true,
        };
        assert_eq!(eta_min.value(0), 0.0);
        assert_eq!(eta_min.value(1), 1e-6);
        for v in [1e-4, 0.001, 0.1, 3.0, 1000.0] {
            let back = eta_max.value(eta_max.position(v));
            assert!((back / v - 1.0).abs() < 0.02, "{v} -> {back}");
        }
        assert_eq!(eta_max.position(1e9), STEPS);
        assert_eq!(eta_max.position(f64::NAN), 0);
    }

    #[test]
    fn auto_sits_at_the_left_end() {
        let epochs = SliderScale::Int {
            min: 0,
            max: 5000,
            auto_at_start: true,
        };
        assert_eq!(epochs.position("auto"), 0);
        assert_eq!(epochs.text_at(0), "auto");
        assert_eq!(epochs.position("99999"), 5000);
    }
}
