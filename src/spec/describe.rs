//! Scheduler descriptions: one [`Scheduler`] per supported scheduler, the single source of
//! its API path, library, keyword arguments (kind, default, UI range, scale, one-line doc),
//! positional order, run-length kwarg, use of `base_lr` and usual stepping unit.
//!
//! Everything that lists or edits schedulers is derived from [`SCHEDULERS`]: `anneal list`
//! (and `list --json`), the page's generated controls and its URL, the code snippets
//! ([`super::snippet`]) and the registry-wide tests. The kwargs *readers* (`spec/torch.rs`,
//! ...) stay hand-written because they carry each library's exact messages; the test
//! `tests/describe.rs` keeps descriptions and readers in step (every described kwarg is
//! accepted, every described default gives the same rates as leaving the kwarg out, and every
//! default spec evaluates).
//!
//! Defaults and examples are JSON texts (the spec's own format), so a description is plain
//! `const` data and a nested example (SequentialLR's `schedulers`) is written as the spec
//! would carry it.

use serde_json::{Map, Value};

use super::ScheduleSpec;

/// The five libraries, in the order `anneal list` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Library {
    /// PyTorch, `torch.optim.lr_scheduler`.
    Torch,
    /// timm (pytorch-image-models), `timm.scheduler`.
    Timm,
    /// Hugging Face transformers, `transformers.optimization`.
    Transformers,
    /// optax (JAX), `optax`.
    Optax,
    /// Keras 3, `keras.optimizers.schedules`.
    Keras,
}

impl Library {
    /// Every library, in `anneal list` order.
    pub const ALL: [Library; 5] = [
        Library::Torch,
        Library::Timm,
        Library::Transformers,
        Library::Optax,
        Library::Keras,
    ];

    /// The short key used on the command line and in URLs: `torch`, `timm`, `transformers`,
    /// `optax`, `keras`.
    pub fn key(self) -> &'static str {
        match self {
            Library::Torch => "torch",
            Library::Timm => "timm",
            Library::Transformers => "transformers",
            Library::Optax => "optax",
            Library::Keras => "keras",
        }
    }

    /// The library's name for people: `PyTorch`, `timm`, `transformers`, `optax`, `Keras`.
    pub fn title(self) -> &'static str {
        match self {
            Library::Torch => "PyTorch",
            Library::Timm => "timm",
            Library::Transformers => "transformers",
            Library::Optax => "optax",
            Library::Keras => "Keras",
        }
    }

    /// The library whose key is `key` (see [`Library::key`]).
    pub fn from_key(key: &str) -> Option<Library> {
        Library::ALL.into_iter().find(|l| l.key() == key)
    }
}

/// How often a library's users usually step a scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Once per epoch (`scheduler.step()` after each epoch; PyTorch tutorials, timm's default
    /// `t_in_epochs=True`).
    Epoch,
    /// Once per optimizer step (transformers, optax, Keras, OneCycleLR, CyclicLR).
    Step,
}

impl Unit {
    /// `epoch` or `step` (the URL's and the CLI's spelling).
    pub fn key(self) -> &'static str {
        match self {
            Unit::Epoch => "epoch",
            Unit::Step => "step",
        }
    }
}

/// What the spec's `base_lr` (the optimizer's `lr`) means for a scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseLr {
    /// The schedule multiplies or anneals the optimizer's lr; `base_lr` is required
    /// (torch, timm, transformers).
    Required,
    /// The scheduler overwrites the optimizer's lr with its own kwargs (PyTorch OneCycleLR,
    /// CyclicLR); `base_lr` may be absent.
    Overwritten,
    /// The schedule carries its values in `params` (optax, Keras); `base_lr` is ignored.
    Unused,
}

/// How a numeric control's slider maps positions to values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Evenly spaced values.
    Linear,
    /// Evenly spaced powers of ten (rates, factors spanning decades).
    Log,
}

