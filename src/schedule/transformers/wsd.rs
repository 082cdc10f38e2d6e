//! `get_wsd_schedule`: warmup–stable–decay.

use std::f64::consts::PI;

use super::{check_finite, check_steps, max0, step_i64};
use crate::schedule::{LearningRate, ScheduleError};

/// A warmup or decay shape of [`Wsd`] (`warmup_type` / `decay_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WsdShape {
    /// `"linear"`.
    Linear,
    /// `"cosine"`.
    Cosine,
    /// `"1-sqrt"`.
    OneMinusSqrt,
}

impl WsdShape {
    /// The names transformers accepts.
    pub const NAMES: [&'static str; 3] = ["linear", "cosine", "1-sqrt"];

    /// Parses a library name.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] naming `field` (transformers: "Unknown warmup type: ..").
    pub fn parse(field: &str, name: &str) -> Result<Self, ScheduleError> {
        match name {
            "linear" => Ok(WsdShape::Linear),
            "cosine" => Ok(WsdShape::Cosine),
            "1-sqrt" => Ok(WsdShape::OneMinusSqrt),
            other => Err(ScheduleError::invalid(
                field,
                format!("{other:?}"),
                "expected 'linear', 'cosine' or '1-sqrt'",
            )),
        }
    }
}

/// `get_wsd_schedule(optimizer, num_warmup_steps, num_decay_steps, num_training_steps=None,
/// num_stable_steps=None, warmup_type="linear", decay_type="cosine", min_lr_ratio=0,
/// num_cycles=0.5)`: warmup–stable–decay.
///
/// With `r = min_lr_ratio`, `S = num_stable_steps` (default `N − W − D`):
/// - `step < W`: `p = step / max(1, W)`; linear `p`, cosine `½(1 − cos(π p))`, 1-sqrt
///   `1 − sqrt(1 − p)`; factor `max(0, f·(1 − r) + r)`;
/// - `step < W + S`: 1;
/// - `step < W + S + D`: `p = (step − W − S) / max(1, D)`; linear `1 − p`, cosine
///   `½(1 + cos(π · num_cycles · 2 · p))`, 1-sqrt `1 − sqrt(p)`; factor `max(0, f·(1 − r) + r)`;
/// - after: `r`.
#[derive(Debug, Clone, PartialEq)]
pub struct Wsd {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `S` (may be negative when derived from a too small `num_training_steps`).
    pub num_stable_steps: i64,
    /// `D`.
    pub num_decay_steps: i64,
    /// Shape of the warmup.
    pub warmup_type: WsdShape,
    /// Shape of the decay.
    pub decay_type: WsdShape,
    /// Floor (and warmup start) as a ratio of `base_lr`.
    pub min_lr_ratio: f64,
    /// Cosine waves in the decay (0.5 = one half-cosine).
    pub num_cycles: f64,
}

/// The kwargs of [`Wsd`] besides `base_lr`, with `get_wsd_schedule`'s defaults (`Default`,
/// where `num_warmup_steps` and `num_decay_steps` are required by the library).
#[derive(Debug, Clone, PartialEq)]
pub struct WsdConfig {
    /// `W` (required).
    pub num_warmup_steps: i64,
    /// `D` (required).
    pub num_decay_steps: i64,
    /// `N` (optional; one of `N` and `S` is needed).
    pub num_training_steps: Option<i64>,
    /// `S` (optional; wins over `N` when both are given, as in the library).
    pub num_stable_steps: Option<i64>,
    /// Default linear.
    pub warmup_type: WsdShape,
    /// Default cosine.
    pub decay_type: WsdShape,
    /// Default 0.
    pub min_lr_ratio: f64,
    /// Default 0.5.
    pub num_cycles: f64,
}

impl Default for WsdConfig {
    fn default() -> Self {
        WsdConfig {
            num_warmup_steps: 0,
            num_decay_steps: 0,
            num_training_steps: None,
            num_stable_steps: None,
            warmup_type: WsdShape::Linear,
            decay_type: WsdShape::Cosine,
            min_lr_ratio: 0.0,
            num_cycles: 0.5,
        }
    }
}

impl Wsd {
    /// Builds the schedule.
    ///
    /// # Errors
    /// Neither `num_training_steps` nor `num_stable_steps` given (transformers' ValueError,
    /// field `num_training_steps`); a step count outside `0..=2^53`; non-finite values.
    pub fn new(base_lr: f64, c: WsdConfig) -> Result<Self, ScheduleError> {
        let w = check_steps("num_warmup_steps", c.num_warmup_steps)?;
        let d = check_steps("num_decay_steps", c.num_decay_steps)?;
        let s = match (c.num_training_steps, c.num_stable_steps) {
            (_, Some(s)) => check_steps("num_stable_steps", s)?,
            (Some(n), None) => check_steps("num_training_steps", n)? - w - d,
            (None, None) => {
                return Err(ScheduleError::invalid(
                    "num_training_steps",
                    "None",
                    "Either num_training_steps or num_stable_steps must be specified.",
                ))
            }
        };
        if let Some(n) = c.num_training_steps {
            check_steps("num_training_steps", n)?;
        }
        Ok(Wsd {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: w,
            num_stable_steps: s,
            num_decay_steps: d,
            warmup_type: c.warmup_type,
            decay_type: c.decay_type,
            min_lr_ratio: check_finite("min_lr_ratio", c.min_lr_ratio)?,
            num_cycles: check_finite("num_cycles", c.num_cycles)?,
        })
    }

