//! What the page shows for one set of valid [`Controls`]: the schedule (exactly PyTorch's),
//! its restart points, the honest notes, the formula with the numbers substituted, a table of
//! exact values and the code to reproduce it; and the two training runs. Pure: no Leptos, no
//! DOM, tested natively.

use crate::app::controls::Controls;
use crate::fmt::{lr as fmt_lr, py_repr as fmt_py};
use crate::schedule::torch::{CosineAnnealingLR, CosineAnnealingWarmRestarts};
use crate::schedule::ScheduleError;
use std::sync::Arc;

use crate::train::{History, LrUnit, Prepared, TrainConfig, TrainError, TrainRun};

/// Why a note is shown (so tests and styles can tell them apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// No restarts and a run longer than `T_max + 1` epochs: PyTorch's rate climbs back up
    /// (PITFALLS.md B3).
    BeyondTmax,
    /// Warm restarts with integer epochs never reach `eta_min` (PITFALLS.md A2).
    TroughAboveEtaMin,
    /// A restart epoch where PyTorch's `step(epoch)` (explicit, e.g. per batch) finds the
    /// wrong cycle with `int(math.log(..))` (SEMANTICS.md §1.2); `step()` is not affected.
    FloatLogRestart,
}

/// An honest note about the current setting.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// Which note.
    pub kind: NoteKind,
    /// The text, with the real numbers.
    pub text: String,
}

/// The schedule part of the page for one set of controls.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The controls it was built from.
    pub controls: Controls,
    /// Learning rate of each epoch `t = 0..epochs-1`, as PyTorch's `scheduler.step()` once
    /// per epoch gives it (CosineAnnealingLR: the recursive, chainable form).
    pub lr: Vec<f64>,
    /// Epochs at which a warm restart begins a new cycle (empty without restarts).
    pub restarts: Vec<usize>,
    /// The notes that apply.
    pub notes: Vec<Note>,
    /// The formula in symbols.
    pub formula: String,
    /// The formula with the current numbers substituted.
    pub formula_values: String,
    /// A few exact values: (epoch, learning rate, what that epoch is).
    pub key_values: Vec<(usize, f64, &'static str)>,
    /// PyTorch code that produces this schedule.
    pub code: String,
}