/// The kind of a keyword argument: what a control edits and how its text is read.
///
/// Ranges are the *page's* slider ranges, not the library's rule: the reader enforces the
/// library's rule and the page shows the reader's message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A Python `int` (a float such as `2.0` is rejected where the library checks
    /// `isinstance(x, int)`). Slider from `min` to `max`.
    Int {
        /// Leftmost slider value.
        min: i64,
        /// Rightmost slider value.
        max: i64,
    },
    /// A Python `float` (ints accepted, as Python accepts them). Slider from `min` to `max`.
    Float {
        /// Leftmost slider value (> 0 on a log scale).
        min: f64,
        /// Rightmost slider value.
        max: f64,
        /// Linear or logarithmic slider.
        scale: Scale,
    },
    /// `True` / `False`.
    Bool,
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// A list of ints (`milestones`).
    IntList,
    /// A list of floats (`boundaries`, `values`).
    FloatList,
    /// A dict of int step → float (optax `boundaries_and_scales`), written `{10: 0.1}` in
    /// Python and `{"10": 0.1}` in JSON.
    IntFloatDict,
    /// A list of nested schedulers of the same library, each `{"scheduler", "params"}`
    /// (PyTorch SequentialLR / ChainedScheduler `schedulers`).
    Schedulers,
    /// A list of kwargs objects of the named scheduler (optax `sgdr_schedule`'s
    /// `cosine_kwargs`, each one `warmup_cosine_decay_schedule`'s kwargs).
    KwargsList(&'static str),
    /// Free text with no effect on the rates (Keras `name`); accepted, never a control.
    Text,
}

/// One keyword argument of a scheduler, as the library names it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kwarg {
    /// The library's own name, e.g. `T_max`, `num_warmup_steps`, `init_value`.
    pub name: &'static str,
    /// What it is (see [`Kind`]).
    pub kind: Kind,
    /// The library's default as JSON (`"0.0"`, `"null"` for Python's `None`, `"\"cos\""`);
    /// `None` when the kwarg is required.
    pub default: Option<&'static str>,
    /// The value (JSON) the page and the default spec start with, when it differs from the
    /// library default: required kwargs always have one; an optional kwarg has one only
    /// where the library default would make a poor picture.
    pub example: Option<&'static str>,
    /// One line: what it means and its unit (steps vs epochs), as the library documents it.
    pub doc: &'static str,
    /// Whether the page shows a control for it. `false` for kwargs Anneal accepts only at
    /// their default (`last_epoch`) or that do not change the rates (`name`, `verbose`).
    pub control: bool,
    /// Keyword-only in the Python signature (after `*`): never filled positionally.
    pub keyword_only: bool,
}

impl Kwarg {
    /// The JSON value the default spec carries for this kwarg, if any: the example, or
    /// nothing (the library default applies).
    pub fn start_value(&self) -> Option<Value> {
        self.example.map(parse_const)
    }

    /// The library default as a JSON value (`Value::Null` for `None`); `None` when required.
    pub fn default_value(&self) -> Option<Value> {
        self.default.map(parse_const)
    }

    /// Whether the kwarg is required (no library default).
    pub fn required(&self) -> bool {
        self.default.is_none()
    }
}

/// The description of one scheduler (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scheduler {
    /// The public API path, e.g. `torch.optim.lr_scheduler.CosineAnnealingLR`: the spec's
    /// `scheduler` and the value of the page's picker.
    pub path: &'static str,
    /// The library it belongs to.
    pub library: Library,
    /// One line: what the schedule does.
    pub doc: &'static str,
    /// The library file it is defined in (for citations).
    pub source: &'static str,
    /// The keyword arguments in the Python signature's order (after `optimizer` where the
    /// library takes one): positional arguments map onto this order.
    pub kwargs: &'static [Kwarg],
    /// What `base_lr` means for it.
    pub base_lr: BaseLr,
    /// The usual stepping unit.
    pub unit: Unit,
    /// The kwarg that sets the schedule's natural length, if any (`T_max`, `total_steps`,
    /// `num_training_steps`, `decay_steps`, ...); [`natural_length`] computes the length.
    pub run_length: Option<&'static str>,
}

