//! The cosine view (v1's page): the sliders `eta_max`, `eta_min`, `T_max`, `restarts`,
//! `T_mult` drive one PyTorch cosine series — `CosineAnnealingLR` with `restarts = 0`,
//! `CosineAnnealingWarmRestarts` with `T_0 = T_max` otherwise, `eta_max` its `base_lr` — and
//! the constant-rate baseline (`optax.constant_schedule` at `eta_max`). Every v1 link
//! (`?eta_max=…&eta_min=…&T_max=…&restarts=…&T_mult=…&epochs=…`) opens this view.
//!
//! The view only *names* the specs; their values are checked by the libraries' readers
//! ([`crate::spec::ScheduleSpec::evaluate`]), like any other series. `restarts` is the one
//! control of the page's own: a whole number 0 … [`MAX_RESTARTS`].
//!
//! [`picture`] adds what the page explains about any PyTorch cosine series (in either view):
//! restart epochs, the honest notes (PITFALLS.md A2, B3; SEMANTICS.md §1.2 float-log
//! restarts), the formula with its numbers, and the exact values at the steps that matter.

use serde_json::Value;

use super::draft::{KwargDraft, SpecDraft};
use super::SeriesDraft;
use crate::fmt::{lr as fmt_lr, short};
use crate::schedule::torch::CosineAnnealingWarmRestarts;
use crate::spec::ScheduleSpec;

/// PyTorch's `CosineAnnealingLR` API path.
pub const CAL: &str = "torch.optim.lr_scheduler.CosineAnnealingLR";
/// PyTorch's `CosineAnnealingWarmRestarts` API path.
pub const CAWR: &str = "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts";
/// The baseline's API path: a constant rate.
pub const CONSTANT: &str = "optax.constant_schedule";
/// Largest number of warm restarts the view accepts.
pub const MAX_RESTARTS: u32 = 10;

/// The five v1 controls of the view (the sixth, `epochs`, belongs to the run), in page order.
pub const KEYS: [&str; 5] = ["eta_max", "eta_min", "T_max", "restarts", "T_mult"];

/// The text of the five cosine controls, exactly as typed or as read from the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(non_snake_case)]
pub struct CosineInputs {
    /// Peak learning rate: the optimizer's `lr` (`base_lr`) and the baseline's value.
    pub eta_max: String,
    /// The floor `eta_min` (absolute).
    pub eta_min: String,
    /// `T_max`, or `T_0` with restarts (epochs).
    pub T_max: String,
    /// 0 = CosineAnnealingLR; k = CosineAnnealingWarmRestarts through k restarts.
    pub restarts: String,
    /// The cycle growth factor (with restarts).
    pub T_mult: String,
}

impl Default for CosineInputs {
    /// v1's defaults: eta_max 3 (high enough that a constant rate keeps bouncing on this data
    /// set while the annealed one settles — the point of the page, visible on first load),
    /// eta_min 0.001, T_max 50, no restarts, T_mult 2.
    fn default() -> Self {
        CosineInputs {
            eta_max: "3".into(),
            eta_min: "0.001".into(),
            T_max: "50".into(),
            restarts: "0".into(),
            T_mult: "2".into(),
        }
    }
}

/// What a cosine control means, shown under its name.
pub fn hint(key: &str) -> &'static str {
    match key {
        "eta_max" => "peak learning rate (the optimizer's lr)",
        "eta_min" => "floor of the cosine (absolute)",
        "T_max" => "epochs from peak to floor (T_0 with restarts)",
        "restarts" => "0 = CosineAnnealingLR; k = k warm restarts",
        "T_mult" => "each cycle is T_mult times longer",
        _ => "",
    }
}

impl CosineInputs {
    /// The text of the control `key` (one of [`KEYS`]); empty for another key.
    pub fn get(&self, key: &str) -> &str {
        match key {
            "eta_max" => &self.eta_max,
            "eta_min" => &self.eta_min,
            "T_max" => &self.T_max,
            "restarts" => &self.restarts,
            "T_mult" => &self.T_mult,
            _ => "",
        }
    }

    /// Sets the text of the control `key`; returns false for an unknown key.
    pub fn set(&mut self, key: &str, text: impl Into<String>) -> bool {
        let slot = match key {
            "eta_max" => &mut self.eta_max,
            "eta_min" => &mut self.eta_min,
            "T_max" => &mut self.T_max,
            "restarts" => &mut self.restarts,
            "T_mult" => &mut self.T_mult,
            _ => return false,
        };
        *slot = text.into();
        true
    }

