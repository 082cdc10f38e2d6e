//! Scheduler descriptions: one [`Scheduler`] per supported scheduler, the single source of
//! its API path, library, keyword arguments (kind, default, UI range, scale, one-line doc),
//! positional order, run-length kwarg, use of `base_lr` and usual stepping unit.
//!
//! Everything that lists or edits schedulers is derived from [`SCHEDULERS`]: `anneal list`
//! (and `list --json`), the dispatch of [`ScheduleSpec::evaluate`], the page's generated
//! controls and its URL, the code snippets and the registry-wide tests. The kwargs *readers*
//! (`spec/torch.rs`, ...) stay hand-written because they carry each library's exact messages;
//! the test `tests/describe.rs` keeps descriptions and readers in step (every described kwarg
//! is accepted, every described default gives the same rates as leaving the kwarg out, every
//! required kwarg is reported missing by name, and every default spec evaluates).
//!
//! Defaults and examples are JSON texts (the spec's own format), so a description is plain
//! `const` data and a nested example (SequentialLR's `schedulers`) is written as the spec
//! would carry it. The entries live one library per file (`describe/torch.rs`, ...), in the
//! order `anneal list` prints them; each was checked against the library source named in
//! [`Scheduler::source`] (positional order and defaults).

mod keras;
mod optax;
mod timm;
mod torch;
mod transformers;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use super::ScheduleSpec;

/// The five libraries, in the order `anneal list` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
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
    /// `optax`, `keras` (also its JSON spelling).
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Once per epoch (`scheduler.step()` after each epoch; PyTorch tutorials, timm's default
    /// `t_in_epochs=True`).
    Epoch,
    /// Once per optimizer step (transformers, optax, Keras, OneCycleLR, CyclicLR).
    Step,
}

impl Unit {
    /// `epoch` or `step` (the URL's and the CLI's spelling, also its JSON spelling).
    pub fn key(self) -> &'static str {
        match self {
            Unit::Epoch => "epoch",
            Unit::Step => "step",
        }
    }
}

/// What the spec's `base_lr` (the optimizer's `lr`) means for a scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaseLr {
    /// The schedule multiplies or anneals the optimizer's lr; `base_lr` is required
    /// (torch, timm, transformers).
    Required,
    /// The scheduler overwrites the optimizer's lr with its own kwargs (PyTorch OneCycleLR,
    /// CyclicLR); `base_lr` may be absent, and does not change the rates when given.
    Overwritten,
    /// The schedule carries its values in `params` (optax, Keras); `base_lr` is ignored.
    Unused,
}

/// How a numeric control's slider maps positions to values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// Evenly spaced values.
    Linear,
    /// Evenly spaced powers of ten (rates, factors spanning decades).
    Log,
}

/// The kind of a keyword argument: what a control edits and how its text is read.
///
/// Ranges are the *page's* slider ranges, not the library's rule: the reader enforces the
/// library's rule and the page shows the reader's message. Whether a number of the other type
/// is accepted (`2.0` for an int, `1` for a float) is [`Kwarg::strict`].
///
/// JSON (`anneal list --json`): an object with `"type"` (`int`, `float`, `bool`, `choice`,
/// `int_list`, `float_list`, `int_float_dict`, `schedulers`, `kwargs_list`, `text`,
/// `callable`) and the variant's fields (`min`, `max`, `scale`, `choices`, `of`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A Python `int`. Slider from `min` to `max`.
    Int {
        /// Leftmost slider value.
        min: i64,
        /// Rightmost slider value.
        max: i64,
    },
    /// A Python `float`. Slider from `min` to `max`.
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
    /// A Python callable (PyTorch CyclicLR `scale_fn`): Anneal accepts only its default
    /// `None`; never a control.
    Callable,
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        match *self {
            Kind::Int { min, max } => {
                m.serialize_entry("type", "int")?;
                m.serialize_entry("min", &min)?;
                m.serialize_entry("max", &max)?;
            }
            Kind::Float { min, max, scale } => {
                m.serialize_entry("type", "float")?;
                m.serialize_entry("min", &min)?;
                m.serialize_entry("max", &max)?;
                m.serialize_entry("scale", &scale)?;
            }
            Kind::Bool => m.serialize_entry("type", "bool")?,
            Kind::Choice(choices) => {
                m.serialize_entry("type", "choice")?;
                m.serialize_entry("choices", choices)?;
            }
            Kind::IntList => m.serialize_entry("type", "int_list")?,
            Kind::FloatList => m.serialize_entry("type", "float_list")?,
            Kind::IntFloatDict => m.serialize_entry("type", "int_float_dict")?,
            Kind::Schedulers => m.serialize_entry("type", "schedulers")?,
            Kind::KwargsList(of) => {
                m.serialize_entry("type", "kwargs_list")?;
                m.serialize_entry("of", of)?;
            }
            Kind::Text => m.serialize_entry("type", "text")?,
            Kind::Callable => m.serialize_entry("type", "callable")?,
        }
        m.end()
    }
}

