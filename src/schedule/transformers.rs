//! Hugging Face `transformers` schedules: the `LambdaLR` factories of
//! `src/transformers/optimization.py` (transformers 5.24).
//!
//! Every factory returns `torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)`, so the rate
//! of optimizer step `step` (counted from 0; `current_step = last_epoch`) is
//! `base_lr · lr_lambda(step)`. Each type below has `factor(step)` (the `lr_lambda`, computed
//! term for term as the library writes it, in f64 like Python floats) and `lr(step)`.
//!
//! Step counts (`num_warmup_steps`, `num_training_steps`, ...) are Python ints in the library;
//! here they are integers in `0..=2^53` (every one exact in f64), which Anneal checks.

use std::f64::consts::PI;

use super::{Evaluation, LearningRate, ScheduleError};

/// Largest step count accepted (2^53: every count and every difference of counts is exact in f64).
pub const MAX_STEPS: i64 = 1 << 53;

/// Checks a step count: an integer in `0..=MAX_STEPS`.
///
/// # Errors
/// [`ScheduleError::Invalid`] naming `field`.
pub fn check_steps(field: &str, v: i64) -> Result<i64, ScheduleError> {
    if (0..=MAX_STEPS).contains(&v) {
        Ok(v)
    } else {
        Err(ScheduleError::invalid(
            field,
            v,
            "a step count must be an integer in 0..=2^53",
        ))
    }
}

fn check_finite(field: &str, v: f64) -> Result<f64, ScheduleError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(ScheduleError::invalid(field, v, "must be a finite number"))
    }
}

/// Python's float modulo `a % b` (CPython `float_rem`): the result has the sign of `b`.
fn py_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m + b
        } else {
            m
        }
    } else {
        0.0_f64.copysign(b)
    }
}

/// The warmup shared by most factories: `float(step) / float(max(1, num_warmup_steps))`
/// (0 at step 0, reaches 1 only at `step = num_warmup_steps`, which is past the warmup).
fn linear_warmup(step: i64, num_warmup_steps: i64) -> f64 {
    step as f64 / num_warmup_steps.max(1) as f64
}

/// Python's `max(0, x)` / `max(0.0, x)` on a float: `x` if `x > 0`, else 0.
fn max0(x: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// `get_constant_schedule(optimizer)`: `lr = base_lr` at every step.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstantSchedule {
    /// The optimizer's learning rate.
    pub base_lr: f64,
}

impl ConstantSchedule {
    /// Builds the schedule.
    ///
    /// # Errors
    /// `base_lr` not finite.
    pub fn new(base_lr: f64) -> Result<Self, ScheduleError> {
        Ok(ConstantSchedule {
            base_lr: check_finite("base_lr", base_lr)?,
        })
    }

    /// The `lr_lambda`: 1 at every step.
    pub fn factor(&self, _step: u64) -> f64 {
        1.0
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

/// `get_constant_schedule_with_warmup(optimizer, num_warmup_steps)`:
/// factor `step / max(1, W)` for `step < W`, then 1.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstantWithWarmup {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`, steps of linear warmup from 0.
    pub num_warmup_steps: i64,
}

impl ConstantWithWarmup {
    /// Builds the schedule.
    ///
    /// # Errors
    /// `base_lr` not finite; `num_warmup_steps` outside `0..=2^53`.
    pub fn new(base_lr: f64, num_warmup_steps: i64) -> Result<Self, ScheduleError> {
        Ok(ConstantWithWarmup {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: check_steps("num_warmup_steps", num_warmup_steps)?,
        })
    }

