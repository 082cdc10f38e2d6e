//! `torch.optim.lr_scheduler.CyclicLR`.

use super::finite;
use super::py::{self, PyError};
use crate::schedule::{Evaluation, ScheduleError};

/// The amplitude policy of CyclicLR (`mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CyclicMode {
    /// `'triangular'`: constant amplitude.
    Triangular,
    /// `'triangular2'`: amplitude halved each cycle (`1/2^(cycle−1)`).
    Triangular2,
    /// `'exp_range'`: amplitude scaled by `gamma^t` (t = steps so far).
    ExpRange,
}

/// PyTorch's `CyclicLR` (Smith, "Cyclical Learning Rates for Training Neural Networks",
/// arXiv:1506.01186), source `torch/optim/lr_scheduler.py`. Not chainable: the constructor
/// overwrites the optimizer's lr with `base_lr` (the kwarg, not the optimizer's lr).
///
/// With `total = up + down` and `t` = calls to `step()` (one per batch):
/// `cycle = ⌊1 + t/total⌋`, `x = 1 + t/total − cycle`, `scale = x/r` if `x ≤ r` else
/// `(x − 1)/(r − 1)` with `r = up/total`; `lr = base_lr + (max_lr − base_lr)·scale·f`, where
/// `f` is 1, `1/2^(cycle−1)` or `gamma^t` by `mode`. Momentum (when `cycle_momentum`):
/// `max_momentum − (max_momentum − base_momentum)·scale·f`.
#[derive(Debug, Clone, PartialEq)]
pub struct CyclicLR {
    /// Lower lr boundary (the kwarg `base_lr`).
    pub base_lr: f64,
    /// Upper lr boundary.
    pub max_lr: f64,
    /// Steps in the increasing half (default 2000; PyTorch converts it with `float()`).
    pub step_size_up: f64,
    /// Steps in the decreasing half (default: `step_size_up`).
    pub step_size_down: Option<f64>,
    /// Amplitude policy (default triangular).
    pub mode: CyclicMode,
    /// `exp_range` base (default 1.0).
    pub gamma: f64,
    /// Whether momentum is cycled inversely (default true).
    pub cycle_momentum: bool,
    /// Momentum at the lr peak (default 0.8).
    pub base_momentum: f64,
    /// Momentum at the lr trough (default 0.9).
    pub max_momentum: f64,
}

impl CyclicLR {
    /// PyTorch's defaults for the given boundaries.
    pub fn with_defaults(base_lr: f64, max_lr: f64) -> Self {
        CyclicLR {
            base_lr,
            max_lr,
            step_size_up: 2000.0,
            step_size_down: None,
            mode: CyclicMode::Triangular,
            gamma: 1.0,
            cycle_momentum: true,
            base_momentum: 0.8,
            max_momentum: 0.9,
        }
    }

    fn sizes(&self) -> Result<(f64, f64), PyError> {
        let up = self.step_size_up;
        let total = up + self.step_size_down.unwrap_or(up);
        let ratio = py::div(up, total, "step_size_up")?;
        Ok((total, ratio))
    }

    fn at_with(&self, total: f64, ratio: f64, t: u64) -> Result<(f64, f64), PyError> {
        let tf = t as f64;
        let cycle = py::floor(1.0 + tf / total, "step_size_up")?;
        let x = 1.0 + tf / total - cycle;
        let scale = if x <= ratio {
            py::div(x, ratio, "step_size_up")?
        } else {
            py::div(x - 1.0, ratio - 1.0, "step_size_down")?
        };
        let f = match self.mode {
            CyclicMode::Triangular => 1.0,
            CyclicMode::Triangular2 => py::div(
                1.0,
                py::pow(2.0, cycle - 1.0, "step_size_up")?,
                "step_size_up",
            )?,
            CyclicMode::ExpRange => py::pow(self.gamma, tf, "gamma")?,
        };
        let lr = self.base_lr + (self.max_lr - self.base_lr) * scale * f;
        let m = self.max_momentum - (self.max_momentum - self.base_momentum) * scale * f;
        Ok((lr, m))
    }

    /// `(lr, momentum)` after `t` calls to `step()`.
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] where PyTorch raises: `step_size_up + step_size_down = 0`
    /// (constructor, step 0), `step_size_up = 0` at each cycle start (`0/0`), overflow of
    /// `2^(cycle−1)` or `gamma^t`.
    pub fn at(&self, t: u64) -> Result<(f64, f64), ScheduleError> {
        let (total, ratio) = self.sizes().map_err(|e| e.at(0))?;
        self.at_with(total, ratio, t)
            .map_err(|e| e.at(usize::try_from(t).unwrap_or(usize::MAX)))
    }

    /// The `step()` protocol over `n` steps; momenta when `cycle_momentum`.
    ///
    /// # Errors
    /// Non-finite fields ([`ScheduleError::Invalid`]); otherwise as [`CyclicLR::at`].
    pub fn evaluate(&self, n: usize) -> Result<Evaluation, ScheduleError> {
        for (f, v) in [
            ("base_lr", self.base_lr),
            ("max_lr", self.max_lr),
            ("step_size_up", self.step_size_up),
            ("step_size_down", self.step_size_down.unwrap_or(0.0)),
            ("gamma", self.gamma),
            ("base_momentum", self.base_momentum),
            ("max_momentum", self.max_momentum),
        ] {
            finite(f, v)?;
        }
        let (total, ratio) = self.sizes().map_err(|e| e.at(0))?;
        let mut lr = Vec::with_capacity(n);
        let mut mom = Vec::with_capacity(n);
        for i in 0..n {
            let (l, m) = self.at_with(total, ratio, i as u64).map_err(|e| e.at(i))?;
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
    fn triangular_goes_up_and_down() {
        let mut s = CyclicLR::with_defaults(0.0, 1.0);
        s.step_size_up = 2.0;
        let e = s.evaluate(5).unwrap();
        assert_eq!(e.lr, vec![0.0, 0.5, 1.0, 0.5, 0.0]);
        assert_eq!(e.momentum.unwrap()[2], 0.8);
    }

    #[test]
    fn triangular2_halves_each_cycle() {
        let mut s = CyclicLR::with_defaults(0.0, 1.0);
        s.step_size_up = 1.0;
        s.mode = CyclicMode::Triangular2;
        let e = s.evaluate(4).unwrap();
        assert_eq!(e.lr, vec![0.0, 1.0, 0.0, 0.5]);
    }

    #[test]
    fn zero_total_size_raises() {
        let mut s = CyclicLR::with_defaults(0.0, 1.0);
        s.step_size_up = 0.0;
        assert!(
            matches!(s.evaluate(2), Err(ScheduleError::Raised { ref field, step: 0, .. }) if field == "step_size_up")
        );
    }
}
