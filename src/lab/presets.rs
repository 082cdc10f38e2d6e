//! The one-click comparisons (also `?preset=<name>`): each preset is a list of series (as
//! the same spec JSON a `series=` link carries) and a run.
//!
//! All series of a page train on the same data, split, seed and batch order, so the
//! differences a preset shows come from the schedules alone.

use super::{url, LabState, PageOptions, RunDraft, SeriesEntry, View};
use crate::spec::describe::Unit;

/// A named comparison.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Its key in `?preset=`.
    pub name: &'static str,
    /// The button's text.
    pub title: &'static str,
    /// One sentence on what to look for.
    pub about: &'static str,
    /// The run length (`epochs` text).
    pub epochs: &'static str,
    /// The run's unit.
    pub unit: Unit,
    /// The series, as spec JSON (the same as `series=` values), in page order.
    pub specs: fn() -> Vec<String>,
}

impl Preset {
    /// The page state of this preset (cosine-view page options left at their defaults).
    pub fn state(&self) -> LabState {
        LabState {
            view: View::Series(
                (self.specs)()
                    .iter()
                    .map(|s| url::read_series(s))
                    .collect::<Vec<SeriesEntry>>(),
            ),
            run: RunDraft {
                epochs: self.epochs.into(),
                unit: self.unit,
            },
            trainer: Default::default(),
            page: PageOptions::default(),
        }
    }
}

const TORCH: &str = "torch.optim.lr_scheduler.";
const HF: &str = "transformers.optimization.";

fn torch(name: &str, params: &str, base_lr: f64, label: &str) -> String {
    format!(
        r#"{{"scheduler":"{TORCH}{name}","params":{params},"base_lr":{base_lr},"label":"{label}"}}"#
    )
}

fn hf(name: &str, params: &str, base_lr: f64, label: &str) -> String {
    format!(
        r#"{{"scheduler":"{HF}{name}","params":{params},"base_lr":{base_lr},"label":"{label}"}}"#
    )
}