    /// The `lr_lambda` (`_get_constant_schedule_with_warmup_lr_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let s = step_i64(step);
        if s < self.num_warmup_steps {
            linear_warmup(s, self.num_warmup_steps)
        } else {
            1.0
        }
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

/// A step as a Python int would hold it (saturating beyond `i64::MAX`, far past any count).
fn step_i64(step: u64) -> i64 {
    i64::try_from(step).unwrap_or(i64::MAX)
}

/// `get_linear_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps)`:
/// linear warmup from 0, then `max(0, (N − step) / max(1, N − W))`: 0 from step `N` on.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearWithWarmup {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `N`, total steps including the warmup.
    pub num_training_steps: i64,
}

impl LinearWithWarmup {
    /// Builds the schedule.
    ///
    /// # Errors
    /// `base_lr` not finite; a step count outside `0..=2^53`.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
    ) -> Result<Self, ScheduleError> {
        Ok(LinearWithWarmup {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: check_steps("num_warmup_steps", num_warmup_steps)?,
            num_training_steps: check_steps("num_training_steps", num_training_steps)?,
        })
    }

    /// The `lr_lambda` (`_get_linear_schedule_with_warmup_lr_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let (s, w, n) = (
            step_i64(step),
            self.num_warmup_steps,
            self.num_training_steps,
        );
        if s < w {
            return linear_warmup(s, w);
        }
        max0((i128::from(n) - i128::from(s)) as f64 / (n - w).max(1) as f64)
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

/// `get_cosine_schedule_with_warmup(optimizer, W, N, num_cycles=0.5)` and
/// `get_cosine_with_min_lr_schedule_with_warmup(..., min_lr=None, min_lr_rate=None)`:
/// linear warmup from 0, then with `progress = (step − W) / max(1, N − W)` (not clamped) and
/// `c = ½(1 + cos(π · num_cycles · 2 · progress))`, factor `max(0, c·(1 − r) + r)`,
/// `r = min_lr_rate` (0 for the plain cosine). Past `N` the cosine rises again.
#[derive(Debug, Clone, PartialEq)]
pub struct CosineWithWarmup {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `N`, total steps including the warmup.
    pub num_training_steps: i64,
    /// Number of cosine waves over `N − W` steps (0.5 = one half-cosine from 1 to the floor).
    pub num_cycles: f64,
    /// Floor as a ratio of `base_lr` (0 for `get_cosine_schedule_with_warmup`).
    pub min_lr_rate: f64,
}

