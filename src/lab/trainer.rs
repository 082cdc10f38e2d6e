//! The trainer's settings in the page — the data set, the optimizer and the rest of what
//! `anneal train` takes as flags — described once in [`FIELDS`]: the page's controls, their
//! URL keys (the CLI's flag names: `dataset`, `quadratic`, `optimizer`, `momentum`,
//! `nesterov`, `batch_size`, `l2`, `seed`, `split`), their `hide=` names and the reading of
//! their texts all come from that table.
//!
//! A [`TrainerDraft`] holds the texts as typed (empty = the default, so the default page's
//! URL carries none of these keys and v1 links are unchanged); [`TrainerDraft::read`] turns
//! them into [`TrainerSettings`] or one message per offending control, with the trainer's
//! own rules ([`TrainConfig::check`]: PyTorch's "Nesterov momentum requires a momentum and
//! zero dampening", Adam's betas, …) and the CLI's (`nesterov` is an SGD option, quadratic
//! features only for the 2-D sets).

use crate::chart::BoundaryPoint;
use crate::train::{prepare, Dataset, LrUnit, Optimizer, Prepared, TrainConfig, TrainError};

/// How a trainer setting is edited and read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldKind {
    /// One of these values (a `<select>`).
    Choice(&'static [&'static str]),
    /// On or off (a checkbox): `1`/`0` in the URL (`true`, `True`, `yes`, `on` and their
    /// opposites are read too).
    Bool,
    /// A whole number ≥ `min` (the `batch_size` slider ends at the training split's size,
    /// full-batch gradient descent).
    Int {
        /// The smallest value.
        min: u64,
    },
    /// A finite number in `[min, max)` (`max` exclusive when `open_max`, else inclusive).
    Float {
        /// The smallest value.
        min: f64,
        /// The bound above.
        max: f64,
        /// Whether `max` itself is excluded.
        open_max: bool,
    },
    /// The test fraction: a number in (0, 1), or `none` (train on everything).
    Split,
}

/// One trainer setting: its key (URL key, CLI flag and `hide=` name), what it means, its
/// default text and how it is edited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainerField {
    /// The URL key, the `anneal train` flag (`--KEY`, `_` written `-`) and the `hide=` name.
    pub key: &'static str,
    /// What it means, with its default (the control's hint).
    pub hint: &'static str,
    /// The default value as text (what an empty text means).
    pub default: &'static str,
    /// How it is edited and read.
    pub kind: FieldKind,
}

/// The optimizers the page offers, in picker order (`anneal train --optimizer`).
pub const OPTIMIZERS: &[&str] = &["sgd", "adam", "adamw"];

/// Index of each field in [`FIELDS`] (and in a [`TrainerDraft`]).
const DATASET: usize = 0;
const QUADRATIC: usize = 1;
const OPTIMIZER: usize = 2;
const MOMENTUM: usize = 3;
const NESTEROV: usize = 4;
const BATCH_SIZE: usize = 5;
const L2: usize = 6;
const SEED: usize = 7;
const SPLIT: usize = 8;

/// Number of trainer settings.
pub const FIELD_COUNT: usize = 9;

