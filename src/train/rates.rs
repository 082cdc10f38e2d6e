//! Where the trainer gets each optimizer step's learning rate (and momentum) from: a
//! [`RateSource`], asked once per step (or per epoch) and told the end of every epoch, so a
//! schedule that reacts to the loss (PyTorch's `ReduceLROnPlateau`) can train live.
//!
//! - A plain closure `|t| -> f64` is a stateless source ([`Rates`] lets
//!   [`TrainRun::advance`](super::TrainRun::advance) and [`Prepared::train`](super::Prepared::train)
//!   take `&closure` as before).
//! - [`RateSequence`]: precomputed rates, with the momentum sequence of OneCycleLR / CyclicLR
//!   (`cycle_momentum`), e.g. an [`Evaluation`](crate::schedule::Evaluation).
//! - [`PlateauRates`]: ReduceLROnPlateau stepped after every epoch with that epoch's
//!   end-of-epoch metric, recording the metrics so its rates can be replayed by
//!   `ReduceLROnPlateau::lrs` (and `anneal eval` with `metrics`).

use crate::schedule::torch::{PlateauStepper, ReduceLROnPlateau};

use super::{EpochRecord, Prepared, TrainError};

/// The hyper-parameters of one optimizer step, as a scheduler leaves them in the optimizer's
/// parameter group before `optimizer.step()`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepRate {
    /// The learning rate (`group["lr"]`).
    pub lr: f64,
    /// Overrides the optimizer's momentum for this step (SGD's `group["momentum"]`, Adam's
    /// `beta1`), as OneCycleLR and CyclicLR with `cycle_momentum` write it each step; `None`
    /// keeps [`TrainConfig::momentum`](super::TrainConfig::momentum).
    pub momentum: Option<f64>,
}

impl StepRate {
    /// A rate alone (the optimizer's own momentum).
    pub fn lr(lr: f64) -> Self {
        StepRate { lr, momentum: None }
    }
}

/// A source of learning rates the trainer asks step by step.
///
/// Contract (what makes sliced training equal one-shot training, bit for bit): `rate(t)` is a
/// function of `t` and of the state that [`RateSource::end_epoch`] changes, nothing else — the
/// trainer may ask the same `t` twice (index 0 for the epoch-0 record, then for the first
/// step). The same source object must be passed to every
/// [`TrainRun::advance`](super::TrainRun::advance) call of a run.
pub trait RateSource {
    /// The rate of index `t`: the epoch index (from 0) with
    /// [`LrUnit::Epoch`](super::LrUnit::Epoch), the global optimizer step (from 0) with
    /// [`LrUnit::Step`](super::LrUnit::Step).
    fn rate(&mut self, t: usize) -> StepRate;

    /// Called after each completed epoch (k ≥ 1) with its record (the end-of-epoch metrics),
    /// before any rate of epoch k + 1 is asked. Not called for the epoch-0 row, nor for an
    /// epoch that diverged (it has no record). The default does nothing.
    fn end_epoch(&mut self, record: &EpochRecord) {
        let _ = record;
    }
}

/// A closure `|t| lr` is a stateless source (momentum from the configuration).
impl<F: Fn(usize) -> f64 + ?Sized> RateSource for &F {
    fn rate(&mut self, t: usize) -> StepRate {
        StepRate::lr(self(t))
    }
}

/// What [`TrainRun::advance`](super::TrainRun::advance) and
/// [`Prepared::train`](super::Prepared::train) accept as rates: `&mut` any [`RateSource`]
/// (stateful sources keep their state across calls), or `&` a closure `Fn(usize) -> f64`
/// (`&|t| 0.1 / (1.0 + t as f64)`, or a `&dyn Fn(usize) -> f64`).
///
/// A stateful source cannot be passed by value (it would be moved into one call and its
/// state lost for the next slice): `advance(3, plateau)` does not compile,
/// `advance(3, &mut plateau)` does.
pub trait Rates {
    /// The source borrowed.
    type Source: RateSource + ?Sized;
    /// The source to ask.
    fn source(&mut self) -> &mut Self::Source;
}

impl<S: RateSource + ?Sized> Rates for &mut S {
    type Source = S;
    fn source(&mut self) -> &mut S {
        self
    }
}

impl<'a, F: Fn(usize) -> f64 + ?Sized> Rates for &'a F {
    type Source = &'a F;
    fn source(&mut self) -> &mut &'a F {
        self
    }
}

/// Precomputed rates: `lr[t]` (NaN past the end, which stops training as a divergence) and,
/// where the schedule cycles it, the momentum `momentum[t]` (past its end, none).
/// `RateSequence::new(&ev.lr, ev.momentum.as_deref())` for an
/// [`Evaluation`](crate::schedule::Evaluation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateSequence<'a> {
    /// One rate per index.
    pub lr: &'a [f64],
    /// One momentum (SGD momentum or Adam beta1) per index, or `None`.
    pub momentum: Option<&'a [f64]>,
}

