//! The page's reactive state: signals and memos over the pure [`crate::lab`] model. No DOM:
//! tested natively with a Leptos `Owner` (as leptos-use tests its hooks). The components
//! read it and send edits; the browser glue (animation frames, the address bar, canvases)
//! lives in the components that need it.
//!
//! Data flow: an edit changes the `draft` (what the inputs show, at once); the draft is
//! committed at most once per animation frame (`committed`); [`plan`] computes the run and
//! every series' rates from the committed state; `shown` keeps, per series, the last valid
//! plan, so an invalid entry shows its message and the last valid charts stay.

use std::sync::Arc;

use leptos::prelude::*;

use crate::chart::BoundaryPoint;
use crate::lab::plan::{plan, Plan, Problem, Run, SeriesPlan, Target};
use crate::lab::trainer::{plane_points, DataKey, TrainerSettings};

use crate::lab::url::UrlProblem;
use crate::lab::{cosine::CosineInputs, LabState, SeriesEntry, View};
use crate::train::Prepared;

/// The page's data: prepared (split, standardized; shared by every series' run) and, for a
/// 2-D set, its points as the decision-boundary picture draws them.
pub struct Loaded {
    /// The prepared data.
    pub prepared: Arc<Prepared>,
    /// The samples of a 2-D set ([`plane_points`]); empty for the others.
    pub points: Vec<BoundaryPoint>,
}

/// The page's data, or why it could not be prepared. Compared by identity: a new value is a
/// new preparation.
#[derive(Clone)]
pub struct Data(pub Result<Arc<Loaded>, String>);

impl PartialEq for Data {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Ok(a), Ok(b)) => Arc::ptr_eq(a, b),
            (Err(a), Err(b)) => a == b,
            _ => false,
        }
    }
}

impl Data {
    /// Loads the data `key` names.
    pub fn load(key: &DataKey) -> Data {
        let loaded = key.dataset().and_then(|data| {
            // Decoded once: the points and the split come from the same data.
            let prepared = crate::train::prepare(&data, key.split.map(f64::from_bits), key.seed)?;
            Ok(Arc::new(Loaded {
                points: plane_points(&data, &prepared),
                prepared: Arc::new(prepared),
            }))
        });
        Data(loaded.map_err(|e| e.to_string()))
    }

    /// The prepared data, if there is some.
    pub fn prepared(&self) -> Option<&Arc<Prepared>> {
        self.0.as_ref().ok().map(|l| &l.prepared)
    }
}

/// What [`crate::lab::trainer::TrainerDraft::read`] says of the committed trainer texts.
pub type TrainerRead = Result<TrainerSettings, Vec<(&'static str, String)>>;

/// The page's training setup: the trainer texts as read, the last valid settings, their data
/// and what follows from both.
#[derive(Clone, PartialEq)]
pub struct Training {
    /// The committed trainer texts, read (settings, or one message per offending control).
    pub read: TrainerRead,
    /// The last valid settings (the charts and the runs use these; an invalid text shows its
    /// message and the last valid training stays).
    pub settings: TrainerSettings,
    /// The data the settings describe, prepared once per data set, split and seed.
    pub data: Data,
    /// Optimizer steps per epoch: ceil(n_train / batch_size) (1 without data).
    pub steps_per_epoch: usize,
    /// The exact minimum of the training objective (Newton's method) for the data and λ, or
    /// why there is none (λ = 0 on separable data).
    pub optimum: Result<f64, String>,
}

impl Training {
    /// The setup after reading the trainer texts (`read`), reusing what `prev` computed when
    /// its inputs are unchanged: the data (same data set, split and seed), the optimum (same
    /// data and λ).
    pub fn next(read: TrainerRead, prev: Option<&Training>) -> Training {
        let settings = match (&read, prev) {
            (Ok(s), _) => s.clone(),
            (Err(_), Some(p)) => p.settings.clone(),
            (Err(_), None) => TrainerSettings::default(),
        };
        let same_data = prev.filter(|p| p.settings.data_key() == settings.data_key());
        let data = same_data.map_or_else(|| Data::load(&settings.data_key()), |p| p.data.clone());
        let optimum = match same_data.filter(|p| p.settings.l2 == settings.l2) {
            Some(p) => p.optimum.clone(),
            None => match &data.0 {
                Ok(l) => l.prepared.optimum(settings.l2).map_err(|e| e.to_string()),
                Err(e) => Err(e.clone()),
            },
        };
        let steps_per_epoch = data
            .prepared()
            .map_or(1, |p| p.steps_per_epoch(settings.batch_size));
        Training {
            read,
            settings,
            data,
            steps_per_epoch,
            optimum,
        }
    }
}

/// What the charts show: the run and, per series entry, the last valid plan (`None` for a
/// series that never had one).
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The run the charts are drawn for.
    pub run: Run,
    /// One entry per series of the page, in order.
    pub series: Vec<Option<SeriesPlan>>,
}

