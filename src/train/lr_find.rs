//! The learning-rate range test (Smith 2015, "Cyclical Learning Rates for Training Neural
//! Networks", section 3.3; fastai's `lr_find`): train from zero weights while the rate grows
//! exponentially from tiny to huge, record the loss, and read a good peak rate off the curve.
//!
//! It follows fastai (`fastai/callback/schedule.py`: `LRFinder`, `lr_find`, `steep`,
//! `minimum`; `fastai/learner.py`: `AvgSmoothLoss`, the smoothed loss the `Recorder` keeps):
//! - step i uses the rate lrᵢ and records the loss of its mini-batch at the weights the step
//!   starts from (the forward pass of that step), paired with lrᵢ;
//! - smoothed loss: avgᵢ = β avgᵢ₋₁ + (1 − β) lossᵢ (avg₋₁ = 0), sᵢ = avgᵢ / (1 − β^(i+1))
//!   (bias correction), β = 0.98;
//! - stop after the step whose smoothed loss exceeds 4 × the lowest so far (that point is
//!   recorded), or when the steps run out;
//! - suggestions from the smoothed curve without its first tenth and last five points:
//!   "steep", the rate at the steepest descent of s against ln lr (the left point of the
//!   steepest segment), and "minimum", a tenth of the rate at the lowest s.
//!
//! Two choices differ from fastai's defaults: 200 steps instead of 100 (the 0.98 smoothing
//! averages over ~50 steps, which would flatten a 100-step curve; 200 steps are 14 epochs of
//! breast_cancer at batch 32, a few milliseconds), and the rates lrᵢ = start · (end /
//! start)^(i / (steps − 1)) reach `end` at the last step (fastai's i / steps stops one
//! multiplication short of it).
//!
//! What to expect here: logistic regression's gradient is bounded, so a huge rate makes the
//! weights oscillate rather than explode. On breast_cancer with the default λ = 0.01 the
//! smoothed loss still falls at lr = 10 and all 200 steps run (steep ≈ 0.09, minimum / 10 ≈
//! 0.63 at batch 32); the 4× stop comes when something else is unstable, e.g. the weight
//! decay once lr · λ > 2 (λ = 1: stop after ~184 steps).

use super::{model, LrUnit, Prepared, TrainConfig, TrainError, TrainRun};

/// The default number of steps of the range test.
pub const RANGE_TEST_STEPS: usize = 200;

/// The settings of [`lr_range_test`]; `Default` is Smith's / fastai's range with 200 steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RangeTestConfig {
    /// The first step's rate, > 0. Default 1e-7.
    pub start_lr: f64,
    /// The last step's rate, > `start_lr`, finite. Default 10.
    pub end_lr: f64,
    /// Optimizer steps at most, ≥ 6 (as fastai's minimum). Default [`RANGE_TEST_STEPS`].
    pub steps: usize,
    /// The smoothing factor β in [0, 1). Default 0.98.
    pub beta: f64,
    /// Stop once the smoothed loss exceeds this many times its minimum so far; > 1.
    /// Default 4.
    pub stop_factor: f64,
}

impl Default for RangeTestConfig {
    /// 1e-7 to 10 over 200 steps, β = 0.98, stop at 4 × the minimum.
    fn default() -> Self {
        RangeTestConfig {
            start_lr: 1e-7,
            end_lr: 10.0,
            steps: RANGE_TEST_STEPS,
            beta: 0.98,
            stop_factor: 4.0,
        }
    }
}

