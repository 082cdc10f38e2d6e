//! Leptos components of the page. State lives in [`PageState`] (signals and memos over the
//! pure [`super::controls`] and [`super::scenario`] modules); components only read it and
//! send edits.

use std::sync::Arc;

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

use super::canvas::draw_on_canvas;
use super::controls::{Control, InputError, Inputs, PageOptions, SliderScale};
use super::scenario::{fmt_lr, fmt_objective, fmt_py, PageRun, Scenario};
use crate::chart::{
    draw_loss_chart, draw_lr_chart, ChartError, ChartStyle, CosineDecorations, LineSeries,
    LossChart, LrChart,
};
use crate::train::{prepare, Dataset, History, Prepared};

/// The page's reactive state. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
struct PageState {
    /// What the inputs show right now (updated on every keystroke / slider event).
    draft: RwSignal<Inputs>,
    /// What the charts are computed from: the draft, committed at most once per frame.
    committed: RwSignal<Inputs>,
    /// Whether a commit is already requested for the next animation frame.
    frame_pending: StoredValue<bool>,
    /// The page's starting state (from its URL): what Reset goes back to, so an embedded
    /// widget's fixed starting state, hidden controls included, is never lost.
    initial: StoredValue<Inputs>,
    /// Hidden controls, embed and classroom mode.
    options: RwSignal<PageOptions>,
    /// The problems with the committed inputs (empty when valid).
    errors: Memo<Vec<InputError>>,
    /// The last valid scenario (the defaults until the first valid one).
    scenario: Memo<Scenario>,
    /// Training with the schedule, as far as it got.
    scheduled: RwSignal<RunView>,
    /// Training with the constant eta_max baseline, as far as it got.
    baseline: RwSignal<RunView>,
    /// The runs still training: [scheduled, baseline], advanced in slices each frame.
    runs: StoredValue<[Option<PageRun>; 2]>,
    /// Whether a training slice is already requested for the next animation frame.
    train_pending: StoredValue<bool>,
    /// The exact minimum of the training objective (Newton), if it could be computed.
    optimum: Option<f64>,
    /// `performance.now()` of the last input event, to measure input → repaint.
    input_at: StoredValue<Option<f64>>,
}

impl PageState {
    fn new(initial: Inputs, options: PageOptions) -> Self {
        let start = StoredValue::new(initial.clone());
        let fallback_from = initial.clone();
        let draft = RwSignal::new(initial.clone());
        let committed = RwSignal::new(initial);
        let parsed = Memo::new(move |_| committed.with(|i| i.parse()));
        let built = Memo::new(move |_| {
            parsed.get().and_then(|c| {
                Scenario::build(&c).map_err(|e| {
                    let control = match e.field() {
                        "T_max" | "T_0" => Control::TMax,
                        "T_mult" => Control::TMult,
                        "eta_min" => Control::EtaMin,
                        _ => Control::EtaMax,
                    };
                    vec![InputError {
                        control,
                        message: e.to_string(),
                    }]
                })
            })
        });
        let errors =
            Memo::new(move |_| built.with(|b| b.as_ref().err().cloned().unwrap_or_default()));
        let scenario = Memo::new(move |prev: Option<&Scenario>| match built.get() {
            Ok(s) => s,
            Err(_) => prev
                .cloned()
                .unwrap_or_else(|| fallback_scenario(&fallback_from)),
        });
        let prepared: Option<Arc<Prepared>> = prepare(&Dataset::breast_cancer(), Some(0.2), 0)
            .ok()
            .map(Arc::new);
        let optimum = prepared.as_ref().and_then(|p| p.optimum(0.01).ok());
        let state = PageState {
            draft,
            committed,
            frame_pending: StoredValue::new(false),
            initial: start,
            options: RwSignal::new(options),
            errors,
            scenario,
            scheduled: RwSignal::new(RunView::default()),
            baseline: RwSignal::new(RunView::default()),
            runs: StoredValue::new([None, None]),
            train_pending: StoredValue::new(false),
            optimum,
            input_at: StoredValue::new(None),
        };
        // Retrain when the schedule changes; the baseline only when eta_max or the length does.
        let p1 = prepared.clone();
        Effect::new(move |_| {
            let lr = scenario.with(|s| s.lr.clone());
            let run = p1
                .clone()
                .ok_or_else(|| "the data set could not be prepared".to_string())
                .and_then(|p| PageRun::scheduled(p, lr).map_err(|e| e.to_string()));
            state.start_run(0, run);
        });
        let baseline_key = Memo::new(move |_| scenario.with(|s| (s.controls.eta_max, s.lr.len())));
        Effect::new(move |_| {
            let (eta_max, n) = baseline_key.get();
            let run = prepared
                .clone()
                .ok_or_else(|| "the data set could not be prepared".to_string())
                .and_then(|p| PageRun::constant(p, eta_max, n).map_err(|e| e.to_string()));
            state.start_run(1, run);
        });
        state
    }

