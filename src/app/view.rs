//! The page's layout ([`App`]): the controls column (run, series groups, Paste Python,
//! toolbar), the learning-rate panel, the training panel, exact values and "Use it".

use leptos::prelude::*;

use super::charts::{BoundaryView, LossChartView, LrChartView, RangeTestView, Readout};
use super::code::CodePanel;
use super::dom;
use super::page::{use_page, Page};
use super::paste::PastePython;
use super::player::{Player, PlayerControls};
use super::results::{ExactValues, FormulaLine, Narration, Notes, Summary};
use super::run::RunControls;
use super::series::SeriesGroup;
use super::state::series_count;
use super::trainer::TrainerControls;
use crate::lab::{edit, presets, url, LrAxis, ThemeChoice, MAX_SERIES};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let pairs = dom::query_pairs();
    let (initial, problems) = url::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let page = Page::new(initial, problems);
    provide_context(page);
    let player = Player::new(page);
    provide_context(player);
    dom::report_height_to_parent();

    let opts = page.state.draft.with_untracked(|s| s.page.clone());
    let show_header = !opts.embed && !opts.is_hidden("header");
    let hidden = move |key: &str| opts.is_hidden(key);
    // The controls drawer of classroom size on a projector (CSS shows it as one only there).
    let drawer = RwSignal::new(false);
    let root_class = move || {
        page.state.draft.with(|s| {
            format!(
                "anneal{}{}{} theme-{}",
                if s.page.big { " big" } else { "" },
                if s.page.embed { " embed" } else { "" },
                if drawer.get() { " drawer-open" } else { "" },
                s.page.theme.resolve(page.prefers_dark.get()).key()
            )
        })
    };
    let count = Memo::new(move |_| page.state.draft.with(series_count));
    let loss_title = move || {
        page.state.training.with(|t| {
            let s = &t.settings;
            format!(
                "Training a logistic regression on {}",
                crate::lab::trainer::data_title(s.dataset, s.quadratic)
            )
        })
    };
    let title = move || {
        page.state.shown.with(|s| {
            let names: Vec<String> = s.plans().map(|p| p.label.clone()).collect();
            match names.as_slice() {
                [one] => format!("Learning rate — {one}"),
                _ => "Learning rate".to_string(),
            }
        })
    };

    view! {
        // tabindex -1: a click on the app's text focuses the app, so its shortcuts work
        // there without taking the keys of a host page.
        <div class=root_class data-testid="app" tabindex="-1" on:keydown=move |ev| {
            if ev.key() == "Escape" && drawer.get_untracked() {
                drawer.set(false);
            } else {
                player.on_key(&ev);
            }
        }>
            {show_header.then(|| view! {
                <header class="masthead">
                    <h1>"Anneal"</h1>
                    <p class="tagline">"Learning-rate schedules exactly as PyTorch, timm, transformers, optax and Keras compute them — and what they do to a model training right here."</p>
                </header>
            })}
            <UrlProblems/>
            <main class="layout">
                <section class="controls panel" id="controls-panel" aria-label="Schedule controls">
                    <h2>"Schedules"</h2>
                    <RunControls/>
                    <For each=move || 0..count.get() key=|i| *i let:index>
                        <SeriesGroup index=index/>
                    </For>
                    <TrainerControls/>
                    {(!hidden("python")).then(|| view! { <PastePython/> })}
                    <Toolbar/>
                </section>
                <div class="results">
                    <div class="projector-bar">
                        <button type="button" data-testid="drawer" aria-controls="controls-panel"
                            aria-expanded=move || drawer.get().to_string()
                            on:click=move |_| drawer.update(|d| *d = !*d)>"Controls"</button>
                    </div>
                    <section class="panel lr-panel" aria-label="Learning-rate schedule">
                        <h2 data-testid="lr-title">{title}</h2>
                        <LrChartView/>
                        {(!hidden("play")).then(|| view! { <PlayerControls/> })}
                        <Readout/>
                        <Narration/>
                        {(!hidden("formula")).then(|| view! { <FormulaLine/> })}
                        {(!hidden("notes")).then(|| view! { <Notes/> })}
                    </section>
                    {(!hidden("loss")).then(|| view! {
                        <section class="panel loss-panel" aria-label="Training">
                            <h2 data-testid="loss-title">{loss_title}</h2>
                            <LossChartView/>
                            {(!hidden("boundary")).then(|| view! { <BoundaryView/> })}
                            <Summary/>
                            <Attribution/>
                        </section>
                    })}
                    {(!hidden("range_test")).then(|| view! {
                        <section class="panel range-panel" aria-label="LR range test">
                            <h2>"LR range test: where to put eta_max"</h2>
                            <RangeTestView/>
                        </section>
                    })}
                    {(!hidden("values")).then(|| view! { <ExactValues/> })}
                    {(!hidden("code")).then(|| view! { <CodePanel/> })}
                </div>
            </main>
            {show_header.then(|| view! { <Footer/> })}
        </div>
    }
}

