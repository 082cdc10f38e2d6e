//! The Leptos single-page app (filled in by the app work).