    fn run_signal(self, which: usize) -> RwSignal<RunView> {
        if which == 0 {
            self.scheduled
        } else {
            self.baseline
        }
    }

    /// Replaces run `which` (0 = scheduled, 1 = baseline) and makes sure it gets trained.
    fn start_run(self, which: usize, run: Result<PageRun, String>) {
        match run {
            Ok(run) => {
                let total = run.total_epochs();
                self.runs.update_value(|r| r[which] = Some(run));
                self.run_signal(which).update(|v| {
                    v.total = total;
                    v.finished = false;
                });
                self.request_training_slice();
            }
            Err(e) => {
                self.runs.update_value(|r| r[which] = None);
                self.run_signal(which).set(RunView {
                    error: Some(e),
                    finished: true,
                    ..RunView::default()
                });
            }
        }
    }

    fn request_training_slice(self) {
        if self.train_pending.get_value() {
            return;
        }
        self.train_pending.set_value(true);
        request_animation_frame(move || self.train_slice());
    }

    /// Trains the unfinished runs for about [`FRAME_BUDGET_MS`] of this frame, publishes what
    /// they have so far (the loss chart grows), and asks for another frame if needed.
    fn train_slice(self) {
        self.train_pending.set_value(false);
        let start = now_ms();
        let mut views: [Option<RunView>; 2] = [None, None];
        self.runs.update_value(|runs| {
            loop {
                for run in runs.iter_mut().flatten() {
                    run.advance(SLICE_EPOCHS);
                }
                let done = runs.iter().flatten().all(PageRun::is_finished);
                if done || now_ms() - start > FRAME_BUDGET_MS {
                    break;
                }
            }
            for (slot, view) in runs.iter_mut().zip(views.iter_mut()) {
                if let Some(run) = slot {
                    *view = Some(RunView::of(run));
                    if run.is_finished() {
                        *slot = None;
                    }
                }
            }
        });
        for (which, view) in views.into_iter().enumerate() {
            if let Some(view) = view {
                self.run_signal(which).set(view);
            }
        }
        if self.runs.with_value(|r| r.iter().any(Option::is_some)) {
            self.request_training_slice();
        }
    }

    /// Records an edit: shown at once, committed (recompute + repaint) on the next frame.
    fn edit(self, control: Control, text: String) {
        self.input_at.set_value(Some(now_ms()));
        self.draft.update(|d| d.set(control, text));
        self.request_commit();
    }

    fn request_commit(self) {
        if self.frame_pending.get_value() {
            return;
        }
        self.frame_pending.set_value(true);
        request_animation_frame(move || {
            self.frame_pending.set_value(false);
            let draft = self.draft.get_untracked();
            if self.committed.with_untracked(|c| *c != draft) {
                self.committed.set(draft);
            }
        });
    }

    fn reset(self) {
        self.input_at.set_value(Some(now_ms()));
        self.draft.set(self.initial.get_value());
        self.request_commit();
    }
}

