//! The page's controls as plain data: what the user typed, how it is checked, and how it maps
//! to and from the URL query (the permalink). Pure: no Leptos, no DOM, tested natively.
//!
//! Every control keeps its *text* ([`Inputs`]), so an invalid entry (an empty box, `1e309`,
//! `abc`, a hand-edited URL) is kept as typed, explained by [`InputError`], and never replaces
//! the last valid charts. [`Inputs::parse`] turns valid text into [`Controls`].

use std::fmt;

use crate::fmt::{round_sig, short as fmt_num};

/// Largest run the page computes and trains, in epochs (the issue asks for at least 2,000).
pub const MAX_EPOCHS: usize = 5000;
/// Largest number of warm restarts the page accepts.
pub const MAX_RESTARTS: u32 = 10;
/// Largest `T_mult` the page offers (PyTorch accepts any integer ≥ 1).
pub const MAX_T_MULT: u32 = 4;

/// One control of the page; its [`Control::key`] is its name in the URL query and in the
/// accessible name of its slider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Control {
    /// Peak learning rate `eta_max` (the optimizer's `lr`, PyTorch's `base_lr`).
    EtaMax,
    /// Floor `eta_min` (absolute, as in PyTorch).
    EtaMin,
    /// `T_max` (no restarts) or `T_0` (with restarts), in epochs.
    TMax,
    /// Number of warm restarts `k`; 0 means plain CosineAnnealingLR.
    Restarts,
    /// `T_mult`, the growth factor of the cycle length (integer 1–4).
    TMult,
    /// Run length in epochs; empty or `auto` means the default length.
    Epochs,
}

impl Control {
    /// All controls, in page order.
    pub const ALL: [Control; 6] = [
        Control::EtaMax,
        Control::EtaMin,
        Control::TMax,
        Control::Restarts,
        Control::TMult,
        Control::Epochs,
    ];

    /// The control's standard name: `eta_max`, `eta_min`, `T_max`, `restarts`, `T_mult`, `epochs`.
    pub fn key(self) -> &'static str {
        match self {
            Control::EtaMax => "eta_max",
            Control::EtaMin => "eta_min",
            Control::TMax => "T_max",
            Control::Restarts => "restarts",
            Control::TMult => "T_mult",
            Control::Epochs => "epochs",
        }
    }

    /// The control named `key` (see [`Control::key`]).
    pub fn from_key(key: &str) -> Option<Control> {
        Control::ALL.into_iter().find(|c| c.key() == key)
    }

    /// What the control means, shown under its name.
    pub fn hint(self) -> &'static str {
        match self {
            Control::EtaMax => "peak learning rate (the optimizer's lr)",
            Control::EtaMin => "floor of the cosine (absolute)",
            Control::TMax => "epochs from peak to floor (T_0 with restarts)",
            Control::Restarts => "0 = CosineAnnealingLR; k = k warm restarts",
            Control::TMult => "each cycle is T_mult times longer",
            Control::Epochs => "run length; 0 / auto = the schedule's own length",
        }
    }

    /// How the control's slider maps to its text: log scales for the rates, integers for
    /// the rest (the text box accepts more than the slider shows where the control allows).
    pub fn slider(self) -> SliderScale {
        match self {
            Control::EtaMax => SliderScale::Log(ETA_MAX_SCALE),
            Control::EtaMin => SliderScale::Log(ETA_MIN_SCALE),
            Control::TMax => SliderScale::Linear { min: 1, max: 500 },
            Control::Restarts => SliderScale::Linear { min: 0, max: 8 },
            Control::TMult => SliderScale::Linear {
                min: 1,
                max: MAX_T_MULT,
            },
            Control::Epochs => SliderScale::Linear {
                min: 0,
                max: MAX_EPOCHS as u32,
            },
        }
    }

    /// The default text of the control.
    pub fn default_text(self) -> &'static str {
        match self {
            // High enough that a constant rate keeps bouncing on this data set while the
            // annealed one settles: the point of the page, visible on first load.
            Control::EtaMax => "3",
            Control::EtaMin => "0.001",
            Control::TMax => "50",
            Control::Restarts => "0",
            Control::TMult => "2",
            Control::Epochs => "auto",
        }
    }
}