/// Every trainer setting, in the page's order. Defaults are [`TrainConfig::default`]'s (the
/// CLI's): breast_cancer, SGD without momentum, batch 32, L2 0.01, seed 0, split 0.2.
pub const FIELDS: [TrainerField; FIELD_COUNT] = [
    TrainerField {
        key: "dataset",
        hint: "what the model learns (default breast_cancer)",
        default: "breast_cancer",
        kind: FieldKind::Choice(Dataset::NAMES),
    },
    TrainerField {
        key: "quadratic",
        hint: "append x₁², x₁·x₂, x₂² so the boundary can curve (2-D sets only; default off)",
        default: "0",
        kind: FieldKind::Bool,
    },
    TrainerField {
        key: "optimizer",
        hint: "PyTorch's update rules and defaults (default sgd)",
        default: "sgd",
        kind: FieldKind::Choice(OPTIMIZERS),
    },
    TrainerField {
        key: "momentum",
        hint: "SGD's momentum μ in [0, 1) (default 0; Adam's β₁ plays that part)",
        default: "0",
        kind: FieldKind::Float {
            min: 0.0,
            max: 1.0,
            open_max: true,
        },
    },
    TrainerField {
        key: "nesterov",
        hint: "Nesterov momentum (SGD with momentum > 0; default off)",
        default: "0",
        kind: FieldKind::Bool,
    },
    TrainerField {
        key: "batch_size",
        hint: "samples per optimizer step; the training size = full batch (default 32)",
        default: "32",
        kind: FieldKind::Int { min: 1 },
    },
    TrainerField {
        key: "l2",
        hint: "λ of the L2 term (λ/2)‖w‖², the optimizer's weight_decay (default 0.01)",
        default: "0.01",
        kind: FieldKind::Float {
            min: 0.0,
            max: f64::INFINITY,
            open_max: true,
        },
    },
    TrainerField {
        key: "seed",
        hint: "seed of the split and of the shuffles (default 0)",
        default: "0",
        kind: FieldKind::Int { min: 0 },
    },
    TrainerField {
        key: "split",
        hint: "test fraction in (0, 1), stratified, or none (default 0.2)",
        default: "0.2",
        kind: FieldKind::Split,
    },
];

/// The field called `key`, if there is one.
pub fn field(key: &str) -> Option<&'static TrainerField> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The trainer settings as typed: one text per [`FIELDS`] entry, empty meaning its default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrainerDraft {
    texts: [String; FIELD_COUNT],
}

/// The trainer settings of a page, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainerSettings {
    /// The data set ([`Dataset::NAMES`]).
    pub dataset: &'static str,
    /// Quadratic features (2-D sets only).
    pub quadratic: bool,
    /// The optimizer.
    pub optimizer: Optimizer,
    /// SGD's momentum.
    pub momentum: f64,
    /// Samples per optimizer step.
    pub batch_size: usize,
    /// λ of the L2 term.
    pub l2: f64,
    /// Seed of the split and the shuffles.
    pub seed: u64,
    /// Test fraction, or `None`.
    pub split: Option<f64>,
}

impl Default for TrainerSettings {
    /// The CLI's defaults ([`TrainConfig::default`]) on breast_cancer.
    fn default() -> Self {
        let c = TrainConfig::default();
        TrainerSettings {
            dataset: Dataset::NAMES[0],
            quadratic: false,
            optimizer: c.optimizer,
            momentum: c.momentum,
            batch_size: c.batch_size,
            l2: c.l2,
            seed: c.seed,
            split: c.split,
        }
    }
}

/// What identifies a page's prepared data: equal keys give the same split and
/// standardization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataKey {
    /// The data set.
    pub dataset: &'static str,
    /// Quadratic features.
    pub quadratic: bool,
    /// The split's bits (`None`: no split).
    pub split: Option<u64>,
    /// The seed.
    pub seed: u64,
}

impl DataKey {
    /// The data set, with quadratic features if asked ([`Dataset::by_name`],
    /// [`Dataset::with_quadratic`]).
    ///
    /// # Errors
    /// The trainer's [`TrainError`] (never for settings [`TrainerDraft::read`] accepted).
    pub fn dataset(&self) -> Result<Dataset, TrainError> {
        let data = Dataset::by_name(self.dataset)?;
        if self.quadratic {
            data.with_quadratic()
        } else {
            Ok(data)
        }
    }

    /// The data set split and standardized ([`prepare`]).
    ///
    /// # Errors
    /// As [`DataKey::dataset`] and [`prepare`] (never for settings [`TrainerDraft::read`]
    /// accepted and the shipped data, except a split that leaves a class without training
    /// rows).
    pub fn prepare(&self) -> Result<Prepared, TrainError> {
        prepare(&self.dataset()?, self.split.map(f64::from_bits), self.seed)
    }
}

