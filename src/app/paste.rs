//! "Paste Python from your training script": a text box and "Add as series", which reads the
//! lines with [`crate::spec::python::parse`] and adds the scheduler they define as a new
//! series ([`crate::lab::paste::add_python`]). An error shows as `L:C: message` in a
//! `role="alert"` beside the box and changes nothing (the charts keep what they show); on
//! success a status names the new series, shows the spec it was read as and the notes.

use leptos::prelude::*;

use super::page::use_page;
use crate::lab::{paste, url, SeriesEntry};

/// The outcome of the last "Add as series".
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// Added: the series' number, its spec JSON and the notes.
    Added(usize, String, Vec<String>),
    /// Not added: why.
    Failed(String),
}

/// The Paste Python box.
#[component]
pub fn PastePython() -> impl IntoView {
    let page = use_page();
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let add = move || {
        let mut next = page.state.draft.get_untracked();
        let pasted = text.with_untracked(|t| {
            paste::add_python(
                &mut next,
                t,
                page.state.training.with_untracked(|tr| tr.steps_per_epoch),
            )
        });
        match pasted {
            Ok(p) => {
                let json = match next.entries().get(p.index) {
                    Some(SeriesEntry::Series(s)) => url::series_json(s),
                    _ => String::new(),
                };
                outcome.set(Some(Outcome::Added(p.index + 1, json, p.notes)));
                page.edit(move |s| *s = next);
            }
            Err(e) => outcome.set(Some(Outcome::Failed(e.to_string()))),
        }
    };
    let message = move || {
        outcome.get().map(|o| match o {
            Outcome::Failed(m) => view! {
                <p role="alert" class="alert control-alert" data-testid="paste-error">{m}</p>
            }
            .into_any(),
            Outcome::Added(k, json, notes) => view! {
                <div role="status" class="paste-status" data-testid="paste-status">
                    <p>{format!("Added as Series {k}, read as:")}</p>
                    <pre><code>{json}</code></pre>
                    {(!notes.is_empty()).then(|| view! {
                        <ul data-testid="paste-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    })}
                </div>
            }
            .into_any(),
        })
    };
    view! {
        <div class="paste" data-testid="paste">
            <label for="paste-python"><strong>"Paste Python from your training script"</strong>
                <span class="hint">"one or more lines: the optimizer, numbers, the scheduler (torch, timm, transformers, optax, Keras); Ctrl+Enter adds"</span></label>
            <textarea id="paste-python" data-testid="paste-python" rows="4" spellcheck="false" autocomplete="off"
                placeholder="scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 30, gamma=0.1)"
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    outcome.set(None);
                }
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        add();
                    }
                }></textarea>
            <button type="button" data-testid="paste-add" on:click=move |_| add()>"Add as series"</button>
            {message}
        </div>
    }
}
