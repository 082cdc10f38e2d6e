//! The run's controls: `epochs` (auto or 1 … 5,000; v1's slider) and `unit` (every scheduler
//! stepped once per epoch or once per optimizer step), with the steps per epoch shown.

use leptos::prelude::*;

use super::controls::{ControlAlert, SliderControl};
use super::page::use_page;
use crate::lab::plan::{Target, MAX_EPOCHS};
use crate::lab::slider::SliderScale;
use crate::spec::describe::Unit;

/// The run's controls.
#[component]
pub fn RunControls() -> impl IntoView {
    let page = use_page();
    let hidden = move |name: &str| page.state.draft.with_untracked(|s| s.page.is_hidden(name));
    let text = Signal::derive(move || page.state.draft.with(|s| s.run.epochs.clone()));
    let on_edit = Callback::new(move |t: String| page.edit(move |s| s.run.epochs = t));
    let problems = Signal::derive(move || page.state.problems_for(&Target::Run("epochs")));
    let unit = Memo::new(move |_| page.state.draft.with(|s| s.run.unit));
    let spe = Signal::derive(move || page.state.training.with(|t| t.steps_per_epoch));
    let unit_hint = move || {
        format!(
            "how often every scheduler steps; {} optimizer steps per epoch (batch {})",
            spe.get(),
            page.state.training.with(|t| t.settings.batch_size)
        )
    };
    let shown = move || {
        let run = page.state.shown.with(|s| s.run);
        match run.unit {
            Unit::Epoch => format!("{} epochs: {} rates per series (one scheduler.step() per epoch)", run.epochs, run.len()),
            Unit::Step => format!(
                "{} epochs × {} steps per epoch = {} rates per series (one scheduler.step() per optimizer step)",
                run.epochs,
                run.steps_per_epoch,
                run.len()
            ),
        }
    };
    let unit_problems = Signal::derive(move || page.state.problems_for(&Target::Run("unit")));
    view! {
        <div class="run" role="group" aria-label="Run">
            {(!hidden("epochs")).then(|| view! {
                <SliderControl name="epochs".to_string()
                    hint="run length; 0 / auto = the longest schedule's own length".to_string()
                    scale=Some(SliderScale::Int { min: 0, max: MAX_EPOCHS as i64, auto_at_start: true })
                    text=text on_edit=on_edit problems=problems id="epochs".to_string()/>
            })}
            {(!hidden("unit")).then(|| view! {
                <div class="control" data-control="unit">
                    <label for="input-unit"><code>"unit"</code>
                        <span class="hint">{unit_hint}</span></label>
                    <select id="input-unit" aria-label="unit" data-testid="input-unit"
                        prop:value=move || unit.get().key()
                        on:change=move |ev| {
                            let u = if event_target_value(&ev) == "step" { Unit::Step } else { Unit::Epoch };
                            page.edit(move |s| s.run.unit = u);
                        }>
                        <option value="epoch">"once per epoch"</option>
                        <option value="step">"once per optimizer step"</option>
                    </select>
                    <ControlAlert problems=unit_problems/>
                </div>
            })}
            <p class="hint run-summary" data-testid="run-summary">{shown}</p>
        </div>
    }
}