/// Epochs trained between two looks at the clock (~0.4 ms in wasm).
const SLICE_EPOCHS: usize = 16;
/// Training time allowed per animation frame, leaving the rest of the frame for drawing.
const FRAME_BUDGET_MS: f64 = 10.0;

/// What the page shows of one training run.
#[derive(Clone, Debug, PartialEq, Default)]
struct RunView {
    /// The history so far (`None` before the first slice).
    history: Option<History>,
    /// Why training could not run at all.
    error: Option<String>,
    /// Epochs trained so far.
    done: usize,
    /// Epochs planned.
    total: usize,
    /// Whether the run is complete (or diverged, or failed).
    finished: bool,
}

impl RunView {
    fn of(run: &PageRun) -> Self {
        RunView {
            history: Some(run.history()),
            error: None,
            done: run.epochs_done(),
            total: run.total_epochs(),
            finished: run.is_finished(),
        }
    }

    fn diverged_at(&self) -> Option<usize> {
        self.history.as_ref().and_then(|h| h.diverged_at)
    }

    fn objective(&self) -> Vec<f64> {
        self.history
            .as_ref()
            .map(|h| h.records.iter().map(|r| r.train_objective).collect())
            .unwrap_or_default()
    }
}

/// What the charts show while the inputs are invalid and nothing valid was shown yet (a
/// hand-edited or shared link with a bad value): the link's own values with each unusable one
/// replaced by its default ([`Inputs::repaired`]), so the charts match the boxes that are fine.
fn fallback_scenario(initial: &Inputs) -> Scenario {
    // Repaired inputs parse by construction (tested in controls.rs and scenario.rs).
    initial
        .repaired()
        .parse()
        .ok()
        .and_then(|c| Scenario::build(&c).ok())
        .unwrap_or_else(|| Scenario {
            controls: super::controls::Controls {
                eta_max: 0.1,
                eta_min: 0.0,
                T_max: 1,
                restarts: 0,
                T_mult: 1,
                epochs: Some(1),
            },
            lr: vec![0.1],
            restarts: vec![],
            notes: vec![],
            formula: String::new(),
            formula_values: String::new(),
            key_values: vec![],
            code: String::new(),
        })
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Reads the controls from the page's URL query.
fn read_url() -> (Inputs, PageOptions) {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(params) = params {
        for key in [
            "eta_max", "eta_min", "T_max", "restarts", "T_mult", "epochs", "hide", "embed", "big",
        ] {
            if let Some(v) = params.get(key) {
                pairs.push((key.to_string(), v));
            }
        }
    }
    Inputs::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The query string (`?…`) of the permalink for these inputs and options.
fn query_string(inputs: &Inputs, options: &PageOptions) -> String {
    let params = match web_sys::UrlSearchParams::new() {
        Ok(p) => p,
        Err(_) => return String::new(),
    };
    for (k, v) in inputs.to_query(options) {
        params.append(&k, &v);
    }
    format!("?{}", String::from(params.to_string()))
}

/// Writes a timing figure onto `<body data-…>` for the end-to-end tests and the closing note.
fn mark_body(attr: &str, value: f64) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute(attr, &format!("{value:.1}"));
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let (inputs, options) = read_url();
    let state = PageState::new(inputs, options);
    provide_context(state);

    // Mirror the committed inputs and the options into the URL (replaceState: no history spam).
    Effect::new(move |_| {
        let q = state
            .committed
            .with(|i| state.options.with(|o| query_string(i, o)));
        if let Some(w) = web_sys::window() {
            let current = w.location().search().unwrap_or_default();
            if current != q {
                if let Ok(h) = w.history() {
                    let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&q));
                }
            }
        }
    });

    let opts = state.options.get_untracked();
    let hidden = move |key: &str| opts.is_hidden(key);
    let root_class = move || {
        let o = state.options.get();
        format!(
            "anneal{}{}",
            if o.big { " big" } else { "" },
            if o.embed { " embed" } else { "" }
        )
    };
    let show_header = !state.options.get_untracked().embed;

    view! {
        <div class=root_class data-testid="app">
            {show_header.then(|| view! {
                <header class="masthead">
                    <h1>"Anneal"</h1>
                    <p class="tagline">"Cosine annealing and warm restarts (SGDR), exactly as PyTorch computes them — and what they do to a model training right here."</p>
                </header>
            })}
            <main class="layout">
                <section class="controls panel" aria-label="Schedule controls">
                    <h2>"Schedule"</h2>
                    {Control::ALL
                        .into_iter()
                        .filter(|c| !hidden(c.key()))
                        .map(|control| view! { <ControlSlider control=control/> })
                        .collect_view()}
                    <div class="buttons">
                        <button type="button" data-testid="reset" title="Back to the values this page started with"
                            on:click=move |_| state.reset()>"Reset"</button>
                        <button type="button" data-testid="big" aria-pressed=move || state.options.get().big.to_string()
                            on:click=move |_| state.options.update(|o| o.big = !o.big)>"Classroom size"</button>
                    </div>
                    <ErrorAlert/>
                </section>
                <div class="results">
                    <section class="panel lr-panel" aria-label="Learning-rate schedule">
                        // <wbr> after each dot: a phone breaks the API path there, not mid-word.
                        <h2>"Learning rate — torch."<wbr/>"optim."<wbr/>"lr_scheduler."<wbr/>
                            {move || if state.scenario.with(|s| s.controls.restarts) == 0 {
                                "CosineAnnealingLR"
                            } else {
                                "CosineAnnealingWarmRestarts"
                            }}</h2>
                        <LrChartView/>
                        {(!hidden("formula")).then(|| view! { <FormulaLine/> })}
                        {(!hidden("notes")).then(|| view! { <Notes/> })}
                    </section>
                    {(!hidden("loss")).then(|| view! {
                        <section class="panel loss-panel" aria-label="Training">
                            <h2>"Training a logistic regression on breast cancer data"</h2>
                            <LossChartView/>
                            <TrainingSummary/>
                        </section>
                    })}
                    {(!hidden("formula")).then(|| view! { <ExactValues/> })}
                    {(!hidden("code")).then(|| view! { <CodePanel/> })}
                </div>
            </main>
            {show_header.then(|| view! { <Footer/> })}
        </div>
    }
}

