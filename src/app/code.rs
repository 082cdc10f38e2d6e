//! "Use it": per series, the spec (what `anneal eval` reads) with a Copy button; the
//! downloads ("Download CSV": every series' rates as `series,scheduler,t,lr`; "Download
//! training CSV": `anneal train`'s columns with a leading `series`); the permalink and the
//! embed snippet.

use leptos::prelude::*;

use super::dom;
use super::page::use_page;
use crate::lab::train::series_rates;
use crate::lab::{csv, url, SeriesEntry};
use crate::spec::{snippet, ScheduleSpec};

/// The rates CSV of what the charts show.
pub fn rates_csv_text() -> String {
    let page = use_page();
    let plateau = page.plateau.get_untracked();
    page.state.shown.with_untracked(|shown| {
        let rows: Vec<(usize, String, Vec<f64>)> = shown
            .series
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                p.as_ref().map(|p| {
                    (
                        p.number,
                        p.spec.scheduler.clone(),
                        series_rates(p, plateau.get(i).and_then(Option::as_ref)),
                    )
                })
            })
            .collect();
        csv::rates_csv(
            rows.iter()
                .map(|(k, s, lr)| (*k, s.as_str(), lr.as_slice())),
        )
    })
}

/// The training CSV of what the charts show.
pub fn training_csv_text() -> String {
    let page = use_page();
    let runs = page.runs.get_untracked();
    page.state.shown.with_untracked(|shown| {
        let rows: Vec<(usize, &[crate::train::EpochRecord])> = shown
            .series
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let p = p.as_ref()?;
                Some((p.number, runs.get(i)?.records()))
            })
            .collect();
        csv::training_csv(rows)
    })
}

/// The spec JSON of series `index` as a copied spec carries it: for ReduceLROnPlateau with
/// the metrics it was stepped with, so `anneal eval` gives the same rates.
pub fn spec_json(index: usize) -> Option<String> {
    let page = use_page();
    let plateau = page.plateau.get_untracked();
    let entry = page
        .state
        .committed
        .with_untracked(|s| s.entries().into_iter().nth(index))?;
    let SeriesEntry::Series(mut series) = entry else {
        return None;
    };
    if let Some(p) = plateau.get(index).and_then(Option::as_ref) {
        if series.spec.metrics.is_none() && !p.metrics.is_empty() {
            // A run of E epochs steps the plateau after each of its first E - 1 epochs (the
            // metric after the last epoch changes no rate of the run): `anneal eval` of the
            // copied spec then gives the run's E per-epoch rates.
            let epochs = page.state.shown.with_untracked(|s| s.run.epochs);
            let keep = p.metrics.len().min(epochs.saturating_sub(1));
            series.spec.metrics = Some(p.metrics[..keep].to_vec());
        }
    }
    Some(url::series_json(&series))
}

/// The "Use it" panel.
#[component]
pub fn CodePanel() -> impl IntoView {
    let page = use_page();
    let link = move || {
        let q = page
            .state
            .committed
            .with(|s| dom::query_string(&url::to_query(s)));
        format!("{}{q}", dom::base_url())
    };
    let show_permalink = !page
        .state
        .draft
        .with_untracked(|s| s.page.is_hidden("permalink"));
    let specs = move || {
        let n = page.state.committed.with(|s| s.entries().len());
        // Only a ReduceLROnPlateau series' spec changes while training (its metrics).
        page.plateau.track();
        let run = page.state.shown.with(|s| s.run);
        let snippet_run = snippet::Run {
            unit: run.unit,
            n: run.len(),
            steps_per_epoch: run.steps_per_epoch,
        };
        (0..n)
            .filter_map(|i| spec_json(i).map(|j| (i, j)))
            .map(|(i, json)| {
                let k = i + 1;
                let copy = json.clone();
                let parsed = ScheduleSpec::from_json(&json).ok();
                let library = parsed
                    .as_ref()
                    .and_then(|s| snippet::library_of(&s.scheduler))
                    .map(|l| l.title())
                    .unwrap_or("Python");
                let code = parsed.as_ref().map(|s| snippet::code(s, &snippet_run)).unwrap_or_default();
                let reproduce = parsed.as_ref().map(|s| snippet::reproduce(s, &snippet_run)).unwrap_or_default();
                let (code_copy, reproduce_copy) = (code.clone(), reproduce.clone());
                view! {
                    <div class="spec" data-testid=format!("use-{k}")>
                        <p><strong>{format!("Series {k}: spec")}</strong>" (for anneal eval / a series= link) "
                            <button type="button" on:click=move |_| dom::copy(&copy)>"Copy spec"</button></p>
                        <pre data-testid=format!("spec-{k}")><code>{json}</code></pre>
                        <details>
                            <summary>{format!("Series {k}: code in {library}")}</summary>
                            <p>"In a training script: " <button type="button" on:click=move |_| dom::copy(&code_copy)>"Copy"</button></p>
                            <pre data-testid=format!("code-{k}")><code>{code}</code></pre>
                            <p>"Reproduce the page's rates (needs only the library; prints one rate per line): "
                                <button type="button" on:click=move |_| dom::copy(&reproduce_copy)>"Copy"</button></p>
                            <pre data-testid=format!("reproduce-{k}")><code>{reproduce}</code></pre>
                        </details>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel code-panel" aria-label="Code and links">
            <h2>"Use it"</h2>
            <div class="buttons">
                <button type="button" data-testid="download-csv"
                    on:click=move |_| dom::download("anneal-rates.csv", "text/csv", &rates_csv_text())>"Download CSV"</button>
                <button type="button" data-testid="download-training-csv"
                    on:click=move |_| dom::download("anneal-training.csv", "text/csv", &training_csv_text())>"Download training CSV"</button>
            </div>
            {specs}
            {show_permalink.then(|| view! {
            <p>"Permalink (this page, exactly as it is now): " <a data-testid="permalink" href=link>{link}</a></p>
            <p>"Embed (the script sizes the frame to its content): " <code class="embed" data-testid="embed-snippet">{move || url::embed_snippet(&link())}</code></p>
            })}
        </section>
    }
}
