//! A resumable training run: the one implementation of the SGD loop, advanced a few epochs at
//! a time so the web page can train in slices within a frame budget (DESIGN.md "Web app").
//! [`Prepared::train`] is `TrainRun::new` + one `advance` over every epoch.

use std::borrow::Borrow;

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::optim::OptimizerState;
use super::rates::{RateSource, Rates};
use super::sgd::SHUFFLE_STREAM;
use super::{model, EpochRecord, History, LrUnit, Prepared, TrainConfig, TrainError};

/// What [`TrainRun::advance_observed`] calls before each optimizer step: `(step, rows, w, b)`,
/// the global step index, the batch's training rows, and the weights and bias the step starts
/// from.
pub type BeforeStep<'a> = dyn FnMut(usize, &[u32], &[f64], f64) + 'a;

/// A training run that can be advanced a few epochs at a time (for time slicing in the page).
///
/// `P` is how the run holds its data: `&Prepared` for a borrowed run (what
/// [`Prepared::train`] uses), or `Arc<Prepared>` (or `Rc<Prepared>`, or an owned `Prepared`)
/// for a `'static` run that an owner such as a reactive store keeps across animation frames.
///
/// The algorithm, the divergence rule and the records are those documented on
/// [`Prepared::train`]; advancing in slices of any size gives a [`History`] equal (bit for bit)
/// to `Prepared::train`'s, provided every `advance` call passes the same rates (the same
/// closure, or the same [`RateSource`] object, whose state then carries over between calls).
///
/// The epoch-0 row is recorded lazily, at the start of the first [`TrainRun::advance`] call
/// (even one with `max_epochs == 0`), because its rate (index 0) comes from the rates that
/// `advance` receives. Before that, [`TrainRun::history`] has no records.
///
/// Allocation: O(n + d) in [`TrainRun::new`] plus the records (capacity `epochs + 1`);
/// nothing per step or per `advance`.
///
/// ```
/// use std::sync::Arc;
/// use anneal::train::{prepare, Dataset, TrainConfig, TrainRun};
/// let cfg = TrainConfig { epochs: 10, ..TrainConfig::default() };
/// let prepared = Arc::new(prepare(&Dataset::breast_cancer(), cfg.split, cfg.seed).unwrap());
/// let mut run = TrainRun::new(Arc::clone(&prepared), &cfg).unwrap();
/// while !run.advance(3, &|_epoch| 0.1) {}
/// assert_eq!(run.into_history(), prepared.train(&cfg, &|_epoch| 0.1).unwrap());
/// ```
pub struct TrainRun<P: Borrow<Prepared>> {
    prepared: P,
    cfg: TrainConfig,
    /// Rows per optimizer step: `cfg.batch_size` clamped to [1, n_train].
    batch: usize,
    w: Vec<f64>,
    b: f64,
    /// The optimizer's state (momentum buffer, or Adam's moments).
    opt: OptimizerState,
    /// Gradient buffer, reused by every step.
    gw: Vec<f64>,
    /// The training-row order, reshuffled in place each epoch.
    order: Vec<u32>,
    rng: ChaCha8Rng,
    records: Vec<EpochRecord>,
    /// Cumulative optimizer steps.
    step: usize,
    /// The last epoch recorded (0 before and right after the epoch-0 row).
    epoch: usize,
    diverged_at: Option<usize>,
    /// The weights and bias after the last recorded epoch (finite).
    last_w: Vec<f64>,
    last_b: f64,
    /// With [`TrainRun::keep_trace`]: w then b after every recorded epoch, epoch 0 first.
    trace: Option<Vec<f64>>,
}

impl<P: Borrow<Prepared>> TrainRun<P> {
    /// Starts a run from zero weights; no epoch is trained and no record is made yet.
    ///
    /// # Errors
    /// [`TrainConfig::check`]'s errors.
    pub fn new(prepared: P, cfg: &TrainConfig) -> Result<Self, TrainError> {
        cfg.check()?;
        let p: &Prepared = prepared.borrow();
        let n = p.n_train();
        let d = p.d;
        let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
        rng.set_stream(SHUFFLE_STREAM);
        Ok(TrainRun {
            batch: cfg.batch_size.min(n).max(1),
            w: vec![0.0; d],
            b: 0.0,
            opt: OptimizerState::new(d),
            gw: vec![0.0; d],
            order: (0..n).map(|i| i as u32).collect(),
            rng,
            records: Vec::with_capacity(cfg.epochs.saturating_add(1)),
            step: 0,
            epoch: 0,
            diverged_at: None,
            last_w: vec![0.0; d],
            last_b: 0.0,
            trace: None,
            cfg: cfg.clone(),
            prepared,
        })
    }

