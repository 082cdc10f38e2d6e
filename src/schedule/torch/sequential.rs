//! `torch.optim.lr_scheduler.SequentialLR` and `ChainedScheduler` (SEMANTICS.md §1.4;
//! PITFALLS.md C1).

use super::chain::{Runner, TorchStep};
use super::py::{self, PyError};
use super::{
    ConstantLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, ExponentialLR, LinearLR,
    MultiStepLR, PolynomialLR, StepLR,
};
use crate::schedule::ScheduleError;

/// A scheduler that can run inside [`SequentialLR`] or [`ChainedScheduler`]: the ones that
/// act on the optimizer's lr through `step()` alone. (PyTorch itself refuses
/// `ReduceLROnPlateau` there; Anneal also leaves out `OneCycleLR` and `CyclicLR`, which
/// rewrite the optimizer's `initial_lr`/momentum, and nested compositions.)
#[derive(Debug, Clone, PartialEq)]
pub enum Chainable {
    /// [`StepLR`].
    Step(StepLR),
    /// [`MultiStepLR`].
    MultiStep(MultiStepLR),
    /// [`ConstantLR`].
    Constant(ConstantLR),
    /// [`LinearLR`].
    Linear(LinearLR),
    /// [`ExponentialLR`].
    Exponential(ExponentialLR),
    /// [`PolynomialLR`].
    Polynomial(PolynomialLR),
    /// [`CosineAnnealingLR`].
    CosineAnnealing(CosineAnnealingLR),
    /// [`CosineAnnealingWarmRestarts`].
    WarmRestarts(CosineAnnealingWarmRestarts),
}

impl Chainable {
    fn stepper(&self) -> Box<dyn TorchStep + '_> {
        match self {
            Chainable::Step(s) => Box::new(Runner::new(s)),
            Chainable::MultiStep(s) => Box::new(Runner::new(s)),
            Chainable::Constant(s) => Box::new(Runner::new(s)),
            Chainable::Linear(s) => Box::new(Runner::new(s)),
            Chainable::Exponential(s) => Box::new(Runner::new(s)),
            Chainable::Polynomial(s) => Box::new(Runner::new(s)),
            Chainable::CosineAnnealing(s) => Box::new(Runner::new(s)),
            Chainable::WarmRestarts(s) => Box::new(s.stepper()),
        }
    }

    /// The sequence of this scheduler on its own (the `step()` protocol over `n` steps).
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] where PyTorch raises.
    pub fn lrs(&self, base_lr: f64, n: usize) -> Result<Vec<f64>, ScheduleError> {
        super::chain::run(self.stepper().as_mut(), base_lr, n)
    }
}

/// Sub-schedulers are constructed in list order on the same optimizer (each constructor's
/// initial step acts on the shared lr). A raise names the sub-scheduler (see [`raised`]).
fn construct<'a>(
    subs: &'a [Chainable],
    lr: &mut f64,
) -> Result<Vec<Box<dyn TorchStep + 'a>>, ScheduleError> {
    let mut out = Vec::with_capacity(subs.len());
    for (k, s) in subs.iter().enumerate() {
        let mut st = s.stepper();
        st.initial_step(lr).map_err(|e| raised(e, k, 0))?;
        out.push(st);
    }
    Ok(out)
}

/// Python's exception in sub-scheduler `k` at step `step`, its field named by path
/// (`schedulers[k].T_max`).
fn raised(e: PyError, k: usize, step: usize) -> ScheduleError {
    e.at(step).nested(&format!("schedulers[{k}]"))
}

/// PyTorch's `SequentialLR(optimizer, schedulers, milestones)`, source
/// `torch/optim/lr_scheduler.py`.
///
/// Construction: the sub-schedulers are built (each doing its initial step), then the lr is
/// reset to `base_lr`, every sub-scheduler's `last_epoch` is decremented, and only the first
/// one performs its initial step again. Step `t` (global count): `idx = bisect_right(milestones,
/// t)`; at `t == milestones[idx−1]` the scheduler `idx` restarts through `_update_lr(0)` (its
/// closed form at 0, i.e. `base_lr` for most), otherwise it gets `step()`. Each scheduler thus
/// counts its own steps from its milestone. `milestones = [0]` reproduces pytorch#185872.
#[derive(Debug, Clone, PartialEq)]
pub struct SequentialLR {
    /// The optimizer's learning rate (`initial_lr`, shared by every sub-scheduler).
    pub base_lr: f64,
    /// At least one scheduler.
    pub schedulers: Vec<Chainable>,
    /// `len(schedulers) − 1` global steps at which to switch.
    pub milestones: Vec<i64>,
}

impl SequentialLR {
    /// Validates with PyTorch's rules.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`]: no scheduler (`schedulers`); `len(milestones) !=
    /// len(schedulers) − 1` (`milestones`).
    pub fn new(
        base_lr: f64,
        schedulers: Vec<Chainable>,
        milestones: Vec<i64>,
    ) -> Result<Self, ScheduleError> {
        super::finite("base_lr", base_lr)?;
        if schedulers.is_empty() {
            return Err(ScheduleError::invalid(
                "schedulers",
                "[]",
                "SequentialLR expects at least one scheduler, but got no scheduler.",
            ));
        }
        if milestones.len() != schedulers.len() - 1 {
            return Err(ScheduleError::invalid(
                "milestones",
                format!("{milestones:?}"),
                format!(
                    "Sequential Schedulers expects number of schedulers provided to be one more than the number \
                     of milestone points, but got number of schedulers {} and the number of milestones to be \
                     equal to {}",
                    schedulers.len(),
                    milestones.len()
                ),
            ));
        }
        Ok(SequentialLR {
            base_lr,
            schedulers,
            milestones,
        })
    }

