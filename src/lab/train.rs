//! Training every series of a page: one [`TrainRun`] per series, all on the same prepared
//! data, split, seed and batch order (so differences come from the schedules alone),
//! advanced a few epochs at a time so the page never blocks a frame. A series keeps its run
//! while its rates are unchanged (moving one series' slider retrains only that series).
//!
//! Rates come from the series' [`Rates`]: a fixed sequence (with the momentum sequence of
//! OneCycleLR / CyclicLR), or ReduceLROnPlateau stepped once per epoch with that epoch's
//! end-of-epoch metric ([`PlateauRates`]), whose rates equal `anneal eval` given the recorded
//! metrics, bit for bit.

use std::sync::Arc;

use super::plan::{Rates, Run, SeriesPlan};
use super::trainer::{DataKey, TrainerSettings};
use super::PlateauMetric;
use crate::spec::describe::Unit;
use crate::train::{
    EpochRecord, History, LrUnit, PlateauRates, Prepared, RateSequence, TrainConfig, TrainError,
    TrainRun,
};

/// What identifies a series' training: equal keys give equal runs.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    rates: Rates,
    run: Run,
    config: TrainConfig,
    data: DataKey,
}

/// A series' rate source.
enum Source {
    /// A fixed sequence (with momentum where the schedule cycles it).
    Sequence {
        lr: Vec<f64>,
        momentum: Option<Vec<f64>>,
    },
    /// ReduceLROnPlateau on the live metric (or replaying a spec's metrics).
    Plateau(Box<PlateauRates>),
}

/// One series' run and its rate source.
struct SeriesRun {
    key: Key,
    run: TrainRun<Arc<Prepared>>,
    source: Source,
}

impl SeriesRun {
    fn advance(&mut self, epochs: usize) {
        match &mut self.source {
            Source::Sequence { lr, momentum } => {
                let mut seq = RateSequence::new(lr, momentum.as_deref());
                self.run.advance(epochs, &mut seq);
            }
            Source::Plateau(p) => {
                self.run.advance(epochs, p.as_mut());
            }
        }
    }

    /// A plateau series' rates so far, per rate index t of the run.
    fn plateau(&self, run: &Run) -> Option<PlateauView> {
        let Source::Plateau(p) = &self.source else {
            return None;
        };
        let per_epoch = match run.unit {
            Unit::Epoch => 1,
            Unit::Step => run.steps_per_epoch.max(1),
        };
        // The rate of every epoch trained or being trained (not past the run's end).
        let epochs = (self.run.epochs_done() + 1)
            .min(run.epochs)
            .min(p.lrs().len());
        let lrs = &p.lrs()[..epochs];
        let lr = lrs
            .iter()
            .flat_map(|&v| std::iter::repeat_n(v, per_epoch))
            .collect();
        let reductions = (1..lrs.len())
            .filter(|&k| lrs[k] < lrs[k - 1])
            .map(|k| k * per_epoch)
            .collect();
        Some(PlateauView {
            lr,
            metrics: p.metrics().to_vec(),
            reductions,
        })
    }
}

/// What the page shows of one series' training so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunView {
    /// The history so far (epoch 0 record first); empty before the first slice.
    pub history: Option<History>,
    /// Why training could not run at all.
    pub error: Option<String>,
    /// Epochs trained so far.
    pub done: usize,
    /// Epochs planned.
    pub total: usize,
    /// Whether the run is complete (or diverged, or failed).
    pub finished: bool,
    /// ReduceLROnPlateau: the rates it has used so far (one per rate index t of the run), and
    /// the epochs after which it reduced the rate.
    pub plateau: Option<PlateauView>,
    /// For a 2-D data set, the weights and bias after every recorded epoch
    /// ([`TrainRun::trace`]: rows of d + 1, w then b); empty otherwise.
    pub trace: Vec<f64>,
}

/// A ReduceLROnPlateau series' live rates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlateauView {
    /// The rate of each index t the run has reached (in the run's unit).
    pub lr: Vec<f64>,
    /// The metrics it was stepped with, in order (what a copied spec carries as `metrics`).
    pub metrics: Vec<f64>,
    /// Rate indices t at which a reduction took effect.
    pub reductions: Vec<usize>,
}

impl RunView {
    /// The epoch at which the run diverged, if it did.
    pub fn diverged_at(&self) -> Option<usize> {
        self.history.as_ref().and_then(|h| h.diverged_at)
    }

    /// The training objective per recorded epoch.
    pub fn objective(&self) -> Vec<f64> {
        self.history
            .as_ref()
            .map(|h| h.records.iter().map(|r| r.train_objective).collect())
            .unwrap_or_default()
    }

    /// The weights w and bias b after epoch `epoch` (0 = the start), from the trace of a 2-D
    /// data set's run (`d` = the number of features); `None` without a trace or before that
    /// epoch is trained.
    pub fn weights_at(&self, epoch: usize, d: usize) -> Option<(&[f64], f64)> {
        let row = self.trace.get(epoch * (d + 1)..(epoch + 1) * (d + 1))?;
        Some((&row[..d], row[d]))
    }

