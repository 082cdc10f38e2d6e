//! From a [`LabState`] to what the page computes before any training: the run (its length
//! in epochs, its unit, the number of rates N per series) and each series' rates, through
//! [`ScheduleSpec::evaluate`] — the path `anneal eval` and the golden tests use — or, for
//! ReduceLROnPlateau, the stepper the trainer feeds with each epoch's metric.
//!
//! Run length E (epochs): `epochs=N`, or `auto` = the longest natural length among the
//! series ([`describe::natural_length`], in the series' own steps; with `unit=step`
//! converted to epochs with ceil), else [`DEFAULT_EPOCHS`]; the cosine view uses v1's rule
//! ([`CosineInputs::natural_epochs`]). Each series has N = E rates (`unit=epoch`) or
//! E · steps_per_epoch (`unit=step`).
//!
//! Every problem is a [`Problem`] aimed at the control it is about, with the library's own
//! message where a reader rejects a value.

use super::cosine::{self, CosineInputs, CosinePicture};
use super::draft::LR_CONTROL;
use super::{LabState, PlateauMetric, SeriesDraft, SeriesEntry, View};
use crate::schedule::torch::ReduceLROnPlateau;
use crate::schedule::{Quirk, ScheduleError};
use crate::spec::describe::{self, Unit};
use crate::spec::ScheduleSpec;

/// Longest run the page computes and trains, in epochs.
pub const MAX_EPOCHS: usize = 5000;
/// The run length when no series has a natural length.
pub const DEFAULT_EPOCHS: usize = 100;

/// Whether an `epochs` text means "auto" (`auto`, empty, or 0).
pub fn is_auto(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t.eq_ignore_ascii_case("auto") || t.parse::<f64>() == Ok(0.0)
}

/// The resolved run every series shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Epochs trained.
    pub epochs: usize,
    /// How often every scheduler is stepped.
    pub unit: Unit,
    /// Optimizer steps per epoch: ceil(n_train / batch_size).
    pub steps_per_epoch: usize,
}

impl Run {
    /// The number of rates N of each series: `epochs` (per epoch) or `epochs ·
    /// steps_per_epoch` (per step).
    pub fn len(&self) -> usize {
        match self.unit {
            Unit::Epoch => self.epochs,
            Unit::Step => self.epochs.saturating_mul(self.steps_per_epoch),
        }
    }

    /// Whether the run has no rates (never, for a resolved run: at least one epoch).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The epoch (0-based) that rate index `t` belongs to.
    pub fn epoch_of(&self, t: usize) -> usize {
        match self.unit {
            Unit::Epoch => t,
            Unit::Step => t / self.steps_per_epoch.max(1),
        }
    }

