//! [`Page`]: the page's state ([`PageState`]) joined to the browser — edits committed once
//! per animation frame, the address bar kept equal to the state, and the training of every
//! series advanced in slices within a frame budget. Provided as context by [`super::App`].

use leptos::prelude::*;

use super::dom;
use super::state::PageState;
use crate::lab::train::{PlateauView, RunView, Trainer};
use crate::lab::{url, LabState};

/// Epochs trained per series between two looks at the clock.
const SLICE_EPOCHS: usize = 8;
/// Training time allowed per animation frame, leaving the rest of the frame for drawing.
const FRAME_BUDGET_MS: f64 = 8.0;
/// While a run trains, how often what it has so far is published (and the loss chart redrawn).
const PUBLISH_MS: f64 = 100.0;
/// How long after the last commit the address bar is updated.
const URL_DELAY_MS: u64 = 100;

/// The page: state plus its browser plumbing. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Page {
    /// The reactive state.
    pub state: PageState,
    /// What each series' training has so far, in page order.
    pub runs: RwSignal<Vec<RunView>>,
    /// The live rates of the ReduceLROnPlateau series (per series; `None` for the others):
    /// what the LR chart, the exact values and the copied specs depend on, so they do not
    /// redraw for every training slice of the other series.
    pub plateau: Memo<Vec<Option<PlateauView>>>,
    /// The training runs.
    trainer: StoredValue<Trainer>,
    /// Whether a commit is already requested for the next animation frame.
    commit_pending: StoredValue<bool>,
    /// Whether a training slice is already requested for the next animation frame.
    train_pending: StoredValue<bool>,
    /// Counts commits, so that only the last one's delayed URL update writes.
    url_generation: StoredValue<u64>,
    /// `performance.now()` when training progress was last published.
    published_at: StoredValue<f64>,
    /// Training slices (main-thread tasks) since the runs last changed; on `<body
    /// data-train-slices>` for the end-to-end tests.
    slices: StoredValue<u32>,
    /// `performance.now()` of the last input, to measure input → repaint.
    pub input_at: StoredValue<Option<f64>>,
    /// The hover / keyboard cursor: a rate index t of the run.
    pub cursor: RwSignal<Option<f64>>,
    /// Whether the system prefers a dark colour scheme (what `theme=auto` follows).
    pub prefers_dark: RwSignal<bool>,
}

impl Page {
    /// Builds the page state from `initial` and starts the plumbing (URL sync, training).
    pub fn new(initial: LabState, problems: Vec<url::UrlProblem>) -> Self {
        let runs = RwSignal::new(Vec::<RunView>::new());
        let plateau =
            Memo::new(move |_| runs.with(|r| r.iter().map(|v| v.plateau.clone()).collect()));
        let page = Page {
            state: PageState::new(initial, problems),
            runs,
            plateau,
            trainer: StoredValue::new(Trainer::default()),
            commit_pending: StoredValue::new(false),
            train_pending: StoredValue::new(false),
            url_generation: StoredValue::new(0),
            published_at: StoredValue::new(0.0),
            slices: StoredValue::new(0),
            input_at: StoredValue::new(None),
            cursor: RwSignal::new(None),
            prefers_dark: RwSignal::new(false),
        };
        let prefers_dark = page.prefers_dark;
        prefers_dark.set(dom::watch_prefers_dark(move |dark| {
            let _ = prefers_dark.try_set(dark);
        }));
        // Mirror the committed state into the address bar, URL_DELAY_MS after the last commit:
        // `history.replaceState` costs Chrome several ms per call (measured: ~7 ms a slider
        // move, a third of the move's main-thread time), so a drag writes it once at the end.
        Effect::new(move |_| {
            let q = page
                .state
                .committed
                .with(|s| dom::query_string(&url::to_query(s)));
            let generation = page.url_generation.get_value().wrapping_add(1);
            page.url_generation.set_value(generation);
            set_timeout(
                move || {
                    // The page may have been unmounted since (a widget removed from its host).
                    if page.url_generation.try_get_value() == Some(generation) {
                        dom::replace_query(&q);
                    }
                },
                std::time::Duration::from_millis(URL_DELAY_MS),
            );
        });
        // Retrain the series whose rates, settings or data changed.
        Effect::new(move |_| {
            let shown = page.state.shown.get();
            let (settings, data) = page
                .state
                .training
                .with(|t| (t.settings.clone(), t.data.clone()));
            let Some(data) = data.prepared() else {
                page.trainer.update_value(|t| *t = Trainer::default());
                page.runs.set(Vec::new());
                return;
            };
            page.trainer.update_value(|t| {
                t.sync(data, &shown.run, &shown.series, &settings);
            });
            page.slices.set_value(0);
            // A first, shorter slice now, in the frame of the edit (which also plans and draws):
            // a short run is trained and its loss chart drawn before the browser paints,
            // longer ones go on frame by frame.
            page.train_for_budget(FRAME_BUDGET_MS / 2.0, true);
            page.request_training_slice();
        });
        page
    }