/// One keyword argument of a scheduler, as the library names it.
///
/// Descriptions are written with the `const` builder: `Kwarg::new(name, kind, doc)` is a
/// required, controllable kwarg; [`Kwarg::with_default`], [`Kwarg::with_example`],
/// [`Kwarg::hidden`], [`Kwarg::strict`] and [`Kwarg::keyword_only`] refine it.
///
/// JSON (`anneal list --json`): `name`, `kind` (see [`Kind`]), `default` (a JSON value,
/// `null` for Python's `None`; absent when the kwarg is required), `example` (absent when
/// none), `doc`, `control`, `keyword_only`, `strict`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kwarg {
    /// The library's own name, e.g. `T_max`, `num_warmup_steps`, `init_value`.
    pub name: &'static str,
    /// What it is (see [`Kind`]).
    pub kind: Kind,
    /// The library's default as JSON (`"0.0"`, `"null"` for Python's `None`, `"\"cos\""`),
    /// spelled as the Python signature spells it (`0` and `0.0` are kept apart); `None` when
    /// the kwarg is required.
    pub default: Option<&'static str>,
    /// The value (JSON) the page and the default spec start with, when it differs from the
    /// library default: required kwargs always have one; an optional kwarg has one only
    /// where the library default would make a poor picture.
    pub example: Option<&'static str>,
    /// One line: what it means and its unit (steps vs epochs), as the library documents it.
    pub doc: &'static str,
    /// Whether the page shows a control for it. `false` for kwargs Anneal accepts only at
    /// their default (`last_epoch`, timm's noise) or that do not change the rates (`name`,
    /// timm's `t_in_epochs`, which the run's unit sets).
    pub control: bool,
    /// Keyword-only in the Python signature (after `*`): never filled positionally. (None of
    /// the 43 supported signatures has one today; the field keeps the parser honest.)
    pub keyword_only: bool,
    /// The reader is Python-strict about the number type: an [`Kind::Int`] rejects a float
    /// such as `2.0` (PyTorch's `isinstance(T_0, int)`, or Anneal's rule for PyTorch and
    /// transformers step counts), a [`Kind::Float`] rejects an int such as `1` (OneCycleLR's
    /// `isinstance(pct_start, float)`). `false` where the library only computes with the
    /// value, so `10` and `10.0` give the same rates (optax, Keras, timm step counts).
    pub strict: bool,
}

impl Kwarg {
    /// A required kwarg with a control, not keyword-only, not strict, no example.
    pub const fn new(name: &'static str, kind: Kind, doc: &'static str) -> Kwarg {
        Kwarg {
            name,
            kind,
            default: None,
            example: None,
            doc,
            control: true,
            keyword_only: false,
            strict: false,
        }
    }

    /// The same kwarg with the library default `json` (so it is optional).
    pub const fn with_default(self, json: &'static str) -> Kwarg {
        Kwarg {
            default: Some(json),
            ..self
        }
    }

    /// The same kwarg starting at `json` in the page and the default spec.
    pub const fn with_example(self, json: &'static str) -> Kwarg {
        Kwarg {
            example: Some(json),
            ..self
        }
    }

    /// The same kwarg without a control (accepted, shown in snippets only when set).
    pub const fn hidden(self) -> Kwarg {
        Kwarg {
            control: false,
            ..self
        }
    }

    /// The same kwarg, keyword-only in the Python signature.
    pub const fn keyword_only(self) -> Kwarg {
        Kwarg {
            keyword_only: true,
            ..self
        }
    }

    /// The same kwarg with a Python-strict number type (see [`Kwarg::strict`]).
    pub const fn strict(self) -> Kwarg {
        Kwarg {
            strict: true,
            ..self
        }
    }

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

impl Serialize for Kwarg {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("name", self.name)?;
        m.serialize_entry("kind", &self.kind)?;
        if let Some(d) = self.default_value() {
            m.serialize_entry("default", &d)?;
        }
        if let Some(e) = self.start_value() {
            m.serialize_entry("example", &e)?;
        }
        m.serialize_entry("doc", self.doc)?;
        m.serialize_entry("control", &self.control)?;
        m.serialize_entry("keyword_only", &self.keyword_only)?;
        m.serialize_entry("strict", &self.strict)?;
        m.end()
    }
}

