//! The Schedule Lab's model: everything the page knows, as plain data, and every function
//! from it to what the page shows — shared by the page, the CLI and the tests. Pure: no
//! Leptos, no DOM (the signals and components are in [`crate::app`]).
//!
//! ```text
//! URL query ◄──► LabState ──► plan() ──► Vec<SeriesPlan> (ScheduleSpec::evaluate)
//!   (url)        (drafts:     (plan)        │
//!                 texts)                    ├──► training (train_series: one TrainRun each)
//!                                           ├──► CSV rows (csv), snippets (spec::snippet)
//!                                           └──► cosine pictures, notes (cosine)
//! ```
//! - [`LabState`]: the whole page state — the view (the v1 [`cosine`] view, or a list of
//!   series), the run (`epochs`, `unit`) and the page options. The URL is its serialization
//!   ([`url`]); a reload restores it exactly.
//! - [`draft`]: a series' schedule as texts ([`draft::SpecDraft`]), read into a
//!   [`crate::spec::ScheduleSpec`] through the scheduler descriptions
//!   ([`crate::spec::describe`]); the libraries' readers then apply their own rules.
//! - [`plan`]: the run length and each series' rates, through `ScheduleSpec::evaluate` (the
//!   CLI's and the golden tests' path) — or, for ReduceLROnPlateau, a stepper fed by the
//!   live training metric.
//! - [`train`]: one training run per series on the same data, split, seed and batch order.
//! - [`csv`]: the "Download CSV" files.
//! - [`presets`]: the one-click comparisons.
//! - [`paste`]: pasted Python as a new series, and a series ported to another library.

pub mod cosine;
pub mod csv;
pub mod draft;
pub mod edit;
mod literal;
pub mod paste;
pub mod plan;
pub mod presets;
pub mod slider;
pub mod train;
pub mod trainer;
pub mod url;

use serde_json::{Map, Value};

pub use draft::{KwargDraft, SpecDraft};
pub use literal::literal;

use crate::spec::describe::Unit;
use cosine::CosineInputs;

/// The most series a page holds (4 series plus the constant baseline).
pub const MAX_SERIES: usize = 5;

/// One series of the page: its schedule (as texts) and the spec's other top-level keys,
/// which ride along in the URL and the copied spec (`label`, `plateau_metric`, …; the CLI
/// ignores them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SeriesDraft {
    /// The schedule.
    pub spec: SpecDraft,
    /// Other top-level keys of the spec, in order.
    pub extra: Map<String, Value>,
}

/// Which end-of-epoch metric a ReduceLROnPlateau series steps on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlateauMetric {
    /// The training objective (what the loss chart shows). The default.
    #[default]
    TrainObjective,
    /// The mean logistic loss over the test split (where there is one).
    TestLoss,
}

impl PlateauMetric {
    /// The value of the series' `plateau_metric` key: `train_objective` or `test_loss`.
    pub fn key(self) -> &'static str {
        match self {
            PlateauMetric::TrainObjective => "train_objective",
            PlateauMetric::TestLoss => "test_loss",
        }
    }
}

impl SeriesDraft {
    /// A series with no extra keys.
    pub fn new(spec: SpecDraft) -> Self {
        SeriesDraft {
            spec,
            extra: Map::new(),
        }
    }

    /// The series' `label` key, if it has one (shown in the legend).
    pub fn label(&self) -> Option<&str> {
        self.extra.get("label").and_then(Value::as_str)
    }

    /// The verdict of a ported series (its [`paste::PORT_VERDICT`] key), if it has one.
    pub fn port_verdict(&self) -> Option<&str> {
        self.extra.get(paste::PORT_VERDICT).and_then(Value::as_str)
    }

    /// The metric a ReduceLROnPlateau series steps on (`plateau_metric` key).
    pub fn plateau_metric(&self) -> PlateauMetric {
        match self.extra.get("plateau_metric").and_then(Value::as_str) {
            Some("test_loss") => PlateauMetric::TestLoss,
            _ => PlateauMetric::TrainObjective,
        }
    }

    /// Sets (or, for the default, removes) the `plateau_metric` key.
    pub fn set_plateau_metric(&mut self, metric: PlateauMetric) {
        match metric {
            PlateauMetric::TrainObjective => {
                self.extra.remove("plateau_metric");
            }
            m => {
                self.extra
                    .insert("plateau_metric".into(), Value::String(m.key().into()));
            }
        }
    }
}

/// A series as the URL gave it: a draft, or text that could not be read as a spec (kept as
/// it came, so nothing is lost, and explained).
#[derive(Debug, Clone, PartialEq)]
pub enum SeriesEntry {
    /// A readable series.
    Series(SeriesDraft),
    /// `series=` text that is not a spec: the raw text and why.
    Unreadable {
        /// The text as it came.
        raw: String,
        /// Why it cannot be read.
        message: String,
    },
}

