//! One series' controls, in a `role="group"` named "Series k": the scheduler picker (a
//! native `<select>` with one `<optgroup>` per library, values = API paths, and a filter
//! box), the `lr` control where the scheduler uses the optimizer's rate, and one control per
//! keyword argument generated from the scheduler's description — nested schedulers
//! (SequentialLR, ChainedScheduler, optax's sgdr cycles) as nested groups. In the cosine
//! view, series 1 shows v1's sliders instead ([`super::cosine::CosineControls`]). Below
//! them, "Port to …" buttons for the four other libraries ([`crate::lab::paste::port_series`]:
//! the port becomes a new series); a ported series shows its verdict under its heading.

use leptos::prelude::*;

use super::controls::{CheckControl, ChoiceControl, ControlAlert, SliderControl};
use super::cosine::CosineControls;
use super::page::use_page;
use super::state::{is_cosine, series_count};
use crate::lab::draft::{KwargDraft, LR_CONTROL};
use crate::lab::edit::{self, ControlPath};
use crate::lab::paste;
use crate::lab::plan::{Rates, Target};
use crate::lab::slider::SliderScale;
use crate::lab::{PlateauMetric, SeriesEntry, MAX_SERIES};
use crate::spec::describe::{self, BaseLr, Kind, Kwarg, Library, Scheduler};

/// The PyTorch schedulers a SequentialLR / ChainedScheduler can hold.
const CHAINABLE: [&str; 8] = [
    "StepLR",
    "MultiStepLR",
    "ConstantLR",
    "LinearLR",
    "ExponentialLR",
    "PolynomialLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
];

/// An element id fragment for a control path (`schedulers[1].T_max` → `schedulers-1-T_max`).
fn id_of(index: usize, path: &ControlPath) -> String {
    let p: String = path
        .to_string()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("s{}-{p}", index + 1)
}

/// The hint of a kwarg: its doc and default.
fn hint_of(k: &Kwarg) -> String {
    match k.default {
        None => format!("{} (required)", k.doc),
        Some(d) => {
            let shown = crate::lab::draft::python_literal(&k.default_value().unwrap_or_default());
            let _ = d;
            format!("{} (default {shown})", k.doc)
        }
    }
}

/// The scheduler path at `nest` of series `index` in the draft (empty when none).
fn scheduler_at(index: usize, nest: &[(String, usize)]) -> Memo<String> {
    let page = use_page();
    let nest = nest.to_vec();
    Memo::new(move |_| {
        page.state
            .draft
            .with(|s| match s.entries().into_iter().nth(index) {
                Some(SeriesEntry::Series(d)) => edit::at(&d.spec, &nest)
                    .map(|d| d.scheduler.clone())
                    .unwrap_or_default(),
                _ => String::new(),
            })
    })
}

