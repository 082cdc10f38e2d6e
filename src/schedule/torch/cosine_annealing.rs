//! `torch.optim.lr_scheduler.CosineAnnealingLR` (SEMANTICS.md §1.1; PITFALLS.md B1–B3).

use std::f64::consts::PI;

use super::chain::{self, Ctx, Rule, Runner};
use super::finite;
use super::py::{self, PyError};
use crate::schedule::ScheduleError;

/// PyTorch's `CosineAnnealingLR(optimizer, T_max, eta_min=0.0)`: cosine annealing *without
/// restarts* (SGDR, Loshchilov & Hutter, arXiv:1608.03983), source
/// `torch/optim/lr_scheduler.py`.
///
/// - Closed form (`_get_closed_form_lr`, used by `step(epoch)`):
///   `η_t = η_min + (η_base − η_min)·(1 + cos(π·t/T_max))/2`, `t` = `last_epoch` in calls to
///   `step()` (steps or epochs, whatever the caller steps per). It reaches `eta_min` at
///   `t = T_max` and is **periodic** with period `2·T_max` afterwards (no clamp).
/// - Chainable form (`get_lr`, what plain `step()` uses and what the golden `lr` is): `t = 0`
///   keeps `η_base`; if `(t − 1 − T_max) mod 2T_max = 0`,
///   `η_t = η_{t−1} + (η_base − η_min)(1 − cos(π/T_max))/2` (the branch added for
///   pytorch#17913); else
///   `η_t = η_min + (η_{t−1} − η_min)(1 + cos(π t/T_max))/(1 + cos(π(t−1)/T_max))`.
///   With nothing else touching the lr, both forms agree closely: a few ulps over the first
///   period, a relative drift of order 1e-12 after several periods (e.g. base 4.997…,
///   `eta_min` 8.15…, `T_max` 154, t = 616), exactly as CPython computes it.
///
/// `eta_min` is an absolute learning rate.
#[allow(non_snake_case)]
#[derive(Debug, Clone, PartialEq)]
pub struct CosineAnnealingLR {
    /// The optimizer's learning rate (`initial_lr`), `η_base`.
    pub base_lr: f64,
    /// Half-period in calls to `step()`; `η_min` is reached at `t = T_max`. At least 1.
    pub T_max: u64,
    /// The floor, an absolute learning rate (default 0.0).
    pub eta_min: f64,
}

impl CosineAnnealingLR {
    /// Validates and builds the schedule.
    ///
    /// # Errors
    /// - `T_max = 0`: [`ScheduleError::Raised`] at step 1 (PyTorch's first `step()` raises
    ///   `ZeroDivisionError: integer modulo by zero`).
    /// - `T_max < 0`: [`ScheduleError::Invalid`] (PyTorch computes with it; Anneal rejects a
    ///   negative period).
    /// - `base_lr` or `eta_min` not finite: [`ScheduleError::Invalid`] naming it.
    #[allow(non_snake_case)]
    pub fn new(base_lr: f64, T_max: i64, eta_min: f64) -> Result<Self, ScheduleError> {
        finite("base_lr", base_lr)?;
        finite("eta_min", eta_min)?;
        if T_max == 0 {
            return Err(ScheduleError::Raised {
                field: "T_max".into(),
                step: 1,
                message: "ZeroDivisionError: integer modulo by zero (T_max = 0)".into(),
            });
        }
        if T_max < 0 {
            return Err(ScheduleError::invalid(
                "T_max",
                T_max,
                "must be a positive integer",
            ));
        }
        Ok(CosineAnnealingLR {
            base_lr,
            T_max: T_max as u64,
            eta_min,
        })
    }

    fn t_max(&self) -> f64 {
        self.T_max as f64
    }

    /// The closed form `η_min + (η_base − η_min)(1 + cos(π t / T_max))/2` at step `t`,
    /// periodic past `T_max` (equals `η_base` again at `t = 2·T_max`).
    pub fn closed_form(&self, t: u64) -> f64 {
        self.closed_form_at(t as f64)
    }

    /// The closed form at an explicit epoch `epoch` (what PyTorch's deprecated
    /// `scheduler.step(epoch)` sets: `last_epoch = epoch`, then `_get_closed_form_lr()`),
    /// computed in PyTorch's operation order `math.pi * epoch / T_max`, so an integer epoch
    /// gives exactly [`CosineAnnealingLR::closed_form`]. Fractional epochs are allowed, as
    /// in Python. A non-finite `epoch` gives NaN (Python raises `ValueError`; the spec layer
    /// accepts only finite epochs).
    pub fn closed_form_at(&self, epoch: f64) -> f64 {
        self.eta_min
            + (self.base_lr - self.eta_min)
                * (1.0 + crate::schedule::pymath::cos(PI * epoch / self.t_max()))
                / 2.0
    }

    /// PyTorch's chainable sequence for `t = 0..n−1` (the values `step()` produces), including
    /// the special additive branch at `t ≡ T_max + 1 (mod 2·T_max)`.
    ///
    /// Where PyTorch would raise (`1 + cos(π(t−1)/T_max)` rounding to 0, possible only for
    /// `T_max` above ~3·10^8) the sequence stops early; [`CosineAnnealingLR::try_recursive`]
    /// reports that as an error instead.
    pub fn recursive(&self, n: usize) -> Vec<f64> {
        let mut out = Vec::with_capacity(n);
        let mut runner = Runner::new(self);
        let mut lr = self.base_lr;
        for i in 0..n {
            let r = if i == 0 {
                chain::TorchStep::initial_step(&mut runner, &mut lr)
            } else {
                chain::TorchStep::step(&mut runner, &mut lr)
            };
            if r.is_err() {
                break;
            }
            out.push(lr);
        }
        out
    }