/// The samples of a 2-D data set as the decision-boundary chart draws them: the raw point
/// (x₁, x₂), the label, and whether `prepared` holds it out for testing. Empty for a data set
/// that is not 2-D.
pub fn plane_points(data: &Dataset, prepared: &Prepared) -> Vec<BoundaryPoint> {
    let Some(points) = data.points() else {
        return Vec::new();
    };
    let mut test = vec![false; points.len()];
    for &i in prepared.test_rows() {
        if let Some(t) = test.get_mut(i) {
            *t = true;
        }
    }
    points
        .iter()
        .zip(&data.y)
        .zip(test)
        .map(|((p, y), test)| BoundaryPoint {
            x: p[0],
            y: p[1],
            class: u8::from(*y != 0.0),
            test,
        })
        .collect()
}

/// What the page calls its data in the training panel's title, e.g. "breast cancer data",
/// "the moons (2-D, quadratic features)".
pub fn data_title(name: &str, quadratic: bool) -> String {
    let base = match name {
        "breast_cancer" => "breast cancer data",
        "wine" => "wine data (cultivar 1 vs the rest)",
        "iris" => "iris data (setosa vs the rest)",
        "digits_3v8" => "handwritten digits (3 vs 8)",
        "blobs" => "the blobs (2-D)",
        "moons" => "the moons (2-D)",
        "circles" => "the circles (2-D)",
        other => other,
    };
    if quadratic {
        format!("{base} with quadratic features")
    } else {
        base.to_string()
    }
}

impl TrainerSettings {
    /// The data's identity ([`TrainerSettings::prepare`] depends on nothing else).
    pub fn data_key(&self) -> DataKey {
        DataKey {
            dataset: self.dataset,
            quadratic: self.quadratic,
            split: self.split.map(f64::to_bits),
            seed: self.seed,
        }
    }

    /// The data set, with quadratic features if asked, split and standardized
    /// ([`DataKey::prepare`]).
    ///
    /// # Errors
    /// As [`DataKey::prepare`].
    pub fn prepare(&self) -> Result<Prepared, TrainError> {
        self.data_key().prepare()
    }

    /// The training configuration of a run of `epochs` epochs stepping its schedules per
    /// `unit`.
    pub fn config(&self, epochs: usize, unit: LrUnit) -> TrainConfig {
        TrainConfig {
            epochs,
            batch_size: self.batch_size,
            l2: self.l2,
            momentum: self.momentum,
            seed: self.seed,
            split: self.split,
            unit,
            optimizer: self.optimizer,
        }
    }