/// Panels a documentation author can hide with `hide=` (besides the controls).
pub const PANELS: [&str; 4] = ["formula", "loss", "notes", "code"];

/// A control whose text cannot be used, with a message that names it and says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The control at fault (the first one, when two disagree).
    pub control: Control,
    /// A specific, human message, e.g. "eta_min (0.2) is above eta_max (0.1)".
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The text of every control, exactly as typed or as read from the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    texts: [String; 6],
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs {
            texts: Control::ALL.map(|c| c.default_text().to_string()),
        }
    }
}

/// Page options that are not controls: what is hidden, embed mode, classroom mode.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PageOptions {
    /// Hidden controls and panels, by key (`eta_min`, `T_mult`, `formula`, ...); `hide=a,b`.
    pub hidden: Vec<String>,
    /// `embed=1`: no header or footer, for an iframe.
    pub embed: bool,
    /// `big=1`: classroom mode, larger type and thicker lines.
    pub big: bool,
}

impl PageOptions {
    /// Whether the control or panel `key` is hidden.
    pub fn is_hidden(&self, key: &str) -> bool {
        self.hidden.iter().any(|h| h == key)
    }
}

/// Valid controls, ready to build a schedule from.
#[derive(Clone, Debug, PartialEq)]
#[allow(non_snake_case)]
pub struct Controls {
    /// Peak learning rate, finite and > 0.
    pub eta_max: f64,
    /// Floor, finite, 0 ≤ eta_min ≤ eta_max.
    pub eta_min: f64,
    /// `T_max` (or `T_0` with restarts), epochs, 1 ≤ T_max ≤ [`MAX_EPOCHS`].
    pub T_max: u32,
    /// Number of restarts, 0 ≤ restarts ≤ [`MAX_RESTARTS`].
    pub restarts: u32,
    /// Cycle growth factor, 1 ≤ T_mult ≤ [`MAX_T_MULT`] (ignored when restarts = 0).
    pub T_mult: u32,
    /// Explicit run length in epochs (1 ≤ epochs ≤ [`MAX_EPOCHS`]), or `None` for the default.
    pub epochs: Option<u32>,
}

impl Controls {
    /// The default run length: `T_max + 1` without restarts (the last point is `eta_min`);
    /// `T_max · (1 + T_mult + … + T_mult^k)` with `k` restarts. Saturates on overflow.
    pub fn default_epochs(&self) -> u64 {
        if self.restarts == 0 {
            return u64::from(self.T_max) + 1;
        }
        let mut total: u64 = 0;
        let mut len = u64::from(self.T_max);
        for _ in 0..=self.restarts {
            total = total.saturating_add(len);
            len = len.saturating_mul(u64::from(self.T_mult));
        }
        total
    }

    /// The run length actually used: the explicit `epochs`, or [`Controls::default_epochs`].
    pub fn run_epochs(&self) -> u64 {
        self.epochs
            .map(u64::from)
            .unwrap_or_else(|| self.default_epochs())
    }
}

impl Inputs {
    /// The text of a control.
    pub fn get(&self, c: Control) -> &str {
        &self.texts[c as usize]
    }

    /// Replaces the text of a control.
    pub fn set(&mut self, c: Control, text: impl Into<String>) {
        self.texts[c as usize] = text.into();
    }