    /// As [`CosineAnnealingLR::recursive`], with PyTorch's exception as an error.
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] naming `T_max` at the step where PyTorch raises.
    pub fn try_recursive(&self, n: usize) -> Result<Vec<f64>, ScheduleError> {
        chain::run(&mut Runner::new(self), self.base_lr, n)
    }
}

impl Rule for CosineAnnealingLR {
    fn get_lr(&self, cx: &Ctx, lr: f64) -> Result<f64, PyError> {
        let t = cx.last_epoch;
        let tm = self.T_max as i128;
        if cx.initial {
            return Ok(lr);
        }
        if cx.step_count == 1 && t > 0 {
            // Resuming with last_epoch > 0: the closed form (never hit by the step() protocol).
            return self.closed_form_lr(t);
        }
        if (t as i128 - 1 - tm).rem_euclid(2 * tm) == 0 {
            let c = py::cos(PI / self.t_max(), "T_max")?;
            return Ok(lr + (self.base_lr - self.eta_min) * (1.0 - c) / 2.0);
        }
        let num = 1.0 + py::cos(PI * t as f64 / self.t_max(), "T_max")?;
        let den = 1.0 + py::cos(PI * (t - 1) as f64 / self.t_max(), "T_max")?;
        Ok(py::div(num, den, "T_max")? * (lr - self.eta_min) + self.eta_min)
    }

    fn closed_form_lr(&self, last_epoch: i64) -> Result<f64, PyError> {
        let c = py::cos(PI * last_epoch as f64 / self.t_max(), "T_max")?;
        Ok(self.eta_min + (self.base_lr - self.eta_min) * (1.0 + c) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::abs_diff_eq;

    #[test]
    fn pitfall_b2_values_base_half_t_max_5() {
        // PITFALLS.md B2 / SEMANTICS.md §1.1: base 0.5, T_max 5, epochs 0..10.
        let s = CosineAnnealingLR::new(0.5, 5, 0.0).unwrap();
        let want = [
            0.5, 0.4523, 0.3273, 0.1727, 0.0477, 0.0, 0.0477, 0.1727, 0.3273, 0.4523, 0.5,
        ];
        let rec = s.recursive(11);
        for (t, w) in want.iter().enumerate() {
            assert!(
                abs_diff_eq!(rec[t], *w, epsilon = 1e-4),
                "t = {t}: {}",
                rec[t]
            );
            assert!(
                abs_diff_eq!(s.closed_form(t as u64), *w, epsilon = 1e-4),
                "t = {t}"
            );
        }
        assert!(abs_diff_eq!(rec[5], 0.0, epsilon = 1e-15));
    }

    #[test]
    fn pitfall_b1_no_division_by_zero_after_t_max() {
        // PITFALLS.md B1: SGD(lr=1.0), T_max=10, 20 steps: step 11 = (1+cos(1.1π))/2 = 0.02447,
        // back to 1.0 at step 20.
        let s = CosineAnnealingLR::new(1.0, 10, 0.0).unwrap();
        let rec = s.try_recursive(21).unwrap();
        assert!(abs_diff_eq!(rec[11], 0.02447, epsilon = 1e-5));
        assert!(abs_diff_eq!(rec[20], 1.0, epsilon = 1e-14));
        assert!(rec.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn pitfall_b3_lr_rises_after_t_max() {
        // PITFALLS.md B3: T_max=10, base 3e-4: 0 at step 10, 1.04e-4 at step 14 (rising).
        let s = CosineAnnealingLR::new(3e-4, 10, 0.0).unwrap();
        let rec = s.recursive(15);
        assert!(abs_diff_eq!(rec[10], 0.0, epsilon = 1e-18));
        assert!(abs_diff_eq!(rec[14], 1.04e-4, epsilon = 1e-6));
        assert!(rec[14] > rec[13]);
    }

    #[test]
    fn t_max_one_alternates_exactly() {
        // tests/data/torch.json case 0: T_max=1, eta_min 0.001, lr 0.1 → 0.1, 0.001, 0.1, 0.001.
        let s = CosineAnnealingLR::new(0.1, 1, 0.001).unwrap();
        assert_eq!(s.recursive(4), vec![0.1, 0.001, 0.1, 0.001]);
    }

    #[test]
    fn closed_form_at_integer_epochs_is_closed_form() {
        // golden/README.md: T_max=50, step 5: closed 0.09755282581475769 (recursive …767).
        let s = CosineAnnealingLR::new(0.1, 50, 0.0).unwrap();
        assert_eq!(s.closed_form_at(5.0), 0.09755282581475769);
        assert_eq!(s.closed_form(5), s.closed_form_at(5.0));
        assert_eq!(s.recursive(6)[5], 0.09755282581475767);
        // Fractional epochs sit between their neighbours on the way down.
        let mid = s.closed_form_at(5.5);
        assert!(s.closed_form(6) < mid && mid < s.closed_form(5));
    }

    #[test]
    fn t_max_zero_raises_at_first_step() {
        let e = CosineAnnealingLR::new(0.1, 0, 0.0).unwrap_err();
        assert!(matches!(e, ScheduleError::Raised { ref field, step: 1, .. } if field == "T_max"));
    }

    #[test]
    fn negative_t_max_is_rejected() {
        assert_eq!(
            CosineAnnealingLR::new(0.1, -3, 0.0).unwrap_err().field(),
            "T_max"
        );
    }

    #[test]
    fn non_finite_base_lr_and_eta_min_are_rejected() {
        for v in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
            assert_eq!(
                CosineAnnealingLR::new(v, 5, 0.0).unwrap_err().field(),
                "base_lr"
            );
            assert_eq!(
                CosineAnnealingLR::new(0.1, 5, v).unwrap_err().field(),
                "eta_min"
            );
        }
    }
}
