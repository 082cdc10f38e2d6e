//! `torch.optim.lr_scheduler.OneCycleLR` (SEMANTICS.md §1.3; PITFALLS.md D1, D2).

use std::f64::consts::PI;

use super::finite;
use super::py::{self, PyError};
use crate::schedule::{Evaluation, ScheduleError};

/// How OneCycleLR interpolates within a phase (`anneal_strategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnealStrategy {
    /// `'cos'`: `end + (start − end)/2·(cos(π·pct) + 1)`.
    Cos,
    /// `'linear'`: `(end − start)·pct + start`.
    Linear,
}

impl AnnealStrategy {
    fn apply(self, start: f64, end: f64, pct: f64) -> f64 {
        match self {
            AnnealStrategy::Cos => {
                let cos_out = crate::schedule::pymath::cos(PI * pct) + 1.0;
                end + (start - end) / 2.0 * cos_out
            }
            AnnealStrategy::Linear => (end - start) * pct + start,
        }
    }
}

/// PyTorch's `OneCycleLR` (Smith & Topin, "Super-Convergence", arXiv:1708.07120), source
/// `torch/optim/lr_scheduler.py`. Not chainable: it overwrites the optimizer's lr (the
/// optimizer's own lr is ignored) and, with `cycle_momentum`, its momentum (SGD `momentum` or
/// Adam `beta1`).
///
/// `initial_lr = max_lr/div_factor`, `min_lr = initial_lr/final_div_factor`. Phases end at
/// (float) steps: two-phase `[pct_start·N − 1, N − 1]` (initial→max→min; momentum
/// max→base→max); three-phase `[pct_start·N − 1, 2·pct_start·N − 2, N − 1]`
/// (initial→max→initial→min; momentum max→base→max→max). Step `s` (calls to `step()`, one per
/// batch) uses the first phase with `s ≤ end` (or the last), `pct = (s − start)/(end − start)`.
/// `s = N` is allowed and extrapolates (`pct > 1`); `s > N` raises.
#[derive(Debug, Clone, PartialEq)]
pub struct OneCycleLR {
    /// Peak learning rate.
    pub max_lr: f64,
    /// `N`, the number of steps in the cycle (`total_steps`, or `epochs·steps_per_epoch`).
    pub total_steps: u64,
    /// Fraction of the cycle spent increasing the lr (default 0.3).
    pub pct_start: f64,
    /// Interpolation (default cos).
    pub anneal_strategy: AnnealStrategy,
    /// Whether momentum is cycled inversely to the lr (default true).
    pub cycle_momentum: bool,
    /// Momentum at the lr peak (default 0.85).
    pub base_momentum: f64,
    /// Momentum at the start and end (default 0.95).
    pub max_momentum: f64,
    /// `initial_lr = max_lr/div_factor` (default 25).
    pub div_factor: f64,
    /// `min_lr = initial_lr/final_div_factor` (default 1e4).
    pub final_div_factor: f64,
    /// Smith's three phases instead of fastai's two (default false).
    pub three_phase: bool,
}

struct Phase {
    end_step: f64,
    start_lr: f64,
    end_lr: f64,
    start_m: f64,
    end_m: f64,
}

impl OneCycleLR {
    /// The defaults of PyTorch for a given `max_lr` and `total_steps`.
    pub fn with_defaults(max_lr: f64, total_steps: u64) -> Self {
        OneCycleLR {
            max_lr,
            total_steps,
            pct_start: 0.3,
            anneal_strategy: AnnealStrategy::Cos,
            cycle_momentum: true,
            base_momentum: 0.85,
            max_momentum: 0.95,
            div_factor: 25.0,
            final_div_factor: 1e4,
            three_phase: false,
        }
    }