    /// Reads controls and page options from URL query pairs (already percent-decoded).
    /// Unknown keys are ignored; a control absent from the query keeps its default text;
    /// values are kept as given, so an invalid one is shown and explained, not dropped.
    pub fn from_query<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Inputs, PageOptions) {
        let mut inputs = Inputs::default();
        let mut options = PageOptions::default();
        for (k, v) in pairs {
            if let Some(c) = Control::from_key(k) {
                inputs.set(c, v.chars().take(64).collect::<String>());
            } else {
                match k {
                    "hide" => options.hidden.extend(
                        v.split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string),
                    ),
                    "embed" => options.embed = truthy(v),
                    "big" => options.big = truthy(v),
                    _ => {}
                }
            }
        }
        (inputs, options)
    }

    /// The query pairs of the permalink: every control (so a link reproduces the page exactly,
    /// whatever later defaults become), then the page options that are set.
    pub fn to_query(&self, options: &PageOptions) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = Control::ALL
            .iter()
            .map(|c| (c.key().to_string(), self.get(*c).to_string()))
            .collect();
        if !options.hidden.is_empty() {
            pairs.push(("hide".into(), options.hidden.join(",")));
        }
        if options.embed {
            pairs.push(("embed".into(), "1".into()));
        }
        if options.big {
            pairs.push(("big".into(), "1".into()));
        }
        pairs
    }

    /// The nearest usable inputs: every control an error names gets its default text; when
    /// that is still not usable (two controls disagree), all the defaults. Used for the
    /// charts of a page whose link carries a bad value (the boxes keep what the link says).
    pub fn repaired(&self) -> Inputs {
        match self.parse() {
            Ok(_) => self.clone(),
            Err(errors) => {
                let mut fixed = self.clone();
                for e in &errors {
                    fixed.set(e.control, e.control.default_text());
                }
                if fixed.parse().is_ok() {
                    fixed
                } else {
                    Inputs::default()
                }
            }
        }
    }

    /// Checks every control and returns valid [`Controls`], or every problem found (one per
    /// control, in page order), each naming the control and saying why.
    ///
    /// # Errors
    /// A list of [`InputError`]s: not a number, not finite (`1e309`), out of range, not a whole
    /// number where one is needed, `eta_min` above `eta_max`, a run longer than [`MAX_EPOCHS`].
    pub fn parse(&self) -> Result<Controls, Vec<InputError>> {
        let mut errors = Vec::new();
        let mut err =
            |control: Control, message: String| errors.push(InputError { control, message });

        let eta_max = match parse_real(Control::EtaMax, self.get(Control::EtaMax)) {
            Ok(v) if v > 0.0 => Some(v),
            Ok(v) => {
                err(
                    Control::EtaMax,
                    format!("eta_max must be above 0 (got {})", fmt_num(v)),
                );
                None
            }
            Err(e) => {
                err(Control::EtaMax, e);
                None
            }
        };
        let eta_min = match parse_real(Control::EtaMin, self.get(Control::EtaMin)) {
            Ok(v) if v >= 0.0 => Some(v),
            Ok(v) => {
                err(
                    Control::EtaMin,
                    format!("eta_min must be 0 or above (got {})", fmt_num(v)),
                );
                None
            }
            Err(e) => {
                err(Control::EtaMin, e);
                None
            }
        };
        if let (Some(max), Some(min)) = (eta_max, eta_min) {
            if min > max {
                err(
                    Control::EtaMin,
                    format!(
                        "eta_min ({}) is above eta_max ({}): the floor must not exceed the peak",
                        fmt_num(min),
                        fmt_num(max)
                    ),
                );
            }
        }
        let t_max = parse_whole(Control::TMax, self.get(Control::TMax), 1, MAX_EPOCHS as u64);
        let restarts = parse_whole(
            Control::Restarts,
            self.get(Control::Restarts),
            0,
            u64::from(MAX_RESTARTS),
        );
        let t_mult = parse_whole(
            Control::TMult,
            self.get(Control::TMult),
            1,
            u64::from(MAX_T_MULT),
        );
        let epochs_text = self.get(Control::Epochs).trim();
        let epochs = if epochs_text.is_empty()
            || epochs_text.eq_ignore_ascii_case("auto")
            || epochs_text.parse::<f64>() == Ok(0.0)
        {
            Ok(None)
        } else {
            parse_whole(Control::Epochs, epochs_text, 1, MAX_EPOCHS as u64).map(Some)
        };
        let mut ints = |r: Result<u64, String>, c: Control| match r {
            Ok(v) => Some(v),
            Err(e) => {
                err(c, e);
                None
            }
        };
        let t_max = ints(t_max, Control::TMax);
        let restarts = ints(restarts, Control::Restarts);
        let t_mult = ints(t_mult, Control::TMult);
        let epochs = match epochs {
            Ok(e) => Some(e),
            Err(e) => {
                err(Control::Epochs, e);
                None
            }
        };
        match (eta_max, eta_min, t_max, restarts, t_mult, epochs) {
            (Some(eta_max), Some(eta_min), Some(t), Some(k), Some(m), Some(epochs))
                if errors.is_empty() =>
            {
                // All values are within u32 by the ranges checked above.
                let controls = Controls {
                    eta_max,
                    eta_min,
                    T_max: t as u32,
                    restarts: k as u32,
                    T_mult: m as u32,
                    epochs: epochs.map(|e| e as u32),
                };
                let run = controls.run_epochs();
                if run > MAX_EPOCHS as u64 {
                    let which = if controls.restarts > 0 {
                        Control::Restarts
                    } else {
                        Control::TMax
                    };
                    errors.push(InputError {
                        control: which,
                        message: format!(
                            "T_max = {t}, T_mult = {m} and {k} restarts make a run of {run} epochs; \
                             the page computes at most {MAX_EPOCHS}: lower T_max, T_mult or restarts, or set epochs"
                        ),
                    });
                    return Err(errors);
                }
                Ok(controls)
            }
            _ => Err(errors),
        }
    }
}