/// The description of one scheduler (see the module docs).
///
/// JSON (`anneal list --json`): `path`, `library`, `doc`, `source`, `base_lr` (`required`,
/// `overwritten`, `unused`), `unit` (`epoch`, `step`), `run_length` (a kwarg name or `null`),
/// `optimizer_position` (an index or `null`) and `kwargs` (see [`Kwarg`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
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
    /// What `base_lr` means for it.
    pub base_lr: BaseLr,
    /// The usual stepping unit.
    pub unit: Unit,
    /// The kwarg that sets the schedule's natural length, if any (`T_max`, `total_steps`,
    /// `num_training_steps`, `decay_steps`, ...); [`natural_length`] computes the length.
    pub run_length: Option<&'static str>,
    /// Where the Python signature takes the optimizer: its 0-based positional index (0 for
    /// `StepLR(optimizer, step_size, ...)` and every factory `get_*(optimizer, ...)`, 1 for
    /// `ChainedScheduler(schedulers, optimizer=None)`); `None` for optax and Keras schedules,
    /// which take no optimizer. `kwargs` lists every other argument: the i-th positional
    /// argument of a Python call is `kwargs[i]`, or `kwargs[i - 1]` past the optimizer.
    pub optimizer_position: Option<usize>,
    /// The keyword arguments in the Python signature's order, without `optimizer`:
    /// positional arguments map onto this order (see `optimizer_position`).
    pub kwargs: &'static [Kwarg],
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
        // Inserted one by one: collecting into the map would sort the pairs with its own
        // instantiation of the std sort (wasm size, see `crate::sort`).
        let mut params = Map::new();
        for k in self.kwargs {
            if let Some(v) = k.start_value() {
                params.insert(k.name.to_string(), v);
            }
        }
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

/// Slider kinds, shared by the per-library files.
const fn int(min: i64, max: i64) -> Kind {
    Kind::Int { min, max }
}

const fn lin(min: f64, max: f64) -> Kind {
    Kind::Float {
        min,
        max,
        scale: Scale::Linear,
    }
}

const fn log(min: f64, max: f64) -> Kind {
    Kind::Float {
        min,
        max,
        scale: Scale::Log,
    }
}

/// An absolute learning rate that is usually a floor (`eta_min`, `lr_min`, `end_value`).
const FLOOR: Kind = log(1e-6, 10.0);
/// An absolute learning rate that is usually a peak (`max_lr`, `init_value`, `peak_value`).
const PEAK: Kind = log(1e-4, 10.0);
/// A count of epochs (PyTorch and timm, stepped per epoch).
const EPOCHS: Kind = int(1, 500);
/// A count of optimizer steps (transformers, optax, Keras, OneCycleLR, CyclicLR).
const STEPS: Kind = int(1, 10_000);
/// A warmup length or offset in optimizer steps (0 allowed).
const WARMUP_STEPS: Kind = int(0, 5_000);
/// A fraction in [0, 1] (ratios of the peak, percentages of a cycle, momenta).
const FRACTION: Kind = lin(0.0, 1.0);

/// `last_epoch=-1` (PyTorch schedulers and transformers factories): resuming is not
/// reproduced, so only the default is accepted.
const LAST_EPOCH: Kwarg = Kwarg::new(
    "last_epoch",
    int(-1, -1),
    "index of the last epoch (or step) when resuming; Anneal evaluates from the start (-1 only)",
)
.with_default("-1")
.hidden()
.strict();

/// A schedule that carries its values in its kwargs and takes no optimizer (optax, Keras):
/// stepped per optimizer step, `base_lr` unused.
const fn values_schedule(
    library: Library,
    source: &'static str,
    path: &'static str,
    doc: &'static str,
    kwargs: &'static [Kwarg],
    run_length: Option<&'static str>,
) -> Scheduler {
    Scheduler {
        path,
        library,
        doc,
        source,
        base_lr: BaseLr::Unused,
        unit: Unit::Step,
        run_length,
        optimizer_position: None,
        kwargs,
    }
}

