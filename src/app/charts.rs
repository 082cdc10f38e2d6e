//! The two charts of the page and the hover readout. [`ChartCanvas`] is a canvas that follows
//! its box's size (ResizeObserver) and redraws when the signals its draw function reads
//! change; [`LrChartView`] draws every series' learning rate (the cosine view with v1's
//! decorations), [`LossChartView`] every series' training objective. Pointing at either
//! chart, or moving a keyboard cursor on it (arrow keys), shows t and each series' rate,
//! objective and accuracy at that t ([`Readout`]).

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

use super::canvas::draw_on_canvas;
use super::dom;
use super::page::{use_page, Page};
use crate::chart::{
    boundary_ranges, draw_boundary_chart, draw_loss_chart, draw_lr_chart, draw_range_test_chart,
    BoundaryChart, ChartError, ChartStyle, CosineDecorations, Geometry, LineSeries, LossChart,
    LrChart, ProbabilityGrid, RangeTestChart, RateMark,
};
use crate::fmt;
use crate::lab::train::{series_rates, RunView};
use crate::lab::{LrAxis, View};
use crate::spec::describe::Unit;
use crate::train::{lr_range_test, LrUnit, RangeStop, RangeTestConfig};

/// Which x the chart's axis counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Axis {
    /// Rate index t of the run (the LR chart).
    Rate,
    /// Epoch (the loss chart).
    Epoch,
    /// A feature of the data (the decision-boundary picture): pointing sets no cursor.
    Plane,
}

