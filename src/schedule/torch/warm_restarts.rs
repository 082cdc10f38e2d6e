//! `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts` (SEMANTICS.md §1.2; PITFALLS.md A1,
//! A2, A4).

use std::f64::consts::PI;

use super::chain::TorchStep;
use super::finite;
use super::py::{self, PyError};
use crate::schedule::cycle;
use crate::schedule::ScheduleError;

/// PyTorch's `CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0.0)` (SGDR,
/// Loshchilov & Hutter, arXiv:1608.03983), source `torch/optim/lr_scheduler.py`.
///
/// `η = η_min + (η_base − η_min)(1 + cos(π·T_cur/T_i))/2`, with run `i` of length
/// `T_i = T_0·T_mult^i` starting at `S_i = T_0(T_mult^i − 1)/(T_mult − 1)`.
///
/// - Integer `step()` protocol ([`CosineAnnealingWarmRestarts::lr`]): `T_cur ∈ 0..T_i−1`, so
///   the restart step is `η_base` and `η_min` is never reached (pytorch#47560).
/// - Explicit `step(epoch)` with fractional epochs
///   ([`CosineAnnealingWarmRestarts::lr_at_epoch`]): `T_cur` is fractional; Anneal locates the
///   run exactly ([`cycle::locate`]). PyTorch finds it with
///   `int(math.log(epoch/T_0·(T_mult−1) + 1, T_mult))`, which is wrong at some restart points
///   (`T_0 = 1, T_mult = 3, epoch = 121` gives `η_min`); that value is
///   [`CosineAnnealingWarmRestarts::library_lr_at_epoch`].
///
/// No per-run peak decay (pytorch#62640). `eta_min` is an absolute learning rate.
#[allow(non_snake_case)]
#[derive(Debug, Clone, PartialEq)]
pub struct CosineAnnealingWarmRestarts {
    /// The optimizer's learning rate (`initial_lr`), the peak of every run.
    pub base_lr: f64,
    /// Length of the first run, in calls to `step()` (or epochs with `step(epoch)`). ≥ 1.
    pub T_0: u64,
    /// Growth factor of the run length after each restart; an integer ≥ 1.
    pub T_mult: u64,
    /// The floor, an absolute learning rate (default 0.0).
    pub eta_min: f64,
}

impl CosineAnnealingWarmRestarts {
    /// Validates and builds the schedule with PyTorch's own rules.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] naming the field:
    /// - `T_0 ≤ 0`: "Expected positive integer T_0";
    /// - `T_mult < 1`: "Expected integer T_mult >= 1" (pytorch#95122: no shrinking runs);
    /// - `base_lr`, `eta_min` not finite.
    #[allow(non_snake_case)]
    pub fn new(base_lr: f64, T_0: i64, T_mult: i64, eta_min: f64) -> Result<Self, ScheduleError> {
        if T_0 <= 0 {
            return Err(ScheduleError::invalid(
                "T_0",
                T_0,
                format!("Expected positive integer T_0, but got {T_0}"),
            ));
        }
        if T_mult < 1 {
            return Err(ScheduleError::invalid(
                "T_mult",
                T_mult,
                format!("Expected integer T_mult >= 1, but got {T_mult}"),
            ));
        }
        finite("base_lr", base_lr)?;
        finite("eta_min", eta_min)?;
        Ok(CosineAnnealingWarmRestarts {
            base_lr,
            T_0: T_0 as u64,
            T_mult: T_mult as u64,
            eta_min,
        })
    }

    /// `get_lr()` for a given `T_cur` and `T_i`.
    fn formula(&self, t_cur: f64, t_i: f64) -> f64 {
        self.eta_min
            + (self.base_lr - self.eta_min) * (1.0 + crate::schedule::pymath::cos(PI * t_cur / t_i))
                / 2.0
    }

    /// `(cycle index, T_cur, T_i)` at integer step `t` of the `step()` protocol, located with
    /// exact integer arithmetic ([`cycle::locate_steps`]).
    pub fn cycle(&self, t: u64) -> (u32, u64, u64) {
        cycle::locate_steps(t, self.T_0, self.T_mult)
    }

    /// The learning rate at integer step `t` of the plain `step()` protocol
    /// (`T_cur ∈ 0..T_i−1`; equals `base_lr` exactly at every restart).
    pub fn lr(&self, t: u64) -> f64 {
        let (_, t_cur, t_i) = self.cycle(t);
        self.formula(t_cur as f64, t_i as f64)
    }