/// Concatenates the per-library lists into one array (a `const fn`, so [`SCHEDULERS`] stays
/// plain static data).
const fn concat<const N: usize>(parts: [&[Scheduler]; 5]) -> [Scheduler; N] {
    let mut out = [parts[0][0]; N];
    let mut k = 0;
    let mut p = 0;
    while p < parts.len() {
        let part = parts[p];
        let mut i = 0;
        while i < part.len() {
            out[k] = part[i];
            k += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(k == N, "SCHEDULERS: wrong count");
    out
}

const PARTS: [&[Scheduler]; 5] = [
    torch::ALL,
    timm::ALL,
    transformers::ALL,
    optax::ALL,
    keras::ALL,
];

const COUNT: usize = torch::ALL.len()
    + timm::ALL.len()
    + transformers::ALL.len()
    + optax::ALL.len()
    + keras::ALL.len();

static ALL: [Scheduler; COUNT] = concat(PARTS);

/// Every supported scheduler, in `anneal list` order (library by library, in
/// [`Library::ALL`] order).
pub static SCHEDULERS: &[Scheduler] = &ALL;

/// The description of the scheduler at `path`.
pub fn find(path: &str) -> Option<&'static Scheduler> {
    SCHEDULERS.iter().find(|s| s.path == path)
}

/// The schedulers of one library, in registry order.
pub fn of_library(library: Library) -> impl Iterator<Item = &'static Scheduler> {
    SCHEDULERS.iter().filter(move |s| s.library == library)
}

/// The natural length of a spec's schedule, in its own steps (the unit it is stepped in):
/// the number of rates `t = 0..n-1` that shows the whole schedule once, derived from its
/// run-length kwarg ([`Scheduler::run_length`]). Where the rule gives a fraction (optax and
/// Keras step counts may be floats) it is rounded up.
///
/// `None` when the schedule has no natural end (it decays, cycles or holds forever), or when
/// a kwarg the rule needs is missing, not a number, negative or gives a length above
/// [`super::MAX_STEPS`] (the reader reports those). The rules:
///
/// - PyTorch: `CosineAnnealingLR` `T_max + 1` (the floor included);
///   `CosineAnnealingWarmRestarts` three cycles `T_0 (1 + T_mult + T_mult²)`; `LinearLR` and
///   `PolynomialLR` `total_iters + 1` (the end factor included); `OneCycleLR` `total_steps`,
///   else `epochs · steps_per_epoch` (the cycle; PyTorch raises one step after it);
///   `SequentialLR` its last milestone plus the natural length of its last sub-scheduler;
///   `ChainedScheduler` the longest natural length among its sub-schedulers. None for
///   `StepLR`, `MultiStepLR` (the rate holds after the last milestone, so there is no end to
///   show), `ExponentialLR`, `ConstantLR` (a warmup factor, not a schedule with an end),
///   `CyclicLR` (cycles forever) and `ReduceLROnPlateau` (its length is the training's).
/// - timm `CosineLRScheduler`: the cycle length of `get_cycle_length(cycle_limit)`
///   (`t_initial · cycle_limit`, or `floor(t_initial (cycle_mul^cycle_limit − 1)/(cycle_mul −
///   1))` when `cycle_mul ≠ 1`), plus `warmup_t` when `warmup_prefix`, plus 1 (the floor).
/// - transformers: `num_training_steps` for every factory that takes it;
///   `get_wsd_schedule` `num_warmup_steps + num_stable_steps + num_decay_steps` when
///   `num_stable_steps` is given (the library uses it over `num_training_steps`), else
///   `num_training_steps`. None for the constant ones and `get_inverse_sqrt_schedule`.
/// - optax: `cosine_decay_schedule` and `warmup_cosine_decay_schedule` `decay_steps + 1`;
///   `sgdr_schedule` the sum of its cycles' `decay_steps`; the onecycle schedules
///   `transition_steps`; `polynomial_schedule` and `linear_schedule` `transition_begin +
///   transition_steps + 1`. None for the constant, exponential and piecewise ones and
///   `warmup_constant_schedule`.
/// - Keras: `CosineDecay` `warmup_steps + decay_steps + 1`; `CosineDecayRestarts` three
///   cycles `first_decay_steps (1 + t_mul + t_mul²)`; `PolynomialDecay` `decay_steps + 1`.
///   None for `ExponentialDecay`, `InverseTimeDecay` and `PiecewiseConstantDecay`.
pub fn natural_length(spec: &ScheduleSpec) -> Option<u64> {
    let len = natural_len_f64(&spec.scheduler, &spec.params)?;
    let len = len.ceil();
    (len.is_finite() && len >= 1.0 && len <= super::MAX_STEPS as f64).then_some(len as u64)
}