    /// The number of restarts.
    ///
    /// # Errors
    /// A message naming `restarts` when it is not a whole number in 0 … [`MAX_RESTARTS`].
    pub fn restarts(&self) -> Result<u32, String> {
        let t = self.restarts.trim();
        let shown = super::draft::clip(t);
        match t.parse::<f64>() {
            Ok(v) if v.fract() == 0.0 && (0.0..=f64::from(MAX_RESTARTS)).contains(&v) => {
                Ok(v as u32)
            }
            Ok(v) if v.is_finite() && v.fract() == 0.0 => Err(format!(
                "restarts must be between 0 and {MAX_RESTARTS} (got {shown})"
            )),
            Ok(v) if v.is_finite() => Err(format!("restarts must be a whole number (got {shown})")),
            _ if t.is_empty() => Err("restarts is empty: enter a number".into()),
            _ => Err(format!("restarts = {shown} is not a number")),
        }
    }

    /// The cosine series and the baseline this view shows. With unusable `restarts` the
    /// cosine series is a CosineAnnealingLR (the error is reported by [`CosineInputs::restarts`]).
    pub fn series(&self) -> [SeriesDraft; 2] {
        let restarts = self.restarts().unwrap_or(0);
        let mut cosine = SpecDraft {
            scheduler: if restarts == 0 { CAL } else { CAWR }.to_string(),
            lr: self.eta_max.clone(),
            ..SpecDraft::default()
        };
        if restarts == 0 {
            cosine.set("T_max", KwargDraft::Text(self.T_max.clone()));
        } else {
            cosine.set("T_0", KwargDraft::Text(self.T_max.clone()));
            cosine.set("T_mult", KwargDraft::Text(self.T_mult.clone()));
        }
        cosine.set("eta_min", KwargDraft::Text(self.eta_min.clone()));
        let mut baseline = SpecDraft {
            scheduler: CONSTANT.to_string(),
            ..SpecDraft::default()
        };
        baseline.set("value", KwargDraft::Text(self.eta_max.clone()));
        [SeriesDraft::new(cosine), SeriesDraft::new(baseline)]
    }

    /// The v1 control behind a control path of series `index` (0 = the cosine series,
    /// 1 = the baseline), so a reader's error lands on the slider the user moved.
    pub fn control_of(index: usize, path: &str) -> &'static str {
        match (index, path) {
            (_, "lr" | "base_lr" | "value") => "eta_max",
            (0, "T_max" | "T_0") => "T_max",
            (0, "T_mult") => "T_mult",
            (0, "eta_min") => "eta_min",
            _ => "eta_max",
        }
    }

    /// The view's natural run length in epochs: `T_max + 1` without restarts (the last point
    /// is `eta_min`); `T_max · (1 + T_mult + … + T_mult^k)` with `k` restarts (saturating).
    /// `None` while `T_max`, `T_mult` or `restarts` is unusable.
    pub fn natural_epochs(&self) -> Option<u64> {
        let whole = |t: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.fract() == 0.0 && *v >= 1.0 && *v < 1e15)
                .map(|v| v as u64)
        };
        let t_max = whole(&self.T_max)?;
        let restarts = self.restarts().ok()?;
        if restarts == 0 {
            return Some(t_max + 1);
        }
        let t_mult = whole(&self.T_mult)?;
        let mut total: u64 = 0;
        let mut len = t_max;
        for _ in 0..=restarts {
            total = total.saturating_add(len);
            len = len.saturating_mul(t_mult);
        }
        Some(total)
    }
}

/// Why a note is shown (so tests and styles can tell them apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// CosineAnnealingLR run longer than `T_max + 1` epochs: PyTorch's rate climbs back up
    /// (PITFALLS.md B3).
    BeyondTmax,
    /// Warm restarts with integer epochs never reach `eta_min` (PITFALLS.md A2).
    TroughAboveEtaMin,
    /// A restart epoch where PyTorch's `step(epoch)` (explicit, e.g. per batch) finds the
    /// wrong cycle with `int(math.log(..))` (SEMANTICS.md §1.2); `step()` is not affected.
    FloatLogRestart,
    /// `eta_min` above the peak: PyTorch accepts it and anneals upwards.
    FloorAbovePeak,
}

