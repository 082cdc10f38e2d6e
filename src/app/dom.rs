//! The few browser calls the page makes outside Leptos' own: the clock, the address bar,
//! downloads, the clipboard and timing marks for the end-to-end tests. Each is a no-op that
//! reports failure instead of panicking when the browser refuses.

use wasm_bindgen::JsCast;

/// `performance.now()` in ms (0 when unavailable).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// The query pairs of the page's URL, decoded as `URLSearchParams` decodes them.
pub fn query_pairs() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let mut pairs = Vec::new();
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
        let entries = js_sys::try_iter(&params).ok().flatten();
        for entry in entries.into_iter().flatten().flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                pairs.push((k, v));
            }
        }
    }
    pairs
}

/// The query string (`?…`) of `pairs`, encoded by `URLSearchParams` (so `+` is written
/// `%2B` and a space `+`).
pub fn query_string(pairs: &[(String, String)]) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return String::new();
    };
    for (k, v) in pairs {
        params.append(k, v);
    }
    format!("?{}", String::from(params.to_string()))
}

/// The page's address without query and fragment.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split(['?', '#']).next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Replaces the address bar's query (history.replaceState: no history spam).
pub fn replace_query(query: &str) {
    if let Some(w) = web_sys::window() {
        let current = w.location().search().unwrap_or_default();
        if current != query {
            if let Ok(h) = w.history() {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query));
            }
        }
    }
}

/// Offers `text` as a file download called `filename` (a Blob URL clicked through a
/// temporary link).
pub fn download(filename: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    download_url(filename, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Saves what `url` points at (a blob: or data: URL) as a file named `filename`, through a
/// temporary `<a download>`.
pub fn download_url(filename: &str, url: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(url);
        a.set_download(filename);
        if let Some(body) = document.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
}

/// A new `<canvas>` element, not in the document (for drawing an export).
pub fn new_canvas() -> Option<web_sys::HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()
}

/// Copies `text` to the clipboard (best effort: the browser may refuse without a gesture).
pub fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Writes a timing figure onto `<body data-…>` for the end-to-end tests and the benchmarks.
pub fn mark_body(attr: &str, value: f64) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute(attr, &format!("{value:.1}"));
    }
}

/// When the page runs in a frame (an embed), tells the host page its content height, at once
/// and on every change: `postMessage({anneal: "height", height}, "*")` to the parent window
/// (`height` in CSS px, the `<html>` element's box), from a ResizeObserver on `<html>`. The
/// host's `embed.js` (src/embed.js, served beside the page) sizes the iframe to it. The height
/// is not a secret, hence any origin. Does nothing in a top-level page.
pub fn report_height_to_parent() {
    let Some(w) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = w.parent() else {
        return;
    };
    let me: &wasm_bindgen::JsValue = w.as_ref();
    let them: &wasm_bindgen::JsValue = parent.as_ref();
    if me == them {
        return;
    }
    let Some(html) = w.document().and_then(|d| d.document_element()) else {
        return;
    };
    let target = html.clone();
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
        move |_entries: js_sys::Array| {
            let height = target.get_bounding_client_rect().height();
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"anneal".into(), &"height".into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            let _ = parent.post_message(&message, "*");
        },
    );
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&html);
    }
    // Lives as long as the page (the observer is never disconnected).
    callback.forget();
}

/// Whether the system prefers a dark colour scheme (`prefers-color-scheme: dark`) now, and
/// calls `on_change` with the new answer whenever that changes.
pub fn watch_prefers_dark(on_change: impl Fn(bool) + 'static) -> bool {
    let Some(list) = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok())
        .flatten()
    else {
        return false;
    };
    let now = list.matches();
    let watched = list.clone();
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        on_change(watched.matches());
    });
    list.set_onchange(Some(callback.as_ref().unchecked_ref()));
    // Lives as long as the page.
    callback.forget();
    now
}