/// A canvas that follows its box's size and redraws with `draw` whenever the signals it
/// reads change (effects run after the frame's commit, so at most once per frame).
#[component]
fn ChartCanvas<F>(
    /// `data-testid` of the canvas.
    testid: &'static str,
    /// Accessible description of the chart.
    label: Signal<String>,
    /// Which x the chart counts (for the hover cursor).
    axis: Axis,
    /// Draws the chart; reads signals, so the canvas repaints when they change.
    draw: F,
) -> impl IntoView
where
    F: Fn(&DrawingArea<CanvasBackend, Shift>, &ChartStyle) -> Result<Geometry, ChartError>
        + Clone
        + 'static,
{
    let page = use_page();
    let wrapper = NodeRef::<leptos::html::Div>::new();
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let size = RwSignal::new((0.0_f64, 0.0_f64));
    let geometry = StoredValue::new(None::<Geometry>);

    wrapper.on_load(move |el: web_sys::HtmlDivElement| {
        // No getBoundingClientRect here: it would force a layout of the half-built page (~60
        // ms at load, measured). The observer reports the box's size after the frame's own
        // layout, before it paints, and the chart draws then.
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                if let Some(entry) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
                    let r = entry.content_rect();
                    let new = (r.width(), r.height());
                    if size.get_untracked() != new {
                        size.set(new);
                    }
                }
            },
        );
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&el);
            on_cleanup(move || observer.disconnect());
        }
        // The closure must live as long as the observer; it is small and the page owns it.
        callback.forget();
    });

    let draw_png = draw.clone();
    Effect::new(move |_| {
        let (w, h) = size.get();
        let big = page.state.committed.with(|s| s.page.big);
        let theme = page.chart_theme();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        if w < 1.0 || h < 1.0 {
            return;
        }
        let ratio = super::canvas::device_pixel_ratio();
        match draw_on_canvas(&canvas, w, h, ratio, font_scale(big), theme, &draw) {
            Ok(g) => {
                geometry.set_value(Some(g));
                let now = dom::now_ms();
                if let Some(start) = page.input_at.get_value() {
                    dom::mark_body("data-update-ms", now - start);
                }
                dom::mark_body(&format!("data-painted-{testid}"), now);
            }
            Err(e) => leptos::logging::warn!("{testid}: {e}"),
        }
    });

    let pointer = move |ev: web_sys::PointerEvent| {
        let ratio = super::canvas::device_pixel_ratio();
        if axis == Axis::Plane {
            return;
        }
        let x = f64::from(ev.offset_x()) * ratio;
        let t = geometry.with_value(|g| g.as_ref().and_then(|g| g.x_at(x)));
        page.cursor.set(t.map(|v| to_rate_index(page, axis, v)));
    };
    let key = move |ev: web_sys::KeyboardEvent| {
        let n = page.state.shown.with_untracked(|s| s.run.len());
        if n == 0 || axis == Axis::Plane {
            return;
        }
        let step = match axis {
            Axis::Rate | Axis::Plane => 1.0,
            Axis::Epoch => page.state.shown.with_untracked(|s| match s.run.unit {
                Unit::Epoch => 1.0,
                Unit::Step => s.run.steps_per_epoch as f64,
            }),
        };
        let step = if ev.shift_key() { step * 10.0 } else { step };
        let cur = page.cursor.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => Some(cur.map_or(0.0, |c| c + step)),
            "ArrowLeft" => Some(cur.map_or(0.0, |c| c - step)),
            "Home" => Some(0.0),
            "End" => Some((n - 1) as f64),
            "Escape" => {
                page.cursor.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        page.cursor.set(next.map(|v| v.clamp(0.0, (n - 1) as f64)));
    };

    // "Download PNG": the same chart drawn again, at twice its CSS size, on a canvas of its own.
    let save_png = {
        let draw = draw_png;
        move |_| {
            let (w, h) = size.get_untracked();
            let big = page.state.committed.with_untracked(|s| s.page.big);
            let theme = untrack(|| page.chart_theme());
            let Some(canvas) = dom::new_canvas() else {
                return;
            };
            if w >= 1.0
                && h >= 1.0
                && draw_on_canvas(&canvas, w, h, 2.0, font_scale(big), theme, &draw).is_ok()
            {
                if let Ok(url) = canvas.to_data_url() {
                    dom::download_url(&format!("anneal-{testid}.png"), &url);
                }
            }
        }
    };
    let show_png = !page.state.draft.with_untracked(|s| s.page.is_hidden("png"));

    // The box's size never depends on the canvas' backing store (no feedback loop between
    // ResizeObserver and canvas.width), even without the stylesheet. Set through the CSSOM
    // (`style:`), which a strict Content-Security-Policy allows, unlike `style="…"` markup.
    view! {
        <div class="chart" node_ref=wrapper style:position="relative" style:width="100%"
            style:height="var(--chart-height, 300px)">
            <canvas node_ref=canvas_ref data-testid=testid role="img" tabindex="0"
                style:position="absolute" style:inset="0" style:width="100%" style:height="100%"
                style:display="block"
                aria-label=move || label.get()
                on:pointermove=pointer
                on:pointerleave=move |_| if axis != Axis::Plane { page.cursor.set(None) }
                on:keydown=key></canvas>
        </div>
        {show_png.then(|| view! {
            <p class="chart-export"><button type="button" data-testid=format!("{testid}-png")
                title="This chart at twice its size on screen" on:click=save_png>"Download PNG"</button></p>
        })}
    }
}

/// The charts' fonts: scale and smallest size in CSS px — in classroom size larger, and no
/// text under 20 px (what a projector at the back of a room needs).
fn font_scale(big: bool) -> (f64, f64) {
    if big {
        (1.45, 20.0)
    } else {
        (1.0, 0.0)
    }
}

/// A chart x (rate index t, or epoch) as a rate index t of the run.
fn to_rate_index(page: Page, axis: Axis, x: f64) -> f64 {
    let run = page.state.shown.with_untracked(|s| s.run);
    let t = match (axis, run.unit) {
        (Axis::Epoch, Unit::Step) => x * run.steps_per_epoch as f64,
        _ => x,
    };
    t.round().clamp(0.0, run.len().saturating_sub(1) as f64)
}