impl CosineWithWarmup {
    /// `get_cosine_schedule_with_warmup` (floor 0).
    ///
    /// # Errors
    /// `base_lr` or `num_cycles` not finite; a step count outside `0..=2^53`.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
        num_cycles: f64,
    ) -> Result<Self, ScheduleError> {
        Ok(CosineWithWarmup {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: check_steps("num_warmup_steps", num_warmup_steps)?,
            num_training_steps: check_steps("num_training_steps", num_training_steps)?,
            num_cycles: check_finite("num_cycles", num_cycles)?,
            min_lr_rate: 0.0,
        })
    }

    /// `get_cosine_with_min_lr_schedule_with_warmup`: exactly one of `min_lr` (absolute,
    /// converted to `min_lr / base_lr`, i.e. `optimizer.defaults["lr"]`) and `min_lr_rate`.
    ///
    /// # Errors
    /// As [`Self::new`], and (transformers' ValueErrors) `min_lr` together with `min_lr_rate`,
    /// or neither; `min_lr` with `base_lr = 0` (ZeroDivisionError in the library).
    pub fn with_min_lr(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
        num_cycles: f64,
        min_lr: Option<f64>,
        min_lr_rate: Option<f64>,
    ) -> Result<Self, ScheduleError> {
        let mut s = Self::new(base_lr, num_warmup_steps, num_training_steps, num_cycles)?;
        s.min_lr_rate = resolve_min_lr_rate(base_lr, min_lr, min_lr_rate)?;
        Ok(s)
    }

    /// The `lr_lambda` (`_get_cosine_schedule_with_warmup_lr_lambda`, the definition with
    /// `min_lr_rate`, which is the one in effect for both factories).
    pub fn factor(&self, step: u64) -> f64 {
        let (s, w, n) = (
            step_i64(step),
            self.num_warmup_steps,
            self.num_training_steps,
        );
        if s < w {
            return linear_warmup(s, w);
        }
        let progress = (s - w) as f64 / (n - w).max(1) as f64;
        let c = 0.5 * (1.0 + (PI * self.num_cycles * 2.0 * progress).cos());
        max0(c * (1.0 - self.min_lr_rate) + self.min_lr_rate)
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

/// transformers' rule for `min_lr` / `min_lr_rate`.
fn resolve_min_lr_rate(
    base_lr: f64,
    min_lr: Option<f64>,
    min_lr_rate: Option<f64>,
) -> Result<f64, ScheduleError> {
    match (min_lr, min_lr_rate) {
        (Some(_), Some(_)) => Err(ScheduleError::invalid(
            "min_lr",
            "(with min_lr_rate)",
            "Only one of min_lr or min_lr_rate should be set",
        )),
        (Some(m), None) => {
            let m = check_finite("min_lr", m)?;
            if base_lr == 0.0 {
                Err(ScheduleError::invalid(
                    "min_lr",
                    m,
                    "min_lr / optimizer.defaults[\"lr\"] divides by base_lr = 0 (ZeroDivisionError)",
                ))
            } else {
                Ok(m / base_lr)
            }
        }
        (None, Some(r)) => check_finite("min_lr_rate", r),
        (None, None) => Err(ScheduleError::invalid(
            "min_lr_rate",
            "None",
            "One of min_lr or min_lr_rate should be set",
        )),
    }
}

/// `get_cosine_with_hard_restarts_schedule_with_warmup(optimizer, W, N, num_cycles=1)`:
/// linear warmup from 0, then with `progress = (step − W) / max(1, N − W)`: 0 once
/// `progress >= 1`, else `max(0, ½(1 + cos(π · ((num_cycles · progress) mod 1))))`.
/// `num_cycles = 1` is a single decay (no restart).
#[derive(Debug, Clone, PartialEq)]
pub struct CosineWithHardRestarts {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `N`, total steps including the warmup.
    pub num_training_steps: i64,
    /// Number of decays (each restart jumps back to `base_lr`).
    pub num_cycles: f64,
}

impl CosineWithHardRestarts {
    /// Builds the schedule.
    ///
    /// # Errors
    /// `base_lr` or `num_cycles` not finite; a step count outside `0..=2^53`.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
        num_cycles: f64,
    ) -> Result<Self, ScheduleError> {
        Ok(CosineWithHardRestarts {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: check_steps("num_warmup_steps", num_warmup_steps)?,
            num_training_steps: check_steps("num_training_steps", num_training_steps)?,
            num_cycles: check_finite("num_cycles", num_cycles)?,
        })
    }

    /// The `lr_lambda` (`_get_cosine_with_hard_restarts_schedule_with_warmup_lr_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let (s, w, n) = (
            step_i64(step),
            self.num_warmup_steps,
            self.num_training_steps,
        );
        if s < w {
            return linear_warmup(s, w);
        }
        let progress = (s - w) as f64 / (n - w).max(1) as f64;
        if progress >= 1.0 {
            return 0.0;
        }
        max0(0.5 * (1.0 + (PI * py_mod(self.num_cycles * progress, 1.0)).cos()))
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

/// `get_polynomial_decay_schedule_with_warmup(optimizer, W, N, lr_end=1e-7, power=1.0)`:
/// linear warmup from 0; for `W <= step <= N`:
/// `lr = (lr_init − lr_end) · (1 − (step − W)/(N − W))^power + lr_end`; after `N`: `lr_end`.
/// `lr_init` is `optimizer.defaults["lr"]`, here `base_lr`. The library computes the factor
/// as that value divided by `lr_init` and LambdaLR multiplies it back, which this keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct PolynomialDecay {
    /// The optimizer's learning rate (`lr_init`).
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `N`, total steps including the warmup.
    pub num_training_steps: i64,
    /// The final rate (absolute), must be below `base_lr`.
    pub lr_end: f64,
    /// Exponent of the decay (1 = linear).
    pub power: f64,
}

