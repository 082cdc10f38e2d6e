//! The web app's entry point: installs the panic hook and mounts [`anneal::app::App`].
//! Built for wasm32 by Trunk; on other targets it only says so.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(anneal::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("anneal-web is the browser app: build it with `trunk build` (the CLI is `anneal`).");
}