    /// The rate index t at which epoch `epoch` starts (`epoch` with `unit=epoch`, `epoch ·
    /// steps_per_epoch` with `unit=step`), at most the last rate; 0 for an empty run.
    pub fn first_rate_of_epoch(&self, epoch: usize) -> usize {
        let t = match self.unit {
            Unit::Epoch => epoch,
            Unit::Step => epoch.saturating_mul(self.steps_per_epoch),
        };
        t.min(self.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod run_tests {
    use super::Run;
    use crate::spec::describe::Unit;

    #[test]
    fn first_rate_of_each_epoch() {
        let step = Run {
            epochs: 4,
            unit: Unit::Step,
            steps_per_epoch: 15,
        };
        assert_eq!(
            (0..6)
                .map(|e| step.first_rate_of_epoch(e))
                .collect::<Vec<_>>(),
            [0, 15, 30, 45, 59, 59]
        );
        assert!((0..4).all(|e| step.epoch_of(step.first_rate_of_epoch(e)) == e));
        let epoch = Run {
            epochs: 3,
            unit: Unit::Epoch,
            steps_per_epoch: 15,
        };
        assert_eq!(epoch.first_rate_of_epoch(1), 1);
        assert_eq!(epoch.first_rate_of_epoch(9), 2);
    }
}

/// A series' rates for the run.
#[derive(Debug, Clone, PartialEq)]
pub enum Rates {
    /// Known before training: `lr[t]` for t = 0..N-1, and the momentum (SGD momentum / Adam
    /// beta1) at each step for schedules that cycle it (OneCycleLR, CyclicLR).
    Fixed {
        /// The learning rates.
        lr: Vec<f64>,
        /// The momentum sequence, when the schedule sets it.
        momentum: Option<Vec<f64>>,
    },
    /// ReduceLROnPlateau: stepped once per epoch with that epoch's metric (the first
    /// `replay.len()` steps replay the spec's `metrics`).
    Plateau {
        /// The scheduler, read with PyTorch's rules.
        schedule: ReduceLROnPlateau,
        /// The live metric it steps on after the replayed ones.
        metric: PlateauMetric,
        /// The spec's recorded metrics, replayed first.
        replay: Vec<f64>,
    },
}

/// One series, ready to train and draw.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPlan {
    /// The series' number k, 1-based ("Series k", the CSV's `series`).
    pub number: usize,
    /// The legend text.
    pub label: String,
    /// The spec evaluated (what "Copy spec" copies, what `anneal eval` reads).
    pub spec: ScheduleSpec,
    /// Its rates.
    pub rates: Rates,
    /// Where the library itself would print another value.
    pub quirks: Vec<Quirk>,
    /// What the page explains about a PyTorch cosine series.
    pub cosine: Option<CosinePicture>,
}

impl SeriesPlan {
    /// For a PyTorch CosineAnnealingLR stepped plainly (`step()`, no explicit `epochs`): where
    /// its recursive (chainable) rates differ most from PyTorch's closed form
    /// (`step(epoch)`) over the same `n` steps ([`crate::spec::torch::closed_vs_recursive`]);
    /// `None` for other series, or runs over 10,000 rates (not worth a second evaluation).
    pub fn closed_form_gap(&self, n: usize) -> Option<crate::spec::torch::Difference> {
        let cal = self.spec.scheduler == "torch.optim.lr_scheduler.CosineAnnealingLR";
        if !cal || self.spec.epochs.is_some() || n > 10_000 {
            return None;
        }
        crate::spec::torch::closed_vs_recursive(&self.spec, n)
            .ok()?
            .largest
    }

    /// The momentum the schedule gives SGD at each rate index t (PyTorch's OneCycleLR and
    /// CyclicLR with `cycle_momentum`), when it sets one.
    pub fn momentum(&self) -> Option<&[f64]> {
        match &self.rates {
            Rates::Fixed {
                momentum: Some(m), ..
            } => Some(m),
            _ => None,
        }
    }
}

/// What a problem is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A run control (`epochs`).
    Run(&'static str),
    /// A control of series `index` (0-based): a kwarg path (`T_max`,
    /// `schedulers[1].T_max`), `lr`, `scheduler`, or `spec` for the spec as a whole.
    Series {
        /// 0-based position of the series.
        index: usize,
        /// The control's path.
        control: String,
    },
    /// A v1 control of the cosine view (`eta_max`, `T_max`, `restarts`, …).
    Cosine(&'static str),
}

/// A value that cannot be used, with a specific message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The control it is about.
    pub target: Target,
    /// The message (the library's own rule where a reader rejects a value).
    pub message: String,
}

/// Everything [`plan`] computes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The run, or `None` when its length cannot be resolved (see `problems`).
    pub run: Option<Run>,
    /// One entry per series entry of the page: its plan, or `None` when it has a problem.
    pub series: Vec<Option<SeriesPlan>>,
    /// Every problem found, in page order.
    pub problems: Vec<Problem>,
}

impl Plan {
    /// Whether nothing is wrong.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The control of series `index` that a reader's error is about.
fn control_of(e: &ScheduleError) -> String {
    match e.field() {
        "base_lr" => LR_CONTROL.into(),
        "epochs" | "metrics" => "spec".into(),
        f => f.to_string(),
    }
}

/// The legend text of a series: its `label`, else its scheduler's name (the baseline:
/// "constant lr = v").
pub fn label_of(series: &SeriesDraft, spec: &ScheduleSpec) -> String {
    if let Some(l) = series.label() {
        return l.to_string();
    }
    let name = spec.scheduler.rsplit('.').next().unwrap_or(&spec.scheduler);
    if spec.scheduler == cosine::CONSTANT {
        if let Some(v) = spec.params.get("value").and_then(|v| v.as_f64()) {
            return format!("constant lr = {}", crate::fmt::lr(v));
        }
    }
    name.to_string()
}

/// Computes the run and every series' rates (see the module docs). `steps_per_epoch` is
/// ceil(n_train / batch_size) of the page's data.
pub fn plan(state: &LabState, steps_per_epoch: usize) -> Plan {
    let mut problems = Vec::new();
    let cosine_view = match &state.view {
        View::Cosine(inputs) => Some(inputs),
        View::Series(_) => None,
    };
    if let Some(inputs) = cosine_view {
        if let Err(message) = inputs.restarts() {
            problems.push(Problem {
                target: Target::Cosine("restarts"),
                message,
            });
        }
    }
    let entries = state.entries();
    // Read every series' spec first: the run's auto length needs them.
    let specs: Vec<Option<(SeriesDraft, ScheduleSpec)>> = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| match entry {
            SeriesEntry::Unreadable { message, .. } => {
                problems.push(Problem {
                    target: Target::Series {
                        index,
                        control: "spec".into(),
                    },
                    message: format!("Series {}: {message}", index + 1),
                });
                None
            }
            SeriesEntry::Series(s) => match s.spec.to_spec() {
                Ok(spec) => Some((s.clone(), spec)),
                Err(errors) => {
                    // The library's reader still checks the readable values, so every problem
                    // shows at once (an unreadable eta_max and a float T_max).
                    let (mut lossy, _) = s.spec.to_spec_lossy();
                    for e in &errors {
                        if e.path == LR_CONTROL {
                            lossy.base_lr = Some(describe::EXAMPLE_BASE_LR);
                        } else {
                            lossy.params.remove(&e.path);
                        }
                    }
                    let failed: Vec<String> = errors.iter().map(|e| e.path.clone()).collect();
                    for e in errors {
                        problems.push(aimed(cosine_view, index, e.path, e.message));
                    }
                    if let Err(e) = reader_check(&lossy) {
                        let control = control_of(&e);
                        // A kwarg left out above is reported as missing: already explained.
                        if !failed.contains(&control) {
                            problems.push(aimed(cosine_view, index, control, e.to_string()));
                        }
                    }
                    None
                }
            },
        })
        .collect();