/// [`natural_length`] before rounding, for a scheduler path and its kwargs.
fn natural_len_f64(path: &str, p: &Map<String, Value>) -> Option<f64> {
    // A non-negative number, or a kwarg's default when it is absent / null.
    let num = |k: &str| match p.get(k) {
        Some(v) if !v.is_null() => v.as_f64().filter(|x| x.is_finite() && *x >= 0.0),
        _ => find(path)?
            .kwarg(k)?
            .default_value()?
            .as_f64()
            .filter(|x| x.is_finite() && *x >= 0.0),
    };
    let flag = |k: &str| match p.get(k) {
        Some(Value::Bool(b)) => Some(*b),
        Some(v) if !v.is_null() => None,
        _ => find(path)?.kwarg(k)?.default_value()?.as_bool(),
    };
    let three_cycles = |first: f64, mult: f64| first * (1.0 + mult + mult * mult);
    let name = path.rsplit('.').next().unwrap_or(path);
    let library = find(path)?.library;
    let len = match (library, name) {
        (Library::Torch, "CosineAnnealingLR") => num("T_max")? + 1.0,
        (Library::Torch, "CosineAnnealingWarmRestarts") => {
            three_cycles(num("T_0")?, num("T_mult")?)
        }
        (Library::Torch, "LinearLR" | "PolynomialLR") => num("total_iters")? + 1.0,
        (Library::Torch, "OneCycleLR") => match num("total_steps") {
            Some(t) => t,
            None => num("epochs")? * num("steps_per_epoch")?,
        },
        (Library::Torch, "SequentialLR") => {
            let last_milestone = match p.get("milestones")? {
                Value::Array(m) => match m.last() {
                    Some(v) => v.as_f64().filter(|x| x.is_finite() && *x >= 0.0)?,
                    None => 0.0,
                },
                _ => return None,
            };
            let subs = sub_specs(p)?;
            let (sub_path, sub_params) = subs.last()?;
            last_milestone + natural_len_f64(sub_path, sub_params)?
        }
        (Library::Torch, "ChainedScheduler") => sub_specs(p)?
            .into_iter()
            .filter_map(|(sub_path, sub_params)| natural_len_f64(sub_path, sub_params))
            .reduce(f64::max)?,
        (Library::Timm, "CosineLRScheduler") => {
            let t_initial = num("t_initial")?;
            let cycle_mul = num("cycle_mul")?;
            let cycles = num("cycle_limit")?.max(1.0);
            let cycle = if cycle_mul == 1.0 {
                t_initial * cycles
            } else {
                (-t_initial * (crate::schedule::pymath::pow(cycle_mul, cycles) - 1.0)
                    / (1.0 - cycle_mul))
                    .floor()
            };
            let warmup = if flag("warmup_prefix")? {
                num("warmup_t")?
            } else {
                0.0
            };
            cycle + warmup + 1.0
        }
        (Library::Transformers, "get_wsd_schedule") => match num("num_stable_steps") {
            Some(s) => num("num_warmup_steps")? + s + num("num_decay_steps")?,
            None => num("num_training_steps")?,
        },
        (Library::Transformers, _) => num("num_training_steps")?,
        (Library::Optax, "cosine_decay_schedule" | "warmup_cosine_decay_schedule") => {
            num("decay_steps")? + 1.0
        }
        (Library::Optax, "sgdr_schedule") => match p.get("cosine_kwargs")? {
            Value::Array(cycles) if !cycles.is_empty() => cycles
                .iter()
                .map(|c| {
                    c.get("decay_steps")?
                        .as_f64()
                        .filter(|x| x.is_finite() && *x >= 0.0)
                })
                .sum::<Option<f64>>()?,
            _ => return None,
        },
        (Library::Optax, "cosine_onecycle_schedule" | "linear_onecycle_schedule") => {
            num("transition_steps")?
        }
        (Library::Optax, "polynomial_schedule" | "linear_schedule") => {
            num("transition_begin")? + num("transition_steps")? + 1.0
        }
        (Library::Keras, "CosineDecay") => num("warmup_steps")? + num("decay_steps")? + 1.0,
        (Library::Keras, "CosineDecayRestarts") => {
            three_cycles(num("first_decay_steps")?, num("t_mul")?)
        }
        (Library::Keras, "PolynomialDecay") => num("decay_steps")? + 1.0,
        _ => return None,
    };
    Some(len)
}