    /// Checks PyTorch's rules on an assembled value.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] naming the field: `total_steps = 0` ("Expected positive
    /// integer total_steps"), `pct_start` outside `[0, 1]` ("Expected float between 0 and 1
    /// pct_start"), non-finite floats; [`ScheduleError::Raised`] at step 0 for
    /// `div_factor = 0` or `final_div_factor = 0` (`ZeroDivisionError` in the constructor).
    pub fn validate(&self) -> Result<(), ScheduleError> {
        if self.total_steps == 0 {
            return Err(ScheduleError::invalid(
                "total_steps",
                0,
                "Expected positive integer total_steps, but got 0",
            ));
        }
        finite("pct_start", self.pct_start)?;
        if !(0.0..=1.0).contains(&self.pct_start) {
            return Err(ScheduleError::invalid(
                "pct_start",
                self.pct_start,
                format!(
                    "Expected float between 0 and 1 pct_start, but got {}",
                    self.pct_start
                ),
            ));
        }
        for (f, v) in [
            ("max_lr", self.max_lr),
            ("base_momentum", self.base_momentum),
            ("max_momentum", self.max_momentum),
            ("div_factor", self.div_factor),
            ("final_div_factor", self.final_div_factor),
        ] {
            finite(f, v)?;
        }
        self.lrs_init().map(|_| ()).map_err(|e| e.at(0))
    }

    fn lrs_init(&self) -> Result<(f64, f64), PyError> {
        let initial = py::div(self.max_lr, self.div_factor, "div_factor")?;
        let min = py::div(initial, self.final_div_factor, "final_div_factor")?;
        Ok((initial, min))
    }

    fn phases(&self) -> Result<Vec<Phase>, PyError> {
        let (initial, min) = self.lrs_init()?;
        let n = self.total_steps as f64;
        let (max, bm, mm) = (self.max_lr, self.base_momentum, self.max_momentum);
        let p1 = self.pct_start * n - 1.0;
        Ok(if self.three_phase {
            vec![
                Phase {
                    end_step: p1,
                    start_lr: initial,
                    end_lr: max,
                    start_m: mm,
                    end_m: bm,
                },
                Phase {
                    end_step: 2.0 * self.pct_start * n - 2.0,
                    start_lr: max,
                    end_lr: initial,
                    start_m: bm,
                    end_m: mm,
                },
                Phase {
                    end_step: n - 1.0,
                    start_lr: initial,
                    end_lr: min,
                    start_m: mm,
                    end_m: mm,
                },
            ]
        } else {
            vec![
                Phase {
                    end_step: p1,
                    start_lr: initial,
                    end_lr: max,
                    start_m: mm,
                    end_m: bm,
                },
                Phase {
                    end_step: n - 1.0,
                    start_lr: max,
                    end_lr: min,
                    start_m: bm,
                    end_m: mm,
                },
            ]
        })
    }

    fn at_with(&self, phases: &[Phase], step: u64) -> Result<(f64, f64), PyError> {
        if step > self.total_steps {
            return Err(PyError {
                field: "total_steps",
                message: format!(
                    "ValueError: Tried to step {step} times. The specified number of total steps is {}",
                    self.total_steps
                ),
            });
        }
        let s = step as f64;
        let mut start = 0.0;
        let last = phases.len().saturating_sub(1);
        for (i, ph) in phases.iter().enumerate() {
            if s <= ph.end_step || i == last {
                let pct = py::div(s - start, ph.end_step - start, "pct_start")?;
                let lr = self.anneal_strategy.apply(ph.start_lr, ph.end_lr, pct);
                let m = self.anneal_strategy.apply(ph.start_m, ph.end_m, pct);
                return Ok((lr, m));
            }
            start = ph.end_step;
        }
        Err(PyError {
            field: "total_steps",
            message: "no phase".into(),
        })
    }