    let spe = steps_per_epoch.max(1);
    let run = resolve_run(state, cosine_view, &specs, spe, &mut problems);
    let series = specs
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let (draft, spec) = item?;
            let run = run?;
            match evaluate(&draft, spec, run, index) {
                Ok(plan) => Some(plan),
                Err(e) => {
                    let control = control_of(&e);
                    problems.push(aimed(cosine_view, index, control, e.to_string()));
                    None
                }
            }
        })
        .collect();
    if cosine_view.is_some() {
        // The baseline repeats the cosine series' eta_max: one message per slider.
        let mut seen = Vec::new();
        problems.retain(|p| {
            let fresh = !seen.contains(&p.target);
            seen.push(p.target.clone());
            fresh
        });
    }
    Plan {
        run,
        series,
        problems,
    }
}

/// A problem aimed at a series control, or at the v1 control behind it in the cosine view
/// (there the message names the slider the user moved: `eta_max`, not `lr` or `base_lr`).
fn aimed(
    cosine_view: Option<&CosineInputs>,
    index: usize,
    control: String,
    message: String,
) -> Problem {
    match cosine_view {
        Some(_) => {
            let key = CosineInputs::control_of(index, &control);
            let own = format!("{control} = ");
            let message = match message.strip_prefix(&own) {
                Some(rest) => format!("{key} = {rest}"),
                None if message.contains(key) => message,
                None => format!("{key}: {message}"),
            };
            Problem {
                target: Target::Cosine(key),
                message,
            }
        }
        None => Problem {
            target: Target::Series { index, control },
            message,
        },
    }
}