/// What the page shows: the v1 cosine view, or a list of series.
#[derive(Debug, Clone, PartialEq)]
pub enum View {
    /// The cosine view (v1's page and links).
    Cosine(CosineInputs),
    /// Any list of series (`series=` links, presets, after any edit the cosine view cannot
    /// express).
    Series(Vec<SeriesEntry>),
}

/// The run: its length and how often every scheduler is stepped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunDraft {
    /// `auto` (or empty, or 0): the longest natural length among the series; else a whole
    /// number of epochs.
    pub epochs: String,
    /// Once per epoch or once per optimizer step.
    pub unit: Unit,
}

impl Default for RunDraft {
    fn default() -> Self {
        RunDraft {
            epochs: "auto".into(),
            unit: Unit::Epoch,
        }
    }
}

/// How the LR chart's y axis is scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LrAxis {
    /// Linear (the default).
    #[default]
    Linear,
    /// Logarithmic; values ≤ 0 sit on the floor with a "≤ 0" mark.
    Log,
}

/// `theme=`: the colours of the page and its charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    /// No `theme=` (or `theme=auto`): dark when the system prefers it
    /// (`prefers-color-scheme: dark`), light otherwise.
    #[default]
    Auto,
    /// `theme=light`: the v1 colours.
    Light,
    /// `theme=dark`.
    Dark,
    /// `theme=contrast`: high contrast (black, white, saturated series, thicker lines).
    Contrast,
}

impl ThemeChoice {
    /// Every choice, in the picker's order.
    pub const ALL: [ThemeChoice; 4] = [Self::Auto, Self::Light, Self::Dark, Self::Contrast];

    /// The `theme=` value.
    pub fn key(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
            Self::Contrast => "contrast",
        }
    }

    /// The choice of a `theme=` value (`None` for an unknown one).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The theme shown: [`ThemeChoice::Auto`] resolved by the system's preference.
    pub fn resolve(self, prefers_dark: bool) -> ThemeChoice {
        match self {
            Self::Auto if prefers_dark => Self::Dark,
            Self::Auto => Self::Light,
            other => other,
        }
    }

    /// The charts' colours for this choice (after [`ThemeChoice::resolve`]).
    pub fn chart_theme(self, prefers_dark: bool) -> crate::chart::Theme {
        use crate::chart::Theme;
        match self.resolve(prefers_dark) {
            Self::Dark => Theme::DARK,
            Self::Contrast => Theme::HIGH_CONTRAST,
            _ => Theme::LIGHT,
        }
    }
}

/// Page options that are not part of any schedule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageOptions {
    /// Hidden controls and panels, by name (`hide=a,b`).
    pub hidden: Vec<String>,
    /// `embed=1`: no header or footer, for an iframe.
    pub embed: bool,
    /// `big=1`: classroom size.
    pub big: bool,
    /// `lr_axis=log`: the LR chart's y axis.
    pub lr_axis: LrAxis,
    /// `theme=`: the page's and the charts' colours.
    pub theme: ThemeChoice,
    /// `boundary=k`: the series (1-based) whose decision boundary the 2-D picture shows; 0
    /// (no key) = the first series with a plan.
    pub boundary: usize,
}

/// The names `hide=` accepts besides the v1 controls (`eta_max`, `eta_min`, `T_max`,
/// `restarts`, `T_mult`) and the per-series forms `k` (series k's whole group of controls) and
/// `k.NAME` (one control of series k: a kwarg, `lr`, or a v1 control of Series 1), with what
/// each hides. The README's table lists the same.
pub const HIDE_NAMES: &[(&str, &str)] = &[
    ("epochs", "the run length control"),
    ("unit", "the unit control (per epoch / per step)"),
    (
        "trainer",
        "the training controls (data set, optimizer, batch_size, l2, seed, split; each also by its own name)",
    ),
    ("boundary", "the decision-boundary picture of the 2-D data sets"),
    ("range_test", "the LR range test panel"),
    ("header", "the page's title and tagline"),
    ("picker", "every series' scheduler picker and filter box"),
    ("add", "the Add series button"),
    ("log", "the Log LR axis button"),
    ("reset", "the Reset button"),
    ("classroom", "the Classroom size button"),
    ("theme", "the Theme picker"),
    ("presets", "the comparisons (preset buttons)"),
    ("formula", "the formula line under the LR chart"),
    ("notes", "the notes under the LR chart"),
    ("loss", "the training panel"),
    ("png", "the charts' Download PNG buttons"),
    ("play", "the player (Play / Pause, Step, speed)"),
    ("python", "the Paste Python box"),
    ("port", "every series' Port to … buttons"),
    ("values", "the exact-values table"),
    (
        "code",
        "the Use it panel (downloads, specs, code, permalink, embed)",
    ),
    ("permalink", "the permalink and embed snippet"),
];