impl PolynomialDecay {
    /// Builds the schedule.
    ///
    /// # Errors
    /// `lr_end >= base_lr` (transformers: "lr_end (..) must be smaller than initial lr (..)");
    /// non-finite values; a step count outside `0..=2^53`.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
        lr_end: f64,
        power: f64,
    ) -> Result<Self, ScheduleError> {
        let base_lr = check_finite("base_lr", base_lr)?;
        let lr_end = check_finite("lr_end", lr_end)?;
        let below = base_lr > lr_end; // transformers: `if not (lr_init > lr_end)`
        if !below {
            return Err(ScheduleError::invalid(
                "lr_end",
                lr_end,
                format!("lr_end ({lr_end}) must be smaller than initial lr ({base_lr})"),
            ));
        }
        Ok(PolynomialDecay {
            base_lr,
            num_warmup_steps: check_steps("num_warmup_steps", num_warmup_steps)?,
            num_training_steps: check_steps("num_training_steps", num_training_steps)?,
            lr_end,
            power: check_finite("power", power)?,
        })
    }

    /// The `lr_lambda` (`_get_polynomial_decay_schedule_with_warmup_lr_lambda`).
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] where the library raises `ZeroDivisionError`: at step `N`
    /// when `N == W` (field `num_training_steps`); at step `N` when `power < 0` (`0.0 ** power`,
    /// field `power`); at every step past the warmup when `base_lr = 0` (field `base_lr`).
    pub fn factor(&self, step: u64) -> Result<f64, ScheduleError> {
        let (s, w, n) = (
            step_i64(step),
            self.num_warmup_steps,
            self.num_training_steps,
        );
        if s < w {
            return Ok(linear_warmup(s, w));
        }
        let raised = |field: &str, message: &str| ScheduleError::Raised {
            field: field.into(),
            step: usize::try_from(step).unwrap_or(usize::MAX),
            message: message.into(),
        };
        let lr_init = self.base_lr;
        if lr_init == 0.0 {
            return Err(raised(
                "base_lr",
                "ZeroDivisionError: float division by zero (… / lr_init with lr 0)",
            ));
        }
        if s > n {
            return Ok(self.lr_end / lr_init);
        }
        let lr_range = lr_init - self.lr_end;
        let decay_steps = n - w;
        if decay_steps == 0 {
            return Err(raised(
                "num_training_steps",
                "ZeroDivisionError: division by zero ((current_step - num_warmup_steps) / decay_steps with num_training_steps == num_warmup_steps)",
            ));
        }
        let pct_remaining = 1.0 - (s - w) as f64 / decay_steps as f64;
        if pct_remaining == 0.0 && self.power < 0.0 {
            return Err(raised(
                "power",
                "ZeroDivisionError: 0.0 cannot be raised to a negative power",
            ));
        }
        let decay = lr_range * pct_remaining.powf(self.power) + self.lr_end;
        Ok(decay / lr_init)
    }

    /// `base_lr · factor(step)`.
    ///
    /// # Errors
    /// As [`Self::factor`].
    pub fn lr(&self, step: u64) -> Result<LearningRate, ScheduleError> {
        Ok(self.base_lr * self.factor(step)?)
    }
}

/// `get_inverse_sqrt_schedule(optimizer, num_warmup_steps, timescale=None)`: linear warmup from
/// 0, then `1 / sqrt((step + timescale − W) / timescale)`; `timescale` defaults to `W`, or
/// 10 000 when `W = 0` (big_vision's rsqrt schedule).
#[derive(Debug, Clone, PartialEq)]
pub struct InverseSqrt {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// The time scale (after defaulting), `> 0`.
    pub timescale: i64,
}

