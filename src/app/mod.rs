//! The Leptos single-page app: the Schedule Lab. Every scheduler of the five libraries can be
//! picked for any of up to five overlaid series (the v1 cosine page is the default view), each
//! trained live on the same data; charts of the learning rate and of the training objective,
//! a hover readout, exact values, notes, per-series specs, CSV downloads and a permalink.
//!
//! The model is pure and lives in [`crate::lab`]; this module is only the reactive state and
//! the components:
//! - [`state`]: signals and memos over the lab model (DOM-free, tested natively);
//! - [`page`]: the state joined to the browser (per-frame commits, URL, training slices);
//! - components, one file each: [`view`] (layout), [`run`], [`series`], [`cosine`],
//!   [`controls`] (the widgets), [`trainer`] (data set, optimizer, …), [`charts`],
//!   [`results`], [`code`];
//! - [`paste`]: the Paste Python box (a pasted scheduler becomes a series);
//! - [`player`]: Play / Pause / Step (the cursor as a playhead) and the keyboard shortcuts;
//! - [`canvas`] (canvas glue) and [`dom`] (the few other browser calls).

pub mod canvas;
pub mod charts;
pub mod code;
pub mod controls;
pub mod cosine;
pub mod dom;
pub mod page;
pub mod paste;
pub mod player;
pub mod results;
pub mod run;
pub mod series;
pub mod state;
pub mod trainer;
mod view;

pub use view::App;
