//! The control widgets every generated control is made of: a slider with its text box
//! ([`SliderControl`]), a picker ([`ChoiceControl`]), a checkbox ([`CheckControl`]). Each
//! is labelled with the control's own name (the library's kwarg name: the accessible name
//! of its slider is `NAME` or `NAME (log scale)`, of its box `NAME value`), shows a hint
//! (meaning and default) and, on the control itself, the problems with its value in a
//! `role="alert"` element.

use leptos::prelude::*;

use crate::lab::slider::SliderScale;

/// The messages about a control, each in its own `role="alert"` element right under it.
#[component]
pub fn ControlAlert(
    /// The messages (none: nothing is rendered).
    problems: Signal<Vec<String>>,
) -> impl IntoView {
    move || {
        problems
            .get()
            .into_iter()
            .map(|m| view! { <p role="alert" class="alert control-alert">{m}</p> })
            .collect_view()
    }
}

/// A numeric control: a slider (log, whole-number or linear scale) and the text box beside
/// it; the box takes any text and keeps it as typed.
#[component]
pub fn SliderControl(
    /// The control's name (the library's kwarg name, `lr`, or a v1 name).
    name: String,
    /// What it means and its default.
    hint: String,
    /// How the slider maps to text; `None`: a text box only.
    scale: Option<SliderScale>,
    /// The current text.
    text: Signal<String>,
    /// Called with the new text on every slider move or keystroke.
    on_edit: Callback<String>,
    /// Problems with the current value.
    problems: Signal<Vec<String>>,
    /// Whether the control is disabled (e.g. T_mult without restarts).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Prefix of the `data-testid`s (`slider-…`, `input-…`) and of the element ids, unique on
    /// the page (e.g. `s2-T_max`).
    id: String,
) -> impl IntoView {
    let invalid = move || problems.with(|p| !p.is_empty());
    let slider = scale.map(|scale| {
        let (min, max) = scale.range();
        let slider_name = if scale.is_log() {
            format!("{name} (log scale)")
        } else {
            name.clone()
        };
        let position = move || text.with(|t| scale.position(t)).to_string();
        view! {
            <input type="range" id=format!("slider-{id}") min=min.to_string() max=max.to_string() step="1"
                aria-label=slider_name
                aria-valuetext=move || text.get()
                data-testid=format!("slider-{id}")
                prop:value=position
                prop:disabled=move || disabled.get()
                on:input=move |ev| {
                    let pos: i64 = event_target_value(&ev).parse().unwrap_or(min);
                    on_edit.run(scale.text_at(pos));
                }/>
        }
    });
    let inputmode = if scale.is_some() { "decimal" } else { "text" };
    view! {
        <div class="control" data-control=name.clone() class:disabled=move || disabled.get()>
            <label for=format!("input-{id}")><code>{name.clone()}</code><span class="hint">{hint}</span></label>
            <div class="control-row">
                {slider}
                <input type="text" inputmode=inputmode class="number" spellcheck="false" autocomplete="off"
                    id=format!("input-{id}")
                    aria-label=format!("{name} value")
                    data-testid=format!("input-{id}")
                    class:wide=scale.is_none()
                    prop:value=move || text.get()
                    prop:disabled=move || disabled.get()
                    aria-invalid=move || invalid().to_string()
                    on:input=move |ev| on_edit.run(event_target_value(&ev))/>
            </div>
            <ControlAlert problems=problems/>
        </div>
    }
}

/// A choice among strings, as a native `<select>`; the first option is the library default.
#[component]
pub fn ChoiceControl(
    /// The kwarg's name (the accessible name of the select).
    name: String,
    /// What it means and its default.
    hint: String,
    /// The choices, in the library's order.
    choices: Vec<String>,
    /// The library default (shown when the kwarg is not set).
    default: String,
    /// The current text (empty: the default).
    text: Signal<String>,
    /// Called with the chosen value.
    on_edit: Callback<String>,
    /// Problems with the current value.
    problems: Signal<Vec<String>>,
    /// Unique id prefix.
    id: String,
) -> impl IntoView {
    let current = move || {
        let t = text.get();
        if t.is_empty() {
            default.clone()
        } else {
            t
        }
    };
    view! {
        <div class="control" data-control=name.clone()>
            <label for=format!("input-{id}")><code>{name.clone()}</code><span class="hint">{hint}</span></label>
            <select id=format!("input-{id}") aria-label=name.clone() data-testid=format!("input-{id}")
                prop:value=current
                on:change=move |ev| on_edit.run(event_target_value(&ev))>
                {choices.into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
            </select>
            <ControlAlert problems=problems/>
        </div>
    }
}

/// A `True`/`False` kwarg as a checkbox.
#[component]
pub fn CheckControl(
    /// The kwarg's name (the checkbox's accessible name).
    name: String,
    /// What it means and its default.
    hint: String,
    /// The library default.
    default: bool,
    /// The current text (`True`/`False`; empty: the default).
    text: Signal<String>,
    /// Called with `True` or `False`.
    on_edit: Callback<String>,
    /// Problems with the current value.
    problems: Signal<Vec<String>>,
    /// Whether the control is disabled (e.g. `nesterov` with Adam).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Unique id prefix.
    id: String,
) -> impl IntoView {
    let checked = move || match text.get().trim() {
        "True" | "true" | "1" | "yes" | "on" => true,
        "False" | "false" | "0" | "no" | "off" => false,
        _ => default,
    };
    view! {
        <div class="control check" data-control=name.clone() class:disabled=move || disabled.get()>
            <label class="check-label">
                <input type="checkbox" aria-label=name.clone() data-testid=format!("input-{id}")
                    prop:checked=checked
                    prop:disabled=move || disabled.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        on_edit.run(if on { "True" } else { "False" }.to_string());
                    }/>
                <code>{name.clone()}</code><span class="hint">{hint}</span>
            </label>
            <ControlAlert problems=problems/>
        </div>
    }
}