impl RangeTestConfig {
    /// Checks every field's range.
    ///
    /// # Errors
    /// [`TrainError::Invalid`] naming the first bad field (`start_lr`, `end_lr`, `steps`,
    /// `beta`, `stop_factor`).
    pub fn check(&self) -> Result<(), TrainError> {
        if !(self.start_lr > 0.0 && self.start_lr.is_finite()) {
            return Err(TrainError::invalid(
                "start_lr",
                self.start_lr,
                "must be finite and > 0",
            ));
        }
        if !(self.end_lr > self.start_lr && self.end_lr.is_finite()) {
            return Err(TrainError::invalid(
                "end_lr",
                self.end_lr,
                "must be finite and > start_lr",
            ));
        }
        if !(6..=super::MAX_EPOCHS).contains(&self.steps) {
            return Err(TrainError::invalid(
                "steps",
                self.steps,
                format!("must be between 6 and {}", super::MAX_EPOCHS),
            ));
        }
        if !(self.beta >= 0.0 && self.beta < 1.0) {
            return Err(TrainError::invalid("beta", self.beta, "must be in [0, 1)"));
        }
        if self.stop_factor.is_nan() || self.stop_factor <= 1.0 {
            return Err(TrainError::invalid(
                "stop_factor",
                self.stop_factor,
                "must be > 1",
            ));
        }
        Ok(())
    }

    /// The rate of step `i`: start · exp(i / (steps − 1) · ln(end / start)) (`libm`, the same
    /// bits natively and in wasm); `start_lr` at 0, `end_lr` (to rounding) at `steps − 1`.
    pub fn rate(&self, i: usize) -> f64 {
        let span = libm::log(self.end_lr / self.start_lr);
        let t = i as f64 / (self.steps.max(2) - 1) as f64;
        self.start_lr * libm::exp(t * span)
    }
}

/// Why the range test ended before its last step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeStop {
    /// The smoothed loss exceeded `stop_factor` × its minimum (the point is recorded).
    Exploded,
    /// The mini-batch loss or the weights stopped being finite (that step is not recorded).
    Diverged,
}

/// A suggested rate and the recorded point it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Suggestion {
    /// The suggested rate.
    pub lr: f64,
    /// The index into [`RangeTest::rates`] / [`RangeTest::smoothed`] of the point it is read
    /// from (the steepest point itself; for the minimum rule, the minimum, 10 × `lr`).
    pub index: usize,
}

/// The result of [`lr_range_test`]: one entry per recorded step, and the suggestions.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeTest {
    /// The rate of each recorded step (increasing).
    pub rates: Vec<f64>,
    /// The mini-batch objective (mean log-loss of the batch + (λ/2)‖w‖²) at the weights each
    /// step starts from.
    pub losses: Vec<f64>,
    /// The bias-corrected exponentially smoothed losses (module doc).
    pub smoothed: Vec<f64>,
    /// Why it stopped early; `None` if every step ran.
    pub stopped: Option<RangeStop>,
    /// The steepest descent of the smoothed loss against ln lr (fastai `steep`); `None` with
    /// fewer than two points to compare.
    pub steepest: Option<Suggestion>,
    /// A tenth of the rate at the smoothed minimum (fastai `minimum`); `None` without points.
    pub minimum_over_10: Option<Suggestion>,
}