/// The learning-rate chart.
#[component]
pub fn LrChartView() -> impl IntoView {
    let page = use_page();
    let label = Signal::derive(move || {
        page.state.shown.with(|s| {
            let names: Vec<String> = s.plans().map(|p| p.label.clone()).collect();
            format!(
                "Learning rate per {} over {} values: {}",
                s.run.unit.key(),
                s.run.len(),
                names.join(", ")
            )
        })
    });
    let draw = move |area: &DrawingArea<CanvasBackend, Shift>, style: &ChartStyle| {
        let cosine_view = page
            .state
            .committed
            .with(|s| matches!(s.view, View::Cosine(_)));
        let log_y = page.state.committed.with(|s| s.page.lr_axis == LrAxis::Log);
        let cursor = page.cursor.get();
        page.plateau.with(|plateau| {
            page.state.shown.with(|shown| {
                let rates: Vec<(usize, String, Vec<f64>, Vec<usize>)> = shown
                    .indexed_plans()
                    .map(|(i, p)| {
                        let live = plateau.get(i).and_then(Option::as_ref);
                        let markers = live.map(|p| p.reductions.clone()).unwrap_or_default();
                        (i, p.label.clone(), series_rates(p, live), markers)
                    })
                    .collect();
                let series: Vec<LineSeries> = rates
                    .iter()
                    .map(|(i, label, lr, markers)| LineSeries {
                        label,
                        values: lr,
                        style_index: *i,
                        markers,
                        marker_label: "reduced (plateau)",
                        diverged_at: None,
                    })
                    .collect();
                let picture = if cosine_view {
                    shown
                        .series
                        .first()
                        .and_then(|p| p.as_ref())
                        .and_then(|p| p.cosine.clone())
                } else {
                    None
                };
                let trough_text = picture
                    .as_ref()
                    .and_then(|p| p.trough)
                    .map(|(_, v)| format!("trough {} > eta_min", fmt::lr(v)))
                    .unwrap_or_default();
                let decorations = picture.as_ref().map(|p| CosineDecorations {
                    restarts: &p.restarts,
                    eta_min: p.eta_min,
                    eta_max: p.eta_max,
                    t_max: p.t_max,
                    highlight: p.trough.map(|(t, v)| (t, v, trough_text.as_str())),
                });
                let chart = LrChart {
                    series: &series,
                    x_title: shown.run.unit.key(),
                    log_y,
                    decorations,
                    cursor,
                };
                draw_lr_chart(area, &chart, style)
            })
        })
    };
    view! {
        <ChartCanvas testid="lr-chart" label=label axis=Axis::Rate draw=draw/>
    }
}

/// The loss chart: every series' training objective per epoch (log axis), with the optimum.
#[component]
pub fn LossChartView() -> impl IntoView {
    let page = use_page();
    let label = Signal::derive(move || {
        "Training objective per epoch, log scale, one line per series".to_string()
    });
    let draw = move |area: &DrawingArea<CanvasBackend, Shift>, style: &ChartStyle| {
        let cursor = page.cursor.get();
        page.runs.with(|runs| {
            page.state.shown.with(|shown| {
                let objectives: Vec<(usize, String, Vec<f64>, Option<usize>)> = shown
                    .indexed_plans()
                    .map(|(i, p)| {
                        let run = runs.get(i);
                        (
                            i,
                            p.label.clone(),
                            run.map(RunView::objective).unwrap_or_default(),
                            run.and_then(RunView::diverged_at),
                        )
                    })
                    .collect();
                let series: Vec<LineSeries> = objectives
                    .iter()
                    .map(|(i, label, values, diverged)| LineSeries {
                        label,
                        values,
                        style_index: *i,
                        markers: &[],
                        marker_label: "",
                        diverged_at: *diverged,
                    })
                    .collect();
                let epoch_cursor = cursor.map(|t| shown.run.epoch_of(t as usize) as f64);
                let chart = LossChart {
                    series: &series,
                    optimum: page
                        .state
                        .training
                        .with(|t| t.optimum.as_ref().ok().copied()),
                    epochs: Some(shown.run.epochs),
                    cursor: epoch_cursor,
                };
                draw_loss_chart(area, &chart, style)
            })
        })
    };
    view! {
        <ChartCanvas testid="loss-chart" label=label axis=Axis::Epoch draw=draw/>
    }
}