/// The series group.
#[component]
pub fn SeriesGroup(
    /// 0-based position of the series.
    index: usize,
) -> impl IntoView {
    let page = use_page();
    let number = index + 1;
    let cosine = Memo::new(move |_| page.state.draft.with(is_cosine));
    let unreadable = Memo::new(move |_| {
        page.state
            .draft
            .with(|s| match s.entries().into_iter().nth(index) {
                Some(SeriesEntry::Unreadable { message, .. }) => Some(message),
                _ => None,
            })
    });
    let count = Memo::new(move |_| page.state.draft.with(series_count));
    let scheduler = scheduler_at(index, &[]);
    let spec_problems = Signal::derive(move || {
        page.state.problems_for(&Target::Series {
            index,
            control: "spec".into(),
        })
    });
    let verdict = Memo::new(move |_| {
        page.state
            .draft
            .with(|s| match s.entries().into_iter().nth(index) {
                Some(SeriesEntry::Series(d)) => d.port_verdict().map(str::to_string),
                _ => None,
            })
    });
    let (hidden, show_port) = page
        .state
        .draft
        .with_untracked(|s| (s.page.is_series_hidden(number), !s.page.is_hidden("port")));
    if hidden {
        return ().into_any();
    }
    let body = move || {
        if let Some(message) = unreadable.get() {
            return view! {
                <p role="alert" class="alert">{format!("Series {number} cannot be read: {message}")}</p>
            }
            .into_any();
        }
        if cosine.get() && index == 0 {
            return view! {
                <SchedulerPicker index=index nest=vec![]/>
                <CosineControls/>
            }
            .into_any();
        }
        if cosine.get() && index == 1 {
            return view! {
                <SchedulerPicker index=index nest=vec![]/>
                <p class="hint follows">"value = eta_max (the constant-rate baseline follows Series 1's peak)"</p>
            }
            .into_any();
        }
        let path = scheduler.get();
        match describe::find(&path) {
            Some(desc) => view! {
                <SchedulerPicker index=index nest=vec![]/>
                <KwargControls index=index nest=vec![] scheduler=desc top=true/>
            }
            .into_any(),
            None => view! {
                <SchedulerPicker index=index nest=vec![]/>
                <p role="alert" class="alert">{format!("unknown scheduler {path:?}: pick one above")}</p>
            }
            .into_any(),
        }
    };
    view! {
        <section role="group" aria-label=format!("Series {number}") class="series" data-series=number
            data-testid=format!("series-{number}")>
            <div class="series-head">
                <span class=format!("swatch s{}", index % 6)></span>
                <h3>{format!("Series {number}")}</h3>
                <span class="series-buttons">
                    <button type="button" data-testid=format!("duplicate-{number}")
                        aria-label=format!("Duplicate series {number}")
                        prop:disabled=move || { count.get() >= MAX_SERIES }
                        on:click=move |_| page.edit(|s| {
                            edit::duplicate_series(s, index);
                        })>"Duplicate"</button>
                    <button type="button" data-testid=format!("remove-{number}")
                        aria-label=format!("Remove series {number}")
                        prop:disabled=move || { count.get() <= 1 }
                        on:click=move |_| page.edit(|s| edit::remove_series(s, index))>"Remove"</button>
                </span>
            </div>
            {move || verdict.get().map(|v| view! {
                <p class="hint port-verdict" data-testid=format!("port-verdict-{number}")>{v}</p>
            })}
            {body}
            <ControlAlert problems=spec_problems/>
            {show_port.then(|| view! { <PortButtons index=index scheduler=scheduler/> })}
        </section>
    }
    .into_any()
}

/// "Port to …" for series `index`: one button per other library. A port of the schedule the
/// charts show (over its run of rates) becomes a new series with its verdict; a port that is
/// impossible (no schedule of that family there, a full page) says why.
#[component]
fn PortButtons(index: usize, scheduler: Memo<String>) -> impl IntoView {
    let page = use_page();
    let number = index + 1;
    let message = RwSignal::new(None::<Result<String, String>>);
    let port_to = move |target: Library| {
        let source = page.state.shown.with_untracked(|s| {
            let p = s.series.get(index)?.as_ref()?;
            let n = match &p.rates {
                Rates::Fixed { lr, .. } => lr.len(),
                Rates::Plateau { .. } => s.run.len(),
            };
            Some((p.spec.clone(), n))
        });
        let Some((spec, n)) = source else {
            message.set(Some(Err(format!(
                "Series {number} has no valid schedule to port yet"
            ))));
            return;
        };
        let mut next = page.state.draft.get_untracked();
        match paste::port_series(&mut next, &spec, target, n) {
            Ok(i) => {
                message.set(Some(Ok(format!(
                    "Added as Series {}: the port to {}",
                    i + 1,
                    target.title()
                ))));
                page.edit(move |s| *s = next);
            }
            Err(e) => message.set(Some(Err(e.to_string()))),
        }
    };
    let buttons = move || {
        paste::port_targets(&scheduler.get())
            .into_iter()
            .map(|lib| {
                view! {
                    <button type="button" data-testid=format!("port-{number}-{}", lib.key())
                        aria-label=format!("Port to {}", lib.title())
                        on:click=move |_| port_to(lib)>{lib.title()}</button>
                }
            })
            .collect_view()
    };
    let shown = move || {
        message.get().map(|m| match m {
            Ok(text) => view! { <p role="status" class="hint" data-testid=format!("port-status-{number}")>{text}</p> }.into_any(),
            Err(text) => view! { <p role="alert" class="alert control-alert" data-testid=format!("port-error-{number}")>{text}</p> }.into_any(),
        })
    };
    view! {
        <div class="port">
            <span class="hint">"Port to"</span>
            {buttons}
        </div>
        {shown}
    }
}