    /// Applies an edit: shown in the inputs at once, committed (recompute + repaint) on the
    /// next animation frame.
    pub fn edit(self, f: impl FnOnce(&mut LabState)) {
        self.input_at.set_value(Some(dom::now_ms()));
        self.state.edit(f);
        self.request_commit();
    }

    /// Back to the page's starting state.
    pub fn reset(self) {
        self.input_at.set_value(Some(dom::now_ms()));
        self.state.reset();
        self.request_commit();
    }

    /// The charts' colours: the committed `theme=`, `auto` resolved by the system's
    /// preference (tracked: a drawing effect that calls it follows both).
    pub fn chart_theme(self) -> crate::chart::Theme {
        let dark = self.prefers_dark.get();
        self.state
            .committed
            .with(|s| s.page.theme.chart_theme(dark))
    }

    fn request_commit(self) {
        if self.commit_pending.get_value() {
            return;
        }
        self.commit_pending.set_value(true);
        request_animation_frame(move || {
            // The page may have been unmounted since (a widget removed from its host page).
            if self.commit_pending.try_set_value(false).is_some() {
                return;
            }
            self.state.commit();
        });
    }

    fn request_training_slice(self) {
        if self.train_pending.get_value() || self.trainer.with_value(Trainer::is_finished) {
            return;
        }
        self.train_pending.set_value(true);
        request_animation_frame(move || self.train_slice());
    }

    /// Trains the unfinished runs for about [`FRAME_BUDGET_MS`] of this frame, publishes what
    /// they have so far (the loss chart grows), and asks for another frame if needed.
    fn train_slice(self) {
        // The page may have been unmounted since (a widget removed from its host page).
        if self.train_pending.try_set_value(false).is_some() {
            return;
        }
        self.train_for_budget(FRAME_BUDGET_MS, false);
        self.request_training_slice();
    }

    /// Trains the unfinished runs for about `budget_ms` and publishes what they have so far:
    /// always when `force` (a new edit) or when training is done, otherwise at most every
    /// [`PUBLISH_MS`] (each publication redraws the loss chart: profiled, redrawing a
    /// 3,150-epoch chart every frame cost more than the training itself).
    fn train_for_budget(self, budget_ms: f64, force: bool) {
        let start = dom::now_ms();
        if !self.trainer.with_value(Trainer::is_finished) {
            let slices = self.slices.get_value() + 1;
            self.slices.set_value(slices);
            dom::mark_body("data-train-slices", f64::from(slices));
        }
        let mut finished = false;
        self.trainer.update_value(|t| loop {
            if t.advance(SLICE_EPOCHS) {
                finished = true;
                break;
            }
            if dom::now_ms() - start > budget_ms {
                break;
            }
        });
        let now = dom::now_ms();
        if force || finished || now - self.published_at.get_value() >= PUBLISH_MS {
            self.published_at.set_value(now);
            self.runs.set(self.trainer.with_value(Trainer::views));
        }
    }
}

/// The page from context (provided by [`super::App`] before any child is built).
pub fn use_page() -> Page {
    expect_context::<Page>()
}