/// Nodes per side of the probability grid the boundary picture shades.
const GRID: usize = 48;

/// The decision-boundary picture of a 2-D data set (nothing for the others): the points, test
/// points hollow, over the probability of one series' model (`boundary=k`, else the first
/// series) after the cursor's epoch — so it moves while the player plays — or after the
/// last epoch trained; a picker chooses the series.
#[component]
pub fn BoundaryView() -> impl IntoView {
    let page = use_page();
    let plane = Memo::new(move |_| {
        page.state
            .training
            .with(|t| t.data.0.as_ref().is_ok_and(|l| !l.points.is_empty()))
    });
    // The series shown: `boundary=k` if it has a plan, else the first that has one.
    let chosen = Memo::new(move |_| {
        let k = page.state.committed.with(|s| s.page.boundary);
        page.state.shown.with(|s| {
            s.indexed_plans()
                .find(|(_, p)| p.number == k)
                .or_else(|| s.indexed_plans().next())
                .map(|(i, p)| (i, p.number, p.label.clone()))
        })
    });
    let label = Signal::derive(move || {
        let who = chosen
            .get()
            .map(|(_, n, l)| format!("Series {n}, {l}"))
            .unwrap_or_default();
        format!(
            "Decision boundary of {who}: the data's points over the model's probability of class 1"
        )
    });
    let draw = move |area: &DrawingArea<CanvasBackend, Shift>, style: &ChartStyle| {
        let cursor = page.cursor.get();
        let data = page.state.training.with(|t| t.data.clone());
        let Ok(loaded) = &data.0 else {
            let empty = BoundaryChart {
                points: &[],
                grid: None,
                class_labels: ["class 0", "class 1"],
                x_title: "x₁",
                y_title: "x₂",
            };
            return draw_boundary_chart(area, &empty, style);
        };
        let d = loaded.prepared.n_features();
        let (xr, yr) = boundary_ranges(&loaded.points);
        let chosen = chosen.get();
        let prob: Option<Vec<f64>> = page.runs.with(|runs| {
            let (i, _, _) = chosen.clone()?;
            let run = runs.get(i)?;
            let done = run.trace.len() / (d + 1);
            let epoch = match cursor {
                Some(t) => page.state.shown.with(|s| s.run.epoch_of(t as usize)) + 1,
                None => done,
            };
            let (w, b) = run.weights_at(epoch.min(done.max(1) - 1), d)?;
            let nodes: Vec<[f64; 2]> = (0..GRID)
                .flat_map(|j| {
                    (0..GRID).map(move |i| {
                        [
                            xr.0 + (xr.1 - xr.0) * i as f64 / (GRID - 1) as f64,
                            yr.0 + (yr.1 - yr.0) * j as f64 / (GRID - 1) as f64,
                        ]
                    })
                })
                .collect();
            loaded.prepared.plane_probabilities(w, b, &nodes).ok()
        });
        let chart = BoundaryChart {
            points: &loaded.points,
            grid: prob.as_deref().map(|prob| ProbabilityGrid {
                prob,
                nx: GRID,
                ny: GRID,
                x_range: xr,
                y_range: yr,
            }),
            class_labels: ["class 0", "class 1"],
            x_title: "x₁",
            y_title: "x₂",
        };
        draw_boundary_chart(area, &chart, style)
    };
    let count = Memo::new(move |_| page.state.shown.with(|s| s.plans().count()));
    move || {
        plane.get().then(|| {
            view! {
                <div class="boundary" data-testid="boundary">
                    <h3>{move || chosen.get().map(|(_, n, l)| format!("Decision boundary — Series {n}: {l}")).unwrap_or_default()}</h3>
                    {move || (count.get() > 1).then(|| view! {
                        <label class="boundary-picker">"Boundary of "
                            <select aria-label="Boundary of series" data-testid="boundary-series"
                                prop:value=move || chosen.get().map(|(_, n, _)| n.to_string()).unwrap_or_default()
                                on:change=move |ev| {
                                    let k: usize = event_target_value(&ev).parse().unwrap_or(0);
                                    page.edit(move |s| s.page.boundary = k);
                                }>
                                {page.state.shown.with(|s| s.plans().map(|p| view! {
                                    <option value=p.number.to_string()>{format!("Series {}: {}", p.number, p.label)}</option>
                                }).collect_view())}
                            </select>
                        </label>
                    })}
                    <ChartCanvas testid="boundary-chart" label=label axis=Axis::Plane draw=draw/>
                </div>
            }
        })
    }
}