fn cosine_vs_step() -> Vec<String> {
    vec![
        torch("CosineAnnealingLR", r#"{"T_max":100}"#, 1.0, "cosine"),
        torch(
            "StepLR",
            r#"{"step_size":30,"gamma":0.1}"#,
            1.0,
            "StepLR ×0.1 every 30",
        ),
        torch(
            "MultiStepLR",
            r#"{"milestones":[50,75],"gamma":0.1}"#,
            1.0,
            "MultiStepLR at 50, 75",
        ),
        torch(
            "ExponentialLR",
            r#"{"gamma":0.95}"#,
            1.0,
            "ExponentialLR ×0.95",
        ),
    ]
}

fn cosine_vs_plateau() -> Vec<String> {
    vec![
        torch("CosineAnnealingLR", r#"{"T_max":100}"#, 1.0, "cosine"),
        torch(
            "ReduceLROnPlateau",
            r#"{"factor":0.5,"patience":5}"#,
            1.0,
            "ReduceLROnPlateau ×0.5, patience 5",
        ),
        r#"{"scheduler":"optax.constant_schedule","params":{"value":1.0},"label":"constant lr = 1"}"#.into(),
    ]
}

fn sgdr() -> Vec<String> {
    vec![
        torch(
            "CosineAnnealingWarmRestarts",
            r#"{"T_0":10,"T_mult":2,"eta_min":0.001}"#,
            1.0,
            "SGDR T_0 10, T_mult 2",
        ),
        torch(
            "CosineAnnealingLR",
            r#"{"T_max":150,"eta_min":0.001}"#,
            1.0,
            "one cosine, T_max 150",
        ),
    ]
}

fn warmup_cosine() -> Vec<String> {
    vec![
        hf(
            "get_cosine_schedule_with_warmup",
            r#"{"num_warmup_steps":150,"num_training_steps":1500}"#,
            1.0,
            "warmup 150 + cosine",
        ),
        torch(
            "CosineAnnealingLR",
            r#"{"T_max":1500}"#,
            1.0,
            "cosine, no warmup",
        ),
    ]
}

fn onecycle() -> Vec<String> {
    vec![
        torch("OneCycleLR", r#"{"max_lr":1.0,"total_steps":1500}"#, 1.0, "OneCycleLR"),
        r#"{"scheduler":"optax.constant_schedule","params":{"value":1.0},"label":"constant lr = 1"}"#.into(),
    ]
}

fn wsd() -> Vec<String> {
    vec![
        hf(
            "get_wsd_schedule",
            r#"{"num_warmup_steps":150,"num_decay_steps":300,"num_training_steps":1500}"#,
            1.0,
            "WSD: warmup, stable, decay",
        ),
        hf(
            "get_cosine_schedule_with_warmup",
            r#"{"num_warmup_steps":150,"num_training_steps":1500}"#,
            1.0,
            "warmup + cosine",
        ),
    ]
}

fn closed_vs_recursive() -> Vec<String> {
    let epochs: Vec<String> = (0..=50).map(|e| format!("{e}.0")).collect();
    vec![
        torch(
            "CosineAnnealingLR",
            r#"{"T_max":50}"#,
            1.0,
            "recursive: step()",
        ),
        format!(
            r#"{{"scheduler":"{TORCH}CosineAnnealingLR","params":{{"T_max":50}},"base_lr":1.0,"epochs":[{}],"label":"closed form: step(epoch)"}}"#,
            epochs.join(",")
        ),
        torch(
            "ChainedScheduler",
            &format!(
                r#"{{"schedulers":[{{"scheduler":"{TORCH}CosineAnnealingLR","params":{{"T_max":50}}}},{{"scheduler":"{TORCH}ExponentialLR","params":{{"gamma":0.97}}}}]}}"#
            ),
            1.0,
            "recursive inside ChainedScheduler with ExponentialLR",
        ),
    ]
}

/// Every preset, in the order the page lists them.
pub static PRESETS: &[Preset] = &[
    Preset {
        name: "cosine-vs-step",
        title: "Cosine vs step decays",
        about: "Cosine against StepLR, MultiStepLR and ExponentialLR at the same base lr: the steps drop \
                the loss in jumps, the cosine glides down.",
        epochs: "100",
        unit: Unit::Epoch,
        specs: cosine_vs_step,
    },
    Preset {
        name: "cosine-vs-plateau",
        title: "Cosine vs ReduceLROnPlateau",
        about: "ReduceLROnPlateau halves the rate whenever the training objective stalls for 5 epochs \
                (marked on its line); the cosine follows its fixed curve.",
        epochs: "100",
        unit: Unit::Epoch,
        specs: cosine_vs_plateau,
    },
    Preset {
        name: "sgdr",
        title: "SGDR (warm restarts, T_mult 2)",
        about: "Warm restarts at 10, 30 and 70 epochs against one long cosine: each restart kicks the loss \
                up before the next cycle takes it lower.",
        epochs: "150",
        unit: Unit::Epoch,
        specs: sgdr,
    },
    Preset {
        name: "warmup-cosine",
        title: "Warmup + cosine (per step)",
        about: "transformers' get_cosine_schedule_with_warmup, stepped once per optimizer step as LLM \
                training does, against a plain cosine: the warmup avoids the first steps at full rate.",
        epochs: "100",
        unit: Unit::Step,
        specs: warmup_cosine,
    },
    Preset {
        name: "onecycle",
        title: "OneCycleLR",
        about: "OneCycleLR ramps up to max_lr and anneals far below it (cycling SGD's momentum the other \
                way), against a constant rate.",
        epochs: "100",
        unit: Unit::Step,
        specs: onecycle,
    },
    Preset {
        name: "wsd",
        title: "WSD (warmup, stable, decay)",
        about: "transformers' get_wsd_schedule holds the peak for most of the run and decays at the end, \
                against warmup + cosine.",
        epochs: "100",
        unit: Unit::Step,
        specs: wsd,
    },
    Preset {
        name: "closed-vs-recursive",
        title: "PyTorch: closed vs recursive cosine",
        about: "PyTorch's CosineAnnealingLR computes step() recursively from the current lr and \
                step(epoch) in closed form: alone they agree to ~1e-16; inside a ChainedScheduler the \
                recursive form follows the rate ExponentialLR changed, the closed form would not.",
        epochs: "51",
        unit: Unit::Epoch,
        specs: closed_vs_recursive,
    },
];

/// The preset called `name`.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_reads_and_names_are_unique() {
        for (i, p) in PRESETS.iter().enumerate() {
            assert!(PRESETS[..i].iter().all(|o| o.name != p.name), "{}", p.name);
            let state = p.state();
            let View::Series(entries) = &state.view else {
                panic!("{}", p.name)
            };
            assert!(!entries.is_empty() && entries.len() <= super::super::MAX_SERIES);
            for e in entries {
                assert!(matches!(e, SeriesEntry::Series(_)), "{}: {e:?}", p.name);
            }
        }
    }
}