    /// The `step()` protocol over `n` steps.
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] where a sub-scheduler raises (construction counts as step 0),
    /// its field named by path (`schedulers[k].factor`).
    pub fn lrs(&self, n: usize) -> Result<Vec<f64>, ScheduleError> {
        let mut out = Vec::with_capacity(n);
        if n == 0 {
            return Ok(out);
        }
        let mut lr = self.base_lr;
        let mut subs = construct(&self.schedulers, &mut lr)?;
        lr = self.base_lr;
        for s in subs.iter_mut() {
            s.undo();
        }
        if let Some(first) = subs.first_mut() {
            first.initial_step(&mut lr).map_err(|e| raised(e, 0, 0))?;
        }
        out.push(lr);
        let mut last_epoch: i64 = 0;
        for i in 1..n {
            last_epoch = last_epoch.saturating_add(1);
            let idx = py::bisect_right(&self.milestones, last_epoch);
            let restart = idx > 0 && self.milestones.get(idx - 1) == Some(&last_epoch);
            if let Some(s) = subs.get_mut(idx) {
                let r = if restart {
                    s.update_lr_at(0, &mut lr)
                } else {
                    s.step(&mut lr)
                };
                r.map_err(|e| raised(e, idx, i))?;
            }
            out.push(lr);
        }
        Ok(out)
    }
}

/// PyTorch's `ChainedScheduler(schedulers)`, source `torch/optim/lr_scheduler.py`: every
/// `step()` calls each sub-scheduler's `step()` in order on the same lr, so chainable
/// (multiplicative) factors compose. Sub-schedulers are constructed in list order first.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainedScheduler {
    /// The optimizer's learning rate (`initial_lr`).
    pub base_lr: f64,
    /// At least one scheduler.
    pub schedulers: Vec<Chainable>,
}

impl ChainedScheduler {
    /// Validates with PyTorch's rule.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] naming `schedulers` when the list is empty.
    pub fn new(base_lr: f64, schedulers: Vec<Chainable>) -> Result<Self, ScheduleError> {
        super::finite("base_lr", base_lr)?;
        if schedulers.is_empty() {
            return Err(ScheduleError::invalid(
                "schedulers",
                "[]",
                "ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.",
            ));
        }
        Ok(ChainedScheduler {
            base_lr,
            schedulers,
        })
    }

    /// The `step()` protocol over `n` steps.
    ///
    /// # Errors
    /// [`ScheduleError::Raised`] where a sub-scheduler raises, its field named by path
    /// (`schedulers[k].factor`).
    pub fn lrs(&self, n: usize) -> Result<Vec<f64>, ScheduleError> {
        let mut out = Vec::with_capacity(n);
        if n == 0 {
            return Ok(out);
        }
        let mut lr = self.base_lr;
        let mut subs = construct(&self.schedulers, &mut lr)?;
        out.push(lr);
        for i in 1..n {
            for (k, s) in subs.iter_mut().enumerate() {
                s.step(&mut lr).map_err(|e| raised(e, k, i))?;
            }
            out.push(lr);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chained_constant_and_exponential_docs_example() {
        // tests/data/README.md: ChainedScheduler([ConstantLR(0.1, 2), ExponentialLR(0.9)]), lr 1.0:
        // [0.1, 0.09000000000000001, 0.8100000000000002, …].
        let c = ChainedScheduler::new(
            1.0,
            vec![
                Chainable::Constant(ConstantLR::new(1.0, 0.1, 2).unwrap()),
                Chainable::Exponential(ExponentialLR::new(1.0, 0.9).unwrap()),
            ],
        )
        .unwrap();
        let l = c.lrs(3).unwrap();
        assert_eq!(l, vec![0.1, 0.09000000000000001, 0.8100000000000002]);
    }

    #[test]
    fn sequential_milestone_cuts_warmup_short() {
        // tests/data/README.md: milestones=[3] with a warmup of total_iters=5 →
        // [0.001, 0.0208, 0.0406, 0.1, …] (warmup cut short, jump to the base lr).
        let s = SequentialLR::new(
            0.1,
            vec![
                Chainable::Linear(LinearLR::new(0.1, 0.01, 1.0, 5).unwrap()),
                Chainable::CosineAnnealing(CosineAnnealingLR::new(0.1, 10, 0.0).unwrap()),
            ],
            vec![3],
        )
        .unwrap();
        let l = s.lrs(5).unwrap();
        assert!((l[0] - 0.001).abs() < 1e-17);
        assert!((l[1] - 0.0208).abs() < 1e-15);
        assert!((l[2] - 0.0406).abs() < 1e-15);
        assert_eq!(l[3], 0.1);
    }

    #[test]
    fn sequential_needs_one_more_scheduler_than_milestones() {
        let e = SequentialLR::new(
            0.1,
            vec![Chainable::Exponential(
                ExponentialLR::new(0.1, 0.9).unwrap(),
            )],
            vec![3],
        );
        assert_eq!(e.unwrap_err().field(), "milestones");
    }

    #[test]
    fn sequential_needs_a_scheduler() {
        assert_eq!(
            SequentialLR::new(0.1, vec![], vec![]).unwrap_err().field(),
            "schedulers"
        );
        assert_eq!(
            ChainedScheduler::new(0.1, vec![]).unwrap_err().field(),
            "schedulers"
        );
    }
}