/// The LR range test (Smith 2015, fastai `lr_find`) on the page's data and trainer settings:
/// smoothed mini-batch loss against a rate growing exponentially from 1e-7 to 10 over 200
/// optimizer steps (stopping at 4× the minimum), the suggested peaks (steepest descent, and
/// minimum / 10) marked, and "Use as eta_max" writing the chosen one into a series' peak
/// control ([`crate::lab::edit::use_as_eta_max`]).
#[component]
pub fn RangeTestView() -> impl IntoView {
    let page = use_page();
    let result = Memo::new(move |_| {
        page.state.training.with(|t| {
            let p = t.data.prepared().ok_or_else(|| "no data".to_string())?;
            lr_range_test(
                p,
                &t.settings.config(1, LrUnit::Step),
                &RangeTestConfig::default(),
            )
            .map_err(|e| e.to_string())
        })
    });
    let choice = RwSignal::new(0usize);
    let target = RwSignal::new(0usize);
    let message = RwSignal::new(None::<String>);
    let marks_of = |r: &crate::train::RangeTest| -> Vec<(String, f64)> {
        let mut m = Vec::new();
        if let Some(s) = r.steepest {
            m.push((format!("steepest {}", fmt::lr(s.lr)), s.lr));
        }
        if let Some(s) = r.minimum_over_10 {
            m.push((format!("min / 10: {}", fmt::lr(s.lr)), s.lr));
        }
        m
    };
    let label = Signal::derive(move || {
        "LR range test: smoothed training loss against the learning rate, log scale".to_string()
    });
    let draw = move |area: &DrawingArea<CanvasBackend, Shift>, style: &ChartStyle| {
        result.with(|r| {
            let (lr, loss, raw): (&[f64], &[f64], &[f64]) = match r {
                Ok(r) => (&r.rates, &r.smoothed, &r.losses),
                Err(_) => (&[], &[], &[]),
            };
            let marks = r.as_ref().map(marks_of).unwrap_or_default();
            let marks: Vec<RateMark> = marks
                .iter()
                .map(|(label, lr)| RateMark { lr: *lr, label })
                .collect();
            let chart = RangeTestChart {
                lr,
                loss,
                raw_loss: raw,
                marks: &marks,
                cursor: None,
            };
            draw_range_test_chart(area, &chart, style)
        })
    };
    let summary = move || {
        result.with(|r| match r {
            Ok(r) => {
                let stop = match (r.stopped, r.rates.last()) {
                    (Some(RangeStop::Exploded), Some(lr)) => format!(
                        "; it stopped at lr = {} when the smoothed loss passed 4× its minimum",
                        fmt::lr(*lr)
                    ),
                    (Some(RangeStop::Diverged), Some(lr)) => {
                        format!("; training diverged after lr = {}", fmt::lr(*lr))
                    }
                    _ => String::new(),
                };
                let s = |v: Option<crate::train::Suggestion>| {
                    v.map_or_else(|| "—".to_string(), |s| fmt::lr(s.lr))
                };
                format!(
                    "{} steps from lr = 1e-7{stop}. Suggested peak: {} (steepest descent) or {} (minimum / 10).",
                    r.rates.len(),
                    s(r.steepest),
                    s(r.minimum_over_10)
                )
            }
            Err(e) => format!("The range test cannot run: {e}"),
        })
    };
    let apply = move |_| {
        let lr = result.with_untracked(|r| {
            r.as_ref().ok().and_then(|r| {
                if choice.get_untracked() == 1 {
                    r.minimum_over_10
                } else {
                    r.steepest.or(r.minimum_over_10)
                }
            })
        });
        let Some(s) = lr else {
            message.set(Some("No suggestion to use".into()));
            return;
        };
        let index = target.get_untracked();
        let mut err = None;
        page.edit(|state| err = crate::lab::edit::use_as_eta_max(state, index, s.lr).err());
        message.set(err);
    };
    view! {
        <p class="hint" data-testid="range-test-summary">{summary}</p>
        <ChartCanvas testid="range-test-chart" label=label axis=Axis::Plane draw=draw/>
        <div class="range-use">
            <label>"Suggestion "
                <select aria-label="Suggestion" data-testid="range-suggestion"
                    on:change=move |ev| choice.set(if event_target_value(&ev) == "min" { 1 } else { 0 })>
                    <option value="steepest">"steepest descent"</option>
                    <option value="min">"minimum / 10"</option>
                </select>
            </label>
            <label>" for "
                <select aria-label="Use for series" data-testid="range-series"
                    on:change=move |ev| target.set(event_target_value(&ev).parse::<usize>().unwrap_or(1).saturating_sub(1))>
                    {move || page.state.shown.with(|s| s.indexed_plans().map(|(_, p)| view! {
                        <option value=p.number.to_string()>{format!("Series {}: {}", p.number, p.label)}</option>
                    }).collect_view())}
                </select>
            </label>
            " "
            <button type="button" data-testid="use-as-eta-max" on:click=apply>"Use as eta_max"</button>
        </div>
        {move || message.get().map(|m| view! { <p role="alert" class="alert control-alert">{m}</p> })}
    }
}

