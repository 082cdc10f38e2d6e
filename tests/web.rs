//! Browser tests (wasm-bindgen-test in headless Chromium): the real App mounted into a fresh
//! element, driven by real input events. Run with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use anneal::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts the App into a fresh, sized <section>; returns it and the mount handle.
fn mount() -> (HtmlElement, impl Drop) {
    // A permanent scrollbar, so an alert that lengthens the page does not resize the charts.
    let html: HtmlElement = document().document_element().unwrap().unchecked_into();
    html.style().set_property("overflow-y", "scroll").unwrap();
    let section: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    section.set_attribute("style", "width: 1000px").unwrap();
    document().body().unwrap().append_child(&section).unwrap();
    let handle = leptos::mount::mount_to(section.clone(), App);
    (section, handle)
}

fn by_testid<T: JsCast>(root: &HtmlElement, id: &str) -> T {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid {id}"))
        .unchecked_into()
}

/// Waits (polling each 20 ms, up to 20 s) until `cond` holds.
async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..1000 {
        if cond() {
            return;
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn sleep(d: Duration) {
    let ms = d.as_millis() as i32;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn set_input(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let ev = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn slider_move_updates_formula_and_repaints_the_chart() {
    let (root, _handle) = mount();
    let canvas: HtmlCanvasElement = by_testid(&root, "lr-chart");
    until("the first paint", || canvas.width() > 1).await;
    let formula: HtmlElement = by_testid(&root, "formula-values");
    assert!(
        formula.text_content().unwrap().contains("/ 50))"),
        "{:?}",
        formula.text_content()
    );
    let before = canvas.to_data_url().unwrap();

    let t_max: HtmlInputElement = by_testid(&root, "slider-T_max");
    set_input(&t_max, "20");
    until("the formula to follow T_max", || {
        formula
            .text_content()
            .unwrap_or_default()
            .contains("/ 20))")
    })
    .await;
    until("the canvas to repaint", || {
        canvas.to_data_url().unwrap() != before
    })
    .await;
    let text_box: HtmlInputElement = by_testid(&root, "input-T_max");
    assert_eq!(text_box.value(), "20");
}

#[wasm_bindgen_test]
async fn invalid_entry_shows_an_alert_and_keeps_the_chart() {
    let (root, _handle) = mount();
    let canvas: HtmlCanvasElement = by_testid(&root, "lr-chart");
    until("the first paint", || canvas.width() > 1).await;
    sleep(Duration::from_millis(100)).await;
    let before = canvas.to_data_url().unwrap();
    // PyTorch's rule: T_mult must be an integer >= 1 (with restarts, where T_mult applies).
    let restarts: HtmlInputElement = by_testid(&root, "input-restarts");
    set_input(&restarts, "1");
    until("the restarts to repaint", || {
        canvas.to_data_url().unwrap() != before
    })
    .await;
    let result: HtmlElement = by_testid(&root, "result-1");
    until("training to finish", || {
        result
            .text_content()
            .unwrap_or_default()
            .contains("test accuracy")
    })
    .await;
    sleep(Duration::from_millis(200)).await;
    let before = canvas.to_data_url().unwrap();
    let t_mult: HtmlInputElement = by_testid(&root, "input-T_mult");
    set_input(&t_mult, "2.5");
    until("the alert", || {
        root.query_selector("[role=alert]").unwrap().is_some()
    })
    .await;
    let alert = root.query_selector("[role=alert]").unwrap().unwrap();
    assert!(alert
        .text_content()
        .unwrap()
        .contains("Expected integer T_mult >= 1, but got 2.5"));
    assert_eq!(
        t_mult.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    sleep(Duration::from_millis(100)).await;
    assert_eq!(
        canvas.to_data_url().unwrap(),
        before,
        "the last valid chart must stay"
    );
}

/// In wasm Rust's `f64::ln` is musl's, one ulp off CPython's (glibc) at `ln(3)`, which
/// would hide PyTorch's float-log restart bug from the page. The emulation uses its own
/// correctly rounded logarithm, so the page flags the same restart the CLI does.
#[wasm_bindgen_test]
fn float_log_quirk_is_the_same_in_wasm() {
    use anneal::schedule::pymath;
    use anneal::schedule::torch::CosineAnnealingWarmRestarts;
    assert_eq!(pymath::ln(3.0), 1.0986122886681098);
    let s = CosineAnnealingWarmRestarts::new(1.0, 1, 3, 0.0).unwrap();
    assert_eq!(s.lr_at_epoch(121.0), 1.0);
    assert_eq!(s.library_lr_at_epoch(121.0), 0.0);
}