/// Runs the LR range test on `prepared` with the model, batch size, L2, momentum and seed of
/// `cfg` (its `epochs` and `unit` are ignored): a [`TrainRun`] from zero weights, stepped per
/// optimizer step ([`LrUnit::Step`]) with the rates of `test` ([`RangeTestConfig::rate`]);
/// the mini-batch loss of each step is read before the step ([`TrainRun::advance_observed`]).
/// Deterministic: the same inputs give the same bits (the batches are the run's seeded
/// shuffles). See the module doc for the smoothing, the stop rule and the suggestions.
///
/// ```
/// use anneal::train::{lr_range_test, prepare, Dataset, RangeTestConfig, TrainConfig};
/// let p = prepare(&Dataset::breast_cancer(), Some(0.2), 0).unwrap();
/// let test = lr_range_test(&p, &TrainConfig::default(), &RangeTestConfig::default()).unwrap();
/// let peak = test.steepest.unwrap().lr; // e.g. the eta_max of a cosine schedule
/// assert!(peak > 1e-3 && peak < 10.0);
/// ```
///
/// # Errors
/// [`TrainConfig::check`]'s and [`RangeTestConfig::check`]'s errors.
pub fn lr_range_test(
    prepared: &Prepared,
    cfg: &TrainConfig,
    test: &RangeTestConfig,
) -> Result<RangeTest, TrainError> {
    test.check()?;
    let per_epoch = prepared.steps_per_epoch(cfg.batch_size).max(1);
    let run_cfg = TrainConfig {
        epochs: test.steps.div_ceil(per_epoch),
        unit: LrUnit::Step,
        ..cfg.clone()
    };
    let mut run = TrainRun::new(prepared, &run_cfg)?;
    // Past the last recorded step the rate no longer matters (the run is abandoned).
    let rate = |i: usize| test.rate(i.min(test.steps - 1));
    let (x, t, d, l2) = (&prepared.x_train, &prepared.t_train, prepared.d, cfg.l2);
    let mut out = RangeTest {
        rates: Vec::with_capacity(test.steps),
        losses: Vec::with_capacity(test.steps),
        smoothed: Vec::with_capacity(test.steps),
        stopped: None,
        steepest: None,
        minimum_over_10: None,
    };
    let (mut avg, mut beta_power, mut best) = (0.0, 1.0, f64::INFINITY);
    let mut done = false;
    while !done {
        let finished = run.advance_observed(1, &rate, &mut |step, rows, w, b| {
            if done || step >= test.steps {
                done = true;
                return;
            }
            let loss = batch_objective(x, t, d, rows, w, b, l2);
            if !loss.is_finite() {
                out.stopped = Some(RangeStop::Diverged);
                done = true;
                return;
            }
            avg = test.beta * avg + (1.0 - test.beta) * loss;
            beta_power *= test.beta;
            let smooth = avg / (1.0 - beta_power);
            out.rates.push(test.rate(step));
            out.losses.push(loss);
            out.smoothed.push(smooth);
            best = best.min(smooth);
            if smooth > test.stop_factor * best {
                out.stopped = Some(RangeStop::Exploded);
                done = true;
            }
        });
        if finished && !done {
            // Every epoch ran (all steps recorded), or the weights became non-finite.
            if out.rates.len() < test.steps {
                out.stopped = Some(RangeStop::Diverged);
            }
            done = true;
        }
    }
    let (steepest, minimum) = suggest(&out.rates, &out.smoothed, test.steps);
    out.steepest = steepest;
    out.minimum_over_10 = minimum;
    Ok(out)
}

/// The objective over the batch `rows`: (1/|rows|) Σ softplus(−t_i (w·x_i + b)) + (λ/2)‖w‖².
fn batch_objective(
    x: &[f64],
    t: &[f64],
    d: usize,
    rows: &[u32],
    w: &[f64],
    b: f64,
    l2: f64,
) -> f64 {
    let loss: f64 = rows
        .iter()
        .map(|&r| {
            let i = r as usize;
            model::softplus(-t[i] * model::score(model::row(x, i, d), w, b))
        })
        .sum();
    loss / rows.len().max(1) as f64 + 0.5 * l2 * model::dot(w, w)
}

/// fastai's `steep` and `minimum` over the smoothed curve without its first `steps / 10` and
/// last 5 points (the whole curve if that leaves fewer than 2).
fn suggest(
    rates: &[f64],
    smoothed: &[f64],
    steps: usize,
) -> (Option<Suggestion>, Option<Suggestion>) {
    let n = smoothed.len();
    let (lo, hi) = if n >= steps / 10 + 5 + 2 {
        (steps / 10, n - 5)
    } else {
        (0, n)
    };
    let minimum = (lo..hi)
        .min_by(|&a, &b| smoothed[a].total_cmp(&smoothed[b]))
        .map(|k| Suggestion {
            lr: rates[k] / 10.0,
            index: k,
        });
    let slope = |k: usize| {
        (smoothed[k + 1] - smoothed[k]) / (libm::log(rates[k + 1]) - libm::log(rates[k]))
    };
    let steepest = (lo..hi.saturating_sub(1))
        .min_by(|&a, &b| slope(a).total_cmp(&slope(b)))
        .map(|k| Suggestion {
            lr: rates[k],
            index: k,
        });
    (steepest, minimum)
}