    /// The `lr_lambda` (`_get_wsd_scheduler_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let st = i128::from(step_i64(step));
        let (w, s, d) = (
            i128::from(self.num_warmup_steps),
            i128::from(self.num_stable_steps),
            i128::from(self.num_decay_steps),
        );
        let r = self.min_lr_ratio;
        if st < w {
            let p = st as f64 / w.max(1) as f64;
            let f = match self.warmup_type {
                WsdShape::Linear => p,
                WsdShape::Cosine => 0.5 * (1.0 - crate::schedule::pymath::cos(PI * p)),
                WsdShape::OneMinusSqrt => 1.0 - (1.0 - p).sqrt(),
            };
            return max0(f * (1.0 - r) + r);
        }
        if st < w + s {
            return 1.0;
        }
        if st < w + s + d {
            let p = (st - w - s) as f64 / d.max(1) as f64;
            let f = match self.decay_type {
                WsdShape::Linear => 1.0 - p,
                WsdShape::Cosine => {
                    0.5 * (1.0 + crate::schedule::pymath::cos(PI * self.num_cycles * 2.0 * p))
                }
                WsdShape::OneMinusSqrt => 1.0 - p.sqrt(),
            };
            return max0(f * (1.0 - r) + r);
        }
        r
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wsd_phases() {
        // W 10, D 20, N 100 -> S 70: stable 1.0 on [10, 80), decay on [80, 100), then min_lr_ratio.
        let c = WsdConfig {
            num_warmup_steps: 10,
            num_decay_steps: 20,
            num_training_steps: Some(100),
            min_lr_ratio: 0.1,
            ..Default::default()
        };
        let s = Wsd::new(1.0, c).unwrap();
        assert_eq!(s.num_stable_steps, 70);
        assert_eq!((s.lr(10), s.lr(79)), (1.0, 1.0));
        assert_eq!(s.lr(80), 1.0);
        assert_eq!(s.lr(100), 0.1);
    }

    #[test]
    fn wsd_needs_a_length() {
        let e = Wsd::new(
            0.1,
            WsdConfig {
                num_warmup_steps: 1,
                num_decay_steps: 1,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.field(), "num_training_steps");
    }

    #[test]
    fn wsd_shape_names() {
        assert_eq!(
            WsdShape::parse("decay_type", "1-sqrt"),
            Ok(WsdShape::OneMinusSqrt)
        );
        assert_eq!(
            WsdShape::parse("warmup_type", "exp").unwrap_err().field(),
            "warmup_type"
        );
    }
}