/// Problems with the page's own URL (unknown preset, unit, scheduler), said once.
#[component]
fn UrlProblems() -> impl IntoView {
    let page = use_page();
    move || {
        let problems = page.state.url_problems.get();
        (!problems.is_empty()).then(|| {
            view! {
                <div role="alert" class="alert url-alert" data-testid="url-alert">
                    <strong>"Parts of this link cannot be used:"</strong>
                    <ul>{problems.into_iter().map(|p| view! { <li>{format!("{}: {}", p.key, p.message)}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}

/// Add series, presets, the LR axis, Reset and classroom size.
#[component]
fn Toolbar() -> impl IntoView {
    let page: Page = use_page();
    let count = Memo::new(move |_| page.state.draft.with(series_count));
    let log = Memo::new(move |_| page.state.draft.with(|s| s.page.lr_axis == LrAxis::Log));
    let big = Memo::new(move |_| page.state.draft.with(|s| s.page.big));
    let shown = move |name: &str| !page.state.draft.with_untracked(|s| s.page.is_hidden(name));
    let presets = presets::PRESETS
        .iter()
        .map(|p| {
            let name = p.name;
            view! {
                <button type="button" data-testid=format!("preset-{name}") title=p.about
                    on:click=move |_| page.edit(move |s| {
                        if let Some(p) = presets::find(name) {
                            let fresh = p.state();
                            s.view = fresh.view;
                            s.run = fresh.run;
                        }
                    })>{p.title}</button>
            }
        })
        .collect_view();
    view! {
        <div class="toolbar">
            <div class="buttons">
                {shown("add").then(|| view! {
                <button type="button" data-testid="add-series"
                    prop:disabled=move || { count.get() >= MAX_SERIES }
                    on:click=move |_| page.edit(|s| {
                        edit::add_series(s);
                    })>"Add series"</button>
                })}
                {shown("log").then(|| view! {
                <button type="button" data-testid="log-axis" aria-pressed=move || log.get().to_string()
                    on:click=move |_| page.edit(|s| {
                        s.page.lr_axis = if s.page.lr_axis == LrAxis::Log { LrAxis::Linear } else { LrAxis::Log };
                    })>"Log LR axis"</button>
                })}
                {shown("reset").then(|| view! {
                <button type="button" data-testid="reset" title="Back to the values this page started with"
                    on:click=move |_| page.reset()>"Reset"</button>
                })}
                {shown("theme").then(|| view! {
                <label class="theme-picker">"Theme "
                    <select aria-label="Theme" data-testid="theme"
                        prop:value=move || page.state.draft.with(|s| s.page.theme.key())
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            page.edit(move |s| {
                                if let Some(t) = ThemeChoice::from_key(&key) {
                                    s.page.theme = t;
                                }
                            });
                        }>
                        {ThemeChoice::ALL.into_iter().map(|t| view! {
                            <option value=t.key()>{match t {
                                ThemeChoice::Auto => "auto (system)",
                                ThemeChoice::Light => "light",
                                ThemeChoice::Dark => "dark",
                                ThemeChoice::Contrast => "high contrast",
                            }}</option>
                        }).collect_view()}
                    </select>
                </label>
                })}
                {shown("classroom").then(|| view! {
                <button type="button" data-testid="big" aria-pressed=move || big.get().to_string()
                    on:click=move |_| page.edit(|s| s.page.big = !s.page.big)>"Classroom size"</button>
                })}
            </div>
            {shown("presets").then(|| view! {
            <div class="presets" role="group" aria-label="Comparisons">
                <h3>"Comparisons"</h3>
                <div class="buttons">{presets}</div>
            </div>
            })}
        </div>
    }
}

/// Where the page's data set comes from (its authors, the archive, the licence), under the
/// training chart so an embedded widget keeps it too.
#[component]
fn Attribution() -> impl IntoView {
    let page = use_page();
    move || {
        let name = page.state.training.with(|t| t.settings.dataset);
        let info = crate::train::Dataset::info(name);
        match info.and_then(|i| i.attribution.as_ref()) {
            Some(a) => view! {
                <p class="fineprint attribution" data-testid="attribution">"Data: "{a.text}", "
                    <a href=a.url>{a.url.trim_start_matches("https://")}</a>", "{a.license}"."</p>
            }
            .into_any(),
            None => view! {
                <p class="fineprint attribution" data-testid="attribution">
                    {format!("Data: {name}, generated in the page from its seed (synthetic; no attribution needed).")}</p>
            }
            .into_any(),
        }
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <p>"Schedules: torch/optim/lr_scheduler.py, timm/scheduler/cosine_lr.py, transformers/optimization.py, optax/schedules, keras/src/optimizers/schedules; SGDR: Loshchilov & Hutter, ICLR 2017 (arXiv:1608.03983)."</p>
        </footer>
    }
}