    /// The correct learning rate at an explicit, possibly fractional, `epoch ≥ 0`
    /// (`step(epoch)` semantics, run located exactly). Negative epochs, which PyTorch rejects,
    /// are evaluated as 0.
    pub fn lr_at_epoch(&self, epoch: f64) -> f64 {
        let (t_cur, t_i) = if self.T_mult == 1 {
            // Python's float `%` is exact (fmod), so this is both correct and what torch does.
            (epoch.max(0.0) % self.T_0 as f64, self.T_0 as f64)
        } else {
            let p = cycle::locate(epoch, self.T_0 as f64, self.T_mult as f64);
            (p.t_cur, p.t_i)
        };
        self.formula(t_cur, t_i)
    }

    /// `(T_cur, T_i)` exactly as PyTorch's `step(epoch)` computes them (float logarithm).
    pub fn library_position(&self, epoch: f64) -> (f64, f64) {
        let t0 = self.T_0 as f64;
        if epoch < t0 {
            return (epoch.max(0.0), t0);
        }
        if self.T_mult == 1 {
            return (epoch % t0, t0);
        }
        let m = self.T_mult;
        let x = epoch / t0 * (m - 1) as f64 + 1.0;
        let n = py::log(x, m as f64).trunc();
        let n = if n.is_finite() && n >= 0.0 {
            n.min(u32::MAX as f64) as u32
        } else {
            0
        };
        // Python ints are exact: T_0·(T_mult^n − 1) / (T_mult − 1) as a correctly rounded float.
        let pow = (m as u128).checked_pow(n);
        let start = pow
            .and_then(|p| (self.T_0 as u128).checked_mul(p - 1))
            .map(|num| num as f64 / (m - 1) as f64)
            .unwrap_or(f64::INFINITY);
        let t_i = pow
            .and_then(|p| (self.T_0 as u128).checked_mul(p))
            .map(|v| v as f64)
            .unwrap_or(f64::INFINITY);
        (epoch - start, t_i)
    }

    /// What PyTorch's `step(epoch)` sets the learning rate to (float-log run location). Differs
    /// from [`CosineAnnealingWarmRestarts::lr_at_epoch`] only where the float logarithm lands
    /// in the wrong run (e.g. `T_0 = 1, T_mult = 3, epoch = 121` → `eta_min`).
    pub fn library_lr_at_epoch(&self, epoch: f64) -> f64 {
        let (t_cur, t_i) = self.library_position(epoch);
        self.formula(t_cur, t_i)
    }

    /// The `step()` protocol over `n` steps.
    pub fn lrs(&self, n: usize) -> Vec<f64> {
        (0..n as u64).map(|t| self.lr(t)).collect()
    }

    /// The state machine PyTorch runs (used inside `SequentialLR` / `ChainedScheduler`).
    pub(crate) fn stepper(&self) -> WarmRestartsStepper<'_> {
        WarmRestartsStepper {
            s: self,
            last_epoch: -1,
            t_cur: 0,
            t_i: self.T_0,
        }
    }
}

/// `CosineAnnealingWarmRestarts` with its `last_epoch`, `T_cur`, `T_i` state.
pub(crate) struct WarmRestartsStepper<'a> {
    s: &'a CosineAnnealingWarmRestarts,
    last_epoch: i64,
    t_cur: u64,
    t_i: u64,
}

impl WarmRestartsStepper<'_> {
    fn apply(&self, lr: &mut f64) {
        *lr = self.s.formula(self.t_cur as f64, self.t_i as f64);
    }
}

