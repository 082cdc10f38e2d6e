//! v1's sliders, the cosine view of series 1: `eta_max`, `eta_min`, `T_max`, `restarts`,
//! `T_mult`, with v1's accessible names (`eta_max (log scale)`, `eta_max value`, …) and
//! ranges, so every v1 link and habit keeps working. Each may be hidden with `hide=`.

use leptos::prelude::*;

use super::controls::SliderControl;
use super::page::use_page;
use crate::lab::cosine::{hint, KEYS};
use crate::lab::plan::Target;
use crate::lab::slider::{LogScale, SliderScale};
use crate::lab::View;

/// The slider of a v1 control.
pub fn scale_of(key: &str) -> SliderScale {
    match key {
        // eta_max: 1e-4 … 1e3, high enough to make training diverge.
        "eta_max" => SliderScale::Log(LogScale {
            lo: -4.0,
            hi: 3.0,
            zero_at_start: false,
        }),
        // eta_min: 0, then 1e-6 … 10.
        "eta_min" => SliderScale::Log(LogScale {
            lo: -6.0,
            hi: 1.0,
            zero_at_start: true,
        }),
        "T_max" => SliderScale::Int {
            min: 1,
            max: 500,
            auto_at_start: false,
        },
        "restarts" => SliderScale::Int {
            min: 0,
            max: 8,
            auto_at_start: false,
        },
        _ => SliderScale::Int {
            min: 1,
            max: 4,
            auto_at_start: false,
        },
    }
}

/// The five v1 sliders.
#[component]
pub fn CosineControls() -> impl IntoView {
    let page = use_page();
    let hidden = page.state.draft.with_untracked(|s| s.page.hidden.clone());
    KEYS.into_iter()
        .filter(|k| !hidden.iter().any(|h| h == k || h.strip_prefix("1.") == Some(k)))
        .map(|key| {
            let text = Signal::derive(move || {
                page.state.draft.with(|s| match &s.view {
                    View::Cosine(i) => i.get(key).to_string(),
                    View::Series(_) => String::new(),
                })
            });
            let on_edit = Callback::new(move |t: String| {
                page.edit(move |s| {
                    if let View::Cosine(i) = &mut s.view {
                        i.set(key, t);
                    }
                })
            });
            let problems = Signal::derive(move || page.state.problems_for(&Target::Cosine(key)));
            // T_mult means nothing without restarts (PyTorch's CosineAnnealingLR has no T_mult).
            let disabled = Signal::derive(move || {
                key == "T_mult"
                    && page.state.draft.with(|s| match &s.view {
                        View::Cosine(i) => i.restarts.trim().parse::<f64>() == Ok(0.0),
                        View::Series(_) => false,
                    })
            });
            view! {
                <SliderControl name=key.to_string() hint=hint(key).to_string() scale=Some(scale_of(key))
                    text=text on_edit=on_edit problems=problems disabled=disabled id=key.to_string()/>
            }
        })
        .collect_view()
}