    /// Trains up to `max_epochs` more epochs with `rates` (a closure `&|t| lr` or `&mut` a
    /// [`RateSource`], indexed as [`TrainConfig::unit`] says; see [`Prepared::train`]). The
    /// first call first records the epoch-0 row with the rate of index 0. Stops early at the
    /// last epoch or at a divergence.
    ///
    /// Returns `true` when the run is finished (all `cfg.epochs` done, or diverged); calling it
    /// again after that changes nothing (the source is not asked) and returns `true`. Every
    /// call must pass the same rates for the result to match [`Prepared::train`].
    pub fn advance<R: Rates>(&mut self, max_epochs: usize, mut rates: R) -> bool {
        self.advance_source(max_epochs, rates.source(), &mut |_, _, _, _| {})
    }

    /// [`TrainRun::advance`], calling `before_step(step, rows, w, b)` before every optimizer
    /// step with the global step index, the batch's training rows and the weights and bias
    /// the step starts from (the LR range test records the mini-batch loss there:
    /// [`super::lr_range_test`]). The run itself is the same, bit for bit.
    pub fn advance_observed<R: Rates>(
        &mut self,
        max_epochs: usize,
        mut rates: R,
        before_step: &mut BeforeStep<'_>,
    ) -> bool {
        self.advance_source(max_epochs, rates.source(), before_step)
    }

    fn advance_source<S: RateSource + ?Sized>(
        &mut self,
        max_epochs: usize,
        src: &mut S,
        before_step: &mut BeforeStep<'_>,
    ) -> bool {
        if self.is_finished() {
            return true;
        }
        let p: &Prepared = self.prepared.borrow();
        let l2 = self.cfg.l2;
        if self.records.is_empty() {
            let r0 = src.rate(0).lr;
            self.records.push(p.record(0, 0, r0, &self.w, self.b, l2));
            if let Some(trace) = &mut self.trace {
                trace.extend_from_slice(&self.w);
                trace.push(self.b);
            }
        }
        let n = p.n_train();
        let end = self.epoch.saturating_add(max_epochs).min(self.cfg.epochs);
        for epoch in self.epoch + 1..=end {
            if self.batch < n {
                shuffle_u32(&mut self.order, &mut self.rng);
            }
            // With the step unit, `rate` is set before each step (every epoch has >= 1 step).
            let mut rate = if self.cfg.unit == LrUnit::Epoch {
                src.rate(epoch - 1)
            } else {
                super::StepRate::lr(f64::NAN)
            };
            let mut rates_finite = true;
            for rows in self.order.chunks(self.batch) {
                if self.cfg.unit == LrUnit::Step {
                    rate = src.rate(self.step);
                }
                let lr = rate.lr;
                let opt = &self.cfg.optimizer;
                let mu = rate
                    .momentum
                    .unwrap_or(opt.default_momentum(self.cfg.momentum));
                rates_finite &= lr.is_finite();
                before_step(self.step, rows, &self.w, self.b);
                let gb = model::gradient_rows(
                    &p.x_train,
                    &p.t_train,
                    rows,
                    &self.w,
                    self.b,
                    opt.gradient_l2(l2),
                    &mut self.gw,
                );
                self.opt
                    .step(opt, lr, mu, l2, &mut self.w, &mut self.b, &self.gw, gb);
                self.step += 1;
            }
            let record = p.record(epoch, self.step, rate.lr, &self.w, self.b, l2);
            let finite = rates_finite
                && record.train_objective.is_finite()
                && self.b.is_finite()
                && self.w.iter().all(|v| v.is_finite());
            if !finite {
                self.diverged_at = Some(epoch);
                break;
            }
            src.end_epoch(&record);
            self.records.push(record);
            self.epoch = epoch;
            self.last_w.copy_from_slice(&self.w);
            self.last_b = self.b;
            if let Some(trace) = &mut self.trace {
                trace.extend_from_slice(&self.w);
                trace.push(self.b);
            }
        }
        self.is_finished()
    }