    /// The `anneal train` flags that reproduce these settings (the defaults left out), e.g.
    /// `--dataset moons --quadratic --optimizer adam --batch-size 16` (clap's kebab case for
    /// `batch_size`; the URL key keeps the underscore).
    pub fn cli_flags(&self) -> String {
        let draft = TrainerDraft::from_settings(self);
        FIELDS
            .iter()
            .zip(&draft.texts)
            .filter(|(_, t)| !t.is_empty())
            .map(|(f, t)| {
                // clap spells the flags in kebab case (`--batch-size`).
                let flag = f.key.replace('_', "-");
                match f.kind {
                    FieldKind::Bool => format!("--{flag}"),
                    _ => format!("--{flag} {t}"),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The optimizer's name in the picker (`sgd`, `adam`, `adamw`).
    pub fn optimizer_key(&self) -> &'static str {
        match self.optimizer {
            Optimizer::Sgd { .. } => "sgd",
            Optimizer::Adam { .. } => "adam",
            Optimizer::AdamW { .. } => "adamw",
        }
    }

    /// Whether the data set is one of the 2-D sets (a decision boundary can be drawn).
    pub fn is_plane(&self) -> bool {
        Dataset::info(self.dataset).is_some_and(|i| i.plane)
    }
}

fn read_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "1" | "true" | "True" | "yes" | "on" => Some(true),
        "0" | "false" | "False" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn read_number(text: &str) -> Option<f64> {
    let t = text.trim().replace('_', "");
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl TrainerDraft {
    /// The text of setting `key` (empty: the default); `""` for an unknown key.
    pub fn get(&self, key: &str) -> &str {
        FIELDS
            .iter()
            .position(|f| f.key == key)
            .map_or("", |i| self.texts[i].as_str())
    }

    /// The text of setting `key`, or its default when empty.
    pub fn value(&self, key: &str) -> &str {
        let text = self.get(key);
        match field(key) {
            Some(f) if text.trim().is_empty() => f.default,
            _ => text,
        }
    }

    /// Sets the text of setting `key` (an unknown key is ignored). A text equal to the
    /// default is kept as typed (the URL then carries it).
    pub fn set(&mut self, key: &str, text: impl Into<String>) {
        if let Some(i) = FIELDS.iter().position(|f| f.key == key) {
            self.texts[i] = text.into();
        }
    }

    /// Picks an optimizer (`sgd`, `adam`, `adamw`); leaving SGD also clears `momentum` and
    /// `nesterov`, which only SGD takes (the CLI rejects them with Adam).
    pub fn set_optimizer(&mut self, key: &str) {
        self.texts[OPTIMIZER] = if key == FIELDS[OPTIMIZER].default {
            String::new()
        } else {
            key.to_string()
        };
        if key != "sgd" {
            self.texts[MOMENTUM].clear();
            self.texts[NESTEROV].clear();
        }
    }

    /// Picks a data set; one that is not 2-D also clears `quadratic`.
    pub fn set_dataset(&mut self, name: &str) {
        self.texts[DATASET] = if name == FIELDS[DATASET].default {
            String::new()
        } else {
            name.to_string()
        };
        if !Dataset::info(name).is_some_and(|i| i.plane) {
            self.texts[QUADRATIC].clear();
        }
    }

    /// The draft of `settings`, each default as an empty text.
    pub fn from_settings(settings: &TrainerSettings) -> Self {
        let d = TrainerSettings::default();
        let mut draft = TrainerDraft::default();
        let mut put = |i: usize, differs: bool, text: String| {
            if differs {
                draft.texts[i] = text;
            }
        };
        put(
            DATASET,
            settings.dataset != d.dataset,
            settings.dataset.into(),
        );
        put(QUADRATIC, settings.quadratic, "1".into());
        put(
            OPTIMIZER,
            settings.optimizer_key() != d.optimizer_key(),
            settings.optimizer_key().into(),
        );
        put(
            MOMENTUM,
            settings.momentum != d.momentum,
            settings.momentum.to_string(),
        );
        let nesterov = matches!(settings.optimizer, Optimizer::Sgd { nesterov: true });
        put(NESTEROV, nesterov, "1".into());
        put(
            BATCH_SIZE,
            settings.batch_size != d.batch_size,
            settings.batch_size.to_string(),
        );
        put(L2, settings.l2 != d.l2, settings.l2.to_string());
        put(SEED, settings.seed != d.seed, settings.seed.to_string());
        put(
            SPLIT,
            settings.split != d.split,
            settings
                .split
                .map_or_else(|| "none".into(), |s| s.to_string()),
        );
        draft
    }

    /// The `(key, text)` pairs of the settings that are not empty, in [`FIELDS`] order (what
    /// the URL carries).
    pub fn pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        FIELDS
            .iter()
            .zip(&self.texts)
            .filter(|(_, t)| !t.is_empty())
            .map(|(f, t)| (f.key, t.as_str()))
    }

    /// Reads and checks every setting.
    ///
    /// # Errors
    /// One `(key, message)` per offending setting: a text that is not of its kind ("is not
    /// a whole number ≥ 1", "unknown data set …"), a value out of its range, or a rule
    /// between settings, with the trainer's own message ([`TrainConfig::check`]) aimed at
    /// the setting it names; `nesterov` with Adam ("an SGD option") and `quadratic` on a
    /// data set that is not 2-D, as the CLI says them.
    pub fn read(&self) -> Result<TrainerSettings, Vec<(&'static str, String)>> {
        let mut problems: Vec<(&'static str, String)> = Vec::new();
        let mut s = TrainerSettings::default();
        let mut numbers = [0.0f64; FIELD_COUNT];
        let mut ints = [0u64; FIELD_COUNT];
        let mut bools = [false; FIELD_COUNT];
        let mut choices = [""; FIELD_COUNT];
        for (i, f) in FIELDS.iter().enumerate() {
            let text = self.value(f.key).trim();
            let shown: String = text.chars().take(40).collect();
            let mut bad =
                |why: String| problems.push((f.key, format!("{} = {shown:?}: {why}", f.key)));
            match f.kind {
                FieldKind::Choice(known) => match known.iter().find(|k| **k == text) {
                    Some(k) => choices[i] = k,
                    None => bad(format!("expected one of {}", known.join(", "))),
                },
                FieldKind::Bool => match read_bool(text) {
                    Some(b) => bools[i] = b,
                    None => bad("expected 1 (on) or 0 (off)".into()),
                },
                FieldKind::Int { min } => match text.replace('_', "").parse::<u64>() {
                    Ok(v) if v >= min => ints[i] = v,
                    _ => bad(format!("expected a whole number >= {min}")),
                },
                FieldKind::Float { min, max, open_max } => match read_number(text) {
                    Some(v) if v >= min && (v < max || (!open_max && v == max)) => numbers[i] = v,
                    Some(_) if max.is_infinite() => bad(format!("must be >= {min}")),
                    Some(_) => bad(format!(
                        "must be in [{min}, {max}{}",
                        if open_max { ")" } else { "]" }
                    )),
                    None => bad("is not a number".into()),
                },
                FieldKind::Split => {
                    if text.eq_ignore_ascii_case("none") {
                        s.split = None;
                    } else {
                        match read_number(text) {
                            Some(v) if v > 0.0 && v < 1.0 => s.split = Some(v),
                            _ => bad("expected a fraction in (0, 1) or none".into()),
                        }
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        s.dataset = choices[DATASET];
        s.quadratic = bools[QUADRATIC];
        s.momentum = numbers[MOMENTUM];
        s.batch_size = usize::try_from(ints[BATCH_SIZE]).unwrap_or(usize::MAX);
        s.l2 = numbers[L2];
        s.seed = ints[SEED];
        let nesterov = bools[NESTEROV];
        s.optimizer = match choices[OPTIMIZER] {
            "adam" => Optimizer::ADAM,
            "adamw" => Optimizer::ADAMW,
            _ => Optimizer::Sgd { nesterov },
        };
        if nesterov && s.optimizer_key() != "sgd" {
            problems.push((
                "nesterov",
                "Nesterov momentum is an SGD option (optimizer sgd)".into(),
            ));
        }
        if s.quadratic && !s.is_plane() {
            problems.push((
                "quadratic",
                format!(
                    "quadratic features are for the 2-D data sets ({}), not {}",
                    Dataset::CATALOG
                        .iter()
                        .filter(|i| i.plane)
                        .map(|i| i.name)
                        .collect::<Vec<_>>()
                        .join(", "),
                    s.dataset
                ),
            ));
        }
        if let Err(e) = s.config(1, LrUnit::Epoch).check() {
            let key = match &e {
                TrainError::Invalid { field: f, .. } if field(f).is_some() => {
                    field(f).map_or("optimizer", |f| f.key)
                }
                _ => "optimizer",
            };
            problems.push((key, e.to_string()));
        }
        if problems.is_empty() {
            Ok(s)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(pairs: &[(&str, &str)]) -> TrainerDraft {
        let mut d = TrainerDraft::default();
        for (k, v) in pairs {
            d.set(k, *v);
        }
        d
    }

    #[test]
    fn the_empty_draft_is_the_cli_default() {
        let s = TrainerDraft::default().read().unwrap();
        assert_eq!(s, TrainerSettings::default());
        let c = s.config(50, LrUnit::Epoch);
        assert_eq!(c, TrainConfig::default());
        assert_eq!(s.cli_flags(), "");
        assert_eq!(TrainerDraft::from_settings(&s), TrainerDraft::default());
    }

    #[test]
    fn every_setting_is_read_and_written_back() {
        let d = draft(&[
            ("dataset", "moons"),
            ("quadratic", "1"),
            ("optimizer", "sgd"),
            ("momentum", "0.9"),
            ("nesterov", "true"),
            ("batch_size", "1_000"),
            ("l2", "1e-4"),
            ("seed", "7"),
            ("split", "none"),
        ]);
        let s = d.read().unwrap();
        assert_eq!(s.dataset, "moons");
        assert!(s.quadratic && s.is_plane());
        assert_eq!(s.optimizer, Optimizer::Sgd { nesterov: true });
        assert_eq!(
            (s.momentum, s.batch_size, s.l2, s.seed),
            (0.9, 1000, 1e-4, 7)
        );
        assert_eq!(s.split, None);
        assert_eq!(
            s.cli_flags(),
            "--dataset moons --quadratic --momentum 0.9 --nesterov --batch-size 1000 --l2 0.0001 --seed 7 --split none"
        );
        let back = TrainerDraft::from_settings(&s).read().unwrap();
        assert_eq!(back, s);
        assert!(s.prepare().unwrap().n_features() == 5);
    }

    #[test]
    fn each_bad_value_is_aimed_at_its_control() {
        let e = draft(&[
            ("dataset", "mnist"),
            ("batch_size", "0"),
            ("l2", "-1"),
            ("momentum", "1"),
            ("split", "1.5"),
            ("seed", "x"),
            ("quadratic", "maybe"),
        ])
        .read()
        .unwrap_err();
        let keys: Vec<&str> = e.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "dataset",
                "quadratic",
                "momentum",
                "batch_size",
                "l2",
                "seed",
                "split"
            ]
        );
        assert!(
            e[0].1.contains("expected one of breast_cancer, wine"),
            "{e:?}"
        );
        assert!(e[2].1.contains("must be in [0, 1)"), "{e:?}");
        assert!(e[3].1.contains(">= 1"), "{e:?}");
    }

    #[test]
    fn rules_between_settings_use_the_trainers_and_the_clis_words() {
        let e = draft(&[("nesterov", "1")]).read().unwrap_err();
        assert_eq!(e[0].0, "nesterov");
        assert!(
            e[0].1
                .contains("Nesterov momentum requires a momentum and zero dampening"),
            "{e:?}"
        );
        let e = draft(&[("optimizer", "adam"), ("momentum", "0.9")])
            .read()
            .unwrap_err();
        assert_eq!(e[0].0, "momentum");
        assert!(e[0].1.contains("Adam and AdamW take no momentum"), "{e:?}");
        let e = draft(&[("optimizer", "adamw"), ("nesterov", "1")])
            .read()
            .unwrap_err();
        assert!(e[0].1.contains("an SGD option"), "{e:?}");
        let e = draft(&[("quadratic", "1")]).read().unwrap_err();
        assert_eq!(e[0].0, "quadratic");
        assert!(e[0].1.contains("blobs, moons, circles"), "{e:?}");
    }

    #[test]
    fn switching_optimizer_or_data_set_clears_what_no_longer_applies() {
        let mut d = draft(&[("momentum", "0.9"), ("nesterov", "1")]);
        d.set_optimizer("adam");
        assert_eq!(d.read().unwrap().optimizer, Optimizer::ADAM);
        d.set_optimizer("sgd");
        assert_eq!(d, TrainerDraft::default());
        let mut d = draft(&[("dataset", "circles"), ("quadratic", "1")]);
        assert!(d.read().is_ok());
        d.set_dataset("wine");
        assert_eq!(d.get("quadratic"), "");
        assert!(d.read().is_ok());
    }

    #[test]
    fn the_fields_are_the_clis_flags() {
        let keys: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        assert_eq!(
            keys,
            [
                "dataset",
                "quadratic",
                "optimizer",
                "momentum",
                "nesterov",
                "batch_size",
                "l2",
                "seed",
                "split"
            ]
        );
        // Every default reads back as the CLI's default (TrainerSettings::default).
        let mut d = TrainerDraft::default();
        for f in &FIELDS {
            d.set(f.key, f.default);
        }
        assert_eq!(d.read().unwrap(), TrainerSettings::default());
    }
}