/// The scheduler picker of series `index` (or of a nested scheduler at `nest`) and its
/// filter box.
#[component]
fn SchedulerPicker(index: usize, nest: Vec<(String, usize)>) -> impl IntoView {
    let page = use_page();
    let number = index + 1;
    let current = scheduler_at(index, &nest);
    let filter = RwSignal::new(String::new());
    let nested = !nest.is_empty();
    let problems = Signal::derive({
        let path = ControlPath {
            nest: nest.clone(),
            name: "scheduler".into(),
        };
        move || {
            page.state.problems_for(&Target::Series {
                index,
                control: path.to_string(),
            })
        }
    });
    let options = move || {
        // API paths are ASCII: an ASCII-only fold matches them and keeps Unicode's case
        // tables (~10 KB gzip) out of the wasm module.
        let f = filter.get().to_ascii_lowercase();
        let cur = current.get();
        Library::ALL
            .into_iter()
            .filter(|lib| !nested || *lib == Library::Torch)
            .map(|lib| {
                let items = describe::of_library(lib)
                    .filter(|s| !nested || CHAINABLE.contains(&s.name()))
                    .filter(|s| {
                        f.is_empty() || s.path.to_ascii_lowercase().contains(&f) || s.path == cur
                    })
                    .map(|s| {
                        let selected = s.path == cur;
                        view! { <option value=s.path selected=selected>{s.name()}</option> }
                    })
                    .collect_view();
                view! { <optgroup label=lib.title()>{items}</optgroup> }
            })
            .collect_view()
    };
    let label = if nested {
        format!("Series {number} nested scheduler")
    } else {
        format!("Series {number} scheduler")
    };
    let doc = move || {
        describe::find(&current.get())
            .map(|d| d.doc)
            .unwrap_or_default()
    };
    let nest_edit = nest.clone();
    let show_picker = !page
        .state
        .draft
        .with_untracked(|s| s.page.is_hidden("picker"));
    view! {
        <div class="picker">
            {show_picker.then(|| view! {
            <div class="picker-row">
                <select aria-label=label data-testid=if nested { String::new() } else { format!("picker-{number}") }
                    prop:value=move || current.get()
                    on:change=move |ev| {
                        let path = event_target_value(&ev);
                        let nest = nest_edit.clone();
                        page.edit(move |s| edit::set_scheduler(s, index, &nest, &path));
                    }>
                    {options}
                </select>
                {(!nested).then(|| view! {
                    <input type="search" class="filter" placeholder="filter…" aria-label=format!("Filter schedulers of series {number}")
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev))/>
                })}
            </div>
            })}
            <p class="hint scheduler-doc">{doc}</p>
            <ControlAlert problems=problems/>
        </div>
    }
}