impl TorchStep for WarmRestartsStepper<'_> {
    fn initial_step(&mut self, lr: &mut f64) -> Result<(), PyError> {
        self.step(lr)
    }

    fn step(&mut self, lr: &mut f64) -> Result<(), PyError> {
        if self.last_epoch < 0 {
            // step(None) before any step: epoch = 0 through the explicit path.
            self.t_i = self.s.T_0;
            self.t_cur = 0;
            self.last_epoch = 0;
        } else {
            self.last_epoch = self.last_epoch.saturating_add(1);
            self.t_cur = self.t_cur.saturating_add(1);
            if self.t_cur >= self.t_i {
                self.t_cur %= self.t_i.max(1);
                self.t_i = self.t_i.saturating_mul(self.s.T_mult);
            }
        }
        self.apply(lr);
        Ok(())
    }

    fn update_lr_at(&mut self, epoch: i64, lr: &mut f64) -> Result<(), PyError> {
        // No _get_closed_form_lr: get_lr() with the current T_cur, T_i.
        self.last_epoch = epoch;
        self.apply(lr);
        Ok(())
    }

    fn undo(&mut self) {
        self.last_epoch = self.last_epoch.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pitfall_a1_first_lr_and_restart_index() {
        // PITFALLS.md A1 / SEMANTICS.md §1.2: SGD(lr=0.5), T_0=1, T_mult=2, 9 reads.
        let s = CosineAnnealingWarmRestarts::new(0.5, 1, 2, 0.0).unwrap();
        let want = [0.5, 0.5, 0.25, 0.5, 0.4268, 0.25, 0.0732, 0.5, 0.4810];
        for (t, w) in want.iter().enumerate() {
            assert!((s.lr(t as u64) - w).abs() < 1e-4, "t = {t}");
        }
        assert_eq!(s.lr(7), 0.5);
    }

    #[test]
    fn pitfall_a2_eta_min_never_reached() {
        // PITFALLS.md A2: lr 0.1, T_0=10, T_mult=1, eta_min 3.2e-6: lowest at step 9 = 0.002450,
        // step 10 jumps back to 0.1.
        let s = CosineAnnealingWarmRestarts::new(0.1, 10, 1, 3.2e-6).unwrap();
        let lrs = s.lrs(21);
        let min = lrs.iter().cloned().fold(f64::INFINITY, f64::min);
        assert!((lrs[9] - 0.002450).abs() < 1e-6);
        assert_eq!(min, lrs[9]);
        assert_eq!(lrs[10], 0.1);
    }

    #[test]
    fn state_machine_equals_exact_location() {
        let s = CosineAnnealingWarmRestarts::new(0.1, 3, 2, 0.01).unwrap();
        let via_steps = super::super::chain::run(&mut s.stepper(), 0.1, 60).unwrap();
        assert_eq!(via_steps, s.lrs(60));
    }

    #[test]
    fn fractional_epochs_match_semantics() {
        // tests/data/README.md: T_0=5, T_mult=2, lr 0.1: e=4.75 → 0.0006155829702431171,
        // e=5.0 → 0.1, e=5.25 → 0.0998458666866564.
        let s = CosineAnnealingWarmRestarts::new(0.1, 5, 2, 0.0).unwrap();
        assert!((s.lr_at_epoch(4.75) - 0.0006155829702431171).abs() < 1e-17);
        assert_eq!(s.lr_at_epoch(5.0), 0.1);
        assert!((s.lr_at_epoch(5.25) - 0.0998458666866564).abs() < 1e-16);
    }

    #[test]
    fn float_log_quirk_is_emulated() {
        // SEMANTICS.md §1.2: T_0=1, T_mult=3, step(121) gives eta_min (T_cur = T_i = 81);
        // T_mult=10 at e=111 likewise. The exact location restarts.
        let s = CosineAnnealingWarmRestarts::new(1.0, 1, 3, 0.0).unwrap();
        assert_eq!(s.library_position(121.0), (81.0, 81.0));
        assert_eq!(s.library_lr_at_epoch(121.0), 0.0);
        assert_eq!(s.lr_at_epoch(121.0), 1.0);
        let s = CosineAnnealingWarmRestarts::new(1.0, 1, 10, 0.0).unwrap();
        assert_eq!(s.library_lr_at_epoch(111.0), 0.0);
        assert_eq!(s.lr_at_epoch(111.0), 1.0);
    }

    #[test]
    fn t_0_must_be_positive() {
        for t0 in [0, -1] {
            assert_eq!(
                CosineAnnealingWarmRestarts::new(0.1, t0, 1, 0.0)
                    .unwrap_err()
                    .field(),
                "T_0"
            );
        }
    }

    #[test]
    fn t_mult_must_be_at_least_one() {
        let e = CosineAnnealingWarmRestarts::new(0.1, 5, 0, 0.0).unwrap_err();
        assert!(e.to_string().contains("Expected integer T_mult >= 1"));
        assert_eq!(e.field(), "T_mult");
    }

    #[test]
    fn non_finite_eta_min_is_rejected() {
        for v in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
            assert_eq!(
                CosineAnnealingWarmRestarts::new(0.1, 5, 1, v)
                    .unwrap_err()
                    .field(),
                "eta_min"
            );
        }
    }
}