impl Scenario {
    /// Builds the schedule for `controls` through the PyTorch core
    /// ([`CosineAnnealingLR`] for `restarts = 0`, [`CosineAnnealingWarmRestarts`] with
    /// `T_0 = T_max` otherwise).
    ///
    /// # Errors
    /// The core's [`ScheduleError`] when it rejects a value (the page's own checks in
    /// [`crate::app::controls::Inputs::parse`] normally catch these first).
    pub fn build(controls: &Controls) -> Result<Scenario, ScheduleError> {
        let c = controls;
        let n = c.run_epochs() as usize;
        let t_max = c.T_max as usize;
        // Restart epochs where torch's explicit `step(epoch)` would give another value.
        let mut float_log_misses: Vec<(usize, f64)> = Vec::new();
        let (lr, restarts) = if c.restarts == 0 {
            let s = CosineAnnealingLR::new(c.eta_max, i64::from(c.T_max), c.eta_min)?;
            (s.recursive(n), Vec::new())
        } else {
            let s = CosineAnnealingWarmRestarts::new(
                c.eta_max,
                i64::from(c.T_max),
                i64::from(c.T_mult),
                c.eta_min,
            )?;
            let lr: Vec<f64> = (0..n as u64).map(|t| s.lr(t)).collect();
            let restarts: Vec<usize> = (1..n as u64)
                .filter(|&t| s.cycle(t).0 != s.cycle(t - 1).0)
                .map(|t| t as usize)
                .collect();
            float_log_misses = restarts
                .iter()
                .map(|&r| (r, s.library_lr_at_epoch(r as f64)))
                .filter(|&(r, library)| library != s.lr_at_epoch(r as f64))
                .collect();
            (lr, restarts)
        };

        let mut notes = Vec::new();
        if c.restarts == 0 && n > t_max + 1 {
            let last = lr.last().copied().unwrap_or(c.eta_min);
            notes.push(Note {
                kind: NoteKind::BeyondTmax,
                text: format!(
                    "The run ({n} epochs) is longer than T_max + 1 = {}: PyTorch's CosineAnnealingLR does not stop \
                     at eta_min but climbs back up (period 2·T_max = {}); at epoch {} it is {}. optax's \
                     cosine_decay_schedule and Keras' CosineDecay would hold eta_min = {} instead.",
                    t_max + 1,
                    2 * t_max,
                    n - 1,
                    fmt_lr(last),
                    fmt_lr(c.eta_min)
                ),
            });
        }
        if c.restarts > 0 {
            // With integer stepping T_cur runs 0..T_i-1, so the trough of cycle i is at T_cur = T_i - 1.
            let first_trough = c.T_max as usize - 1;
            // The lowest rate of the whole run (the first epoch that has it).
            let lowest = lr
                .iter()
                .enumerate()
                .fold(None, |best: Option<(usize, f64)>, (t, &v)| match best {
                    Some((_, b)) if b <= v => best,
                    _ => Some((t, v)),
                });
            if let (Some(&trough), Some((at, low))) = (lr.get(first_trough), lowest) {
                notes.push(Note {
                    kind: NoteKind::TroughAboveEtaMin,
                    text: format!(
                        "With integer epochs a warm-restart cycle never reaches eta_min: T_cur runs 0…T_i−1 and the \
                         restart comes before T_cur = T_i. The lowest rate in this run is {} at epoch {at}, {} above \
                         eta_min = {}; the first cycle bottoms out at {} (epoch {first_trough}).",
                        fmt_lr(low),
                        fmt_lr(low - c.eta_min),
                        fmt_lr(c.eta_min),
                        fmt_lr(trough),
                    ),
                });
            }
        }

        if let Some(&(epoch, library)) = float_log_misses.first() {
            let more = match float_log_misses.len() {
                1 => String::new(),
                k => format!(" (and at {} more restart epochs of this run)", k - 1),
            };
            notes.push(Note {
                kind: NoteKind::FloatLogRestart,
                text: format!(
                    "If you step per batch with explicit epochs, scheduler.step(epoch + i / iters) (PyTorch's \
                     documented usage), PyTorch finds the cycle with int(math.log(...)), which rounds down at \
                     epoch {epoch}: it gives {} there instead of restarting at eta_max = {}{more}. \
                     scheduler.step() without an argument, as charted here, is not affected.",
                    fmt_lr(library),
                    fmt_lr(c.eta_max)
                ),
            });
        }

        let (formula, formula_values) = if c.restarts == 0 {
            (
                "η_t = η_min + ½ (η_max − η_min) (1 + cos(π · t / T_max))".to_string(),
                format!(
                    "η_t = {} + ½ ({} − {}) (1 + cos(π · t / {}))",
                    fmt_lr(c.eta_min),
                    fmt_lr(c.eta_max),
                    fmt_lr(c.eta_min),
                    c.T_max
                ),
            )
        } else {
            (
                "η_t = η_min + ½ (η_max − η_min) (1 + cos(π · T_cur / T_i)),  T_i = T_0 · T_mult^i"
                    .to_string(),
                format!(
                    "η_t = {} + ½ ({} − {}) (1 + cos(π · T_cur / T_i)),  T_i = {} · {}^i",
                    fmt_lr(c.eta_min),
                    fmt_lr(c.eta_max),
                    fmt_lr(c.eta_min),
                    c.T_max,
                    c.T_mult
                ),
            )
        };

        let mut key_points: Vec<(usize, &'static str)> = vec![(0, "start (eta_max)")];
        if c.restarts == 0 {
            key_points.push((t_max / 2, "T_max / 2"));
            key_points.push((t_max, "T_max (eta_min)"));
        } else {
            key_points.push((t_max - 1, "end of cycle 0 (trough)"));
            for &r in restarts.iter().take(3) {
                key_points.push((r, "restart"));
            }
        }
        key_points.push((n - 1, "last epoch"));
        key_points.sort_by_key(|p| p.0);
        key_points.dedup_by_key(|p| p.0);
        let key_values = key_points
            .into_iter()
            .filter_map(|(t, what)| lr.get(t).map(|&v| (t, v, what)))
            .collect();

        let code = if c.restarts == 0 {
            format!(
                "optimizer = torch.optim.SGD(model.parameters(), lr={})\n\
                 scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(\n    optimizer, T_max={}, eta_min={})\n\
                 for epoch in range({n}):\n    train_one_epoch(model, optimizer)\n    scheduler.step()",
                fmt_py(c.eta_max),
                c.T_max,
                fmt_py(c.eta_min)
            )
        } else {
            format!(
                "optimizer = torch.optim.SGD(model.parameters(), lr={})\n\
                 scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(\n    optimizer, T_0={}, T_mult={}, eta_min={})\n\
                 for epoch in range({n}):\n    train_one_epoch(model, optimizer)\n    scheduler.step()",
                fmt_py(c.eta_max),
                c.T_max,
                c.T_mult,
                fmt_py(c.eta_min)
            )
        };

        Ok(Scenario {
            controls: c.clone(),
            lr,
            restarts,
            notes,
            formula,
            formula_values,
            key_values,
            code,
        })
    }
}

/// The result of training the model with the schedule and with the constant baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingPair {
    /// Trained with the schedule.
    pub scheduled: History,
    /// Trained with a constant learning rate `eta_max` for the same number of epochs.
    pub baseline: History,
}