fn truthy(v: &str) -> bool {
    matches!(v.trim(), "1" | "true" | "yes" | "on" | "")
}

/// The text as typed, cut to 24 characters for messages.
fn clip(text: &str) -> String {
    if text.chars().count() <= 24 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(24).collect::<String>())
    }
}

/// Parses a real number (as Rust's `f64` parser does, after trimming), rejecting non-finite.
fn parse_real(c: Control, text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("{} is empty: enter a number", c.key()));
    }
    let shown = clip(t);
    match t.parse::<f64>() {
        // `+ 0.0` turns -0 into 0, so the formula never shows "-0".
        Ok(v) if v.is_finite() => Ok(v + 0.0),
        Ok(_) => Err(format!("{} = {shown} is not a finite number", c.key())),
        Err(_) => Err(format!("{} = \"{shown}\" is not a number", c.key())),
    }
}

/// Parses a whole number within `lo..=hi`; accepts `50` and `5e1`, rejects `2.5`.
fn parse_whole(c: Control, text: &str, lo: u64, hi: u64) -> Result<u64, String> {
    let v = parse_real(c, text)?;
    let shown = clip(text.trim());
    if v.fract() != 0.0 {
        return Err(format!("{} must be a whole number (got {shown})", c.key()));
    }
    if v < lo as f64 || v > hi as f64 {
        return Err(format!(
            "{} must be between {lo} and {hi} (got {shown})",
            c.key()
        ));
    }
    Ok(v as u64)
}

/// A logarithmic slider: integer positions `0..=STEPS` map to `10^lo ..= 10^hi`; with
/// `zero_at_start`, position 0 means exactly 0 (for `eta_min`) and positions `1..=STEPS`
/// cover the log range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogScale {
    /// log10 of the smallest non-zero value.
    pub lo: f64,
    /// log10 of the largest value.
    pub hi: f64,
    /// Whether position 0 stands for the value 0.
    pub zero_at_start: bool,
}