impl<'a> RateSequence<'a> {
    /// Rates with an optional momentum sequence.
    pub fn new(lr: &'a [f64], momentum: Option<&'a [f64]>) -> Self {
        RateSequence { lr, momentum }
    }
}

impl RateSource for RateSequence<'_> {
    fn rate(&mut self, t: usize) -> StepRate {
        StepRate {
            lr: self.lr.get(t).copied().unwrap_or(f64::NAN),
            momentum: self.momentum.and_then(|m| m.get(t).copied()),
        }
    }
}

/// Which end-of-epoch value [`PlateauRates`] feeds to `step(metric)`.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum PlateauMetric {
    /// The training objective (L2 term included) over the whole training split: the value
    /// the loss chart and `anneal train`'s `train_objective` column show. The default.
    #[default]
    TrainObjective,
    /// The mean logistic loss over the test split ([`EpochRecord::test_loss`]); needs a split.
    TestLoss,
    /// Given metrics, one per epoch (`metrics[k − 1]` after epoch k), as a spec's `metrics`
    /// replay a recorded run. After the last one the lr stays (no further step).
    Replay(Vec<f64>),
}

/// PyTorch's `ReduceLROnPlateau` as a trainer-side [`RateSource`]: after every epoch k it calls
/// `step(metric_k)` with that epoch's end-of-epoch metric ([`PlateauMetric`]), once per epoch
/// in either [`LrUnit`](super::LrUnit) — every optimizer step of an epoch uses the current
/// plateau lr, whatever `t` is asked.
///
/// The rates it gives equal `ReduceLROnPlateau::lrs(self.metrics())` bit for bit (so the
/// page's copied spec with `"metrics": self.metrics()` reproduces them in `anneal eval`):
/// epoch k (from 0) uses `lrs(metrics)[k]`.
///
/// ```
/// use anneal::schedule::torch::ReduceLROnPlateau;
/// use anneal::train::{prepare, Dataset, PlateauMetric, PlateauRates, TrainConfig};
/// let cfg = TrainConfig { epochs: 8, ..TrainConfig::default() };
/// let prepared = prepare(&Dataset::breast_cancer(), cfg.split, cfg.seed).unwrap();
/// let mut plateau = ReduceLROnPlateau::with_defaults(0.1);
/// plateau.patience = 1;
/// let mut rates = PlateauRates::new(plateau.clone(), PlateauMetric::TestLoss, &prepared).unwrap();
/// let history = prepared.train(&cfg, &mut rates).unwrap();
/// let used: Vec<f64> = history.records[1..].iter().map(|r| r.lr).collect();
/// assert_eq!(used, plateau.lrs(rates.metrics())[..8]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PlateauRates {
    stepper: PlateauStepper,
    metric: PlateauMetric,
    metrics: Vec<f64>,
    lrs: Vec<f64>,
}

impl PlateauRates {
    /// A plateau scheduler fed `metric` after each epoch of a run on `prepared`.
    ///
    /// # Errors
    /// [`TrainError::Invalid`] `plateau_metric` for [`PlateauMetric::TestLoss`] when
    /// `prepared` has no test split. (`plateau` is taken as it is: the spec reader has
    /// already applied PyTorch's rules, see `ReduceLROnPlateau::validate`.)
    pub fn new(
        plateau: ReduceLROnPlateau,
        metric: PlateauMetric,
        prepared: &Prepared,
    ) -> Result<Self, TrainError> {
        if metric == PlateauMetric::TestLoss && prepared.n_test() == 0 {
            return Err(TrainError::invalid(
                "plateau_metric",
                "test_loss",
                "needs a test split (split is none)",
            ));
        }
        let stepper = plateau.stepper();
        Ok(PlateauRates {
            lrs: vec![stepper.lr],
            stepper,
            metric,
            metrics: Vec::new(),
        })
    }

    /// The metrics fed so far, one per completed epoch (what a spec's `metrics` carries).
    pub fn metrics(&self) -> &[f64] {
        &self.metrics
    }

    /// The rate before the first step and after each: `metrics().len() + 1` values, equal to
    /// `ReduceLROnPlateau::lrs(metrics())`; entry k is the rate of epoch k (from 0).
    pub fn lrs(&self) -> &[f64] {
        &self.lrs
    }

    /// The scheduler's state now (best, bad epochs, cooldown, lr).
    pub fn stepper(&self) -> &PlateauStepper {
        &self.stepper
    }
}

impl RateSource for PlateauRates {
    fn rate(&mut self, _t: usize) -> StepRate {
        StepRate::lr(self.stepper.lr)
    }

    fn end_epoch(&mut self, record: &EpochRecord) {
        let m = match &self.metric {
            PlateauMetric::TrainObjective => record.train_objective,
            PlateauMetric::TestLoss => record.test_loss.unwrap_or(f64::NAN),
            PlateauMetric::Replay(given) => match given.get(self.metrics.len()) {
                Some(&m) => m,
                None => return,
            },
        };
        self.metrics.push(m);
        self.lrs.push(self.stepper.step(m));
    }
}