/// The generated controls of one (possibly nested) scheduler.
#[component]
fn KwargControls(
    index: usize,
    nest: Vec<(String, usize)>,
    scheduler: &'static Scheduler,
    /// Whether this is the series' own scheduler (it then has the `lr` control).
    top: bool,
) -> impl IntoView {
    let page = use_page();
    let lr = (top && scheduler.base_lr == BaseLr::Required).then(|| {
        let path = ControlPath::top(LR_CONTROL);
        text_control(
            index,
            path,
            "the optimizer's learning rate (base_lr)".into(),
            Some(SliderScale::Log(crate::lab::slider::LogScale {
                lo: -4.0,
                hi: 3.0,
                zero_at_start: false,
            })),
        )
    });
    let number = index + 1;
    let hidden = move |name: &str| {
        page.state
            .draft
            .with_untracked(|s| s.page.is_control_hidden(number, name))
    };
    let lr = lr.filter(|_| !hidden(LR_CONTROL));
    let kwargs = scheduler
        .kwargs
        .iter()
        .filter(|k| k.control && !hidden(k.name))
        .map(|k| kwarg_control(index, &nest, k))
        .collect_view();
    // Kwargs the draft sets that the scheduler does not take: shown so they can be removed.
    let nest_unknown = nest.clone();
    let unknown = move || {
        let nest = nest_unknown.clone();
        page.state
            .draft
            .with(|s| match s.entries().into_iter().nth(index) {
                Some(SeriesEntry::Series(d)) => edit::at(&d.spec, &nest)
                    .map(|d| {
                        d.kwargs
                            .iter()
                            .filter(|(k, _)| scheduler.kwarg(k).is_none())
                            .map(|(k, _)| k.clone())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default(),
                _ => Vec::new(),
            })
    };
    let unknown_memo = Memo::new(move |_| unknown());
    let nest_u = nest.clone();
    let unknown_view = move || {
        unknown_memo
            .get()
            .into_iter()
            .map(|name| {
                let path = ControlPath {
                    nest: nest_u.clone(),
                    name: name.clone(),
                };
                let remove = path.clone();
                view! {
                    <div class="unknown-kwarg">
                        {text_control(index, path, format!("not a keyword argument of {}", scheduler.name()), None)}
                        <button type="button" on:click=move |_| {
                            let p = remove.clone();
                            page.edit(move |s| edit::set_text(s, index, &p, ""));
                        }>{format!("Remove {name}")}</button>
                    </div>
                }
            })
            .collect_view()
    };
    let plateau = (top && scheduler.name() == "ReduceLROnPlateau").then(|| {
        let current = Memo::new(move |_| {
            page.state.draft.with(|s| match s.entries().into_iter().nth(index) {
                Some(SeriesEntry::Series(d)) => d.plateau_metric(),
                _ => PlateauMetric::TrainObjective,
            })
        });
        view! {
            <div class="control" data-control="plateau_metric">
                <label for=format!("metric-{}", index + 1)><code>"metric"</code>
                    <span class="hint">"what step(metric) gets after each epoch: the training objective (the loss chart) or the test loss"</span></label>
                <select id=format!("metric-{}", index + 1) aria-label="plateau metric"
                    prop:value=move || current.get().key()
                    on:change=move |ev| {
                        let m = if event_target_value(&ev) == "test_loss" { PlateauMetric::TestLoss } else { PlateauMetric::TrainObjective };
                        page.edit(move |s| {
                            if let Some(SeriesEntry::Series(d)) = s.entries_mut().get_mut(index) {
                                d.set_plateau_metric(m);
                            }
                        });
                    }>
                    <option value="train_objective">"training objective"</option>
                    <option value="test_loss">"test loss"</option>
                </select>
            </div>
        }
    });
    view! {
        <div class="kwargs">
            {lr}
            {kwargs}
            {unknown_view}
            {plateau}
        </div>
    }
}

/// A text/slider control bound to a series path.
fn text_control(
    index: usize,
    path: ControlPath,
    hint: String,
    scale: Option<SliderScale>,
) -> AnyView {
    let page = use_page();
    let name = path.name.clone();
    let id = id_of(index, &path);
    let p1 = path.clone();
    let text = Signal::derive(move || page.state.draft.with(|s| edit::text(s, index, &p1)));
    let p2 = path.clone();
    let on_edit = Callback::new(move |t: String| {
        let p = p2.clone();
        page.edit(move |s| edit::set_text(s, index, &p, &t));
    });
    let target = Target::Series {
        index,
        control: path.to_string(),
    };
    let problems = Signal::derive(move || page.state.problems_for(&target));
    view! {
        <SliderControl name=name hint=hint scale=scale text=text on_edit=on_edit problems=problems id=id/>
    }
    .into_any()
}

/// The control of one described kwarg.
fn kwarg_control(index: usize, nest: &[(String, usize)], k: &'static Kwarg) -> AnyView {
    let page = use_page();
    let path = ControlPath {
        nest: nest.to_vec(),
        name: k.name.into(),
    };
    let id = id_of(index, &path);
    let target = Target::Series {
        index,
        control: path.to_string(),
    };
    let problems = Signal::derive(move || page.state.problems_for(&target));
    let p1 = path.clone();
    let text = Signal::derive(move || page.state.draft.with(|s| edit::text(s, index, &p1)));
    let p2 = path.clone();
    let on_edit = Callback::new(move |t: String| {
        let p = p2.clone();
        page.edit(move |s| edit::set_text(s, index, &p, &t));
    });
    let hint = hint_of(k);
    match k.kind {
        Kind::Bool => {
            let default = k.default_value().and_then(|v| v.as_bool()).unwrap_or(false);
            view! { <CheckControl name=k.name.to_string() hint=hint default=default text=text on_edit=on_edit problems=problems id=id/> }
                .into_any()
        }
        Kind::Choice(choices) => {
            let default = k
                .default_value()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            view! {
                <ChoiceControl name=k.name.to_string() hint=hint choices=choices.iter().map(|c| c.to_string()).collect()
                    default=default text=text on_edit=on_edit problems=problems id=id/>
            }
            .into_any()
        }
        Kind::Schedulers | Kind::KwargsList(_) => nested_control(index, nest.to_vec(), k),
        _ => view! {
            <SliderControl name=k.name.to_string() hint=hint scale=SliderScale::for_kwarg(k) text=text on_edit=on_edit problems=problems id=id/>
        }
        .into_any(),
    }
}

/// A nested list of schedulers (or of kwargs objects) with add / remove.
fn nested_control(index: usize, nest: Vec<(String, usize)>, k: &'static Kwarg) -> AnyView {
    let page = use_page();
    let kwarg = k.name;
    let nest_items = nest.clone();
    let items = Memo::new(move |_| {
        page.state
            .draft
            .with(|s| match s.entries().into_iter().nth(index) {
                Some(SeriesEntry::Series(d)) => edit::at(&d.spec, &nest_items)
                    .and_then(|d| match d.get(kwarg) {
                        Some(KwargDraft::Nested(items)) => Some(
                            items
                                .iter()
                                .map(|i| i.scheduler.clone())
                                .collect::<Vec<_>>(),
                        ),
                        _ => None,
                    })
                    .unwrap_or_default(),
                _ => Vec::new(),
            })
    });
    let fixed = match k.kind {
        Kind::KwargsList(path) => Some(path),
        _ => None,
    };
    let nest_view = nest.clone();
    let list = move || {
        items
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, path)| {
                let mut child = nest_view.clone();
                child.push((kwarg.to_string(), i));
                let nest_remove = nest_view.clone();
                let desc = describe::find(&path);
                let picker = fixed
                    .is_none()
                    .then(|| view! { <SchedulerPicker index=index nest=child.clone()/> });
                let controls = desc.map(|d| view! { <KwargControls index=index nest=child.clone() scheduler=d top=false/> });
                view! {
                    <div role="group" class="nested" aria-label=format!("{kwarg}[{i}]")>
                        <div class="nested-head"><code>{format!("{kwarg}[{i}]")}</code>
                            <button type="button" aria-label=format!("Remove {kwarg}[{i}]") on:click=move |_| {
                                let n = nest_remove.clone();
                                page.edit(move |s| edit::remove_nested(s, index, &n, kwarg, i));
                            }>"Remove"</button>
                        </div>
                        {picker}
                        {controls}
                    </div>
                }
            })
            .collect_view()
    };
    let nest_add = nest.clone();
    let path = ControlPath {
        nest: nest.clone(),
        name: kwarg.into(),
    };
    let target = Target::Series {
        index,
        control: path.to_string(),
    };
    let problems = Signal::derive(move || page.state.problems_for(&target));
    view! {
        <div class="control nested-list" data-control=kwarg>
            <label><code>{kwarg}</code><span class="hint">{hint_of(k)}</span></label>
            {list}
            <button type="button" class="add-nested" on:click=move |_| {
                let n = nest_add.clone();
                page.edit(move |s| edit::add_nested(s, index, &n, kwarg));
            }>{format!("Add to {kwarg}")}</button>
            <ControlAlert problems=problems/>
        </div>
    }
    .into_any()
}
