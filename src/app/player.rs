//! Play / Pause / Step, for a classroom: the run is animated epoch by epoch. The playhead is
//! the page's cursor ([`Page::cursor`]): it moves over both charts, and the readout shows each
//! series' rate, objective and accuracy at the playhead's epoch. Keyboard, while focus is in
//! the app and not in a form control: Space plays / pauses, → steps, Home goes back to epoch
//! 0, "?" shows the shortcuts. A change of the schedule while playing starts again from
//! epoch 0 with the new schedule, and says so.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::page::Page;

/// Playback speeds, in epochs per second.
const SPEEDS: [f64; 4] = [2.0, 10.0, 30.0, 100.0];
/// The default speed (epochs per second).
const DEFAULT_SPEED: f64 = 10.0;

/// The player's state. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Player {
    page: Page,
    /// Whether it is playing.
    pub playing: RwSignal<bool>,
    /// Epochs per second.
    pub speed: RwSignal<f64>,
    /// The playhead in epochs (fractional while playing).
    epoch: StoredValue<f64>,
    /// `performance.now()` of the last animation frame while playing.
    last_frame: StoredValue<Option<f64>>,
    /// What the player says (a restart after a change, the shortcuts).
    pub message: RwSignal<Option<String>>,
}

impl Player {
    /// A paused player at epoch 0; restarts from epoch 0 when the schedule changes while it
    /// plays (what the charts show, `shown`: a page option such as the theme or classroom
    /// size leaves it equal, so it does not restart).
    pub fn new(page: Page) -> Self {
        let player = Player {
            page,
            playing: RwSignal::new(false),
            speed: RwSignal::new(DEFAULT_SPEED),
            epoch: StoredValue::new(0.0),
            last_frame: StoredValue::new(None),
            message: RwSignal::new(None),
        };
        Effect::new(move |previous: Option<()>| {
            page.state.shown.track();
            if previous.is_some() && player.playing.get_untracked() {
                player.epoch.set_value(0.0);
                player.show();
                player.message.set(Some(
                    "The schedule changed: playing again from epoch 0 with the new schedule."
                        .into(),
                ));
            }
        });
        player
    }

    /// The number of epochs of the run.
    fn epochs(self) -> usize {
        self.page.state.shown.with_untracked(|s| s.run.epochs)
    }

    /// Puts the cursor on the first rate of the playhead's epoch (only when that changes: a
    /// new cursor redraws both charts).
    fn show(self) {
        let epoch = self.epoch.get_value().floor() as usize;
        let t = self
            .page
            .state
            .shown
            .with_untracked(|s| s.run.first_rate_of_epoch(epoch));
        if self.page.cursor.get_untracked() != Some(t as f64) {
            self.page.cursor.set(Some(t as f64));
        }
    }

    /// Plays from the playhead (from epoch 0 when it is at the end).
    pub fn play(self) {
        let last = self.epochs().saturating_sub(1) as f64;
        if self.epoch.get_value() >= last {
            self.epoch.set_value(0.0);
        }
        self.message.set(None);
        self.playing.set(true);
        self.last_frame.set_value(None);
        self.show();
        self.next_frame();
    }

    /// Stops at the playhead.
    pub fn pause(self) {
        self.playing.set(false);
    }

    /// Play when paused, pause when playing.
    pub fn toggle(self) {
        if self.playing.get_untracked() {
            self.pause();
        } else {
            self.play();
        }
    }

    /// Pauses and advances exactly one epoch (in either unit: with `unit=step` the cursor
    /// moves by steps_per_epoch rates).
    pub fn step(self) {
        self.pause();
        let last = self.epochs().saturating_sub(1) as f64;
        let next = (self.epoch.get_value().floor() + 1.0).min(last);
        self.epoch.set_value(next);
        self.show();
    }

    /// Back to epoch 0 (paused).
    pub fn rewind(self) {
        self.pause();
        self.epoch.set_value(0.0);
        self.show();
    }

    fn next_frame(self) {
        request_animation_frame(move || self.frame());
    }

    fn frame(self) {
        // The page may have been unmounted since, or paused.
        if !self.playing.try_get_untracked().unwrap_or(false) {
            return;
        }
        let now = dom::now_ms();
        let dt = self
            .last_frame
            .get_value()
            .map_or(0.0, |t| (now - t).max(0.0) / 1000.0);
        self.last_frame.set_value(Some(now));
        let last = self.epochs().saturating_sub(1) as f64;
        let epoch = (self.epoch.get_value() + dt * self.speed.get_untracked()).min(last);
        self.epoch.set_value(epoch);
        self.show();
        if epoch >= last {
            self.playing.set(false);
            return;
        }
        self.next_frame();
    }

    /// The app's keyboard shortcuts (see the module docs). Ignores keys typed into a form
    /// control, keys another handler took, and modified keys.
    pub fn on_key(self, ev: &web_sys::KeyboardEvent) {
        if ev.default_prevented() || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let in_control = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| {
                matches!(
                    e.tag_name().to_ascii_lowercase().as_str(),
                    "input" | "select" | "textarea" | "button" | "option"
                )
            });
        if in_control {
            return;
        }
        match ev.key().as_str() {
            " " => self.toggle(),
            "ArrowRight" => self.step(),
            "Home" => self.rewind(),
            "?" => self.message.set(Some(SHORTCUTS.into())),
            _ => return,
        }
        ev.prevent_default();
    }
}

/// The shortcuts, as "?" lists them.
const SHORTCUTS: &str =
    "Keys (outside the form controls): Space play / pause, → one epoch, Home back to epoch 0, ? these keys.";

/// The player from context (provided by [`super::App`]).
pub fn use_player() -> Player {
    expect_context::<Player>()
}

/// The Play / Pause toggle, Step, the speed and what the player says.
#[component]
pub fn PlayerControls() -> impl IntoView {
    let player = use_player();
    let speeds = SPEEDS
        .into_iter()
        .map(|s| view! { <option value=s.to_string()>{format!("{s} epochs/s")}</option> })
        .collect_view();
    view! {
        <div class="player" role="group" aria-label="Player">
            <button type="button" data-testid="play" title="Animate the run epoch by epoch (Space)"
                on:click=move |_| player.toggle()>
                {move || if player.playing.get() { "Pause" } else { "Play" }}
            </button>
            <button type="button" data-testid="step" title="One epoch on (→)"
                on:click=move |_| player.step()>"Step"</button>
            <label>"Speed "
                <select aria-label="Speed" data-testid="speed"
                    prop:value=move || player.speed.get().to_string()
                    on:change=move |ev| {
                        if let Ok(s) = event_target_value(&ev).parse::<f64>() {
                            player.speed.set(s);
                        }
                    }>
                    {speeds}
                </select>
            </label>
            <span class="hint" data-testid="player-message" aria-live="polite">
                {move || player.message.get().unwrap_or_default()}
            </span>
        </div>
    }
}