/// An honest note about a series' setting.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// Which note.
    pub kind: NoteKind,
    /// The text, with the real numbers.
    pub text: String,
}

/// What the page explains about one PyTorch cosine series.
#[derive(Clone, Debug, PartialEq)]
pub struct CosinePicture {
    /// Steps at which a warm restart begins a new cycle (empty without restarts).
    pub restarts: Vec<usize>,
    /// `T_max` without restarts (the chart shades the steps beyond it).
    pub t_max: Option<usize>,
    /// The peak (`base_lr`) and the floor (`eta_min`), the chart's reference lines.
    pub eta_max: f64,
    /// The floor.
    pub eta_min: f64,
    /// The lowest point of the first warm-restart cycle `(step, rate)` (above `eta_min`).
    pub trough: Option<(usize, f64)>,
    /// The notes that apply.
    pub notes: Vec<Note>,
    /// The formula in symbols.
    pub formula: String,
    /// The formula with the current numbers substituted.
    pub formula_values: String,
    /// A few exact values: (step, learning rate, what that step is).
    pub key_values: Vec<(usize, f64, &'static str)>,
}

/// The picture of a CosineAnnealingLR / CosineAnnealingWarmRestarts spec and its rates
/// (`lr[t]`, t = 0..N-1 in its own steps); `None` for any other scheduler or a spec whose
/// kwargs do not read (the reader reports those).
pub fn picture(spec: &ScheduleSpec, lr: &[f64]) -> Option<CosinePicture> {
    let int = |k: &str| spec.params.get(k).and_then(Value::as_i64);
    let eta_min = match spec.params.get("eta_min") {
        None | Some(Value::Null) => 0.0,
        Some(v) => v.as_f64()?,
    };
    let eta_max = spec.base_lr?;
    let n = lr.len();
    if n == 0 || spec.epochs.is_some() {
        return None;
    }
    let mut notes = Vec::new();
    if eta_min > eta_max {
        notes.push(Note {
            kind: NoteKind::FloorAbovePeak,
            text: format!(
                "eta_min ({}) is above the peak ({}): PyTorch accepts it and anneals upwards, from the optimizer's lr \
                 to eta_min.",
                short(eta_min),
                short(eta_max)
            ),
        });
    }
    match spec.scheduler.as_str() {
        CAL => {
            let t_max = usize::try_from(int("T_max")?).ok().filter(|t| *t >= 1)?;
            if n > t_max + 1 {
                let last = lr.last().copied().unwrap_or(eta_min);
                notes.push(Note {
                    kind: NoteKind::BeyondTmax,
                    text: format!(
                        "The run ({n} steps) is longer than T_max + 1 = {}: PyTorch's CosineAnnealingLR does not stop \
                         at eta_min but climbs back up (period 2·T_max = {}); at step {} it is {}. optax's \
                         cosine_decay_schedule and Keras' CosineDecay would hold eta_min = {} instead.",
                        t_max + 1,
                        2 * t_max,
                        n - 1,
                        fmt_lr(last),
                        fmt_lr(eta_min)
                    ),
                });
            }
            let mut key_points = vec![
                (0, "start (eta_max)"),
                (t_max / 2, "T_max / 2"),
                (t_max, "T_max (eta_min)"),
                (n - 1, "last step"),
            ];
            crate::sort::sort_by_key(&mut key_points, |p| p.0);
            key_points.dedup_by_key(|p| p.0);
            Some(CosinePicture {
                restarts: Vec::new(),
                t_max: Some(t_max),
                eta_max,
                eta_min,
                trough: None,
                notes,
                formula: "η_t = η_min + ½ (η_max − η_min) (1 + cos(π · t / T_max))".into(),
                formula_values: format!(
                    "η_t = {} + ½ ({} − {}) (1 + cos(π · t / {t_max}))",
                    fmt_lr(eta_min),
                    fmt_lr(eta_max),
                    fmt_lr(eta_min),
                ),
                key_values: values_at(lr, &key_points),
            })
        }
        CAWR => {
            let t_0 = int("T_0")?;
            let t_mult = match spec.params.get("T_mult") {
                None | Some(Value::Null) => 1,
                Some(v) => v.as_i64()?,
            };
            let s = CosineAnnealingWarmRestarts::new(eta_max, t_0, t_mult, eta_min).ok()?;
            let restarts: Vec<usize> = (1..n as u64)
                .filter(|&t| s.cycle(t).0 != s.cycle(t - 1).0)
                .map(|t| t as usize)
                .collect();
            // With integer stepping T_cur runs 0..T_i-1, so cycle 0 bottoms out at T_0 - 1.
            let first_trough = (t_0 as usize).saturating_sub(1);
            let lowest = lr
                .iter()
                .enumerate()
                .fold(None, |best: Option<(usize, f64)>, (t, &v)| match best {
                    Some((_, b)) if b <= v => best,
                    _ => Some((t, v)),
                });
            let trough = lr.get(first_trough).map(|&v| (first_trough, v));
            if let (Some((_, tv)), Some((at, low))) = (trough, lowest) {
                notes.push(Note {
                    kind: NoteKind::TroughAboveEtaMin,
                    text: format!(
                        "With integer steps a warm-restart cycle never reaches eta_min: T_cur runs 0…T_i−1 and the \
                         restart comes before T_cur = T_i. The lowest rate in this run is {} at step {at}, {} above \
                         eta_min = {}; the first cycle bottoms out at {} (step {first_trough}).",
                        fmt_lr(low),
                        fmt_lr(low - eta_min),
                        fmt_lr(eta_min),
                        fmt_lr(tv),
                    ),
                });
            }
            let misses: Vec<(usize, f64)> = restarts
                .iter()
                .map(|&r| (r, s.library_lr_at_epoch(r as f64)))
                .filter(|&(r, library)| library != s.lr_at_epoch(r as f64))
                .collect();
            if let Some(&(epoch, library)) = misses.first() {
                let more = match misses.len() {
                    1 => String::new(),
                    k => format!(" (and at {} more restart epochs of this run)", k - 1),
                };
                notes.push(Note {
                    kind: NoteKind::FloatLogRestart,
                    text: format!(
                        "If you step per batch with explicit epochs, scheduler.step(epoch + i / iters) (PyTorch's \
                         documented usage), PyTorch finds the cycle with int(math.log(...)), which rounds down at \
                         epoch {epoch}: it gives {} there instead of restarting at eta_max = {}{more}. \
                         scheduler.step() without an argument, as charted here, is not affected.",
                        fmt_lr(library),
                        fmt_lr(eta_max)
                    ),
                });
            }
            let mut key_points = vec![
                (0, "start (eta_max)"),
                (first_trough, "end of cycle 0 (trough)"),
            ];
            key_points.extend(restarts.iter().take(3).map(|&r| (r, "restart")));
            key_points.push((n - 1, "last step"));
            crate::sort::sort_by_key(&mut key_points, |p| p.0);
            key_points.dedup_by_key(|p| p.0);
            Some(CosinePicture {
                restarts,
                t_max: None,
                eta_max,
                eta_min,
                trough,
                notes,
                formula: "η_t = η_min + ½ (η_max − η_min) (1 + cos(π · T_cur / T_i)),  T_i = T_0 · T_mult^i"
                    .into(),
                formula_values: format!(
                    "η_t = {} + ½ ({} − {}) (1 + cos(π · T_cur / T_i)),  T_i = {t_0} · {t_mult}^i",
                    fmt_lr(eta_min),
                    fmt_lr(eta_max),
                    fmt_lr(eta_min),
                ),
                key_values: values_at(lr, &key_points),
            })
        }
        _ => None,
    }
}

fn values_at(lr: &[f64], points: &[(usize, &'static str)]) -> Vec<(usize, f64, &'static str)> {
    points
        .iter()
        .filter_map(|&(t, what)| lr.get(t).map(|&v| (t, v, what)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates(spec: &ScheduleSpec, n: usize) -> Vec<f64> {
        spec.evaluate(Some(n)).unwrap().lr
    }

    fn inputs(pairs: &[(&str, &str)]) -> CosineInputs {
        let mut i = CosineInputs::default();
        for (k, v) in pairs {
            assert!(i.set(k, *v));
        }
        i
    }

    #[test]
    fn default_view_is_cosine_annealing_with_a_constant_baseline() {
        let i = CosineInputs::default();
        let [cosine, baseline] = i.series();
        let spec = cosine.spec.to_spec().unwrap();
        assert_eq!(spec.scheduler, CAL);
        assert_eq!(spec.base_lr, Some(3.0));
        assert_eq!(i.natural_epochs(), Some(51));
        let lr = rates(&spec, 51);
        assert_eq!(lr[0], 3.0);
        assert!((lr[50] - 0.001).abs() < 1e-15);
        let b = baseline.spec.to_spec().unwrap();
        assert_eq!(b.scheduler, CONSTANT);
        assert_eq!(rates(&b, 3), vec![3.0; 3]);
        let p = picture(&spec, &lr).unwrap();
        assert!(p.notes.is_empty() && p.restarts.is_empty());
        assert!(p.formula_values.contains("cos(π · t / 50)"));
    }

    #[test]
    fn restarts_pick_warm_restarts_with_t0_equal_t_max() {
        let i = inputs(&[("T_max", "10"), ("restarts", "2")]);
        assert_eq!(i.natural_epochs(), Some(10 + 20 + 40));
        let spec = i.series()[0].spec.to_spec().unwrap();
        assert_eq!(spec.scheduler, CAWR);
        let lr = rates(&spec, 70);
        let p = picture(&spec, &lr).unwrap();
        assert_eq!(p.restarts, vec![10, 30]);
        assert_eq!(lr[30], 3.0);
        assert_eq!(p.notes[0].kind, NoteKind::TroughAboveEtaMin);
    }

    #[test]
    fn a_longer_run_warns_that_pytorch_rises_again() {
        // PITFALLS.md B3: CosineAnnealingLR(T_max=10), 15 steps: rising after step 10.
        let spec = inputs(&[("T_max", "10"), ("eta_min", "0")]).series()[0]
            .spec
            .to_spec()
            .unwrap();
        let lr = rates(&spec, 15);
        let p = picture(&spec, &lr).unwrap();
        assert_eq!(p.notes[0].kind, NoteKind::BeyondTmax);
        assert!(lr[14] > lr[10]);
    }

    #[test]
    fn the_real_trough_is_reported() {
        // PITFALLS.md A2: T_0 = 10, T_mult = 1, eta_min 3.2e-6, base 0.1: trough 0.002450 at step 9.
        let i = inputs(&[
            ("T_max", "10"),
            ("T_mult", "1"),
            ("restarts", "1"),
            ("eta_max", "0.1"),
            ("eta_min", "3.2e-6"),
        ]);
        let spec = i.series()[0].spec.to_spec().unwrap();
        let lr = rates(&spec, 20);
        let p = picture(&spec, &lr).unwrap();
        assert_eq!(p.restarts, vec![10]);
        assert!((lr[9] - 0.002450).abs() < 1e-6, "{}", lr[9]);
        assert!(p.notes[0].text.contains("at step 9"), "{}", p.notes[0].text);
    }

    #[test]
    fn float_log_restart_points_are_flagged() {
        // SEMANTICS.md §1.2: T_0 = 1, T_mult = 3, step(121) gives eta_min instead of a restart.
        let i = inputs(&[
            ("T_max", "1"),
            ("T_mult", "3"),
            ("restarts", "5"),
            ("eta_min", "0"),
        ]);
        let spec = i.series()[0].spec.to_spec().unwrap();
        let n = i.natural_epochs().unwrap() as usize;
        let p = picture(&spec, &rates(&spec, n)).unwrap();
        assert!(p.restarts.contains(&121));
        let note = p
            .notes
            .iter()
            .find(|n| n.kind == NoteKind::FloatLogRestart)
            .expect("note");
        assert!(
            note.text.contains("epoch 121: it gives 0 there"),
            "{}",
            note.text
        );
        let i = inputs(&[("T_max", "1"), ("restarts", "8")]);
        let spec = i.series()[0].spec.to_spec().unwrap();
        let n = i.natural_epochs().unwrap() as usize;
        let p = picture(&spec, &rates(&spec, n)).unwrap();
        assert!(p.notes.iter().all(|n| n.kind != NoteKind::FloatLogRestart));
    }

    #[test]
    fn restarts_is_the_one_page_rule() {
        for (text, want) in [
            ("2.5", "whole number"),
            ("11", "between 0 and 10"),
            ("", "empty"),
            ("abc", "not a number"),
            ("NaN", "not a number"),
        ] {
            let e = inputs(&[("restarts", text)]).restarts().unwrap_err();
            assert!(e.contains(want), "{text}: {e}");
        }
    }
}