/// `base_lr` of the default spec of a scheduler whose [`BaseLr`] is `Required`.
pub const EXAMPLE_BASE_LR: f64 = 0.1;

impl Scheduler {
    /// The part of the path after the library's module, e.g. `CosineAnnealingLR`,
    /// `get_cosine_schedule_with_warmup`, `cosine_decay_schedule`.
    pub fn name(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    /// The kwarg called `name`.
    pub fn kwarg(&self, name: &str) -> Option<&'static Kwarg> {
        self.kwargs.iter().find(|k| k.name == name)
    }

    /// The spec the page starts a series with and the tests evaluate: every kwarg's
    /// [`Kwarg::start_value`], and `base_lr` = [`EXAMPLE_BASE_LR`] where it is required.
    pub fn default_spec(&self) -> ScheduleSpec {
        let params: Map<String, Value> = self
            .kwargs
            .iter()
            .filter_map(|k| k.start_value().map(|v| (k.name.to_string(), v)))
            .collect();
        ScheduleSpec {
            scheduler: self.path.to_string(),
            params,
            base_lr: (self.base_lr == BaseLr::Required).then_some(EXAMPLE_BASE_LR),
            epochs: None,
            metrics: None,
        }
    }
}

/// Parses a description's JSON constant. The constants are checked by
/// `every_description_constant_is_json` below, so a typo is a failing test, never a panic at
/// run time; a malformed one reads as `null`.
fn parse_const(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// The description of the scheduler at `path`.
pub fn find(path: &str) -> Option<&'static Scheduler> {
    SCHEDULERS.iter().find(|s| s.path == path)
}

/// The schedulers of one library, in registry order.
pub fn of_library(library: Library) -> impl Iterator<Item = &'static Scheduler> {
    SCHEDULERS.iter().filter(move |s| s.library == library)
}

/// The natural length of a spec's schedule, in its own steps (the unit it is stepped in):
/// the number of rates that shows the whole schedule once, derived from its run-length kwarg
/// (`T_max + 1` for CosineAnnealingLR, `total_steps` for OneCycleLR, `decay_steps + 1` for
/// optax's cosine, ...). `None` when the schedule has no natural end (StepLR,
/// ExponentialLR, ReduceLROnPlateau, ...) or the kwarg is missing or not a positive number.
pub fn natural_length(spec: &ScheduleSpec) -> Option<u64> {
    let p = &spec.params;
    let int = |k: &str| p.get(k).and_then(Value::as_f64).filter(|v| *v >= 0.0);
    let len = match spec.scheduler.as_str() {
        "torch.optim.lr_scheduler.CosineAnnealingLR" => int("T_max")? + 1.0,
        "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts" => {
            // Three cycles: T_0 (1 + T_mult + T_mult²), the first two restarts.
            let t0 = int("T_0")?;
            let m = int("T_mult").unwrap_or(1.0);
            t0 * (1.0 + m + m * m)
        }
        _ => return None,
    };
    (len.is_finite() && len >= 1.0).then_some(len as u64)
}

const TORCH_FILE: &str = "torch/optim/lr_scheduler.py";
const OPTAX_FILE: &str = "optax/schedules/_schedule.py";

const LAST_EPOCH: Kwarg = Kwarg {
    name: "last_epoch",
    kind: Kind::Int { min: -1, max: -1 },
    default: Some("-1"),
    example: None,
    doc: "index of the last epoch when resuming; Anneal evaluates from the start (-1 only)",
    control: false,
    keyword_only: false,
};