fn resolve_run(
    state: &LabState,
    cosine_view: Option<&CosineInputs>,
    specs: &[Option<(SeriesDraft, ScheduleSpec)>],
    spe: usize,
    problems: &mut Vec<Problem>,
) -> Option<Run> {
    let unit = state.run.unit;
    let make = |epochs: usize| Run {
        epochs,
        unit,
        steps_per_epoch: spe,
    };
    let text = state.run.epochs.trim();
    if !is_auto(text) {
        let shown = super::draft::clip(text);
        return match text.parse::<f64>() {
            Ok(v) if v.fract() == 0.0 && v >= 1.0 && v <= MAX_EPOCHS as f64 => {
                Some(make(v as usize))
            }
            Ok(v) if v.is_finite() && v.fract() != 0.0 => {
                problems.push(Problem {
                    target: Target::Run("epochs"),
                    message: format!("epochs must be a whole number (got {shown})"),
                });
                None
            }
            Ok(_) => {
                problems.push(Problem {
                    target: Target::Run("epochs"),
                    message: format!(
                        "epochs must be between 1 and {MAX_EPOCHS}, or auto (got {shown})"
                    ),
                });
                None
            }
            Err(_) => {
                problems.push(Problem {
                    target: Target::Run("epochs"),
                    message: format!(
                        "epochs = {shown} is not a number: enter a whole number or auto"
                    ),
                });
                None
            }
        };
    }
    let to_epochs = |steps: u64| -> u64 {
        match unit {
            Unit::Epoch => steps,
            Unit::Step => steps.div_ceil(spe as u64),
        }
    };
    let natural: Option<(u64, String)> = match cosine_view {
        Some(inputs) => inputs
            .natural_epochs()
            .map(|e| (e, "T_max, T_mult and restarts".to_string())),
        None => specs
            .iter()
            .flatten()
            .filter_map(|(_, spec)| {
                let steps = spec
                    .implied_len()
                    .map(|n| n as u64)
                    .or_else(|| describe::natural_length(spec))?;
                let name = spec.scheduler.rsplit('.').next().unwrap_or_default();
                Some((to_epochs(steps), name.to_string()))
            })
            .max_by_key(|(e, _)| *e),
    };
    match natural {
        None => Some(make(DEFAULT_EPOCHS)),
        Some((e, _)) if e >= 1 && e <= MAX_EPOCHS as u64 => Some(make(e as usize)),
        Some((0, _)) => Some(make(1)),
        Some((e, what)) => {
            let target = match cosine_view {
                Some(inputs) if inputs.restarts().unwrap_or(0) > 0 => Target::Cosine("restarts"),
                Some(_) => Target::Cosine("T_max"),
                None => Target::Run("epochs"),
            };
            problems.push(Problem {
                target,
                message: format!(
                    "{what} make a run of {e} epochs; the page computes at most {MAX_EPOCHS}: shorten the schedule, \
                     or set epochs"
                ),
            });
            None
        }
    }
}

/// The reader's verdict on a spec's kwargs alone (one step, or its explicit epochs/metrics).
fn reader_check(spec: &ScheduleSpec) -> Result<(), ScheduleError> {
    if spec.scheduler == "torch.optim.lr_scheduler.ReduceLROnPlateau" {
        return crate::spec::torch::reduce_lr_on_plateau(spec).map(|_| ());
    }
    let steps = spec.implied_len().is_none().then_some(1);
    spec.evaluate(steps).map(|_| ())
}