impl InverseSqrt {
    /// Builds the schedule (`timescale = None` takes the library's default).
    ///
    /// # Errors
    /// `base_lr` not finite; `num_warmup_steps` outside `0..=2^53`; `timescale <= 0` (the
    /// library raises ZeroDivisionError or "math domain error" after the warmup; Anneal
    /// rejects it up front) or above 2^53.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        timescale: Option<i64>,
    ) -> Result<Self, ScheduleError> {
        let w = check_steps("num_warmup_steps", num_warmup_steps)?;
        let timescale = match timescale {
            None if w == 0 => 10_000,
            None => w,
            Some(t) if t <= 0 => {
                return Err(ScheduleError::invalid(
                    "timescale",
                    t,
                    "must be > 0 (the library raises ZeroDivisionError / math domain error after the warmup)",
                ))
            }
            Some(t) => check_steps("timescale", t)?,
        };
        Ok(InverseSqrt {
            base_lr: check_finite("base_lr", base_lr)?,
            num_warmup_steps: w,
            timescale,
        })
    }

    /// The `lr_lambda` (`_get_inverse_sqrt_schedule_lr_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let (s, w) = (step_i64(step), self.num_warmup_steps);
        if s < w {
            return linear_warmup(s, w);
        }
        let shift = self.timescale - w;
        // Python: (current_step + shift) / timescale is int / int true division.
        let x = (i128::from(s) + i128::from(shift)) as f64 / self.timescale as f64;
        1.0 / x.sqrt()
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

/// `get_cosine_with_min_lr_schedule_with_warmup_lr_rate(optimizer, W, N, num_cycles=0.5,
/// min_lr=None, min_lr_rate=None, warmup_lr_rate=None)`: shifted by one step against
/// [`CosineWithWarmup`].
///
/// Warmup (`step < W`): `(step + 1) / max(1, W)` when `warmup_lr_rate` is None, else
/// `w + (1 − w) · step / max(1, W − 1)`. Then `progress = (step − W + 1) / max(1, N − W)`,
/// `c = ½(1 + cos(π · num_cycles · 2 · progress))`, factor `max(0, c·(1 − r) + r)`.
/// With `W = 0` the first step is already one step into the decay; the floor is reached at
/// step `N − 1`.
#[derive(Debug, Clone, PartialEq)]
pub struct CosineWithMinLrWarmupLrRate {
    /// The optimizer's learning rate.
    pub base_lr: f64,
    /// `W`.
    pub num_warmup_steps: i64,
    /// `N`, total steps including the warmup.
    pub num_training_steps: i64,
    /// Number of cosine waves (0.5 = one half-cosine).
    pub num_cycles: f64,
    /// Floor as a ratio of `base_lr`.
    pub min_lr_rate: f64,
    /// Warmup start as a ratio of `base_lr` (None: `1/W` at step 0).
    pub warmup_lr_rate: Option<f64>,
}

impl CosineWithMinLrWarmupLrRate {
    /// Builds the schedule.
    ///
    /// # Errors
    /// As [`CosineWithWarmup::with_min_lr`]; `warmup_lr_rate` not finite.
    pub fn new(
        base_lr: f64,
        num_warmup_steps: i64,
        num_training_steps: i64,
        num_cycles: f64,
        min_lr: Option<f64>,
        min_lr_rate: Option<f64>,
        warmup_lr_rate: Option<f64>,
    ) -> Result<Self, ScheduleError> {
        let inner = CosineWithWarmup::with_min_lr(
            base_lr,
            num_warmup_steps,
            num_training_steps,
            num_cycles,
            min_lr,
            min_lr_rate,
        )?;
        let warmup_lr_rate = warmup_lr_rate
            .map(|w| check_finite("warmup_lr_rate", w))
            .transpose()?;
        Ok(CosineWithMinLrWarmupLrRate {
            base_lr: inner.base_lr,
            num_warmup_steps: inner.num_warmup_steps,
            num_training_steps: inner.num_training_steps,
            num_cycles: inner.num_cycles,
            min_lr_rate: inner.min_lr_rate,
            warmup_lr_rate,
        })
    }