impl LogScale {
    /// Number of slider positions minus one.
    pub const STEPS: u32 = 1000;

    /// The value at a slider position, rounded to 3 significant digits so the text box shows
    /// `0.0583`, not `0.05834451042` (3 digits keep every position's value distinct, so arrow
    /// keys always move it). Positions outside the range are clamped.
    pub fn value(&self, pos: u32) -> f64 {
        let pos = pos.min(Self::STEPS);
        if self.zero_at_start && pos == 0 {
            return 0.0;
        }
        let (first, span) = if self.zero_at_start {
            (1.0, f64::from(Self::STEPS - 1))
        } else {
            (0.0, f64::from(Self::STEPS))
        };
        let frac = (f64::from(pos) - first) / span;
        round_sig(10f64.powf(self.lo + frac * (self.hi - self.lo)), 3)
    }

    /// The slider position closest to `value` (clamped to the range; 0 for values ≤ 0 when
    /// `zero_at_start`, else the first position).
    pub fn position(&self, value: f64) -> u32 {
        if value.is_nan() || value <= 0.0 || !value.is_finite() {
            return if value.is_infinite() && value > 0.0 {
                Self::STEPS
            } else {
                0
            };
        }
        let (first, span) = if self.zero_at_start {
            (1.0, f64::from(Self::STEPS - 1))
        } else {
            (0.0, f64::from(Self::STEPS))
        };
        let frac = ((value.log10() - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        (first + frac * span).round() as u32
    }
}

/// How a slider's integer positions map to a control's text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SliderScale {
    /// Positions `0..=LogScale::STEPS` on a logarithmic scale.
    Log(LogScale),
    /// Whole numbers `min..=max`, one per position.
    Linear {
        /// Leftmost position.
        min: u32,
        /// Rightmost position.
        max: u32,
    },
}

impl SliderScale {
    /// The slider's `min` and `max` attributes.
    pub fn range(self) -> (u32, u32) {
        match self {
            SliderScale::Log(_) => (0, LogScale::STEPS),
            SliderScale::Linear { min, max } => (min, max),
        }
    }

    /// Where the thumb sits for `text` (clamped to the range; text that is not a number puts
    /// it at the left end, e.g. `auto` epochs).
    pub fn position(self, text: &str) -> u32 {
        let value = text.trim().parse::<f64>().ok().filter(|v| !v.is_nan());
        match self {
            SliderScale::Log(scale) => value.map(|v| scale.position(v)).unwrap_or(0),
            SliderScale::Linear { min, max } => {
                let v = value.unwrap_or(f64::from(min));
                v.round().clamp(f64::from(min), f64::from(max)) as u32
            }
        }
    }