    /// The records so far.
    pub fn records(&self) -> &[EpochRecord] {
        self.history
            .as_ref()
            .map(|h| h.records.as_slice())
            .unwrap_or_default()
    }
}

/// The learning rates a series shows and downloads: its fixed rates, or the rates
/// ReduceLROnPlateau has used so far (`plateau`, from its run).
pub fn series_rates(plan: &SeriesPlan, plateau: Option<&PlateauView>) -> Vec<f64> {
    match &plan.rates {
        Rates::Fixed { lr, .. } => lr.clone(),
        Rates::Plateau { .. } => plateau.map(|p| p.lr.clone()).unwrap_or_default(),
    }
}

/// The training configuration of a page: its trainer settings with the run's epochs and
/// unit.
pub fn page_config(run: &Run, settings: &TrainerSettings) -> TrainConfig {
    settings.config(
        run.epochs,
        match run.unit {
            Unit::Epoch => LrUnit::Epoch,
            Unit::Step => LrUnit::Step,
        },
    )
}

/// The rate source of a series' rates, training on `prepared`.
fn source_of(rates: &Rates, prepared: &Prepared) -> Result<Source, TrainError> {
    Ok(match rates {
        Rates::Fixed { lr, momentum } => Source::Sequence {
            lr: lr.clone(),
            momentum: momentum.clone(),
        },
        Rates::Plateau {
            schedule,
            metric,
            replay,
        } => {
            let metric = match (metric, replay.is_empty()) {
                (_, false) => crate::train::PlateauMetric::Replay(replay.clone()),
                (PlateauMetric::TrainObjective, true) => {
                    crate::train::PlateauMetric::TrainObjective
                }
                (PlateauMetric::TestLoss, true) => crate::train::PlateauMetric::TestLoss,
            };
            Source::Plateau(Box::new(PlateauRates::new(
                schedule.clone(),
                metric,
                prepared,
            )?))
        }
    })
}

/// The runs of a page's series.
#[derive(Default)]
pub struct Trainer {
    runs: Vec<Result<SeriesRun, String>>,
    run: Option<Run>,
}

impl Trainer {
    /// Makes the runs match `series` (the page's series in order; `None` for one without a
    /// plan), trained on `prepared` (the data `settings` describe) with `settings`: a series
    /// whose rates, run, settings and data are unchanged keeps its run and progress
    /// (wherever it moved); the others start over. Returns the indices that (re)started.
    pub fn sync(
        &mut self,
        prepared: &Arc<Prepared>,
        run: &Run,
        series: &[Option<SeriesPlan>],
        settings: &TrainerSettings,
    ) -> Vec<usize> {
        let config = page_config(run, settings);
        let mut old = std::mem::take(&mut self.runs);
        self.run = Some(*run);
        let mut started = Vec::new();
        for (i, plan) in series.iter().enumerate() {
            let Some(plan) = plan else {
                self.runs.push(Err(String::new()));
                continue;
            };
            let key = Key {
                rates: plan.rates.clone(),
                run: *run,
                config: config.clone(),
                data: settings.data_key(),
            };
            let reuse = old
                .iter()
                .position(|r| r.as_ref().is_ok_and(|r| r.key == key))
                .map(|j| old.swap_remove(j));
            match reuse {
                Some(r) => self.runs.push(r),
                None => {
                    started.push(i);
                    let made = TrainRun::new(Arc::clone(prepared), &config)
                        .map(|run| {
                            // The decision-boundary picture of a 2-D set needs every epoch's
                            // weights (d + 1 ≤ 6 numbers an epoch).
                            if prepared.plane().is_some() {
                                run.keep_trace()
                            } else {
                                run
                            }
                        })
                        .and_then(|run| {
                            Ok(SeriesRun {
                                source: source_of(&plan.rates, prepared)?,
                                key,
                                run,
                            })
                        })
                        .map_err(|e| e.to_string());
                    self.runs.push(made);
                }
            }
        }
        started
    }

    /// Trains every unfinished run up to `epochs` more epochs; returns whether all are done.
    pub fn advance(&mut self, epochs: usize) -> bool {
        for r in self.runs.iter_mut().flatten() {
            r.advance(epochs);
        }
        self.is_finished()
    }

    /// Whether every run is finished.
    pub fn is_finished(&self) -> bool {
        self.runs.iter().flatten().all(|r| r.run.is_finished())
    }

    /// What each series' run has so far, in page order.
    pub fn views(&self) -> Vec<RunView> {
        self.runs
            .iter()
            .map(|r| match r {
                Err(e) if e.is_empty() => RunView {
                    finished: true,
                    ..RunView::default()
                },
                Err(e) => RunView {
                    error: Some(e.clone()),
                    finished: true,
                    ..RunView::default()
                },
                Ok(r) => RunView {
                    history: Some(r.run.history()),
                    error: None,
                    done: r.run.epochs_done(),
                    total: r.run.config().epochs,
                    finished: r.run.is_finished(),
                    plateau: self.run.and_then(|run| r.plateau(&run)),
                    trace: r.run.trace().map(<[f64]>::to_vec).unwrap_or_default(),
                },
            })
            .collect()
    }
}