    /// The `lr_lambda` (`_get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda`).
    pub fn factor(&self, step: u64) -> f64 {
        let s = step_i64(step) as f64;
        let w = self.num_warmup_steps as f64;
        let n = self.num_training_steps as f64;
        if s < w {
            return match self.warmup_lr_rate {
                None => (s + 1.0) / w.max(1.0),
                Some(r) => r + (1.0 - r) * s / (w - 1.0).max(1.0),
            };
        }
        let progress = (s - w + 1.0) / (n - w).max(1.0);
        let c = 0.5 * (1.0 + (PI * self.num_cycles * 2.0 * progress).cos());
        max0(c * (1.0 - self.min_lr_rate) + self.min_lr_rate)
    }

    /// `base_lr · factor(step)`.
    pub fn lr(&self, step: u64) -> LearningRate {
        self.base_lr * self.factor(step)
    }
}

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
                WsdShape::Cosine => 0.5 * (1.0 - (PI * p).cos()),
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
                WsdShape::Cosine => 0.5 * (1.0 + (PI * self.num_cycles * 2.0 * p).cos()),
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

/// Any of the transformers factories, as built by the spec reader.
#[derive(Debug, Clone, PartialEq)]
pub enum TransformersSchedule {
    /// `get_constant_schedule`.
    Constant(ConstantSchedule),
    /// `get_constant_schedule_with_warmup`.
    ConstantWithWarmup(ConstantWithWarmup),
    /// `get_linear_schedule_with_warmup`.
    Linear(LinearWithWarmup),
    /// `get_cosine_schedule_with_warmup` and `get_cosine_with_min_lr_schedule_with_warmup`.
    Cosine(CosineWithWarmup),
    /// `get_cosine_with_hard_restarts_schedule_with_warmup`.
    HardRestarts(CosineWithHardRestarts),
    /// `get_polynomial_decay_schedule_with_warmup`.
    Polynomial(PolynomialDecay),
    /// `get_inverse_sqrt_schedule`.
    InverseSqrt(InverseSqrt),
    /// `get_cosine_with_min_lr_schedule_with_warmup_lr_rate`.
    CosineLrRate(CosineWithMinLrWarmupLrRate),
    /// `get_wsd_schedule`.
    Wsd(Wsd),
}

