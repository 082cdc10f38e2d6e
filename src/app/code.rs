//! "Use it": per series, the spec (what `anneal eval` reads) with a Copy button; the
//! downloads ("Download CSV": every series' rates as `series,scheduler,t,lr`; "Download
//! training CSV": `anneal train`'s columns with a leading `series`); the permalink and the
//! embed snippet.

use leptos::prelude::*;

use super::dom;
use super::page::use_page;
use crate::lab::train::series_rates;
use crate::lab::{csv, url, SeriesEntry};

/// The rates CSV of what the charts show.
pub fn rates_csv_text() -> String {
    let page = use_page();
    let runs = page.runs.get_untracked();
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
                        series_rates(p, runs.get(i)),
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
    let runs = page.runs.get_untracked();
    let entry = page
        .state
        .committed
        .with_untracked(|s| s.entries().into_iter().nth(index))?;
    let SeriesEntry::Series(mut series) = entry else {
        return None;
    };
    if let Some(p) = runs.get(index).and_then(|r| r.plateau.as_ref()) {
        if series.spec.metrics.is_none() && !p.metrics.is_empty() {
            series.spec.metrics = Some(p.metrics.clone());
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
    let specs = move || {
        let n = page.state.committed.with(|s| s.entries().len());
        let _ = page.runs.get();
        (0..n)
            .filter_map(|i| spec_json(i).map(|j| (i, j)))
            .map(|(i, json)| {
                let copy = json.clone();
                view! {
                    <div class="spec">
                        <p><strong>{format!("Series {} spec", i + 1)}</strong>" (for anneal eval / a series= link) "
                            <button type="button" on:click=move |_| dom::copy(&copy)>"Copy spec"</button></p>
                        <pre data-testid=format!("spec-{}", i + 1)><code>{json}</code></pre>
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
            <p>"Permalink (this page, exactly as it is now): " <a data-testid="permalink" href=link>{link}</a></p>
            <p>"Embed: " <code class="embed">{move || format!("<iframe src=\"{}&embed=1\" width=\"100%\" height=\"900\"></iframe>", link())}</code></p>
        </section>
    }
}