fn use_state() -> PageState {
    // Provided by App before any child is built.
    expect_context::<PageState>()
}

/// A control: its slider (log scale for the rates) and the text box beside it, both
/// labelled with the control's standard name.
#[component]
fn ControlSlider(
    /// Which control (its key is the label and the start of the accessible name).
    control: Control,
) -> impl IntoView {
    let state = use_state();
    let scale = control.slider();
    let (min, max) = scale.range();
    let label = control.key();
    let text = move || state.draft.with(|d| d.get(control).to_string());
    let position = move || {
        state
            .draft
            .with(|d| scale.position(d.get(control)))
            .to_string()
    };
    // T_mult means nothing without restarts (PyTorch's CosineAnnealingLR has no T_mult).
    let disabled = move || {
        control == Control::TMult
            && state
                .draft
                .with(|d| d.get(Control::Restarts).trim().parse::<f64>() == Ok(0.0))
    };
    let invalid = move || {
        state
            .errors
            .with(|e| e.iter().any(|e| e.control == control))
    };
    let (slider_name, inputmode) = match scale {
        SliderScale::Log(_) => (format!("{label} (log scale)"), "decimal"),
        SliderScale::Linear { .. } => (label.to_string(), "numeric"),
    };
    let id = format!("slider-{label}");
    view! {
        <div class="control" data-control=label class:disabled=disabled>
            <label for=id.clone()><code>{label}</code><span class="hint">{control.hint()}</span></label>
            <div class="control-row">
                <input type="range" id=id min=min.to_string() max=max.to_string() step="1"
                    aria-label=slider_name
                    aria-valuetext=text
                    data-testid=format!("slider-{label}")
                    prop:value=position
                    prop:disabled=disabled
                    on:input=move |ev| {
                        let pos: u32 = event_target_value(&ev).parse().unwrap_or(min);
                        state.edit(control, scale.text_at(control, pos));
                    }/>
                <input type="text" inputmode=inputmode class="number" spellcheck="false"
                    aria-label=format!("{label} value")
                    data-testid=format!("input-{label}")
                    prop:value=text
                    prop:disabled=disabled
                    aria-invalid=move || invalid().to_string()
                    on:input=move |ev| state.edit(control, event_target_value(&ev))/>
            </div>
        </div>
    }
}