impl Shown {
    /// The series that have a plan, in page order.
    pub fn plans(&self) -> impl Iterator<Item = &SeriesPlan> {
        self.series.iter().flatten()
    }

    /// The series that have a plan with their 0-based position among all series (the
    /// position indexes the runs and the plateau rates), in page order.
    pub fn indexed_plans(&self) -> impl Iterator<Item = (usize, &SeriesPlan)> {
        self.series
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.as_ref().map(|p| (i, p)))
    }
}

/// The page's reactive state. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct PageState {
    /// What the inputs show right now (updated on every keystroke / slider event).
    pub draft: RwSignal<LabState>,
    /// What the charts are computed from: the draft, committed at most once per frame.
    pub committed: RwSignal<LabState>,
    /// The page's starting state (from its URL): what Reset goes back to, so an embedded
    /// widget's fixed starting state, hidden controls included, is never lost.
    pub initial: StoredValue<LabState>,
    /// Problems with the page's URL (unknown preset, unreadable values), shown once.
    pub url_problems: RwSignal<Vec<UrlProblem>>,
    /// The trainer settings, the data they describe and what follows from both (one memo:
    /// each distinct memo type costs the wasm module a copy of the reactive machinery).
    pub training: Memo<Training>,
    /// The plan of the committed state.
    pub plan: Memo<Plan>,
    /// The last valid plan per series.
    pub shown: Memo<Shown>,
}

impl PageState {
    /// The state of a page that starts at `initial` (its URL); `url_problems` are shown in
    /// the page.
    pub fn new(initial: LabState, url_problems: Vec<UrlProblem>) -> Self {
        let draft = RwSignal::new(initial.clone());
        let committed = RwSignal::new(initial.clone());
        let training = Memo::new(move |prev: Option<&Training>| {
            let read = committed.with(|s| s.trainer.read());
            Training::next(read, prev)
        });
        let steps_per_epoch = Memo::new(move |_| training.with(|t| t.steps_per_epoch));
        let plan = Memo::new(move |_| {
            let spe = steps_per_epoch.get();
            committed.with(|s| plan(s, spe))
        });
        let start = initial.clone();
        let shown = Memo::new(move |prev: Option<&Shown>| {
            let fallback = || repaired(&start, steps_per_epoch.get_untracked());
            // The cosine view is one picture (v1): any problem keeps the whole last one.
            let whole = committed.with(is_cosine);
            plan.with(|p| {
                if whole && !p.is_valid() {
                    prev.cloned().or_else(|| Some(fallback()))
                } else {
                    match prev {
                        Some(prev) => merge(p, Some(prev)),
                        None => merge(p, Some(&fallback())),
                    }
                }
            })
            .unwrap_or_else(fallback)
        });
        PageState {
            draft,
            committed,
            initial: StoredValue::new(initial),
            url_problems: RwSignal::new(url_problems),
            training,
            plan,
            shown,
        }
    }

    /// The problems with trainer setting `key` in the committed state.
    pub fn trainer_problems(self, key: &str) -> Vec<String> {
        self.training.with(|t| match &t.read {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .iter()
                .filter(|(k, _)| *k == key)
                .map(|(_, m)| m.clone())
                .collect(),
        })
    }

    /// Applies an edit to the draft (shown in the inputs at once; the charts follow at the
    /// next [`PageState::commit`]).
    pub fn edit(self, f: impl FnOnce(&mut LabState)) {
        self.draft.update(f);
    }

    /// Commits the draft (recompute + repaint); returns whether anything changed.
    pub fn commit(self) -> bool {
        let draft = self.draft.get_untracked();
        if self.committed.with_untracked(|c| *c != draft) {
            self.committed.set(draft);
            true
        } else {
            false
        }
    }

    /// Back to the page's starting state.
    pub fn reset(self) {
        self.draft.set(self.initial.get_value());
    }

    /// The problems aimed at `target` in the committed state.
    pub fn problems_for(self, target: &Target) -> Vec<String> {
        self.plan.with(|p| {
            p.problems
                .iter()
                .filter(|q| &q.target == target)
                .map(|q| q.message.clone())
                .collect()
        })
    }

    /// Every problem of the committed state.
    pub fn problems(self) -> Vec<Problem> {
        self.plan.with(|p| p.problems.clone())
    }
}

/// The shown state after `plan`: the plan's run and series where valid, the previous shown
/// series where a series has a problem (same position). `None` when the run itself cannot
/// be resolved and there is nothing before.
fn merge(plan: &Plan, prev: Option<&Shown>) -> Option<Shown> {
    let Some(run) = plan.run else {
        return prev.cloned();
    };
    let series = plan
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| match s {
            Some(s) => Some(s.clone()),
            None => prev
                .filter(|p| p.run == run)
                .and_then(|p| p.series.get(i).cloned().flatten()),
        })
        .collect();
    Some(Shown { run, series })
}

