//! The trainer's controls, one per [`crate::lab::trainer::FIELDS`] entry: the "Data set" and
//! "Optimizer" pickers, `quadratic` and `nesterov` checkboxes, and sliders with text boxes
//! for `momentum`, `batch_size` (1 … the training size, full batch) and `l2`, boxes for `seed`
//! and `split`. Every series trains with these settings; an invalid text shows its message on
//! its control and the last valid training stays.

use leptos::prelude::*;

use super::controls::{CheckControl, ControlAlert, SliderControl};
use super::page::{use_page, Page};
use crate::lab::slider::{LogScale, SliderScale};
use crate::lab::trainer::{field, OPTIMIZERS};
use crate::train::Dataset;

/// The hint of setting `key` (its meaning and default).
fn hint(key: &str) -> String {
    field(key).map(|f| f.hint.to_string()).unwrap_or_default()
}

/// A slider-and-box (or box-only, `scale = None`) control for setting `key`.
fn number(
    page: Page,
    key: &'static str,
    scale: Option<SliderScale>,
    disabled: Signal<bool>,
) -> impl IntoView {
    let text = Signal::derive(move || page.state.draft.with(|s| s.trainer.value(key).to_string()));
    let on_edit = Callback::new(move |t: String| page.edit(move |s| s.trainer.set(key, t)));
    let problems = Signal::derive(move || page.state.trainer_problems(key));
    view! {
        <SliderControl name=key.to_string() hint=hint(key) scale=scale text=text on_edit=on_edit
            problems=problems disabled=disabled id=key.to_string()/>
    }
}

/// A checkbox for setting `key` (`1` when on; off is the default, an empty text).
fn check(page: Page, key: &'static str, disabled: Signal<bool>) -> impl IntoView {
    let text = Signal::derive(move || page.state.draft.with(|s| s.trainer.value(key).to_string()));
    let on_edit = Callback::new(move |t: String| {
        let on = t == "True";
        page.edit(move |s| s.trainer.set(key, if on { "1" } else { "" }));
    });
    let problems = Signal::derive(move || page.state.trainer_problems(key));
    view! {
        <CheckControl name=key.to_string() hint=hint(key) default=false text=text on_edit=on_edit
            problems=problems disabled=disabled id=key.to_string()/>
    }
}

/// The trainer's controls (`hide=trainer` hides them all, `hide=KEY` one of them).
#[component]
pub fn TrainerControls() -> impl IntoView {
    let page = use_page();
    let hidden = move |name: &str| page.state.draft.with_untracked(|s| s.page.is_hidden(name));
    let dataset = Memo::new(move |_| {
        page.state
            .draft
            .with(|s| s.trainer.value("dataset").to_string())
    });
    let optimizer = Memo::new(move |_| {
        page.state
            .draft
            .with(|s| s.trainer.value("optimizer").to_string())
    });
    let not_sgd = Signal::derive(move || optimizer.get() != "sgd");
    let not_plane = Signal::derive(move || !Dataset::info(&dataset.get()).is_some_and(|i| i.plane));
    let about = move || {
        Dataset::info(&dataset.get())
            .map(|i| i.description.to_string())
            .unwrap_or_default()
    };
    // The batch slider ends at the training size (full-batch gradient descent).
    let n_train = Memo::new(move |_| {
        page.state
            .training
            .with(|t| t.data.prepared().map_or(455, |p| p.n_train()))
    });
    let l2_scale = SliderScale::Log(LogScale {
        lo: -6.0,
        hi: 1.0,
        zero_at_start: true,
    });
    let momentum_scale = SliderScale::Linear {
        min: 0.0,
        max: 0.99,
    };
    let dataset_problems = Signal::derive(move || page.state.trainer_problems("dataset"));
    let optimizer_problems = Signal::derive(move || page.state.trainer_problems("optimizer"));
    (!hidden("trainer")).then(|| view! {
        <div class="trainer" role="group" aria-label="Training">
            <h3>"Training"</h3>
            {(!hidden("dataset")).then(|| view! {
                <div class="control" data-control="dataset">
                    <label for="input-dataset">"Data set"<span class="hint">{about}</span></label>
                    <select id="input-dataset" aria-label="Data set" data-testid="input-dataset"
                        prop:value=move || dataset.get()
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            page.edit(move |s| s.trainer.set_dataset(&name));
                        }>
                        {Dataset::CATALOG.iter().map(|i| view! {
                            <option value=i.name>{format!("{}{}", i.name, if i.plane { " (2-D)" } else { "" })}</option>
                        }).collect_view()}
                    </select>
                    <ControlAlert problems=dataset_problems/>
                </div>
            })}
            {(!hidden("quadratic")).then(|| check(page, "quadratic", not_plane))}
            {(!hidden("optimizer")).then(|| view! {
                <div class="control" data-control="optimizer">
                    <label for="input-optimizer">"Optimizer"<span class="hint">{hint("optimizer")}</span></label>
                    <select id="input-optimizer" aria-label="Optimizer" data-testid="input-optimizer"
                        prop:value=move || optimizer.get()
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            page.edit(move |s| s.trainer.set_optimizer(&key));
                        }>
                        {OPTIMIZERS.iter().map(|&o| view! {
                            <option value=o>{match o {
                                "adam" => "Adam (torch.optim.Adam)",
                                "adamw" => "AdamW (torch.optim.AdamW)",
                                _ => "SGD (torch.optim.SGD)",
                            }}</option>
                        }).collect_view()}
                    </select>
                    <ControlAlert problems=optimizer_problems/>
                </div>
            })}
            {(!hidden("momentum")).then(|| number(page, "momentum", Some(momentum_scale), not_sgd))}
            {(!hidden("nesterov")).then(|| check(page, "nesterov", not_sgd))}
            {(!hidden("batch_size")).then_some(move || {
                let max = n_train.get() as i64;
                number(page, "batch_size", Some(SliderScale::Int { min: 1, max, auto_at_start: false }), Signal::from(false))
            })}
            {(!hidden("l2")).then(|| number(page, "l2", Some(l2_scale), Signal::from(false)))}
            {(!hidden("seed")).then(|| number(page, "seed", None, Signal::from(false)))}
            {(!hidden("split")).then(|| number(page, "split", None, Signal::from(false)))}
        </div>
    })
}