/// The problems with the current entries, in a `role="alert"` element; absent when valid.
#[component]
fn ErrorAlert() -> impl IntoView {
    let state = use_state();
    move || {
        let errors = state.errors.get();
        (!errors.is_empty()).then(|| {
            view! {
                <div role="alert" class="alert" data-testid="alert">
                    <strong>"These values can't be used — the charts show the last usable values (the defaults in their place if there were none yet):"</strong>
                    <ul>
                        {errors.into_iter().map(|e| view! { <li data-control=e.control.key()>{e.message}</li> }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// A canvas that follows its box's size and redraws with `draw` whenever the signals it
/// reads change (effects run after the frame's commit, so at most once per frame).
#[component]
fn ChartCanvas<F>(
    /// `data-testid` of the canvas.
    testid: &'static str,
    /// Accessible description of the chart.
    label: Signal<String>,
    /// Draws the chart; reads signals, so the canvas repaints when they change.
    draw: F,
) -> impl IntoView
where
    F: Fn(&DrawingArea<CanvasBackend, Shift>, &ChartStyle) -> Result<(), ChartError>
        + Clone
        + 'static,
{
    let state = use_state();
    let wrapper = NodeRef::<leptos::html::Div>::new();
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let size = RwSignal::new((0.0_f64, 0.0_f64));

    wrapper.on_load(move |el: web_sys::HtmlDivElement| {
        let rect = el.get_bounding_client_rect();
        size.set((rect.width(), rect.height()));
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                if let Some(entry) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
                    let r = entry.content_rect();
                    let new = (r.width(), r.height());
                    if size.get_untracked() != new {
                        size.set(new);
                    }
                }
            },
        );
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&el);
            on_cleanup(move || observer.disconnect());
        }
        // The closure must live as long as the observer; it is small and the page owns it.
        callback.forget();
    });

    Effect::new(move |_| {
        let (w, h) = size.get();
        let big = state.options.with(|o| o.big);
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        if w < 1.0 || h < 1.0 {
            return;
        }
        let result = draw_on_canvas(&canvas, w, h, if big { 1.45 } else { 1.0 }, &draw);
        match result {
            Ok(()) => {
                let now = now_ms();
                if let Some(start) = state.input_at.get_value() {
                    mark_body("data-update-ms", now - start);
                }
                mark_body(&format!("data-painted-{testid}"), now);
            }
            Err(e) => leptos::logging::warn!("{testid}: {e}"),
        }
    });

    view! {
        // Inline layout: the box's size never depends on the canvas' backing store (no feedback
        // loop between ResizeObserver and canvas.width), even without the stylesheet.
        <div class="chart" node_ref=wrapper style="position: relative; width: 100%; height: var(--chart-height, 300px)">
            <canvas node_ref=canvas_ref data-testid=testid role="img" aria-label=move || label.get()
                style="position: absolute; inset: 0; width: 100%; height: 100%; display: block"></canvas>
        </div>
    }
}

/// The learning-rate chart.
#[component]
fn LrChartView() -> impl IntoView {
    let state = use_state();
    let label = Signal::derive(move || {
        state.scenario.with(|s| {
            format!(
                "Learning rate over {} epochs, from {} down to {}{}",
                s.lr.len(),
                fmt_lr(s.controls.eta_max),
                fmt_lr(s.controls.eta_min),
                if s.restarts.is_empty() {
                    String::new()
                } else {
                    format!(", restarts at epochs {:?}", s.restarts)
                }
            )
        })
    });
    let draw = move |area: &DrawingArea<CanvasBackend, Shift>, style: &ChartStyle| {
        state.scenario.with(|s| {
            let c = &s.controls;
            let trough_at = c.T_max as usize - 1;
            let trough = (c.restarts > 0)
                .then(|| s.lr.get(trough_at).copied())
                .flatten();
            let trough_text = trough
                .map(|v| format!("trough {} > eta_min", fmt_lr(v)))
                .unwrap_or_default();
            let highlight = trough.map(|v| (trough_at, v, trough_text.as_str()));
            let series = [LineSeries {
                label: "learning rate",
                values: &s.lr,
                ..LineSeries::default()
            }];
            let chart = LrChart {
                series: &series,
                x_title: "epoch",
                log_y: false,
                decorations: Some(CosineDecorations {
                    restarts: &s.restarts,
                    eta_min: c.eta_min,
                    eta_max: c.eta_max,
                    t_max: (c.restarts == 0).then_some(c.T_max as usize),
                    highlight,
                }),
                cursor: None,
            };
            draw_lr_chart(area, &chart, style).map(|_| ())
        })
    };
    view! { <ChartCanvas testid="lr-chart" label=label draw=draw/> }
}

/// The loss chart: scheduled vs constant baseline, log axis, with the optimum.
#[component]
fn LossChartView() -> impl IntoView {
    let state = use_state();
    let label = Signal::derive(move || {
        "Training objective per epoch, log scale: schedule vs constant eta_max".to_string()
    });
    let draw = move |area: &DrawingArea<CanvasBackend, Shift>, style: &ChartStyle| {
        let sched = state.scheduled.get();
        let base = state.baseline.get();
        let (s, b) = (sched.objective(), base.objective());
        let eta_max = state.scenario.with(|s| s.controls.eta_max);
        let baseline_label = format!("constant lr = {}", fmt_lr(eta_max));
        let series = [
            LineSeries {
                label: "with the schedule",
                values: &s,
                style_index: 0,
                diverged_at: sched.diverged_at(),
                ..LineSeries::default()
            },
            LineSeries {
                label: &baseline_label,
                values: &b,
                style_index: 1,
                diverged_at: base.diverged_at(),
                ..LineSeries::default()
            },
        ];
        let chart = LossChart {
            series: &series,
            optimum: state.optimum,
            epochs: Some(sched.total.max(base.total)),
            cursor: None,
        };
        draw_loss_chart(area, &chart, style).map(|_| ())
    };
    view! { <ChartCanvas testid="loss-chart" label=label draw=draw/> }
}

/// Final test accuracy of both runs, and the diverged state.
#[component]
fn TrainingSummary() -> impl IntoView {
    let state = use_state();
    let line = move |v: RunView| -> String {
        if let Some(e) = v.error {
            return format!("training failed: {e}");
        }
        if let Some(epoch) = v.diverged_at() {
            return format!("diverged at epoch {epoch} (the objective became infinite)");
        }
        if !v.finished {
            return format!("training… epoch {} of {}", v.done, v.total);
        }
        match v.history.as_ref().and_then(|h| h.records.last()) {
            Some(r) => format!(
                "test accuracy {}, training objective {}",
                r.test_accuracy
                    .map(|a| format!("{:.1} %", a * 100.0))
                    .unwrap_or_else(|| "—".into()),
                fmt_objective(r.train_objective)
            ),
            None => "no epochs".into(),
        }
    };
    let diverged = |v: RwSignal<RunView>| move || v.with(|v| v.diverged_at().is_some());
    view! {
        <dl class="summary" data-testid="accuracy">
            <dt><span class="swatch schedule"></span>"With the schedule"</dt>
            <dd data-testid="scheduled-result" class:diverged=diverged(state.scheduled)>{move || line(state.scheduled.get())}</dd>
            <dt><span class="swatch baseline"></span>"Constant eta_max"</dt>
            <dd data-testid="baseline-result" class:diverged=diverged(state.baseline)>{move || line(state.baseline.get())}</dd>
            <dt>"Optimum"</dt>
            <dd>{move || state.optimum.map(|o| format!("{} (exact minimum of the objective, Newton's method)", fmt_lr(o))).unwrap_or_else(|| "—".into())}</dd>
        </dl>
        <p class="lesson">"What to look for: with a high eta_max a constant rate keeps SGD bouncing around the optimum, while the annealed rate lets it settle. With a small eta_max (try 0.03) the opposite happens: the decaying rate slows down before the model has converged."</p>
        <p class="fineprint">"Mini-batch SGD, batch 32, L2 0.01, seed 0; 455 training and 114 test samples (stratified 20 % split); one scheduler.step() per epoch."</p>
    }
}

/// The formula in symbols and with the current numbers, under the LR chart.
#[component]
fn FormulaLine() -> impl IntoView {
    let state = use_state();
    view! {
        <div class="formula-line" data-testid="formula">
            <p class="symbolic">{move || state.scenario.with(|s| s.formula.clone())}</p>
            <p class="values" data-testid="formula-values">{move || state.scenario.with(|s| s.formula_values.clone())}</p>
        </div>
    }
}

/// A table of exact values at the epochs that matter (start, half-way, trough, restarts, end).
#[component]
fn ExactValues() -> impl IntoView {
    let state = use_state();
    view! {
        <section class="panel exact-panel" aria-label="Exact values">
            <h2>"Exact values (as Python prints PyTorch's get_last_lr())"</h2>
            <table class="exact" data-testid="exact-values">
                <thead><tr><th>"epoch"</th><th>"learning rate"</th><th></th></tr></thead>
                <tbody>
                    {move || state.scenario.with(|s| s.key_values.iter().map(|(t, v, what)| view! {
                        <tr><td>{*t}</td><td><code>{fmt_py(*v)}</code></td><td class="what">{*what}</td></tr>
                    }).collect_view())}
                </tbody>
            </table>
        </section>
    }
}

/// The honest notes that apply to the current setting.
#[component]
fn Notes() -> impl IntoView {
    let state = use_state();
    move || {
        state.scenario.with(|s| {
            s.notes
                .iter()
                .map(|n| view! { <p class="note" role="note" data-testid="note">{n.text.clone()}</p> })
                .collect_view()
        })
    }
}

/// The PyTorch code for the current schedule, and the permalink / embed snippet.
#[component]
fn CodePanel() -> impl IntoView {
    let state = use_state();
    let link = move || {
        let q = state
            .committed
            .with(|i| state.options.with(|o| query_string(i, o)));
        let base = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split(['?', '#']).next().unwrap_or_default().to_string())
            .unwrap_or_default();
        format!("{base}{q}")
    };
    view! {
        <section class="panel code-panel" aria-label="Code and links">
            <h2>"Use it"</h2>
            <pre data-testid="code"><code>{move || state.scenario.with(|s| s.code.clone())}</code></pre>
            <p>"Permalink (this page, exactly as it is now): " <a data-testid="permalink" href=link>{link}</a></p>
            <p>"Embed: " <code class="embed">{move || format!("<iframe src=\"{}&embed=1\" width=\"800\" height=\"900\"></iframe>", link())}</code></p>
        </section>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <p>"Data: Breast Cancer Wisconsin (Diagnostic), W. Wolberg, O. Mangasarian, N. Street, W. Street (1993), UCI Machine Learning Repository, "
                <a href="https://doi.org/10.24432/C5DW2B">"doi:10.24432/C5DW2B"</a>", CC BY 4.0."</p>
            <p>"Schedules: PyTorch torch/optim/lr_scheduler.py; SGDR: Loshchilov & Hutter, ICLR 2017 (arXiv:1608.03983)."</p>
        </footer>
    }
}