/// What the charts show for a page whose link carries bad values and that has shown nothing
/// valid yet: in the cosine view, the link's own values with each unusable one replaced by
/// its default (so the charts match the boxes that are fine); otherwise the valid series of
/// the link. The defaults when even that has no run.
fn repaired(initial: &LabState, steps_per_epoch: usize) -> Shown {
    let mut state = initial.clone();
    if let View::Cosine(inputs) = &mut state.view {
        let p = plan(
            &LabState {
                view: View::Cosine(inputs.clone()),
                ..initial.clone()
            },
            steps_per_epoch,
        );
        let defaults = CosineInputs::default();
        for problem in &p.problems {
            match &problem.target {
                Target::Cosine(key) => {
                    inputs.set(key, defaults.get(key));
                }
                Target::Run(_) => state.run = Default::default(),
                Target::Series { .. } => {}
            }
        }
    }
    let p = plan(&state, steps_per_epoch);
    merge(&p, None)
        .filter(|s| s.plans().next().is_some())
        .or_else(|| merge(&plan(&LabState::default(), steps_per_epoch), None))
        .unwrap_or_else(|| Shown {
            run: Run {
                epochs: 1,
                unit: crate::spec::describe::Unit::Epoch,
                steps_per_epoch,
            },
            series: Vec::new(),
        })
}

/// Whether a page state is the cosine view.
pub fn is_cosine(state: &LabState) -> bool {
    matches!(state.view, View::Cosine(_))
}

/// The number of series entries of a state.
pub fn series_count(state: &LabState) -> usize {
    match &state.view {
        View::Cosine(_) => 2,
        View::Series(e) => e.len(),
    }
}

/// The entry at `index`, if any.
pub fn entry(state: &LabState, index: usize) -> Option<SeriesEntry> {
    state.entries().into_iter().nth(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::url::from_query;

    fn page(query: &[(&str, &str)]) -> (Owner, PageState) {
        let owner = Owner::new();
        owner.set();
        let (s, p) = from_query(query.iter().copied());
        (owner, PageState::new(s, p))
    }

    #[test]
    fn an_edit_reaches_the_charts_only_when_committed() {
        let (_owner, state) = page(&[]);
        assert_eq!(state.shown.get_untracked().run.epochs, 51);
        state.edit(|s| {
            if let View::Cosine(i) = &mut s.view {
                i.T_max = "20".into();
            }
        });
        assert_eq!(state.shown.get_untracked().run.epochs, 51);
        assert!(state.commit());
        assert_eq!(state.shown.get_untracked().run.epochs, 21);
        assert!(!state.commit());
    }

    #[test]
    fn an_invalid_entry_keeps_the_last_valid_charts() {
        // Regression (v1): an invalid value must show its message and leave the charts alone.
        let (_owner, state) = page(&[]);
        let before = state.shown.get_untracked();
        state.edit(|s| {
            if let View::Cosine(i) = &mut s.view {
                i.restarts = "1".into();
                i.T_mult = "2.5".into();
            }
        });
        state.commit();
        assert_eq!(state.shown.get_untracked(), before);
        let messages = state.problems_for(&Target::Cosine("T_mult"));
        assert!(
            messages[0].contains("Expected integer T_mult >= 1"),
            "{messages:?}"
        );
        state.reset();
        state.commit();
        assert!(state.problems().is_empty());
    }

    #[test]
    fn a_bad_link_charts_its_usable_values() {
        // v1 QA: ?eta_max=0.4&T_max=abc showed the defaults; it must keep eta_max 0.4.
        let (_owner, state) = page(&[("eta_max", "0.4"), ("T_max", "abc")]);
        let shown = state.shown.get_untracked();
        let first = shown.plans().next().unwrap();
        assert_eq!(first.spec.base_lr, Some(0.4));
        assert_eq!(shown.run.epochs, 51);
        assert!(!state.problems().is_empty());
    }

    #[test]
    fn one_bad_series_does_not_hide_the_others() {
        let good = r#"{"scheduler":"optax.constant_schedule","params":{"value":0.5}}"#;
        let bad = r#"{"scheduler":"optax.constant_schedule","params":{"value":"abc"}}"#;
        let (_owner, state) = page(&[("series", good), ("series", bad), ("epochs", "10")]);
        let shown = state.shown.get_untracked();
        assert!(shown.series[0].is_some() && shown.series[1].is_none());
        assert_eq!(
            state.problems()[0].target,
            Target::Series {
                index: 1,
                control: "value".into()
            }
        );
    }
}