/// Every supported scheduler, in `anneal list` order (library by library).
pub static SCHEDULERS: &[Scheduler] = &[
    Scheduler {
        path: "torch.optim.lr_scheduler.CosineAnnealingLR",
        library: Library::Torch,
        doc: "cosine from the optimizer's lr down to eta_min over T_max steps, then back up (period 2·T_max)",
        source: TORCH_FILE,
        kwargs: &[
            Kwarg {
                name: "T_max",
                kind: Kind::Int { min: 1, max: 500 },
                default: None,
                example: Some("50"),
                doc: "steps (epochs, stepped per epoch) from the peak to eta_min",
                control: true,
                keyword_only: false,
            },
            Kwarg {
                name: "eta_min",
                kind: Kind::Float {
                    min: 1e-6,
                    max: 10.0,
                    scale: Scale::Log,
                },
                default: Some("0.0"),
                example: None,
                doc: "the floor, an absolute learning rate",
                control: true,
                keyword_only: false,
            },
            LAST_EPOCH,
        ],
        base_lr: BaseLr::Required,
        unit: Unit::Epoch,
        run_length: Some("T_max"),
    },
    Scheduler {
        path: "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts",
        library: Library::Torch,
        doc: "SGDR: cosine from the optimizer's lr towards eta_min, restarting after T_0, T_0·T_mult, … steps",
        source: TORCH_FILE,
        kwargs: &[
            Kwarg {
                name: "T_0",
                kind: Kind::Int { min: 1, max: 500 },
                default: None,
                example: Some("10"),
                doc: "steps (epochs) until the first restart",
                control: true,
                keyword_only: false,
            },
            Kwarg {
                name: "T_mult",
                kind: Kind::Int { min: 1, max: 4 },
                default: Some("1"),
                example: Some("2"),
                doc: "each cycle is T_mult times longer than the one before (integer ≥ 1)",
                control: true,
                keyword_only: false,
            },
            Kwarg {
                name: "eta_min",
                kind: Kind::Float {
                    min: 1e-6,
                    max: 10.0,
                    scale: Scale::Log,
                },
                default: Some("0.0"),
                example: None,
                doc: "the floor, an absolute learning rate (never reached with integer steps)",
                control: true,
                keyword_only: false,
            },
            LAST_EPOCH,
        ],
        base_lr: BaseLr::Required,
        unit: Unit::Epoch,
        run_length: Some("T_0"),
    },
    Scheduler {
        path: "optax.constant_schedule",
        library: Library::Optax,
        doc: "the same value at every step",
        source: OPTAX_FILE,
        kwargs: &[Kwarg {
            name: "value",
            kind: Kind::Float {
                min: 1e-4,
                max: 1000.0,
                scale: Scale::Log,
            },
            default: None,
            example: Some("0.1"),
            doc: "the learning rate",
            control: true,
            keyword_only: false,
        }],
        base_lr: BaseLr::Unused,
        unit: Unit::Step,
        run_length: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_description_constant_is_json() {
        for s in SCHEDULERS {
            for k in s.kwargs {
                for text in [k.default, k.example].into_iter().flatten() {
                    assert!(
                        serde_json::from_str::<Value>(text).is_ok(),
                        "{}.{}: {text:?} is not JSON",
                        s.path,
                        k.name
                    );
                }
            }
        }
    }

    #[test]
    fn paths_are_unique_and_named_by_their_library() {
        for (i, s) in SCHEDULERS.iter().enumerate() {
            assert!(
                SCHEDULERS[..i].iter().all(|o| o.path != s.path),
                "{} twice",
                s.path
            );
            assert!(
                s.path.starts_with(s.library.key()),
                "{} is not under {}",
                s.path,
                s.library.key()
            );
        }
    }

    #[test]
    fn natural_lengths_follow_the_run_length_kwarg() {
        let cal = find("torch.optim.lr_scheduler.CosineAnnealingLR")
            .unwrap()
            .default_spec();
        assert_eq!(natural_length(&cal), Some(51));
        let cawr = find("torch.optim.lr_scheduler.CosineAnnealingWarmRestarts")
            .unwrap()
            .default_spec();
        assert_eq!(natural_length(&cawr), Some(10 + 20 + 40));
        let constant = find("optax.constant_schedule").unwrap().default_spec();
        assert_eq!(natural_length(&constant), None);
    }
}