/// The `(scheduler, params)` pairs of a PyTorch composition's `schedulers` list; `None` when
/// the list is missing or an entry is not a `{"scheduler": ..., "params": {...}}` object.
fn sub_specs(p: &Map<String, Value>) -> Option<Vec<(&str, &Map<String, Value>)>> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    match p.get("schedulers")? {
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let path = item.get("scheduler")?.as_str()?;
                let params = match item.get("params") {
                    None | Some(Value::Null) => EMPTY.get_or_init(Map::new),
                    Some(Value::Object(m)) => m,
                    Some(_) => return None,
                };
                Some((path, params))
            })
            .collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(path: &str, params: Value) -> ScheduleSpec {
        ScheduleSpec {
            scheduler: path.into(),
            params: params.as_object().cloned().unwrap_or_default(),
            base_lr: Some(0.1),
            epochs: None,
            metrics: None,
        }
    }

    fn nat(path: &str, params: Value) -> Option<u64> {
        natural_length(&spec(path, params))
    }

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
        assert_eq!(SCHEDULERS.len(), 43);
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
        // Library by library, in Library::ALL order.
        let order: Vec<Library> = SCHEDULERS.iter().map(|s| s.library).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
    }

    #[test]
    fn kwargs_are_unique_and_examples_where_needed() {
        for s in SCHEDULERS {
            for (i, k) in s.kwargs.iter().enumerate() {
                assert!(
                    s.kwargs[..i].iter().all(|o| o.name != k.name),
                    "{}.{} twice",
                    s.path,
                    k.name
                );
                if k.required() {
                    assert!(
                        k.example.is_some(),
                        "{}.{} needs an example",
                        s.path,
                        k.name
                    );
                }
                if let (Some(d), Some(e)) = (k.default, k.example) {
                    assert_ne!(parse_const(d), parse_const(e), "{}.{}", s.path, k.name);
                }
                if let Kind::Int { min, max } = k.kind {
                    assert!(min <= max, "{}.{}", s.path, k.name);
                }
                if let Kind::Float { min, max, scale } = k.kind {
                    assert!(min < max, "{}.{}", s.path, k.name);
                    assert!(scale == Scale::Linear || min > 0.0, "{}.{}", s.path, k.name);
                }
            }
            if let Some(r) = s.run_length {
                assert!(s.kwarg(r).is_some(), "{}: run_length {r}", s.path);
            }
            assert_eq!(
                s.optimizer_position.is_none(),
                matches!(s.library, Library::Optax | Library::Keras),
                "{}",
                s.path
            );
        }
    }

    #[test]
    fn a_run_length_kwarg_exactly_where_there_is_a_natural_length() {
        for s in SCHEDULERS {
            let natural = natural_length(&s.default_spec());
            if s.run_length.is_none() {
                assert_eq!(natural, None, "{}", s.path);
            } else if s.kwargs.iter().all(|k| k.kind != Kind::Schedulers) {
                // A composition's length depends on its sub-schedulers (ChainedScheduler's
                // example has none); every other run-length kwarg gives one.
                assert!(natural.is_some(), "{}", s.path);
            }
        }
    }

    #[test]
    fn torch_natural_lengths() {
        let p = "torch.optim.lr_scheduler.";
        let cal = find(&format!("{p}CosineAnnealingLR"))
            .unwrap()
            .default_spec();
        assert_eq!(natural_length(&cal), Some(51));
        let cawr = find(&format!("{p}CosineAnnealingWarmRestarts"))
            .unwrap()
            .default_spec();
        assert_eq!(natural_length(&cawr), Some(10 + 20 + 40));
        // T_mult defaults to 1: three cycles of T_0.
        assert_eq!(
            nat(
                &format!("{p}CosineAnnealingWarmRestarts"),
                json!({"T_0": 7})
            ),
            Some(21)
        );
        assert_eq!(nat(&format!("{p}LinearLR"), json!({})), Some(6));
        assert_eq!(
            nat(&format!("{p}PolynomialLR"), json!({"total_iters": 40})),
            Some(41)
        );
        assert_eq!(
            nat(
                &format!("{p}OneCycleLR"),
                json!({"max_lr": 0.1, "total_steps": 1500})
            ),
            Some(1500)
        );
        assert_eq!(
            nat(
                &format!("{p}OneCycleLR"),
                json!({"max_lr": 0.1, "epochs": 10, "steps_per_epoch": 15})
            ),
            Some(150)
        );
        assert_eq!(
            nat(
                &format!("{p}OneCycleLR"),
                json!({"max_lr": 0.1, "epochs": 10})
            ),
            None
        );
        for none in [
            "StepLR",
            "MultiStepLR",
            "ExponentialLR",
            "ConstantLR",
            "CyclicLR",
            "ReduceLROnPlateau",
        ] {
            let s = find(&format!("{p}{none}")).unwrap();
            assert_eq!(natural_length(&s.default_spec()), None, "{none}");
        }
        assert_eq!(
            nat(&format!("{p}CosineAnnealingLR"), json!({"T_max": -3})),
            None
        );
        assert_eq!(
            nat(&format!("{p}CosineAnnealingLR"), json!({"T_max": "10"})),
            None
        );
        assert_eq!(nat(&format!("{p}CosineAnnealingLR"), json!({})), None);
    }

    #[test]
    fn compositions_follow_their_sub_schedulers() {
        let p = "torch.optim.lr_scheduler.";
        // Example: LinearLR for 5 epochs, then CosineAnnealingLR(T_max 45): 5 + 46.
        let seq = find(&format!("{p}SequentialLR")).unwrap().default_spec();
        assert_eq!(natural_length(&seq), Some(51));
        let seq = json!({"milestones": [10, 30], "schedulers": [
            {"scheduler": format!("{p}ConstantLR"), "params": {}},
            {"scheduler": format!("{p}CosineAnnealingLR"), "params": {"T_max": 5}},
            {"scheduler": format!("{p}CosineAnnealingWarmRestarts"), "params": {"T_0": 4, "T_mult": 2}}]});
        assert_eq!(nat(&format!("{p}SequentialLR"), seq), Some(30 + 4 + 8 + 16));
        // The last sub-scheduler has no end: neither has the sequence.
        let seq = json!({"milestones": [10], "schedulers": [
            {"scheduler": format!("{p}CosineAnnealingLR"), "params": {"T_max": 5}},
            {"scheduler": format!("{p}ExponentialLR"), "params": {"gamma": 0.9}}]});
        assert_eq!(nat(&format!("{p}SequentialLR"), seq), None);
        let chained = json!({"schedulers": [
            {"scheduler": format!("{p}CosineAnnealingLR"), "params": {"T_max": 20}},
            {"scheduler": format!("{p}ExponentialLR"), "params": {"gamma": 0.9}},
            {"scheduler": format!("{p}PolynomialLR"), "params": {"total_iters": 30}}]});
        assert_eq!(nat(&format!("{p}ChainedScheduler"), chained), Some(31));
        let chained = find(&format!("{p}ChainedScheduler"))
            .unwrap()
            .default_spec();
        assert_eq!(natural_length(&chained), None);
        assert_eq!(
            nat(&format!("{p}ChainedScheduler"), json!({"schedulers": 3})),
            None
        );
    }

    #[test]
    fn timm_natural_lengths() {
        let p = "timm.scheduler.CosineLRScheduler";
        assert_eq!(nat(p, json!({"t_initial": 50})), Some(51));
        assert_eq!(nat(p, json!({"t_initial": 10, "cycle_limit": 3})), Some(31));
        // cycle_mul 2, three cycles: floor(−10 (2³ − 1)/(1 − 2)) = 70.
        assert_eq!(
            nat(
                p,
                json!({"t_initial": 10, "cycle_mul": 2.0, "cycle_limit": 3})
            ),
            Some(71)
        );
        // The warmup counts only when it is a prefix.
        assert_eq!(nat(p, json!({"t_initial": 50, "warmup_t": 5})), Some(51));
        assert_eq!(
            nat(
                p,
                json!({"t_initial": 50, "warmup_t": 5, "warmup_prefix": true})
            ),
            Some(56)
        );
        assert_eq!(nat(p, json!({"t_initial": 50, "warmup_prefix": 1})), None);
    }

    #[test]
    fn transformers_natural_lengths() {
        let p = "transformers.optimization.";
        assert_eq!(
            nat(
                &format!("{p}get_cosine_schedule_with_warmup"),
                json!({"num_warmup_steps": 10, "num_training_steps": 900})
            ),
            Some(900)
        );
        let wsd = format!("{p}get_wsd_schedule");
        assert_eq!(
            nat(
                &wsd,
                json!({"num_warmup_steps": 10, "num_decay_steps": 20, "num_training_steps": 100})
            ),
            Some(100)
        );
        assert_eq!(
            nat(
                &wsd,
                json!({"num_warmup_steps": 10, "num_decay_steps": 20, "num_stable_steps": 30})
            ),
            Some(60)
        );
        // num_stable_steps wins over num_training_steps, as in the library.
        assert_eq!(
            nat(
                &wsd,
                json!({"num_warmup_steps": 10, "num_decay_steps": 20, "num_stable_steps": 30, "num_training_steps": 100})
            ),
            Some(60)
        );
        for none in [
            "get_constant_schedule",
            "get_constant_schedule_with_warmup",
            "get_inverse_sqrt_schedule",
        ] {
            let s = find(&format!("{p}{none}")).unwrap();
            assert_eq!(natural_length(&s.default_spec()), None, "{none}");
        }
    }

    #[test]
    fn optax_natural_lengths() {
        assert_eq!(
            nat(
                "optax.cosine_decay_schedule",
                json!({"init_value": 0.1, "decay_steps": 100})
            ),
            Some(101)
        );
        // A fractional count is rounded up.
        assert_eq!(
            nat(
                "optax.cosine_decay_schedule",
                json!({"init_value": 0.1, "decay_steps": 99.5})
            ),
            Some(101)
        );
        assert_eq!(
            nat(
                "optax.warmup_cosine_decay_schedule",
                json!({"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 10, "decay_steps": 100})
            ),
            Some(101)
        );
        let c = |d: u64| json!({"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 0, "decay_steps": d});
        assert_eq!(
            nat(
                "optax.sgdr_schedule",
                json!({"cosine_kwargs": [c(100), c(200)]})
            ),
            Some(300)
        );
        assert_eq!(
            nat("optax.sgdr_schedule", json!({"cosine_kwargs": []})),
            None
        );
        assert_eq!(
            nat(
                "optax.cosine_onecycle_schedule",
                json!({"transition_steps": 500, "peak_value": 0.1})
            ),
            Some(500)
        );
        assert_eq!(
            nat(
                "optax.linear_schedule",
                json!({"init_value": 0.1, "end_value": 0.0, "transition_steps": 100, "transition_begin": 20})
            ),
            Some(121)
        );
        assert_eq!(
            nat(
                "optax.polynomial_schedule",
                json!({"init_value": 0.1, "end_value": 0.0, "power": 2, "transition_steps": 100})
            ),
            Some(101)
        );
        for none in [
            "constant_schedule",
            "exponential_decay",
            "warmup_exponential_decay_schedule",
            "piecewise_constant_schedule",
            "piecewise_interpolate_schedule",
            "warmup_constant_schedule",
        ] {
            let s = find(&format!("optax.{none}")).unwrap();
            assert_eq!(natural_length(&s.default_spec()), None, "{none}");
        }
    }

    #[test]
    fn keras_natural_lengths() {
        let p = "keras.optimizers.schedules.";
        assert_eq!(
            nat(
                &format!("{p}CosineDecay"),
                json!({"initial_learning_rate": 0.1, "decay_steps": 100})
            ),
            Some(101)
        );
        assert_eq!(
            nat(
                &format!("{p}CosineDecay"),
                json!({"initial_learning_rate": 0.1, "decay_steps": 100, "warmup_steps": 10})
            ),
            Some(111)
        );
        // t_mul defaults to 2: 10 + 20 + 40.
        assert_eq!(
            nat(
                &format!("{p}CosineDecayRestarts"),
                json!({"initial_learning_rate": 0.1, "first_decay_steps": 10})
            ),
            Some(70)
        );
        assert_eq!(
            nat(
                &format!("{p}PolynomialDecay"),
                json!({"initial_learning_rate": 0.1, "decay_steps": 100})
            ),
            Some(101)
        );
        for none in [
            "ExponentialDecay",
            "InverseTimeDecay",
            "PiecewiseConstantDecay",
        ] {
            let s = find(&format!("{p}{none}")).unwrap();
            assert_eq!(natural_length(&s.default_spec()), None, "{none}");
        }
    }

    #[test]
    fn unknown_schedulers_have_no_length() {
        assert_eq!(
            nat("torch.optim.lr_scheduler.Nope", json!({"T_max": 3})),
            None
        );
    }

    #[test]
    fn json_shape() {
        let s = find("torch.optim.lr_scheduler.CosineAnnealingLR").unwrap();
        let v = serde_json::to_value(s).unwrap();
        assert_eq!(v["path"], "torch.optim.lr_scheduler.CosineAnnealingLR");
        assert_eq!(v["library"], "torch");
        assert_eq!(v["base_lr"], "required");
        assert_eq!(v["unit"], "epoch");
        assert_eq!(v["run_length"], "T_max");
        assert_eq!(v["optimizer_position"], 0);
        let t_max = &v["kwargs"][0];
        assert_eq!(t_max["name"], "T_max");
        assert_eq!(t_max["kind"], json!({"type": "int", "min": 1, "max": 500}));
        assert!(t_max.get("default").is_none(), "required: no default");
        assert_eq!(t_max["example"], 50);
        let eta_min = &v["kwargs"][1];
        assert_eq!(eta_min["default"], 0.0);
        assert_eq!(eta_min["kind"]["scale"], "log");
        let one_cycle =
            serde_json::to_value(find("torch.optim.lr_scheduler.OneCycleLR").unwrap()).unwrap();
        let strategy = one_cycle["kwargs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["name"] == "anneal_strategy")
            .unwrap();
        assert_eq!(
            strategy["kind"],
            json!({"type": "choice", "choices": ["cos", "linear"]})
        );
        assert_eq!(strategy["default"], "cos");
        let total_steps = &one_cycle["kwargs"][1];
        assert_eq!(total_steps["default"], Value::Null);
    }
}