/// Trains `series` over `run` in one go (the CLI, the tests): the same runs the page makes
/// in slices, on `prepared` (the data `settings` describe).
///
/// # Errors
/// The trainer's [`TrainError`].
pub fn train_all(
    prepared: &Arc<Prepared>,
    run: &Run,
    series: &[Option<SeriesPlan>],
    settings: &TrainerSettings,
) -> Result<Vec<RunView>, TrainError> {
    page_config(run, settings).check()?;
    let mut t = Trainer::default();
    t.sync(prepared, run, series, settings);
    t.advance(usize::MAX);
    Ok(t.views())
}

/// What a series' learning rates do, in words, for the page's narration (an `aria-live`
/// region that screen readers speak after each change settles): where the rate starts and
/// ends, its range, and how often it turns back up (a stretch of rises, each of more than 1 %
/// of the range from one rate to the next, that does not start at t = 0: warm restarts and
/// cycles count, a warmup at the start does not). `unit` is the run's unit word
/// (`"epoch"` or `"step"`); t counts rates from 0. Non-finite rates are counted, not described.
pub fn describe_rates(rates: &[f64], unit: &str) -> String {
    let finite: Vec<(usize, f64)> = rates
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, r)| r.is_finite())
        .collect();
    let (Some(&(_, first)), Some(&(_, last))) = (finite.first(), finite.last()) else {
        return "no finite rate".into();
    };
    let n = rates.len();
    let plural = if n == 1 { "" } else { "s" };
    let (lo_t, lo) = finite
        .iter()
        .copied()
        .fold(finite[0], |m, p| if p.1 < m.1 { p } else { m });
    let (hi_t, hi) = finite
        .iter()
        .copied()
        .fold(finite[0], |m, p| if p.1 > m.1 { p } else { m });
    let mut text = if lo == hi {
        format!("stays at {} for {n} {unit}{plural}", crate::fmt::lr(first))
    } else {
        let threshold = (hi - lo) * 0.01;
        let rise: Vec<bool> = finite
            .windows(2)
            .map(|w| w[1].1 - w[0].1 > threshold && w[1].0 == w[0].0 + 1)
            .collect();
        let rises = (1..rise.len()).filter(|&i| rise[i] && !rise[i - 1]).count();
        let shape = if finite.windows(2).all(|w| w[1].1 <= w[0].1) {
            "falls"
        } else if finite.windows(2).all(|w| w[1].1 >= w[0].1) {
            "rises"
        } else {
            "moves"
        };
        let mut t = format!(
            "{shape} from {} to {} over {n} {unit}{plural}, lowest {} at {unit} {lo_t}, highest {} at {unit} {hi_t}",
            crate::fmt::lr(first),
            crate::fmt::lr(last),
            crate::fmt::lr(lo),
            crate::fmt::lr(hi),
        );
        if shape == "moves" && rises > 0 {
            if rises == 1 {
                t.push_str(", jumping back up once");
            } else {
                t.push_str(&format!(", jumping back up {rises} times"));
            }
        }
        t
    };
    let left_out = n - finite.len();
    if left_out > 0 {
        text.push_str(&format!(" ({left_out} not finite)"));
    }
    text
}

#[cfg(test)]
mod describe_rates_tests {
    use super::describe_rates;

    #[test]
    fn shapes_in_words() {
        let cosine: Vec<f64> = (0..51)
            .map(|t| {
                0.001 + 0.5 * (3.0 - 0.001) * (1.0 + (std::f64::consts::PI * t as f64 / 50.0).cos())
            })
            .collect();
        let s = describe_rates(&cosine, "epoch");
        assert!(s.starts_with("falls from 3 to 0.001 over 51 epochs, lowest 0.001 at epoch 50, highest 3 at epoch 0"), "{s}");
        let sgdr: Vec<f64> = (0..30).map(|t| 1.0 - (t % 10) as f64 / 10.0).collect();
        let s = describe_rates(&sgdr, "epoch");
        assert!(
            s.starts_with("moves from 1 to 0.1") && s.ends_with("jumping back up 2 times"),
            "{s}"
        );
        assert_eq!(
            describe_rates(&[0.1; 4], "step"),
            "stays at 0.1 for 4 steps"
        );
        assert_eq!(describe_rates(&[f64::NAN], "step"), "no finite rate");
        assert!(describe_rates(&[1.0, f64::INFINITY, 0.5], "epoch").ends_with("(1 not finite)"));
        let warmup = [0.0, 0.5, 1.0, 0.75, 0.5];
        let s = describe_rates(&warmup, "step");
        assert!(
            !s.contains("jumping") && s.contains("highest 1 at step 2"),
            "{s}"
        );
    }
}
