//! What the page says about the series: a summary row per series (final training
//! objective, its gap to the optimum, test accuracy, or "diverged at epoch k"), the formula
//! of a PyTorch cosine series with its numbers, the exact values at the steps that matter,
//! and the honest notes.

use leptos::prelude::*;

use super::page::use_page;
use crate::fmt;
use crate::lab::plan::Rates;
use crate::lab::train::{describe_rates, series_rates, RunView};
use crate::lab::View;
use crate::train::Optimizer;

/// The result line of one series' training.
pub fn result_line(v: Option<&RunView>, optimum: Option<f64>) -> String {
    let Some(v) = v else {
        return "not trained (its values cannot be used)".into();
    };
    if let Some(e) = &v.error {
        return format!("training failed: {e}");
    }
    if let Some(epoch) = v.diverged_at() {
        return format!("diverged at epoch {epoch} (the objective became infinite)");
    }
    if !v.finished {
        return format!("training… epoch {} of {}", v.done, v.total);
    }
    match v.records().last() {
        Some(r) => {
            let gap = optimum
                .map(|o| format!(" (gap to the optimum {})", fmt::lr(r.train_objective - o)))
                .unwrap_or_default();
            format!(
                "training objective {}{gap}, test accuracy {}",
                fmt::objective(r.train_objective),
                r.test_accuracy
                    .map(|a| format!("{:.1} %", a * 100.0))
                    .unwrap_or_else(|| "—".into()),
            )
        }
        None => "no epochs".into(),
    }
}

/// One row per series: swatch, label, result.
#[component]
pub fn Summary() -> impl IntoView {
    let page = use_page();
    let optimum = move || {
        page.state
            .training
            .with(|t| t.optimum.as_ref().ok().copied())
    };
    let rows = move || {
        let optimum = optimum();
        let runs = page.runs.get();
        page.state.shown.with(|shown| {
            shown
                .indexed_plans()
                .map(|(i, p)| {
                    let run = runs.get(i);
                    let diverged = run.and_then(RunView::diverged_at).is_some();
                    let line = result_line(run, optimum);
                    view! {
                        <dt><span class=format!("swatch s{}", i % 6)></span>{format!("Series {}: {}", p.number, p.label)}</dt>
                        <dd data-testid=format!("result-{}", p.number) class:diverged=diverged>{line}</dd>
                    }
                })
                .collect_view()
        })
    };
    let fine = move || {
        page.state.training.with(|t| {
        let (s, d) = (&t.settings, &t.data);
        match d.prepared() {
            Some(p) => {
                let optimizer = match s.optimizer {
                    Optimizer::Sgd { nesterov } if s.momentum > 0.0 => format!(
                        "SGD with momentum {}{}",
                        s.momentum,
                        if nesterov { " (Nesterov)" } else { "" }
                    ),
                    Optimizer::Sgd { .. } => "Mini-batch SGD".into(),
                    Optimizer::Adam { .. } => "Adam (betas 0.9, 0.999; eps 1e-8)".into(),
                    Optimizer::AdamW { .. } => "AdamW (betas 0.9, 0.999; eps 1e-8)".into(),
                };
                let split = match s.split {
                    Some(f) => format!(
                        "{} training and {} test samples (stratified {} % split)",
                        p.n_train(),
                        p.n_test(),
                        fmt::short(fmt::round_sig(f * 100.0, 4))
                    ),
                    None => format!("{} training samples, no test split", p.n_train()),
                };
                format!(
                    "{optimizer}, batch {}, L2 {}, seed {}; {split}; every series trains on the same data, split and batch order. \
                     As a command: anneal train {}SPEC",
                    s.batch_size.min(p.n_train()),
                    s.l2,
                    s.seed,
                    match s.cli_flags() {
                        f if f.is_empty() => String::new(),
                        f => format!("{f} "),
                    }
                )
            }
            None => format!(
                "The data could not be prepared: {}",
                d.0.as_ref().err().cloned().unwrap_or_default()
            ),
        }
        })
    };
    let optimum_text = move || {
        let adamw = page
            .state
            .training
            .with(|t| matches!(t.settings.optimizer, Optimizer::AdamW { .. }));
        let mut text = page.state.training.with(|t| match &t.optimum {
            Ok(o) => format!(
                "{} (exact minimum of the objective, Newton's method)",
                fmt::lr(*o)
            ),
            Err(e) => format!("— ({e})"),
        });
        if adamw {
            text.push_str(
                " — AdamW's decoupled weight decay does not minimise this objective, so AdamW can stay above this line",
            );
        }
        text
    };
    view! {
        <dl class="summary" data-testid="accuracy">
            {rows}
            <dt>"Optimum"</dt>
            <dd data-testid="optimum">{optimum_text}</dd>
        </dl>
        <p class="lesson">"What to look for: with a high rate a constant schedule keeps SGD bouncing around the optimum, while an annealed one lets it settle. With a small rate (try 0.03) the opposite happens: a decaying rate slows down before the model has converged."</p>
        <p class="fineprint" data-testid="trainer-fineprint">{fine}</p>
    }
}