/// The rates of one readable series over the run.
fn evaluate(
    draft: &SeriesDraft,
    spec: ScheduleSpec,
    run: Run,
    index: usize,
) -> Result<SeriesPlan, ScheduleError> {
    let n = run.len();
    let label = label_of(draft, &spec);
    let number = index + 1;
    if spec.scheduler == "torch.optim.lr_scheduler.ReduceLROnPlateau" {
        let schedule = crate::spec::torch::reduce_lr_on_plateau(&spec)?;
        return Ok(SeriesPlan {
            number,
            label,
            rates: Rates::Plateau {
                schedule,
                metric: draft.plateau_metric(),
                replay: spec.metrics.clone().unwrap_or_default(),
            },
            spec,
            quirks: Vec::new(),
            cosine: None,
        });
    }
    let mut ev = match spec.implied_len() {
        Some(k) => {
            let ev = spec.evaluate(None)?;
            if k < n {
                return Err(ScheduleError::invalid(
                    "epochs",
                    k,
                    format!("the spec's explicit epochs give {k} rates; the run needs {n}: add epochs or shorten the run"),
                ));
            }
            ev
        }
        None => spec.evaluate(Some(n))?,
    };
    ev.lr.truncate(n);
    if let Some(m) = ev.momentum.as_mut() {
        m.truncate(n);
    }
    let cosine = cosine::picture(&spec, &ev.lr);
    Ok(SeriesPlan {
        number,
        label,
        rates: Rates::Fixed {
            lr: ev.lr,
            momentum: ev.momentum,
        },
        spec,
        quirks: ev.quirks,
        cosine,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::{url, SpecDraft};

    fn state(query: &[(&str, &str)]) -> LabState {
        let (s, p) = url::from_query(query.iter().copied());
        assert!(p.is_empty(), "{p:?}");
        s
    }

    #[test]
    fn the_default_page_is_51_epochs_of_cosine_and_a_baseline() {
        let p = plan(&LabState::default(), 15);
        assert!(p.is_valid(), "{:?}", p.problems);
        let run = p.run.unwrap();
        assert_eq!((run.epochs, run.len()), (51, 51));
        let s: Vec<&SeriesPlan> = p.series.iter().flatten().collect();
        assert_eq!(s.len(), 2);
        let Rates::Fixed { lr, .. } = &s[0].rates else {
            panic!()
        };
        assert_eq!(lr.len(), 51);
        assert_eq!(s[1].label, "constant lr = 3");
    }

    /// A plain CosineAnnealingLR reports its largest closed-vs-recursive difference (a few
    /// ulps, as the golden `max_abs_diff_recursive_vs_closed_form`); its closed-form twin and
    /// other schedulers report none.
    #[test]
    fn closed_form_gap_of_a_plain_cosine() {
        let rec = r#"{"scheduler":"torch.optim.lr_scheduler.CosineAnnealingLR","params":{"T_max":50},"base_lr":1.0}"#;
        let epochs: Vec<String> = (0..51).map(|e| e.to_string()).collect();
        let closed = format!(
            r#"{{"scheduler":"torch.optim.lr_scheduler.CosineAnnealingLR","params":{{"T_max":50}},"base_lr":1.0,"epochs":[{}]}}"#,
            epochs.join(",")
        );
        let step = r#"{"scheduler":"torch.optim.lr_scheduler.StepLR","params":{"step_size":10},"base_lr":0.1}"#;
        let p = plan(
            &state(&[
                ("series", rec),
                ("series", &closed),
                ("series", step),
                ("epochs", "51"),
            ]),
            15,
        );
        assert!(p.is_valid(), "{:?}", p.problems);
        let s: Vec<&SeriesPlan> = p.series.iter().flatten().collect();
        let d = s[0].closed_form_gap(51).expect("a plain cosine has a gap");
        assert!((0.0..1e-15).contains(&d.abs), "{}", d.abs);
        assert!(d.step < 51);
        assert!(s[1].closed_form_gap(51).is_none());
        assert!(s[2].closed_form_gap(51).is_none());
    }

    /// OneCycleLR's plan carries the momentum PyTorch sets: one value per rate, from
    /// max_momentum (0.95) down to base_momentum (0.85) at the peak and back; StepLR's none.
    #[test]
    fn one_cycle_carries_its_momentum_sequence() {
        let spec = r#"{"scheduler":"torch.optim.lr_scheduler.OneCycleLR","params":{"max_lr":0.1,"total_steps":40},"base_lr":0.1}"#;
        let step = r#"{"scheduler":"torch.optim.lr_scheduler.StepLR","params":{"step_size":10},"base_lr":0.1}"#;
        let p = plan(
            &state(&[("series", spec), ("series", step), ("epochs", "40")]),
            15,
        );
        assert!(p.is_valid(), "{:?}", p.problems);
        let s: Vec<&SeriesPlan> = p.series.iter().flatten().collect();
        let m = s[0].momentum().expect("OneCycleLR cycles momentum");
        assert_eq!(m.len(), 40);
        assert_eq!(m[0], 0.95);
        let lowest = m.iter().copied().fold(f64::INFINITY, f64::min);
        assert!((lowest - 0.85).abs() < 1e-12, "{lowest}");
        assert!(s[1].momentum().is_none());
    }

    #[test]
    fn unit_step_multiplies_the_rates_and_converts_natural_lengths_with_ceil() {
        let spec = r#"{"scheduler":"optax.constant_schedule","params":{"value":0.1}}"#;
        let p = plan(
            &state(&[("series", spec), ("epochs", "4"), ("unit", "step")]),
            15,
        );
        assert_eq!(p.run.unwrap().len(), 60);
        let cal = r#"{"scheduler":"torch.optim.lr_scheduler.CosineAnnealingLR","params":{"T_max":100},"base_lr":0.1}"#;
        let p = plan(&state(&[("series", cal), ("unit", "step")]), 15);
        // natural length 101 steps → ceil(101 / 15) = 7 epochs.
        assert_eq!(p.run.unwrap().epochs, 7);
        let p = plan(&state(&[("series", spec)]), 15);
        assert_eq!(p.run.unwrap().epochs, DEFAULT_EPOCHS);
    }

    #[test]
    fn reader_errors_are_aimed_at_the_control() {
        // The cosine view: a float T_mult is PyTorch's error, on the T_mult slider.
        let p = plan(&state(&[("restarts", "1"), ("T_mult", "2.5")]), 15);
        assert_eq!(p.problems[0].target, Target::Cosine("T_mult"));
        assert!(
            p.problems[0]
                .message
                .contains("Expected integer T_mult >= 1"),
            "{:?}",
            p.problems
        );
        // A series: an unknown kwarg names itself.
        let bad = r#"{"scheduler":"torch.optim.lr_scheduler.CosineAnnealingLR","params":{"T_max":5,"eta_mn":0},"base_lr":0.1}"#;
        let p = plan(&state(&[("series", bad)]), 15);
        assert_eq!(
            p.problems[0].target,
            Target::Series {
                index: 0,
                control: "eta_mn".into()
            }
        );
        // An unreadable lr is aimed at `lr`.
        let mut d = SpecDraft::for_scheduler(cosine::CAL, "abc");
        d.set_text("T_max", "10");
        let s = LabState {
            view: View::Series(vec![SeriesEntry::Series(SeriesDraft::new(d))]),
            ..LabState::default()
        };
        let p = plan(&s, 15);
        assert_eq!(
            p.problems[0].target,
            Target::Series {
                index: 0,
                control: "lr".into()
            }
        );
        assert!(p.series[0].is_none());
    }

    #[test]
    fn every_problem_shows_at_once() {
        // v1 e2e: ?eta_max=abc&T_max=2.5 names both, though eta_max does not even read.
        let p = plan(&state(&[("eta_max", "abc"), ("T_max", "2.5")]), 15);
        let targets: Vec<&Target> = p.problems.iter().map(|q| &q.target).collect();
        assert_eq!(
            targets,
            [&Target::Cosine("eta_max"), &Target::Cosine("T_max")],
            "{:?}",
            p.problems
        );
        assert!(
            p.problems[1].message.contains("expected an integer"),
            "{:?}",
            p.problems
        );
    }

    #[test]
    fn run_length_rules() {
        let p = plan(
            &state(&[("T_max", "500"), ("restarts", "5"), ("T_mult", "4")]),
            15,
        );
        assert_eq!(p.problems[0].target, Target::Cosine("restarts"));
        assert!(
            p.problems[0].message.contains("682500 epochs"),
            "{}",
            p.problems[0].message
        );
        let p = plan(
            &state(&[
                ("T_max", "500"),
                ("restarts", "5"),
                ("T_mult", "4"),
                ("epochs", "2000"),
            ]),
            15,
        );
        assert!(p.is_valid());
        assert_eq!(p.run.unwrap().epochs, 2000);
        for bad in ["2.5", "100000", "abc", "-3"] {
            let p = plan(&state(&[("epochs", bad)]), 15);
            assert_eq!(p.problems[0].target, Target::Run("epochs"), "{bad}");
        }
        assert!(is_auto("auto") && is_auto("") && is_auto("0") && !is_auto("5"));
    }
}