impl TransformersSchedule {
    /// The rate of optimizer step `step` (0-based): `base_lr · lr_lambda(step)`.
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] where the library raises at that step (polynomial decay only,
    /// see [`PolynomialDecay::factor`]).
    pub fn lr(&self, step: u64) -> Result<LearningRate, ScheduleError> {
        Ok(match self {
            TransformersSchedule::Constant(s) => s.lr(step),
            TransformersSchedule::ConstantWithWarmup(s) => s.lr(step),
            TransformersSchedule::Linear(s) => s.lr(step),
            TransformersSchedule::Cosine(s) => s.lr(step),
            TransformersSchedule::HardRestarts(s) => s.lr(step),
            TransformersSchedule::Polynomial(s) => s.lr(step)?,
            TransformersSchedule::InverseSqrt(s) => s.lr(step),
            TransformersSchedule::CosineLrRate(s) => s.lr(step),
            TransformersSchedule::Wsd(s) => s.lr(step),
        })
    }

    /// The rates of steps `0..n` (what `optimizer.param_groups[0]["lr"]` holds before each
    /// optimizer step, `scheduler.step()` after each).
    ///
    /// # Errors
    /// The first step at which the library raises (see [`Self::lr`]).
    pub fn evaluate(&self, n: usize) -> Result<Evaluation, ScheduleError> {
        (0..n as u64)
            .map(|t| self.lr(t))
            .collect::<Result<Vec<_>, _>>()
            .map(Evaluation::from_lr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn pitfall_e3_warmup_starts_at_zero() {
        // PITFALLS.md E3: HF cosine, num_warmup_steps=4, base 0.1: 0, 0.025, 0.05, 0.075, 0.1.
        let s = CosineWithWarmup::new(0.1, 4, 100, 0.5).unwrap();
        let got: Vec<f64> = (0..5).map(|t| s.lr(t)).collect();
        for (g, w) in got.iter().zip([0.0, 0.025, 0.05, 0.075, 0.1]) {
            assert!(close(*g, w, 1e-16), "{got:?}");
        }
        // golden/README.md: linear warmup 10 -> step 1 gives 0.010000000000000002.
        assert_eq!(
            LinearWithWarmup::new(0.1, 10, 100).unwrap().lr(1),
            0.010000000000000002
        );
    }

    #[test]
    fn pitfall_e4_cosine_rises_after_the_end() {
        // PITFALLS.md E4 / SEMANTICS.md §3: warmup 10, N 100: step 120 -> 0.117, step 190 -> 1.0;
        // the hard-restart variant gives 0.0 there.
        let s = CosineWithWarmup::new(1.0, 10, 100, 0.5).unwrap();
        assert!(close(s.factor(120), 0.117, 5e-4));
        assert!(close(s.factor(190), 1.0, 1e-15));
        let h = CosineWithHardRestarts::new(1.0, 10, 100, 1.0).unwrap();
        assert_eq!((h.factor(120), h.factor(190)), (0.0, 0.0));
    }

    #[test]
    fn pitfall_e1_one_cycle_hard_restart_is_plain_cosine() {
        // PITFALLS.md E1: hard restarts with num_cycles=1 equal cosine with num_cycles=0.5 (before N);
        // with num_cycles=3 the rate jumps back to 1.0 at steps 40 and 70 (W=10, N=100).
        let h1 = CosineWithHardRestarts::new(1.0, 10, 100, 1.0).unwrap();
        let c = CosineWithWarmup::new(1.0, 10, 100, 0.5).unwrap();
        for t in 0..100 {
            assert_eq!(h1.lr(t), c.lr(t), "step {t}");
        }
        let h3 = CosineWithHardRestarts::new(1.0, 10, 100, 3.0).unwrap();
        assert_eq!((h3.lr(40), h3.lr(70)), (1.0, 1.0));
        assert!(h3.lr(39) < 0.01 && h3.lr(69) < 0.01);
    }

    #[test]
    fn hard_restarts_golden_readme_values() {
        // golden/README.md (transformers): num_cycles=3, N=100, base 0.1: step 33 -> 2.467198171342e-05,
        // step 34 -> 0.09990133642141358, step 100 -> 0.0.
        let h = CosineWithHardRestarts::new(0.1, 0, 100, 3.0).unwrap();
        assert!(close(h.lr(33), 2.467198171342e-05, 1e-17));
        assert_eq!(h.lr(34), 0.09990133642141358);
        assert_eq!(h.lr(100), 0.0);
    }

    #[test]
    fn min_lr_is_a_ratio_of_base_lr() {
        // SEMANTICS.md §3: factor = max(0, c(1 - r) + r), r = min_lr / defaults["lr"].
        let s = CosineWithWarmup::with_min_lr(0.1, 0, 100, 0.5, Some(0.001), None).unwrap();
        assert!(close(s.min_lr_rate, 0.01, 1e-18));
        assert!(close(s.lr(100), 0.001, 1e-18));
    }

    #[test]
    fn lr_rate_variant_is_shifted_by_one() {
        // golden/README.md (transformers): warmup 0, min_lr_rate 0.1, N 100: lr[0] = 0.09997779521645793,
        // minimum at step 99 (0.010000000000000002).
        let s = CosineWithMinLrWarmupLrRate::new(0.1, 0, 100, 0.5, None, Some(0.1), None).unwrap();
        assert_eq!(s.lr(0), 0.09997779521645793);
        assert_eq!(s.lr(99), 0.010000000000000002);
    }

    #[test]
    fn polynomial_reaches_lr_end_and_holds() {
        let s = PolynomialDecay::new(0.1, 0, 100, 1e-7, 1.0).unwrap();
        assert!(close(s.lr(100).unwrap(), 1e-7, 1e-20));
        assert!(close(s.lr(150).unwrap(), 1e-7, 1e-20));
    }

    #[test]
    fn inverse_sqrt_default_timescale() {
        // timescale defaults to num_warmup_steps (10): step 10 -> 1, step 30 -> 1/sqrt(3).
        let s = InverseSqrt::new(1.0, 10, None).unwrap();
        assert_eq!(s.timescale, 10);
        assert_eq!(s.lr(10), 1.0);
        assert!(close(s.lr(30), 1.0 / 3f64.sqrt(), 1e-16));
        assert_eq!(InverseSqrt::new(1.0, 0, None).unwrap().timescale, 10_000);
    }

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
    fn python_modulo() {
        assert_eq!(py_mod(2.5, 1.0), 0.5);
        assert_eq!(py_mod(-0.25, 1.0), 0.75);
    }

    #[test]
    fn rejects_lr_end_not_below_lr() {
        let e = PolynomialDecay::new(0.1, 0, 100, 0.1, 1.0).unwrap_err();
        assert_eq!(e.field(), "lr_end");
    }

    #[test]
    fn polynomial_raises_when_no_decay_steps() {
        let s = PolynomialDecay::new(0.1, 10, 10, 0.0, 1.0).unwrap();
        assert!(s.lr(9).is_ok());
        assert!(
            matches!(s.lr(10), Err(ScheduleError::Raised { ref field, step: 10, .. }) if field == "num_training_steps")
        );
        assert!(s.lr(11).is_ok());
    }

    #[test]
    fn polynomial_raises_for_negative_power_at_the_end() {
        let s = PolynomialDecay::new(0.1, 0, 10, 0.0, -1.0).unwrap();
        assert!(
            matches!(s.lr(10), Err(ScheduleError::Raised { ref field, .. }) if field == "power")
        );
    }

    #[test]
    fn polynomial_raises_for_zero_lr() {
        let s = PolynomialDecay::new(0.0, 2, 10, -1.0, 1.0).unwrap();
        assert_eq!(s.lr(1).unwrap(), 0.0);
        assert_eq!(s.lr(2).unwrap_err().field(), "base_lr");
    }

    #[test]
    fn rejects_both_min_lr_and_rate() {
        let e = CosineWithWarmup::with_min_lr(0.1, 0, 10, 0.5, Some(0.01), Some(0.1)).unwrap_err();
        assert_eq!(e.field(), "min_lr");
    }

    #[test]
    fn rejects_neither_min_lr_nor_rate() {
        let e = CosineWithWarmup::with_min_lr(0.1, 0, 10, 0.5, None, None).unwrap_err();
        assert_eq!(e.field(), "min_lr_rate");
    }

    #[test]
    fn rejects_min_lr_with_zero_base_lr() {
        let e =
            CosineWithMinLrWarmupLrRate::new(0.0, 0, 10, 0.5, Some(0.01), None, None).unwrap_err();
        assert_eq!(e.field(), "min_lr");
    }

    #[test]
    fn rejects_non_positive_timescale() {
        assert_eq!(
            InverseSqrt::new(0.1, 0, Some(0)).unwrap_err().field(),
            "timescale"
        );
        assert_eq!(
            InverseSqrt::new(0.1, 0, Some(-3)).unwrap_err().field(),
            "timescale"
        );
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

    #[test]
    fn rejects_negative_step_counts() {
        assert_eq!(
            LinearWithWarmup::new(0.1, -1, 10).unwrap_err().field(),
            "num_warmup_steps"
        );
        assert_eq!(
            ConstantWithWarmup::new(0.1, i64::MAX).unwrap_err().field(),
            "num_warmup_steps"
        );
        assert_eq!(
            CosineWithWarmup::new(0.1, 0, -5, 0.5).unwrap_err().field(),
            "num_training_steps"
        );
    }

    #[test]
    fn rejects_non_finite_base_lr() {
        assert_eq!(
            ConstantSchedule::new(f64::INFINITY).unwrap_err().field(),
            "base_lr"
        );
    }
}