    /// Whether the run is over: every epoch trained, or diverged.
    pub fn is_finished(&self) -> bool {
        self.diverged_at.is_some() || (!self.records.is_empty() && self.epoch >= self.cfg.epochs)
    }

    /// The number of epochs trained and recorded so far (the last record's `epoch`; 0 before
    /// the first `advance`). A diverged epoch is not counted: then `diverged_at` is
    /// `epochs_done() + 1`.
    pub fn epochs_done(&self) -> usize {
        self.epoch
    }

    /// Keeps the weights and bias of every recorded epoch (for a picture of the model as it
    /// trains, e.g. the decision boundary of a 2-D data set at any epoch): (d + 1) numbers
    /// per epoch, so meant for small models. The run itself is unchanged, bit for bit.
    pub fn keep_trace(mut self) -> Self {
        self.trace = Some(Vec::with_capacity(
            (self.cfg.epochs.min(10_000) + 1) * (self.w.len() + 1),
        ));
        self
    }

    /// With [`TrainRun::keep_trace`], the weights w and bias b after every recorded epoch,
    /// epoch 0 (zeros) first: row k is `trace[k·(d+1) .. (k+1)·(d+1)]`, w then b. `None`
    /// without it.
    pub fn trace(&self) -> Option<&[f64]> {
        self.trace.as_deref()
    }

    /// The run's configuration.
    pub fn config(&self) -> &TrainConfig {
        &self.cfg
    }

    /// The data the run trains on.
    pub fn prepared(&self) -> &Prepared {
        self.prepared.borrow()
    }

    /// The history so far: the records made (a prefix of the finished run's), `diverged_at`
    /// once known, and the weights and bias after the last recorded epoch (zeros before any
    /// epoch). Clones the records (O(epochs)); see [`TrainRun::into_history`].
    pub fn history(&self) -> History {
        History {
            records: self.records.clone(),
            diverged_at: self.diverged_at,
            weights: self.last_w.clone(),
            bias: self.last_b,
        }
    }

    /// Like [`TrainRun::history`], consuming the run without cloning.
    pub fn into_history(self) -> History {
        History {
            records: self.records,
            diverged_at: self.diverged_at,
            weights: self.last_w,
            bias: self.last_b,
        }
    }
}

/// The per-epoch Fisher–Yates shuffle: for i = len−1 down to 1, swap item i with item j drawn
/// uniformly from 0..=i by [`below`]. Platform independent (u32 and u64 arithmetic only).
fn shuffle_u32(items: &mut [u32], rng: &mut ChaCha8Rng) {
    let mut i = items.len();
    while i > 1 {
        // len < 2^32 (prepare refuses more rows), so i fits in u32.
        let j = below(rng, i as u32) as usize;
        i -= 1;
        items.swap(i, j);
    }
}

/// A uniform integer in 0..n (n ≥ 1) from one 32-bit draw at a time, by Lemire's multiply-
/// and-reject method (D. Lemire, "Fast random integer generation in an interval", ACM TOMACS
/// 2019): m = draw·n; reject while the low 32 bits of m are below 2^32 mod n; answer m >> 32.
#[inline(always)]
fn below(rng: &mut ChaCha8Rng, n: u32) -> u32 {
    let mut m = u64::from(rng.next_u32()) * u64::from(n);
    if (m as u32) < n {
        let threshold = n.wrapping_neg() % n;
        while (m as u32) < threshold {
            m = u64::from(rng.next_u32()) * u64::from(n);
        }
    }
    (m >> 32) as u32
}

impl<P: Borrow<Prepared>> std::fmt::Debug for TrainRun<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrainRun")
            .field("cfg", &self.cfg)
            .field("epochs_done", &self.epoch)
            .field("step", &self.step)
            .field("diverged_at", &self.diverged_at)
            .finish_non_exhaustive()
    }
}