    /// `(lr, momentum)` after `step` calls to `step()` (`step = 0`: right after construction).
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] at `step`: naming `total_steps` when `step > total_steps`
    /// ("Tried to step …"); naming `pct_start` when the step falls in a zero-length phase
    /// (`ZeroDivisionError`); `div_factor`/`final_div_factor` when zero.
    pub fn at(&self, step: u64) -> Result<(f64, f64), ScheduleError> {
        let at = usize::try_from(step).unwrap_or(usize::MAX);
        let phases = self.phases().map_err(|e| e.at(0))?;
        self.at_with(&phases, step).map_err(|e| e.at(at))
    }

    /// The `step()` protocol over `n` steps: learning rates, and momenta when
    /// `cycle_momentum` (else `momentum` is `None`).
    ///
    /// # Errors
    /// As [`OneCycleLR::at`]; `n > total_steps + 1` raises at step `total_steps + 1`.
    pub fn evaluate(&self, n: usize) -> Result<Evaluation, ScheduleError> {
        self.validate()?;
        let phases = self.phases().map_err(|e| e.at(0))?;
        let mut lr = Vec::with_capacity(n);
        let mut mom = Vec::with_capacity(n);
        for i in 0..n {
            let (l, m) = self.at_with(&phases, i as u64).map_err(|e| e.at(i))?;
            lr.push(l);
            mom.push(m);
        }
        Ok(Evaluation {
            lr,
            momentum: self.cycle_momentum.then_some(mom),
            quirks: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pitfall_d1_extrapolates_at_total_steps_then_raises() {
        // PITFALLS.md D1 / SEMANTICS.md §1.3: max_lr 0.1, N 100: s=99 → 4e-7, s=100 → 5.07e-5,
        // s=101 raises.
        let s = OneCycleLR::with_defaults(0.1, 100);
        let e = s.evaluate(101).unwrap();
        assert!((e.lr[99] - 4e-7).abs() < 1e-15);
        assert!((e.lr[100] - 5.07e-5).abs() < 1e-7);
        assert!((e.lr[0] - 0.004).abs() < 1e-15);
        assert!((e.lr[29] - 0.1).abs() < 1e-15);
        assert!((e.lr[50] - 0.0794).abs() < 1e-4);
        let err = s.evaluate(102).unwrap_err();
        assert!(
            matches!(err, ScheduleError::Raised { ref field, step: 101, .. } if field == "total_steps")
        );
    }

    #[test]
    fn pitfall_d2_three_phase_returns_to_initial() {
        // PITFALLS.md D2: three-phase: peak at 29, back to 0.004 at 58, then down to 4e-7 at 99.
        let mut s = OneCycleLR::with_defaults(0.1, 100);
        s.three_phase = true;
        let e = s.evaluate(100).unwrap();
        assert!((e.lr[29] - 0.1).abs() < 1e-15);
        assert!((e.lr[58] - 0.004).abs() < 1e-15);
        assert!((e.lr[99] - 4e-7).abs() < 1e-15);
    }

    #[test]
    fn total_steps_must_be_positive() {
        assert_eq!(
            OneCycleLR::with_defaults(0.1, 0)
                .validate()
                .unwrap_err()
                .field(),
            "total_steps"
        );
    }

    #[test]
    fn pct_start_must_be_in_unit_interval() {
        let mut s = OneCycleLR::with_defaults(0.1, 100);
        s.pct_start = 1.5;
        assert_eq!(s.validate().unwrap_err().field(), "pct_start");
    }

    #[test]
    fn div_factor_zero_raises() {
        let mut s = OneCycleLR::with_defaults(0.1, 100);
        s.div_factor = 0.0;
        assert!(
            matches!(s.validate(), Err(ScheduleError::Raised { ref field, step: 0, .. }) if field == "div_factor")
        );
    }

    #[test]
    fn degenerate_phase_raises_zero_division() {
        // pct_start·N − 1 = 0: the first phase has zero length, step 0 divides by zero.
        let mut s = OneCycleLR::with_defaults(0.1, 10);
        s.pct_start = 0.1;
        assert!(
            matches!(s.evaluate(3), Err(ScheduleError::Raised { ref field, step: 0, .. }) if field == "pct_start")
        );
    }
}