/// The formula of series 1 when it is a PyTorch cosine, in symbols and with its numbers.
#[component]
pub fn FormulaLine() -> impl IntoView {
    let page = use_page();
    let picture = Memo::new(move |_| {
        page.state.shown.with(|s| {
            s.plans()
                .find_map(|p| p.cosine.clone().map(|c| (p.number, c)))
        })
    });
    move || {
        picture.get().map(|(k, p)| {
            view! {
                <div class="formula-line" data-testid="formula">
                    <p class="symbolic">{p.formula.clone()}{(k > 1).then(|| format!("  (Series {k})"))}</p>
                    <p class="values" data-testid="formula-values">{p.formula_values.clone()}</p>
                </div>
            }
        })
    }
}

/// Exact values (as Python prints them) of every series at the steps that matter.
#[component]
pub fn ExactValues() -> impl IntoView {
    let page = use_page();
    let table = move || {
        let plateau = page.plateau.get();
        let cosine_view = page
            .state
            .committed
            .with(|s| matches!(s.view, View::Cosine(_)));
        page.state.shown.with(|shown| {
            let n = shown.run.len();
            let plans: Vec<_> = shown.indexed_plans().collect();
            // The steps: the cosine key points where there are some, else the quarters.
            let mut steps: Vec<(usize, String)> = Vec::new();
            if let Some((_, first)) = plans.first() {
                if let Some(c) = &first.cosine {
                    steps.extend(
                        c.key_values
                            .iter()
                            .map(|(t, _, what)| (*t, what.to_string())),
                    );
                }
            }
            if steps.is_empty() || !cosine_view {
                for (t, what) in [
                    (0, "start"),
                    (n / 4, "¼ of the run"),
                    (n / 2, "½"),
                    (3 * n / 4, "¾"),
                    (n.saturating_sub(1), "last step"),
                ] {
                    if !steps.iter().any(|(s, _)| *s == t) {
                        steps.push((t, what.into()));
                    }
                }
            }
            crate::sort::sort_by_key(&mut steps, |s| s.0);
            steps.dedup_by_key(|s| s.0);
            let head = plans
                .iter()
                .map(|(_, p)| view! { <th>{format!("Series {}", p.number)}</th> })
                .collect_view();
            let rates: Vec<Vec<f64>> = plans
                .iter()
                .map(|(i, p)| series_rates(p, plateau.get(*i).and_then(Option::as_ref)))
                .collect();
            let body = steps
                .into_iter()
                .map(|(t, what)| {
                    let cells = rates
                        .iter()
                        .map(|r| {
                            let v = r
                                .get(t)
                                .map(|v| fmt::py_repr(*v))
                                .unwrap_or_else(|| "—".into());
                            view! { <td><code>{v}</code></td> }
                        })
                        .collect_view();
                    view! { <tr><td>{t}</td>{cells}<td class="what">{what}</td></tr> }
                })
                .collect_view();
            view! {
                <table class="exact" data-testid="exact-values">
                    <thead><tr><th>"t"</th>{head}<th></th></tr></thead>
                    <tbody>{body}</tbody>
                </table>
            }
        })
    };
    view! {
        <section class="panel exact-panel" aria-label="Exact values">
            <h2>"Exact values (as Python prints the library's rates)"</h2>
            {table}
        </section>
    }
}