/// The training settings of the page: the CLI defaults of DESIGN.md (batch 32, l2 0.01,
/// momentum 0, seed 0, 20 % test split), `epochs` epochs, one schedule value per epoch.
pub fn page_train_config(epochs: usize) -> TrainConfig {
    TrainConfig {
        epochs,
        unit: LrUnit::Epoch,
        ..TrainConfig::default()
    }
}

/// One training run of the page, advanced a slice of epochs at a time so that long runs
/// never block a frame (DESIGN.md: "long runs train in slices within a frame budget"). The
/// result is bit-identical to training in one go ([`TrainRun`] is the trainer's only loop).
pub struct PageRun {
    run: TrainRun<Arc<Prepared>>,
    rates: Rates,
}

/// The learning rate of each epoch of a [`PageRun`].
enum Rates {
    /// One rate per epoch (the schedule).
    PerEpoch(Vec<f64>),
    /// The same rate every epoch (the baseline).
    Constant(f64),
}

impl Rates {
    fn at(&self, epoch: usize) -> f64 {
        match self {
            // Past the end cannot happen (the run has exactly `len` epochs); NaN would show
            // as a divergence rather than a wrong number.
            Rates::PerEpoch(lr) => lr.get(epoch).copied().unwrap_or(f64::NAN),
            Rates::Constant(v) => *v,
        }
    }
}

impl PageRun {
    /// A run of `lr.len()` epochs, epoch `t` trained at `lr[t]`.
    ///
    /// # Errors
    /// The trainer's [`TrainError`] (it does not occur for the page's settings).
    pub fn scheduled(prepared: Arc<Prepared>, lr: Vec<f64>) -> Result<Self, TrainError> {
        let run = TrainRun::new(prepared, &page_train_config(lr.len()))?;
        Ok(PageRun {
            run,
            rates: Rates::PerEpoch(lr),
        })
    }

    /// A run of `epochs` epochs at the constant rate `eta_max` (the dashed baseline).
    ///
    /// # Errors
    /// The trainer's [`TrainError`].
    pub fn constant(
        prepared: Arc<Prepared>,
        eta_max: f64,
        epochs: usize,
    ) -> Result<Self, TrainError> {
        let run = TrainRun::new(prepared, &page_train_config(epochs))?;
        Ok(PageRun {
            run,
            rates: Rates::Constant(eta_max),
        })
    }

    /// Trains up to `epochs` more epochs; returns whether the run is finished (all epochs
    /// done, or diverged).
    pub fn advance(&mut self, epochs: usize) -> bool {
        let rates = &self.rates;
        self.run.advance(epochs, &|t| rates.at(t))
    }

    /// Whether the run is finished.
    pub fn is_finished(&self) -> bool {
        self.run.is_finished()
    }

    /// Epochs trained so far.
    pub fn epochs_done(&self) -> usize {
        self.run.epochs_done()
    }

    /// Epochs the run will have.
    pub fn total_epochs(&self) -> usize {
        self.run.config().epochs
    }

    /// The history so far (a prefix of the finished run's).
    pub fn history(&self) -> History {
        self.run.history()
    }
}

/// Trains with the per-epoch rates `lr` (one per epoch), in one go.
///
/// # Errors
/// The trainer's [`TrainError`] (it does not occur for the page's settings).
pub fn train_with(prepared: &Prepared, lr: &[f64]) -> Result<History, TrainError> {
    let cfg = page_train_config(lr.len());
    prepared.train(&cfg, &|i| lr.get(i).copied().unwrap_or(f64::NAN))
}