/// What the cursor points at: t, its epoch, and each series' rate, objective and accuracy.
#[component]
pub fn Readout() -> impl IntoView {
    let page = use_page();
    let text = move || {
        let t = page.cursor.get()?;
        let t = t as usize;
        let runs = page.runs.get();
        page.state.shown.with(|shown| {
            let run = shown.run;
            let epoch = run.epoch_of(t);
            let head = match run.unit {
                Unit::Epoch => format!("epoch t = {t}"),
                Unit::Step => format!("step t = {t} (epoch {epoch})"),
            };
            let rows: Vec<String> = shown
                .indexed_plans()
                .map(|(i, p)| {
                    let r = runs.get(i);
                    let lr = series_rates(p, r.and_then(|r| r.plateau.as_ref()))
                        .get(t)
                        .copied();
                    // The record after epoch `epoch` finished (record 0 is the start).
                    let rec = r.and_then(|r| r.records().get(epoch + 1).cloned());
                    let mut s = format!(
                        "{}: lr {}",
                        p.label,
                        lr.map(fmt::py_repr).unwrap_or_else(|| "—".into())
                    );
                    if let Some(m) = p.momentum().and_then(|m| m.get(t)) {
                        s.push_str(&format!(", momentum {}", fmt::short(fmt::round_sig(*m, 4))));
                    }
                    if let Some(rec) = rec {
                        s.push_str(&format!(
                            ", objective {}",
                            fmt::objective(rec.train_objective)
                        ));
                        if let Some(a) = rec.test_accuracy {
                            s.push_str(&format!(", test accuracy {:.1} %", a * 100.0));
                        }
                    }
                    s
                })
                .collect();
            Some(format!("{head} — {}", rows.join(" · ")))
        })
    };
    view! {
        <p class="readout" data-testid="readout">
            {move || text().unwrap_or_else(|| "Point at a chart (or focus it and use the arrow keys) to read the values at one step.".into())}
        </p>
    }
}