    /// The text a thumb at `pos` writes into the control's box (`auto` for epochs at 0).
    pub fn text_at(self, control: Control, pos: u32) -> String {
        match self {
            SliderScale::Log(scale) => fmt_num(scale.value(pos)),
            SliderScale::Linear { .. } if control == Control::Epochs && pos == 0 => "auto".into(),
            SliderScale::Linear { min, max } => pos.clamp(min, max).to_string(),
        }
    }
}

/// The slider scale of `eta_max`: 1e-4 … 1e3 (high enough to make training diverge).
pub const ETA_MAX_SCALE: LogScale = LogScale {
    lo: -4.0,
    hi: 3.0,
    zero_at_start: false,
};
/// The slider scale of `eta_min`: 0, then 1e-6 … 10.
pub const ETA_MIN_SCALE: LogScale = LogScale {
    lo: -6.0,
    hi: 1.0,
    zero_at_start: true,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(pairs: &[(Control, &str)]) -> Inputs {
        let mut i = Inputs::default();
        for (c, t) in pairs {
            i.set(*c, *t);
        }
        i
    }

    #[test]
    fn defaults_parse() {
        let c = Inputs::default().parse().unwrap();
        assert_eq!(
            (c.eta_max, c.eta_min, c.T_max, c.restarts, c.T_mult, c.epochs),
            (3.0, 0.001, 50, 0, 2, None)
        );
        assert_eq!(c.run_epochs(), 51);
    }

    #[test]
    fn default_run_length_with_restarts() {
        let c = inputs(&[(Control::Restarts, "2"), (Control::TMax, "10")])
            .parse()
            .unwrap();
        assert_eq!(c.run_epochs(), 10 + 20 + 40);
        let c = inputs(&[(Control::Restarts, "3"), (Control::TMult, "1")])
            .parse()
            .unwrap();
        assert_eq!(c.run_epochs(), 200);
    }

    #[test]
    fn eta_min_above_eta_max_names_both() {
        let e = inputs(&[(Control::EtaMin, "5")]).parse().unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].control, Control::EtaMin);
        assert!(
            e[0].message.contains("eta_min (5) is above eta_max (3)"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn odd_text_is_explained() {
        for (c, text, want) in [
            (Control::EtaMax, "", "eta_max is empty"),
            (Control::EtaMax, "1e309", "not a finite number"),
            (Control::EtaMax, "abc", "is not a number"),
            (Control::EtaMax, "0", "must be above 0"),
            (Control::EtaMin, "-1", "0 or above"),
            (Control::TMax, "2.5", "whole number"),
            (Control::TMax, "0", "between 1 and"),
            (Control::TMult, "9", "between 1 and 4"),
            (Control::Epochs, "100000", "between 1 and 5000"),
            (Control::Restarts, "NaN", "not a finite number"),
        ] {
            let errs = inputs(&[(c, text)]).parse().unwrap_err();
            assert!(
                errs.iter()
                    .any(|e| e.control == c && e.message.contains(want)),
                "{text}: {errs:?}"
            );
        }
    }

    #[test]
    fn too_long_a_run_is_refused_with_its_length() {
        let errs = inputs(&[
            (Control::TMax, "500"),
            (Control::Restarts, "5"),
            (Control::TMult, "4"),
        ])
        .parse()
        .unwrap_err();
        assert_eq!(errs[0].control, Control::Restarts);
        assert!(
            errs[0].message.contains("682500 epochs"),
            "{}",
            errs[0].message
        );
        // An explicit epochs count makes it fine.
        let c = inputs(&[
            (Control::TMax, "500"),
            (Control::Restarts, "5"),
            (Control::TMult, "4"),
            (Control::Epochs, "2000"),
        ])
        .parse()
        .unwrap();
        assert_eq!(c.run_epochs(), 2000);
    }

    #[test]
    fn query_round_trips_and_keeps_bad_text() {
        let (i, o) = Inputs::from_query([
            ("eta_max", "0.3"),
            ("T_max", "abc"),
            ("hide", "T_mult,code"),
            ("embed", "1"),
            ("x", "y"),
        ]);
        assert_eq!(i.get(Control::EtaMax), "0.3");
        assert_eq!(i.get(Control::TMax), "abc");
        assert!(o.embed && !o.big && o.is_hidden("T_mult") && o.is_hidden("code"));
        let q = i.to_query(&o);
        let (i2, o2) = Inputs::from_query(q.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!((i2, o2), (i, o));
    }

    #[test]
    fn epochs_zero_means_auto_and_minus_zero_is_zero() {
        let c = inputs(&[(Control::Epochs, "0"), (Control::EtaMin, "-0")])
            .parse()
            .unwrap();
        assert_eq!(c.epochs, None);
        assert!(c.eta_min.is_sign_positive());
    }

    #[test]
    fn messages_never_print_hundreds_of_digits() {
        let errs = inputs(&[(Control::EtaMax, "1e-320"), (Control::EtaMin, "0.5")])
            .parse()
            .unwrap_err();
        assert!(
            errs[0]
                .message
                .contains("eta_min (0.5) is above eta_max (1e-320)"),
            "{errs:?}"
        );
        let errs = inputs(&[(Control::TMax, "99999999999999999999999")])
            .parse()
            .unwrap_err();
        assert!(
            errs[0].message.contains("(got 99999999999999999999999)"),
            "{errs:?}"
        );
        assert_eq!(fmt_num(1e-320), "1e-320");
        assert_eq!(fmt_num(0.001), "0.001");
        assert_eq!(fmt_num(1e23), "1e23");
        assert_eq!(fmt_num(0.0024471741852423235), "0.0024471741852423235");
    }

    #[test]
    fn sliders_map_text_to_positions_and_back() {
        let epochs = Control::Epochs.slider();
        assert_eq!(epochs.position("auto"), 0);
        assert_eq!(epochs.text_at(Control::Epochs, 0), "auto");
        assert_eq!(epochs.position("99999"), MAX_EPOCHS as u32);
        let t_max = Control::TMax.slider();
        assert_eq!(t_max.position("abc"), 1);
        assert_eq!(t_max.position("20"), 20);
        assert_eq!(t_max.text_at(Control::TMax, 20), "20");
        let eta_max = Control::EtaMax.slider();
        assert_eq!(eta_max.range(), (0, LogScale::STEPS));
        for c in Control::ALL {
            let s = c.slider();
            let (lo, hi) = s.range();
            for pos in lo..=hi {
                // Every position writes a text of its own that puts the thumb back on that
                // very position: arrow keys always move the value (QA: with 2 significant
                // digits, neighbouring positions shared a value and the thumb snapped back).
                let text = s.text_at(c, pos);
                assert_eq!(s.position(&text), pos, "{c:?} at {pos}: {text}");
                if pos > lo {
                    assert_ne!(s.text_at(c, pos - 1), text, "{c:?} at {pos}");
                }
            }
        }
    }

    #[test]
    fn repaired_keeps_the_usable_values_of_a_bad_link() {
        // QA: ?eta_max=0.4&eta_min=0.9&T_max=200 showed the default charts (eta_max 3, T_max 50).
        let (i, _) = Inputs::from_query([("eta_max", "0.4"), ("eta_min", "0.9"), ("T_max", "200")]);
        let c = i.repaired().parse().unwrap();
        assert_eq!((c.eta_max, c.eta_min, c.T_max), (0.4, 0.001, 200));
        // Unfixable one by one: eta_max below the default eta_min → all defaults.
        let (i, _) = Inputs::from_query([("eta_max", "0.0005"), ("eta_min", "abc")]);
        assert_eq!(i.repaired(), Inputs::default());
        assert_eq!(Inputs::default().repaired(), Inputs::default());
    }

    #[test]
    fn log_scale_maps_both_ways() {
        assert_eq!(ETA_MAX_SCALE.value(0), 1e-4);
        assert_eq!(ETA_MAX_SCALE.value(LogScale::STEPS), 1000.0);
        assert_eq!(ETA_MIN_SCALE.value(0), 0.0);
        assert_eq!(ETA_MIN_SCALE.value(1), 1e-6);
        // A typed value puts the thumb on the nearest position (one step is 7/1000 of a
        // decade, 1.6 %, and values have 3 digits); the text keeps what was typed.
        for v in [1e-4, 0.001, 0.1, 3.0, 1000.0] {
            let back = ETA_MAX_SCALE.value(ETA_MAX_SCALE.position(v));
            assert!((back / v - 1.0).abs() < 0.02, "{v} -> {back}");
        }
        assert_eq!(ETA_MIN_SCALE.position(0.0), 0);
        assert_eq!(ETA_MAX_SCALE.position(1e9), LogScale::STEPS);
        assert_eq!(ETA_MAX_SCALE.position(f64::NAN), 0);
        // Values print short.
        assert!(ETA_MAX_SCALE.value(500).to_string().len() <= 6);
    }
}