impl PageOptions {
    /// Whether the control or panel `name` is hidden.
    pub fn is_hidden(&self, name: &str) -> bool {
        self.hidden.iter().any(|h| h == name)
    }

    /// Whether control `name` of series `number` (1-based) is hidden (`hide=NUMBER.NAME`).
    pub fn is_control_hidden(&self, number: usize, name: &str) -> bool {
        self.hidden
            .iter()
            .any(|h| h.split_once('.') == Some((number.to_string().as_str(), name)))
    }

    /// Whether series `number`'s (1-based) whole group of controls is hidden (`hide=NUMBER`).
    pub fn is_series_hidden(&self, number: usize) -> bool {
        self.is_hidden(&number.to_string())
    }
}

/// Whether `name` is a name `hide=` knows ([`HIDE_NAMES`], a trainer setting's key
/// ([`trainer::FIELDS`]), a v1 control, `k` or `k.NAME` with
/// k in 1..=[`MAX_SERIES`] and NAME a v1 control, `lr` or a kwarg of any scheduler).
pub fn is_hide_name(name: &str) -> bool {
    let series = |k: &str| {
        k.parse::<usize>()
            .is_ok_and(|k| (1..=MAX_SERIES).contains(&k))
    };
    let control = |n: &str| {
        cosine::KEYS.contains(&n)
            || n == draft::LR_CONTROL
            || crate::spec::describe::SCHEDULERS
                .iter()
                .any(|s| s.kwargs.iter().any(|k| k.name == n))
    };
    HIDE_NAMES.iter().any(|(n, _)| *n == name)
        || trainer::field(name).is_some()
        || cosine::KEYS.contains(&name)
        || series(name)
        || name
            .split_once('.')
            .is_some_and(|(k, n)| series(k) && control(n))
}

/// The whole state of the page (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    /// The series shown.
    pub view: View,
    /// The run.
    pub run: RunDraft,
    /// The trainer's settings (data set, optimizer, …), shared by every series.
    pub trainer: trainer::TrainerDraft,
    /// Page options.
    pub page: PageOptions,
}

impl Default for LabState {
    /// The default page: v1's cosine view at its defaults.
    fn default() -> Self {
        LabState {
            view: View::Cosine(CosineInputs::default()),
            run: RunDraft::default(),
            trainer: trainer::TrainerDraft::default(),
            page: PageOptions::default(),
        }
    }
}

impl LabState {
    /// The series of the page as drafts (the cosine view's two series; unreadable entries are
    /// left out).
    pub fn series(&self) -> Vec<SeriesDraft> {
        match &self.view {
            View::Cosine(inputs) => inputs.series().to_vec(),
            View::Series(entries) => entries
                .iter()
                .filter_map(|e| match e {
                    SeriesEntry::Series(s) => Some(s.clone()),
                    SeriesEntry::Unreadable { .. } => None,
                })
                .collect(),
        }
    }

    /// The entries of the page (the cosine view's two series as readable entries).
    pub fn entries(&self) -> Vec<SeriesEntry> {
        match &self.view {
            View::Cosine(inputs) => inputs
                .series()
                .into_iter()
                .map(SeriesEntry::Series)
                .collect(),
            View::Series(entries) => entries.clone(),
        }
    }

    /// Switches the cosine view to the equivalent list of series (before an edit the cosine
    /// view cannot express: another scheduler, adding or removing a series). An `auto` run
    /// length that the list would compute differently is made explicit, so the picture does
    /// not change.
    pub fn to_series_view(&mut self) {
        let View::Cosine(inputs) = &self.view else {
            return;
        };
        let restarts = inputs.restarts().unwrap_or(0);
        if restarts != 0 && restarts != 2 && plan::is_auto(&self.run.epochs) {
            if let Some(e) = inputs.natural_epochs() {
                self.run.epochs = e.to_string();
            }
        }
        self.view = View::Series(
            inputs
                .series()
                .into_iter()
                .map(SeriesEntry::Series)
                .collect(),
        );
    }

    /// The series entries, switching to the series view first.
    pub fn entries_mut(&mut self) -> &mut Vec<SeriesEntry> {
        if let View::Cosine(_) = self.view {
            self.to_series_view();
        }
        match &mut self.view {
            View::Series(entries) => entries,
            // `to_series_view` has just replaced the cosine view by a series view.
            View::Cosine(_) => unreachable!("the series view was just set"),
        }
    }
}