/// The honest notes: PyTorch cosine pitfalls, library quirks, how ReduceLROnPlateau steps.
#[component]
pub fn Notes() -> impl IntoView {
    let page = use_page();
    move || {
        page.state.shown.with(|shown| {
            let mut notes: Vec<String> = Vec::new();
            let several = shown.plans().count() > 1;
            for p in shown.plans() {
                let who = if several {
                    format!("Series {}: ", p.number)
                } else {
                    String::new()
                };
                if let Some(c) = &p.cosine {
                    notes.extend(c.notes.iter().map(|n| format!("{who}{}", n.text)));
                }
                if let Some(q) = p.quirks.first() {
                    notes.push(format!(
                        "{who}{} (at {} of {} steps the library itself gives another value; shown: the correct one)",
                        q.message,
                        p.quirks.len(),
                        shown.run.len()
                    ));
                }
                if let Some(d) = p.closed_form_gap(shown.run.len()) {
                    notes.push(format!(
                        "{who}CosineAnnealingLR's step() is recursive (each rate from the last one); \
                         its closed form, what step(epoch) uses, differs from it by at most {} \
                         (at t = {}): rounding only. They part for real when something else \
                         changes the rate, e.g. inside a ChainedScheduler.",
                        if d.abs == 0.0 { "0".to_string() } else { format!("{:.1e}", d.abs) },
                        d.step
                    ));
                }
                if let Some(m) = p.momentum().filter(|m| !m.is_empty()) {
                    let (lo, hi) = m
                        .iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
                    notes.push(format!(
                        "{who}{} also sets SGD's momentum at every step (cycle_momentum=True), \
                         between {} and {}, inversely to the rate; the trainer applies it, so \
                         the loss shows both (the readout gives the momentum at t).",
                        p.spec.scheduler.rsplit('.').next().unwrap_or_default(),
                        fmt::short(fmt::round_sig(lo, 4)),
                        fmt::short(fmt::round_sig(hi, 4))
                    ));
                }
                if let Rates::Plateau { replay, .. } = &p.rates {
                    notes.push(format!(
                        "{who}ReduceLROnPlateau is stepped once per epoch with that epoch's end-of-epoch metric \
                         (scheduler.step(metric)){}; its rates are only known as training goes.",
                        if replay.is_empty() {
                            String::new()
                        } else {
                            format!(", the first {} replayed from the spec's metrics", replay.len())
                        }
                    ));
                }
            }
            notes
                .into_iter()
                .map(|n| view! { <p class="note" role="note" data-testid="note">{n}</p> })
                .collect_view()
        })
    }
}

/// The narration: an `aria-live="polite"` region (visually hidden) that says what the charts
/// show once every series has finished training — per series, what its rate does
/// ([`describe_rates`]) and its result ([`result_line`]) — so that a screen reader speaks it
/// after each change settles, not at every training slice.
#[component]
pub fn Narration() -> impl IntoView {
    let page = use_page();
    let text = Memo::new(move |previous: Option<&String>| {
        let optimum = page
            .state
            .training
            .with(|t| t.optimum.as_ref().ok().copied());
        let runs = page.runs.get();
        let plateau = page.plateau.get();
        page.state.shown.with(|shown| {
            let plans: Vec<_> = shown.indexed_plans().collect();
            let settled = !runs.is_empty()
                && runs
                    .iter()
                    .all(|r| r.finished || r.error.is_some() || r.diverged_at().is_some());
            if !settled || plans.is_empty() {
                return previous.cloned().unwrap_or_default();
            }
            let unit = shown.run.unit.key();
            plans
                .iter()
                .map(|&(i, p)| {
                    let rates = series_rates(p, plateau.get(i).and_then(Option::as_ref));
                    format!(
                        "Series {}, {}: the rate {}; {}.",
                        p.number,
                        p.label,
                        describe_rates(&rates, unit),
                        result_line(runs.get(i), optimum)
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
    });
    view! { <p class="sr-only" aria-live="polite" data-testid="narration">{move || text.get()}</p> }
}