/// Trains with a constant rate `eta_max` for `epochs` epochs (the dashed baseline), in one go.
///
/// # Errors
/// The trainer's [`TrainError`].
pub fn train_constant(
    prepared: &Prepared,
    eta_max: f64,
    epochs: usize,
) -> Result<History, TrainError> {
    prepared.train(&page_train_config(epochs), &|_| eta_max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::controls::{Control, Inputs};

    fn controls(pairs: &[(Control, &str)]) -> Controls {
        let mut i = Inputs::default();
        for (c, t) in pairs {
            i.set(*c, *t);
        }
        i.parse().unwrap()
    }

    #[test]
    fn default_scenario_ends_at_eta_min() {
        let s = Scenario::build(&controls(&[])).unwrap();
        assert_eq!(s.lr.len(), 51);
        assert_eq!(s.lr[0], 3.0);
        assert!((s.lr[50] - 0.001).abs() < 1e-15);
        assert!(s.notes.is_empty() && s.restarts.is_empty());
        assert!(s.formula_values.contains("cos(π · t / 50)"));
        assert!(s
            .code
            .contains("CosineAnnealingLR(\n    optimizer, T_max=50, eta_min=0.001)"));
    }

    #[test]
    fn longer_run_warns_and_rises_again() {
        // PITFALLS.md B3: CosineAnnealingLR(T_max=10), 15 steps: rising after step 10.
        let s = Scenario::build(&controls(&[
            (Control::TMax, "10"),
            (Control::Epochs, "15"),
            (Control::EtaMin, "0"),
        ]))
        .unwrap();
        assert_eq!(s.notes[0].kind, NoteKind::BeyondTmax);
        assert!(s.lr[14] > s.lr[10]);
    }

    #[test]
    fn warm_restarts_mark_cycles_and_show_the_real_trough() {
        // PITFALLS.md A2: T_0 = 10, T_mult = 1, eta_min 3.2e-6, base 0.1: trough 0.002450 at step 9.
        let s = Scenario::build(&controls(&[
            (Control::TMax, "10"),
            (Control::TMult, "1"),
            (Control::Restarts, "1"),
            (Control::EtaMax, "0.1"),
            (Control::EtaMin, "3.2e-6"),
        ]))
        .unwrap();
        assert_eq!(s.lr.len(), 20);
        assert_eq!(s.restarts, vec![10]);
        assert!((s.lr[9] - 0.002450).abs() < 1e-6, "{}", s.lr[9]);
        let note = &s.notes[0];
        assert_eq!(note.kind, NoteKind::TroughAboveEtaMin);
        assert!(note.text.contains("at epoch 9"), "{}", note.text);
        // T_mult = 2: restarts at 10 and 30.
        let s = Scenario::build(&controls(&[
            (Control::TMax, "10"),
            (Control::Restarts, "2"),
        ]))
        .unwrap();
        assert_eq!(s.restarts, vec![10, 30]);
        assert_eq!(s.lr.len(), 70);
        assert_eq!(s.lr[30], 3.0);
    }

    #[test]
    fn sliced_runs_equal_runs_in_one_go() {
        use crate::train::{prepare, Dataset};
        let prepared = Arc::new(prepare(&Dataset::breast_cancer(), Some(0.2), 0).unwrap());
        let s = Scenario::build(&controls(&[
            (Control::TMax, "30"),
            (Control::Restarts, "1"),
        ]))
        .unwrap();
        let mut run = PageRun::scheduled(prepared.clone(), s.lr.clone()).unwrap();
        let mut slices = 0;
        while !run.advance(7) {
            slices += 1;
            assert!(run.epochs_done() < run.total_epochs());
        }
        assert!(slices >= 8 && run.is_finished());
        assert_eq!(run.history(), train_with(&prepared, &s.lr).unwrap());
        let mut base = PageRun::constant(prepared.clone(), 0.1, 60).unwrap();
        base.advance(usize::MAX);
        assert_eq!(base.history(), train_constant(&prepared, 0.1, 60).unwrap());
    }

    #[test]
    fn float_log_restart_points_are_flagged() {
        // SEMANTICS.md §1.2: T_0 = 1, T_mult = 3, step(121) gives eta_min instead of a restart.
        let s = Scenario::build(&controls(&[
            (Control::TMax, "1"),
            (Control::TMult, "3"),
            (Control::Restarts, "5"),
            (Control::EtaMin, "0"),
        ]))
        .unwrap();
        assert!(s.restarts.contains(&121));
        let note = s
            .notes
            .iter()
            .find(|n| n.kind == NoteKind::FloatLogRestart)
            .expect("note");
        assert!(
            note.text.contains("epoch 121: it gives 0 there"),
            "{}",
            note.text
        );
        // T_mult = 2 restarts are found correctly by torch: no note.
        let s =
            Scenario::build(&controls(&[(Control::TMax, "1"), (Control::Restarts, "8")])).unwrap();
        assert!(s.notes.iter().all(|n| n.kind != NoteKind::FloatLogRestart));
    }
}
