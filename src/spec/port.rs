//! Porting a schedule to another library (issue "Bring your own schedule", "Port"): [`port`]
//! finds the target library's nearest schedule and a verdict computed over the run, never
//! asserted.
//!
//! # How
//! A spec is read into a library-neutral *canonical* form ([`Canon`]: the learning rate as a
//! function of the step, with absolute values), then written back as each library's schedule
//! ([`EQUIVALENCES`] lists the families, their members and kwarg mappings, and the claimed
//! range of exactness). Both specs are evaluated through [`ScheduleSpec::evaluate`] over the
//! run and compared step by step:
//! - *identical* where `|a − b| ≤ 1e-12 · max(|a|, |b|)` or `|a − b| ≤ 1e-15 · peak` (f64
//!   round-off), or, where Keras is involved, `|a − b| ≤ 1e-6 · peak` (Keras computes in
//!   float32, tests/data/README.md "Precision"; the verdict says so);
//! - the verdict names the identical prefix and what happens after it (PyTorch's cosine is
//!   periodic and rises again, optax and Keras hold their floor, timm holds `lr_min` after
//!   `cycle_limit` cycles, transformers' cosine rises, hard restarts drop to 0, OneCycleLR
//!   extrapolates and then raises), or, when the two differ from the start, the nearest
//!   schedule, the largest difference in % of the peak and at which step, and why
//!   (SEMANTICS.md: ratio vs absolute floors, off-by-one peaks, warmup starting at 0 vs
//!   lr/warmup, hold vs rise after the end).
//!
//! Every claim ([`Ported::claim`]) is checked numerically by tests/port.rs against the
//! computed verdict, and against both libraries' golden values where they exist.

use serde_json::{json, Map, Value};

use super::describe::{self, Library};
use super::ScheduleSpec;
use crate::fmt::{py_repr, round_sig};
use crate::schedule::ScheduleError;

/// A family of schedules that more than one library has, its members and how exact the
/// correspondence is (the table of the closing note).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Equivalence {
    /// The family, e.g. "cosine decay (optional linear warmup)".
    pub family: &'static str,
    /// Each library's member(s) and the kwarg mapping onto the canonical parameters.
    pub members: &'static [(Library, &'static str)],
    /// The claimed range of exactness, in words.
    pub exact: &'static str,
}

/// The equivalence table. Canonical parameters: `P` peak (or initial) rate, `F` floor, `S`
/// warmup start, `W` warmup steps, `L` total steps to the floor (warmup included), `γ`
/// factor, `s` step size.
pub static EQUIVALENCES: &[Equivalence] = &[
    Equivalence {
        family: "cosine decay, optional linear warmup (and its limits: constant, warmup + constant)",
        members: &[
            (Library::Torch, "CosineAnnealingLR(T_max=L, eta_min=F), base_lr=P; with warmup SequentialLR([LinearLR(start_factor=S/P, total_iters=W), CosineAnnealingLR(T_max=L-W, eta_min=F)], milestones=[W]); constant ExponentialLR(gamma=1.0)"),
            (Library::Timm, "CosineLRScheduler(t_initial=L-W, lr_min=F, warmup_t=W, warmup_lr_init=S, warmup_prefix=True), base_lr=P"),
            (Library::Transformers, "get_cosine_schedule_with_warmup(W, L) (F=0, S=0) / get_cosine_with_min_lr_schedule_with_warmup(W, L, min_lr_rate=F/P); constant get_constant_schedule(_with_warmup)"),
            (Library::Optax, "cosine_decay_schedule(P, L, alpha=F/P) / warmup_cosine_decay_schedule(S, P, W, L, end_value=F); constant(_with_warmup) constant_schedule / warmup_constant_schedule"),
            (Library::Keras, "CosineDecay(P, L, alpha=F/P) / CosineDecay(S, L-W, alpha=F/P, warmup_target=P, warmup_steps=W); constant ExponentialDecay(P, 1, 1.0)"),
        ],
        exact: "identical for t ≤ L (float32 rounding for Keras); after L PyTorch and transformers rise again (periodic cosine), optax, Keras and timm hold F; PyTorch's LinearLR cannot start at 0 (start_factor > 0) and transformers' warmup always starts at 0",
    },
    Equivalence {
        family: "cosine with warm restarts (SGDR)",
        members: &[
            (Library::Torch, "CosineAnnealingWarmRestarts(T_0, T_mult, eta_min=F), base_lr=P (no peak decay, integer T_mult)"),
            (Library::Timm, "CosineLRScheduler(t_initial=T_0, cycle_mul=T_mult, lr_min=F, cycle_decay=d, cycle_limit=cycles in the run)"),
            (Library::Transformers, "get_cosine_with_hard_restarts_schedule_with_warmup(0, k·T_0, num_cycles=k) (T_mult=1, F=0)"),
            (Library::Optax, "sgdr_schedule([{init_value: P·d^i, peak_value: P·d^i, warmup_steps: 0, decay_steps: T_0·T_mult^i, end_value: F} for each cycle in the run])"),
            (Library::Keras, "CosineDecayRestarts(P, T_0, t_mul=T_mult, m_mul=d, alpha=F/P) (m_mul decays only the part above alpha: exact for d=1 or F=0)"),
        ],
        exact: "identical over the run (float32 rounding for Keras); timm, optax and transformers end after the cycles they were given (timm and optax hold F, transformers drops to 0)",
    },
    Equivalence {
        family: "step / exponential decay",
        members: &[
            (Library::Torch, "StepLR(step_size=s, gamma=γ) / ExponentialLR(gamma=γ) (s=1)"),
            (Library::Optax, "exponential_decay(P, transition_steps=s, decay_rate=γ, staircase=True) (s=1: staircase=False)"),
            (Library::Keras, "ExponentialDecay(P, decay_steps=s, decay_rate=γ, staircase=True)"),
        ],
        exact: "identical over the run (float32 rounding for Keras; PyTorch multiplies step by step, so its rounding grows by about one ulp per decay)",
    },
    Equivalence {
        family: "multi-step (piecewise constant)",
        members: &[
            (Library::Torch, "MultiStepLR(milestones=[m...], gamma=γ)"),
            (Library::Optax, "piecewise_constant_schedule(P, boundaries_and_scales={m: γ^count(m)})"),
            (Library::Keras, "PiecewiseConstantDecay(boundaries=[m-1 ...], values=[P, Pγ, Pγ², ...]) (Keras changes one step after its boundary)"),
        ],
        exact: "identical over the run (float32 rounding for Keras)",
    },
    Equivalence {
        family: "polynomial / linear decay",
        members: &[
            (Library::Torch, "LinearLR(start_factor=A/P, end_factor=B/P, total_iters=L) (power 1) / PolynomialLR(total_iters=L, power=p) (B=0)"),
            (Library::Transformers, "get_polynomial_decay_schedule_with_warmup(0, L, lr_end=B, power=p) / get_linear_schedule_with_warmup(0, L) (B=0, p=1)"),
            (Library::Optax, "polynomial_schedule(A, B, p, L) / linear_schedule(A, B, L)"),
            (Library::Keras, "PolynomialDecay(A, L, end_learning_rate=B, power=p)"),
        ],
        exact: "identical over the run (float32 rounding for Keras): every member holds B after L",
    },
    Equivalence {
        family: "one-cycle (two-phase cosine)",
        members: &[
            (Library::Torch, "OneCycleLR(max_lr=P, total_steps=N, pct_start=p, div_factor, final_div_factor): peak at step p·N-1, end at N-1"),
            (Library::Optax, "cosine_onecycle_schedule(transition_steps=N-1, peak_value=P, pct_start=(p·N-1+0.5)/(N-1), div_factor, final_div_factor): peak at int(pct_start·transition_steps)"),
        ],
        exact: "identical for t ≤ N-1 when p·N is a whole number (same kwargs would put optax's peak one step later); at t = N PyTorch extrapolates, beyond it raises; optax holds",
    },
    Equivalence {
        family: "warmup-stable-decay",
        members: &[
            (Library::Transformers, "get_wsd_schedule(W, D, N, min_lr_ratio=r) (linear warmup; cosine or linear decay)"),
            (Library::Torch, "SequentialLR([LinearLR(start_factor=r, total_iters=W), ConstantLR(factor=1.0, total_iters=S), CosineAnnealingLR(T_max=D, eta_min=r·P) or LinearLR(1.0, r, D)], milestones=[W, W+S])"),
        ],
        exact: "identical for t ≤ W+S+D when r > 0 (PyTorch's LinearLR cannot start at 0); after that PyTorch's cosine rises again, transformers holds r·P",
    },
];

/// A library-neutral schedule: the rate as a function of the step `t`, with absolute values.
#[derive(Debug, Clone, PartialEq)]
pub enum Canon {
    /// Linear warmup from `start` to `peak` over `warmup` steps, then a half cosine from
    /// `peak` to `floor`, reaching it at `total` (warmup included). `floor == peak` is a
    /// (warmup then) constant rate.
    Cosine {
        /// Warmup start (`peak` without warmup).
        start: f64,
        /// Peak.
        peak: f64,
        /// Warmup steps (0 for none).
        warmup: f64,
        /// Steps to the floor, warmup included.
        total: f64,
        /// Floor.
        floor: f64,
    },
    /// SGDR: cycles of `first · mult^i` steps, each a cosine from `peak · decay^i` towards
    /// `floor` (never reached with integer steps).
    Restarts {
        /// Peak of the first cycle.
        peak: f64,
        /// Floor (absolute, not decayed).
        floor: f64,
        /// Length of the first cycle.
        first: f64,
        /// Growth of the cycle length.
        mult: f64,
        /// Peak decay per cycle.
        decay: f64,
        /// Where the source's restarts end (timm's `cycle_limit`, optax's listed cycles,
        /// transformers' `num_training_steps`); `None` when they go on forever.
        until: Option<f64>,
    },
    /// `lr · gamma^(t / every)`, floored when `staircase`.
    Step {
        /// Initial rate.
        lr: f64,
        /// Steps per decay.
        every: f64,
        /// Factor per decay.
        gamma: f64,
        /// Decay in whole steps of `every`.
        staircase: bool,
    },
    /// `lr · gamma^(number of milestones ≤ t)` (a milestone may repeat).
    MultiStep {
        /// Initial rate.
        lr: f64,
        /// Sorted milestones.
        milestones: Vec<i64>,
        /// Factor per milestone.
        gamma: f64,
    },
    /// `(from − to) · (1 − t/length)^power + to`, held at `to` after `length`.
    Polynomial {
        /// Rate at t = 0.
        from: f64,
        /// Rate at and after `length`.
        to: f64,
        /// Steps to `to`.
        length: f64,
        /// Power (1 = linear).
        power: f64,
    },
    /// Two cosine phases: `init → peak` over `[0, peak_at]`, `peak → end` over
    /// `[peak_at, end_at]`.
    OneCycle {
        /// Rate at t = 0.
        init: f64,
        /// Peak.
        peak: f64,
        /// Final rate.
        end: f64,
        /// Step of the peak.
        peak_at: f64,
        /// Step of the final rate.
        end_at: f64,
    },
    /// Warmup from `ratio · peak` to `peak` over `warmup`, `stable` steps at `peak`, then a
    /// cosine (or linear) decay to `ratio · peak` over `decay` steps.
    Wsd {
        /// Peak.
        peak: f64,
        /// Warmup steps.
        warmup: f64,
        /// Stable steps.
        stable: f64,
        /// Decay steps.
        decay: f64,
        /// Floor and warmup start as a ratio of the peak.
        ratio: f64,
        /// Cosine decay (else linear).
        cosine: bool,
    },
}

/// A port: the target spec, its verdict and the table's claim for this pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Ported {
    /// The target library's nearest schedule.
    pub spec: ScheduleSpec,
    /// The verdict computed over the run.
    pub verdict: Verdict,
    /// What the equivalence table claims for this pair.
    pub claim: Claim,
}

/// What the table claims for a source/target pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claim {
    /// The claimed identical range is `t ≤ through` (`None`: the whole run); meaningful only
    /// when `exact`.
    pub through: Option<f64>,
    /// Whether the target is claimed identical (over `through`); `false` for a nearest
    /// schedule with a known difference.
    pub exact: bool,
    /// Whether the two are claimed to differ after `through` (a different behaviour after
    /// the end), when the run goes beyond it.
    pub differ_after: bool,
}

/// The verdict: how the two schedules compare over the run, measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The sentence for the page and the CLI.
    pub text: String,
    /// The number of steps compared.
    pub n: usize,
    /// The last step of the identical prefix (`None` when t = 0 already differs).
    pub identical_through: Option<usize>,
    /// The largest relative difference over the identical prefix.
    pub max_relative: f64,
    /// The largest absolute difference over the run, in % of the run's peak rate, and where.
    pub max_percent: (f64, usize),
    /// Whether Keras is involved (float32 tolerance).
    pub float32: bool,
}

/// Why a port is impossible.
#[derive(Debug, Clone, PartialEq)]
pub enum PortError {
    /// The source spec is invalid (its reader's error).
    BadSpec(ScheduleError),
    /// The target library has no schedule of this family at all (`anneal port` exits 3).
    NoFamily {
        /// What the source is.
        family: String,
        /// The target library.
        target: Library,
    },
}

impl std::fmt::Display for PortError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortError::BadSpec(e) => write!(f, "{e}"),
            PortError::NoFamily { family, target } => {
                write!(
                    f,
                    "{} has no schedule of this family ({family})",
                    target.title()
                )
            }
        }
    }
}

impl std::error::Error for PortError {}

/// A kwarg as f64, or its description's default.
fn num(spec: &ScheduleSpec, name: &str) -> Option<f64> {
    spec.params
        .get(name)
        .filter(|v| !v.is_null())
        .cloned()
        .or_else(|| {
            describe::find(&spec.scheduler)
                .and_then(|d| d.kwarg(name))
                .and_then(|k| k.default_value())
        })
        .and_then(|v| v.as_f64())
}

fn boolean(spec: &ScheduleSpec, name: &str) -> Option<bool> {
    spec.params
        .get(name)
        .cloned()
        .or_else(|| {
            describe::find(&spec.scheduler)
                .and_then(|d| d.kwarg(name))
                .and_then(|k| k.default_value())
        })
        .and_then(|v| v.as_bool())
}

fn text(spec: &ScheduleSpec, name: &str) -> Option<String> {
    spec.params
        .get(name)
        .cloned()
        .or_else(|| {
            describe::find(&spec.scheduler)
                .and_then(|d| d.kwarg(name))
                .and_then(|k| k.default_value())
        })
        .and_then(|v| v.as_str().map(str::to_string))
}

/// A read: the canonical form, and what it leaves out (a note that makes every port of it
/// approximate).
struct Read {
    canon: Canon,
    note: Option<String>,
}

fn read(spec: &ScheduleSpec) -> Result<Read, String> {
    let name = describe::find(&spec.scheduler).map_or("", |d| d.name());
    let p = spec.base_lr.unwrap_or(f64::NAN);
    let exact = |canon| Ok(Read { canon, note: None });
    let family_err = || format!("{name} has no equivalent in Anneal's table");
    match spec.scheduler.as_str() {
        "torch.optim.lr_scheduler.CosineAnnealingLR" => exact(Canon::Cosine {
            start: p,
            peak: p,
            warmup: 0.0,
            total: num(spec, "T_max").ok_or_else(family_err)?,
            floor: num(spec, "eta_min").unwrap_or(0.0),
        }),
        "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts" => exact(Canon::Restarts {
            peak: p,
            floor: num(spec, "eta_min").unwrap_or(0.0),
            first: num(spec, "T_0").ok_or_else(family_err)?,
            mult: num(spec, "T_mult").unwrap_or(1.0),
            decay: 1.0,
            until: None,
        }),
        "torch.optim.lr_scheduler.StepLR" => exact(Canon::Step {
            lr: p,
            every: num(spec, "step_size").ok_or_else(family_err)?,
            gamma: num(spec, "gamma").unwrap_or(0.1),
            staircase: true,
        }),
        "torch.optim.lr_scheduler.ExponentialLR" => exact(Canon::Step {
            lr: p,
            every: 1.0,
            gamma: num(spec, "gamma").ok_or_else(family_err)?,
            staircase: true,
        }),
        "torch.optim.lr_scheduler.MultiStepLR" => {
            let mut milestones: Vec<i64> = spec.params["milestones"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_i64).collect())
                .unwrap_or_default();
            crate::sort::sort_by_key(&mut milestones, |m| *m);
            exact(Canon::MultiStep {
                lr: p,
                milestones,
                gamma: num(spec, "gamma").unwrap_or(0.1),
            })
        }
        "torch.optim.lr_scheduler.LinearLR" => exact(Canon::Polynomial {
            from: p * num(spec, "start_factor").unwrap_or(1.0 / 3.0),
            to: p * num(spec, "end_factor").unwrap_or(1.0),
            length: num(spec, "total_iters").unwrap_or(5.0),
            power: 1.0,
        }),
        "torch.optim.lr_scheduler.PolynomialLR" => exact(Canon::Polynomial {
            from: p,
            to: 0.0,
            length: num(spec, "total_iters").unwrap_or(5.0),
            power: num(spec, "power").unwrap_or(1.0),
        }),
        "torch.optim.lr_scheduler.OneCycleLR" => {
            let max_lr = num(spec, "max_lr").ok_or_else(family_err)?;
            let total = match num(spec, "total_steps") {
                Some(t) => t,
                None => {
                    num(spec, "epochs").unwrap_or(f64::NAN)
                        * num(spec, "steps_per_epoch").unwrap_or(f64::NAN)
                }
            };
            let div = num(spec, "div_factor").unwrap_or(25.0);
            let fdiv = num(spec, "final_div_factor").unwrap_or(1e4);
            let pct = num(spec, "pct_start").unwrap_or(0.3);
            let note = if boolean(spec, "three_phase") == Some(true) {
                Some("three_phase=True: the third phase has no equivalent".to_string())
            } else if text(spec, "anneal_strategy").as_deref() == Some("linear") {
                Some("anneal_strategy='linear': the nearest is a cosine one-cycle".to_string())
            } else {
                None
            };
            Ok(Read {
                canon: Canon::OneCycle {
                    init: max_lr / div,
                    peak: max_lr,
                    end: max_lr / div / fdiv,
                    peak_at: pct * total - 1.0,
                    end_at: total - 1.0,
                },
                note,
            })
        }
        "torch.optim.lr_scheduler.SequentialLR" => read_sequential(spec, p).ok_or_else(family_err),
        "timm.scheduler.CosineLRScheduler" => {
            let t_initial = num(spec, "t_initial").ok_or_else(family_err)?;
            let lr_min = num(spec, "lr_min").unwrap_or(0.0);
            let cycle_limit = num(spec, "cycle_limit").unwrap_or(1.0);
            let cycle_mul = num(spec, "cycle_mul").unwrap_or(1.0);
            let cycle_decay = num(spec, "cycle_decay").unwrap_or(1.0);
            let warmup = num(spec, "warmup_t").unwrap_or(0.0);
            let warmup_init = num(spec, "warmup_lr_init").unwrap_or(0.0);
            let prefix = boolean(spec, "warmup_prefix").unwrap_or(false);
            let mut notes = Vec::new();
            if num(spec, "k_decay").unwrap_or(1.0) != 1.0 {
                notes.push("k_decay reshapes timm's cosine; no other library has it");
            }
            if warmup > 0.0 && !prefix {
                notes.push("warmup_prefix=False: timm's cosine clock includes the warmup, so the peak is never reached");
            }
            let canon = if cycle_limit > 1.0 && warmup == 0.0 {
                Canon::Restarts {
                    peak: p,
                    floor: lr_min,
                    first: t_initial,
                    mult: cycle_mul,
                    decay: cycle_decay,
                    until: Some(cycles_length(t_initial, cycle_mul, cycle_limit)),
                }
            } else {
                if cycle_limit > 1.0 {
                    notes.push("restarts after a warmup: only the first cycle is ported");
                }
                Canon::Cosine {
                    start: if warmup > 0.0 { warmup_init } else { p },
                    peak: p,
                    warmup,
                    total: t_initial + warmup,
                    floor: lr_min,
                }
            };
            Ok(Read {
                canon,
                note: (!notes.is_empty()).then(|| notes.join("; ")),
            })
        }
        "transformers.optimization.get_constant_schedule" => exact(Canon::Cosine {
            start: p,
            peak: p,
            warmup: 0.0,
            total: 1.0,
            floor: p,
        }),
        "transformers.optimization.get_constant_schedule_with_warmup" => {
            let w = num(spec, "num_warmup_steps").ok_or_else(family_err)?;
            exact(Canon::Cosine {
                start: if w > 0.0 { 0.0 } else { p },
                peak: p,
                warmup: w,
                total: w + 1.0,
                floor: p,
            })
        }
        "transformers.optimization.get_cosine_schedule_with_warmup"
        | "transformers.optimization.get_cosine_with_min_lr_schedule_with_warmup" => {
            let w = num(spec, "num_warmup_steps").ok_or_else(family_err)?;
            let n = num(spec, "num_training_steps").ok_or_else(family_err)?;
            let rate = match (num(spec, "min_lr"), num(spec, "min_lr_rate")) {
                (Some(m), _) if p != 0.0 => m / p,
                (_, Some(r)) => r,
                _ => 0.0,
            };
            let cycles = num(spec, "num_cycles").unwrap_or(0.5);
            Ok(Read {
                canon: Canon::Cosine {
                    start: if w > 0.0 { 0.0 } else { p },
                    peak: p,
                    warmup: w,
                    total: n,
                    floor: rate * p,
                },
                note: (cycles != 0.5).then(|| {
                    format!(
                        "num_cycles={}: the nearest is one half-cosine",
                        py_repr(cycles)
                    )
                }),
            })
        }
        "transformers.optimization.get_cosine_with_hard_restarts_schedule_with_warmup" => {
            let w = num(spec, "num_warmup_steps").ok_or_else(family_err)?;
            let n = num(spec, "num_training_steps").ok_or_else(family_err)?;
            let k = num(spec, "num_cycles").unwrap_or(1.0);
            Ok(Read {
                canon: Canon::Restarts {
                    peak: p,
                    floor: 0.0,
                    first: (n - w) / k,
                    mult: 1.0,
                    decay: 1.0,
                    until: Some(n),
                },
                note: (w > 0.0)
                    .then(|| "the warmup before the restarts has no equivalent".to_string()),
            })
        }
        "transformers.optimization.get_linear_schedule_with_warmup"
        | "transformers.optimization.get_polynomial_decay_schedule_with_warmup" => {
            let w = num(spec, "num_warmup_steps").ok_or_else(family_err)?;
            let n = num(spec, "num_training_steps").ok_or_else(family_err)?;
            let linear = spec.scheduler.ends_with("get_linear_schedule_with_warmup");
            Ok(Read {
                canon: Canon::Polynomial {
                    from: p,
                    to: if linear {
                        0.0
                    } else {
                        num(spec, "lr_end").unwrap_or(1e-7)
                    },
                    length: n,
                    power: if linear {
                        1.0
                    } else {
                        num(spec, "power").unwrap_or(1.0)
                    },
                },
                note: (w > 0.0)
                    .then(|| "the warmup before the decay has no equivalent".to_string()),
            })
        }
        "transformers.optimization.get_wsd_schedule" => {
            let w = num(spec, "num_warmup_steps").ok_or_else(family_err)?;
            let d = num(spec, "num_decay_steps").ok_or_else(family_err)?;
            let stable = match (
                num(spec, "num_stable_steps"),
                num(spec, "num_training_steps"),
            ) {
                (Some(s), _) => s,
                (None, Some(n)) => n - w - d,
                _ => return Err(family_err()),
            };
            let decay_type = text(spec, "decay_type").unwrap_or_else(|| "cosine".into());
            let mut notes = Vec::new();
            if text(spec, "warmup_type").as_deref().unwrap_or("linear") != "linear" {
                notes.push("a non-linear warmup: the nearest is linear".to_string());
            }
            if decay_type == "1-sqrt" {
                notes.push("the 1-sqrt decay: the nearest is a cosine".to_string());
            }
            if num(spec, "num_cycles").unwrap_or(0.5) != 0.5 {
                notes.push("num_cycles ≠ 0.5: the nearest is one half-cosine".to_string());
            }
            Ok(Read {
                canon: Canon::Wsd {
                    peak: p,
                    warmup: w,
                    stable,
                    decay: d,
                    ratio: num(spec, "min_lr_ratio").unwrap_or(0.0),
                    cosine: decay_type != "linear",
                },
                note: (!notes.is_empty()).then(|| notes.join("; ")),
            })
        }
        "optax.constant_schedule" => {
            let v = num(spec, "value").ok_or_else(family_err)?;
            exact(Canon::Cosine {
                start: v,
                peak: v,
                warmup: 0.0,
                total: 1.0,
                floor: v,
            })
        }
        "optax.warmup_constant_schedule" => {
            let (s, pk, w) = (
                num(spec, "init_value").ok_or_else(family_err)?,
                num(spec, "peak_value").ok_or_else(family_err)?,
                num(spec, "warmup_steps").ok_or_else(family_err)?,
            );
            exact(Canon::Cosine {
                start: s,
                peak: pk,
                warmup: w,
                total: w + 1.0,
                floor: pk,
            })
        }
        "optax.cosine_decay_schedule" => {
            let v = num(spec, "init_value").ok_or_else(family_err)?;
            let exponent = num(spec, "exponent").unwrap_or(1.0);
            Ok(Read {
                canon: Canon::Cosine {
                    start: v,
                    peak: v,
                    warmup: 0.0,
                    total: num(spec, "decay_steps").ok_or_else(family_err)?,
                    floor: num(spec, "alpha").unwrap_or(0.0) * v,
                },
                note: (exponent != 1.0).then(|| {
                    format!(
                        "exponent={}: no other library warps the cosine",
                        py_repr(exponent)
                    )
                }),
            })
        }
        "optax.warmup_cosine_decay_schedule" => {
            let exponent = num(spec, "exponent").unwrap_or(1.0);
            Ok(Read {
                canon: Canon::Cosine {
                    start: num(spec, "init_value").ok_or_else(family_err)?,
                    peak: num(spec, "peak_value").ok_or_else(family_err)?,
                    warmup: num(spec, "warmup_steps").ok_or_else(family_err)?,
                    total: num(spec, "decay_steps").ok_or_else(family_err)?,
                    floor: num(spec, "end_value").unwrap_or(0.0),
                },
                note: (exponent != 1.0).then(|| {
                    format!(
                        "exponent={}: no other library warps the cosine",
                        py_repr(exponent)
                    )
                }),
            })
        }
        "optax.sgdr_schedule" => read_sgdr(spec).ok_or_else(family_err),
        "optax.exponential_decay" => {
            let note = if num(spec, "transition_begin").unwrap_or(0.0) != 0.0
                || num(spec, "end_value").is_some()
            {
                Some("transition_begin / end_value have no equivalent".to_string())
            } else {
                None
            };
            Ok(Read {
                canon: Canon::Step {
                    lr: num(spec, "init_value").ok_or_else(family_err)?,
                    every: num(spec, "transition_steps").ok_or_else(family_err)?,
                    gamma: num(spec, "decay_rate").ok_or_else(family_err)?,
                    staircase: boolean(spec, "staircase").unwrap_or(false),
                },
                note,
            })
        }
        "optax.piecewise_constant_schedule" => {
            let lr = num(spec, "init_value").ok_or_else(family_err)?;
            let scales: Vec<(i64, f64)> = spec.params["boundaries_and_scales"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.parse().ok()?, v.as_f64()?)))
                        .collect()
                })
                .unwrap_or_default();
            // One common factor: milestones repeat where a scale is a power of it.
            let gamma = scales.first().map_or(1.0, |s| s.1);
            let mut milestones = Vec::new();
            let mut note = None;
            for (b, s) in &scales {
                let k = (s.ln() / gamma.ln()).round();
                if k >= 1.0 && (gamma.powi(k as i32) - s).abs() <= 1e-12 * s.abs() {
                    milestones.extend(std::iter::repeat_n(*b, k as usize));
                } else {
                    note = Some(
                        "scales that are not powers of one factor: the nearest uses the first"
                            .to_string(),
                    );
                    milestones.push(*b);
                }
            }
            crate::sort::sort_by_key(&mut milestones, |m| *m);
            Ok(Read {
                canon: Canon::MultiStep {
                    lr,
                    milestones,
                    gamma,
                },
                note,
            })
        }
        "optax.polynomial_schedule" | "optax.linear_schedule" => Ok(Read {
            canon: Canon::Polynomial {
                from: num(spec, "init_value").ok_or_else(family_err)?,
                to: num(spec, "end_value").ok_or_else(family_err)?,
                length: num(spec, "transition_steps").ok_or_else(family_err)?,
                power: if spec.scheduler == "optax.linear_schedule" {
                    1.0
                } else {
                    num(spec, "power").ok_or_else(family_err)?
                },
            },
            note: (num(spec, "transition_begin").unwrap_or(0.0) != 0.0)
                .then(|| "transition_begin has no equivalent".to_string()),
        }),
        "optax.cosine_onecycle_schedule" => {
            let n = num(spec, "transition_steps").ok_or_else(family_err)?;
            let peak = num(spec, "peak_value").ok_or_else(family_err)?;
            let pct = num(spec, "pct_start").unwrap_or(0.3);
            let div = num(spec, "div_factor").unwrap_or(25.0);
            let fdiv = num(spec, "final_div_factor").unwrap_or(1e4);
            exact(Canon::OneCycle {
                init: peak / div,
                peak,
                end: peak / (div * fdiv),
                peak_at: (pct * n).trunc(),
                end_at: n.trunc(),
            })
        }
        "keras.optimizers.schedules.CosineDecay" => {
            let init = num(spec, "initial_learning_rate").ok_or_else(family_err)?;
            let decay = num(spec, "decay_steps").ok_or_else(family_err)?;
            let alpha = num(spec, "alpha").unwrap_or(0.0);
            let w = num(spec, "warmup_steps").unwrap_or(0.0);
            exact(match num(spec, "warmup_target") {
                Some(target) => Canon::Cosine {
                    start: init,
                    peak: target,
                    warmup: w,
                    total: w + decay,
                    floor: alpha * target,
                },
                None => Canon::Cosine {
                    start: init,
                    peak: init,
                    warmup: 0.0,
                    total: decay,
                    floor: alpha * init,
                },
            })
        }
        "keras.optimizers.schedules.CosineDecayRestarts" => {
            let init = num(spec, "initial_learning_rate").ok_or_else(family_err)?;
            let alpha = num(spec, "alpha").unwrap_or(0.0);
            let m_mul = num(spec, "m_mul").unwrap_or(1.0);
            Ok(Read {
                canon: Canon::Restarts {
                    peak: init,
                    floor: alpha * init,
                    first: num(spec, "first_decay_steps").ok_or_else(family_err)?,
                    mult: num(spec, "t_mul").unwrap_or(2.0),
                    decay: m_mul,
                    until: None,
                },
                note: (m_mul != 1.0 && alpha != 0.0).then(|| "m_mul decays only the part above alpha (the floor stays): the others decay the peak".to_string()),
            })
        }
        "keras.optimizers.schedules.ExponentialDecay" => Ok(Read {
            canon: Canon::Step {
                lr: num(spec, "initial_learning_rate").ok_or_else(family_err)?,
                every: num(spec, "decay_steps").ok_or_else(family_err)?,
                gamma: num(spec, "decay_rate").ok_or_else(family_err)?,
                staircase: boolean(spec, "staircase").unwrap_or(false),
            },
            note: None,
        }),
        "keras.optimizers.schedules.PiecewiseConstantDecay" => {
            let b: Vec<f64> = spec.params["boundaries"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default();
            let v: Vec<f64> = spec.params["values"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default();
            let lr = v.first().copied().ok_or_else(family_err)?;
            let gamma = if v.len() > 1 && lr != 0.0 {
                v[1] / lr
            } else {
                1.0
            };
            // Keras keeps values[i] while step <= boundary: the drop is at boundary + 1.
            let milestones: Vec<i64> = b.iter().map(|x| x.floor() as i64 + 1).collect();
            let geometric = v.iter().enumerate().all(|(i, x)| {
                (lr * gamma.powi(i as i32) - x).abs() <= 1e-12 * x.abs().max(lr.abs())
            });
            Ok(Read {
                canon: Canon::MultiStep {
                    lr,
                    milestones,
                    gamma,
                },
                note: (!geometric).then(|| {
                    "values that are not a geometric sequence: the nearest uses the first ratio"
                        .to_string()
                }),
            })
        }
        "keras.optimizers.schedules.PolynomialDecay" => Ok(Read {
            canon: Canon::Polynomial {
                from: num(spec, "initial_learning_rate").ok_or_else(family_err)?,
                to: num(spec, "end_learning_rate").unwrap_or(1e-4),
                length: num(spec, "decay_steps").ok_or_else(family_err)?,
                power: num(spec, "power").unwrap_or(1.0),
            },
            note: (boolean(spec, "cycle") == Some(true))
                .then(|| "cycle=True has no equivalent".to_string()),
        }),
        _ => Err(family_err()),
    }
}

/// The length of `count` cycles of timm's restarts (`get_cycle_length`, exact for integer
/// multipliers).
fn cycles_length(first: f64, mult: f64, count: f64) -> f64 {
    let count = count.clamp(0.0, 1e6);
    if mult == 1.0 {
        first * count
    } else {
        (0..count as i32).map(|i| first * mult.powi(i)).sum()
    }
}

/// `SequentialLR([LinearLR(start_factor, 1.0, W), CosineAnnealingLR(T_max, eta_min)],
/// milestones=[W])`: linear warmup then cosine.
fn read_sequential(spec: &ScheduleSpec, p: f64) -> Option<Read> {
    let subs = spec.params.get("schedulers")?.as_array()?;
    let milestones = spec.params.get("milestones")?.as_array()?;
    let [warm, cos] = subs.as_slice() else {
        return None;
    };
    let sub = |v: &Value| -> Option<ScheduleSpec> {
        Some(ScheduleSpec {
            scheduler: v.get("scheduler")?.as_str()?.to_string(),
            params: v
                .get("params")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            base_lr: spec.base_lr,
            epochs: None,
            metrics: None,
        })
    };
    let (warm, cos) = (sub(warm)?, sub(cos)?);
    if warm.scheduler != "torch.optim.lr_scheduler.LinearLR"
        || cos.scheduler != "torch.optim.lr_scheduler.CosineAnnealingLR"
    {
        return None;
    }
    let w = num(&warm, "total_iters").unwrap_or(5.0);
    let m = milestones.first()?.as_f64()?;
    let end_factor = num(&warm, "end_factor").unwrap_or(1.0);
    let mut notes = Vec::new();
    if m != w {
        notes.push("the milestone cuts the warmup short (or holds it) before the cosine");
    }
    if end_factor != 1.0 {
        notes.push("the warmup ends below the optimizer's lr");
    }
    Some(Read {
        canon: Canon::Cosine {
            start: p * num(&warm, "start_factor").unwrap_or(1.0 / 3.0),
            peak: p,
            warmup: m,
            total: m + num(&cos, "T_max")?,
            floor: num(&cos, "eta_min").unwrap_or(0.0),
        },
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    })
}

/// `sgdr_schedule` whose cycles have no warmup, one floor and geometric lengths and peaks.
fn read_sgdr(spec: &ScheduleSpec) -> Option<Read> {
    let cycles = spec.params.get("cosine_kwargs")?.as_array()?;
    let get = |c: &Value, k: &str| c.get(k).and_then(Value::as_f64);
    let first = cycles.first()?;
    let peak = get(first, "peak_value")?;
    let floor = get(first, "end_value").unwrap_or(0.0);
    let len0 = get(first, "decay_steps")?;
    let mult = cycles
        .get(1)
        .and_then(|c| get(c, "decay_steps"))
        .map_or(1.0, |l| l / len0);
    let decay = cycles
        .get(1)
        .and_then(|c| get(c, "peak_value"))
        .map_or(1.0, |v| if peak != 0.0 { v / peak } else { 1.0 });
    let regular = cycles.iter().enumerate().all(|(i, c)| {
        let d = decay.powi(i as i32);
        get(c, "warmup_steps").unwrap_or(0.0) == 0.0
            && get(c, "end_value").unwrap_or(0.0) == floor
            && get(c, "decay_steps").is_some_and(|l| (l - len0 * mult.powi(i as i32)).abs() < 1e-9)
            && get(c, "peak_value")
                .is_some_and(|v| (v - peak * d).abs() <= 1e-12 * v.abs().max(peak.abs()))
            && get(c, "init_value")
                .is_some_and(|v| (v - peak * d).abs() <= 1e-12 * v.abs().max(peak.abs()))
    });
    let until = cycles.iter().filter_map(|c| get(c, "decay_steps")).sum();
    Some(Read {
        canon: Canon::Restarts { peak, floor, first: len0, mult, decay, until: Some(until) },
        note: (!regular).then(|| "cycles with warmups or irregular lengths, peaks or floors: the nearest repeats the first".to_string()),
    })
}

/// A step count as a JSON int when whole, else as a float.
fn steps(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// A step count that must be an int in the target (PyTorch, transformers): rounded, with a
/// note when that changes it.
fn int_steps(v: f64, what: &str, notes: &mut Vec<String>) -> Value {
    if v.fract() != 0.0 {
        notes.push(format!(
            "{what} = {} is not a whole number of steps here",
            py_repr(v)
        ));
    }
    json!(v.round() as i64)
}

fn make(path: &str, params: Value, base_lr: Option<f64>) -> ScheduleSpec {
    ScheduleSpec {
        scheduler: path.to_string(),
        params: params.as_object().cloned().unwrap_or_default(),
        base_lr,
        epochs: None,
        metrics: None,
    }
}

/// A ratio `a / b` (0 when `b` is 0).
fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

const T: &str = "torch.optim.lr_scheduler.";

/// The target's nearest spec for `canon`, the notes on what it cannot express, and whether
/// its behaviour after the canonical end matches the source's; `None` when the target has no
/// schedule of this family.
fn write(canon: &Canon, target: Library, n: usize) -> Option<(ScheduleSpec, Vec<String>)> {
    let mut notes = Vec::new();
    let spec = match (canon, target) {
        (
            Canon::Cosine {
                start,
                peak,
                warmup,
                total,
                floor,
            },
            _,
        ) => {
            let (s, p, w, l, f) = (*start, *peak, *warmup, *total, *floor);
            let constant = f == p;
            match target {
                Library::Torch => {
                    if constant && w == 0.0 {
                        make(&format!("{T}ExponentialLR"), json!({"gamma": 1.0}), Some(p))
                    } else {
                        let cosine = json!({"scheduler": format!("{T}CosineAnnealingLR"), "params": {"T_max": int_steps(l - w, "the cosine length", &mut notes), "eta_min": f}});
                        if w == 0.0 {
                            make(
                                &format!("{T}CosineAnnealingLR"),
                                cosine["params"].clone(),
                                Some(p),
                            )
                        } else {
                            let mut start_factor = ratio(s, p);
                            if start_factor <= 0.0 || start_factor > 1.0 {
                                notes.push(format!("warmup starts at {} here, at lr/warmup there (PyTorch's LinearLR needs 0 < start_factor ≤ 1; a smaller start_factor comes closer)", py_repr(s)));
                                start_factor = 1.0 / w.max(1.0);
                            }
                            let warm = json!({"scheduler": format!("{T}LinearLR"), "params": {"start_factor": start_factor, "end_factor": 1.0, "total_iters": int_steps(w, "the warmup", &mut notes)}});
                            if constant {
                                make(&format!("{T}LinearLR"), warm["params"].clone(), Some(p))
                            } else {
                                make(
                                    &format!("{T}SequentialLR"),
                                    json!({"schedulers": [warm, cosine], "milestones": [int_steps(w, "the warmup", &mut Vec::new())]}),
                                    Some(p),
                                )
                            }
                        }
                    }
                }
                Library::Timm => {
                    let mut params = Map::new();
                    params.insert(
                        "t_initial".into(),
                        steps(if constant { 1.0 } else { l - w }),
                    );
                    params.insert("lr_min".into(), json!(f));
                    if w > 0.0 {
                        params.insert("warmup_t".into(), steps(w));
                        params.insert("warmup_lr_init".into(), json!(s));
                        params.insert("warmup_prefix".into(), json!(true));
                    }
                    make(
                        "timm.scheduler.CosineLRScheduler",
                        Value::Object(params),
                        Some(p),
                    )
                }
                Library::Transformers => {
                    let tf = "transformers.optimization.";
                    if w > 0.0 && s != 0.0 {
                        notes.push(format!("warmup starts at 0 there, at {} here", py_repr(s)));
                    }
                    let wv = int_steps(w, "the warmup", &mut notes);
                    if constant {
                        if w == 0.0 {
                            make(&format!("{tf}get_constant_schedule"), json!({}), Some(p))
                        } else {
                            make(
                                &format!("{tf}get_constant_schedule_with_warmup"),
                                json!({"num_warmup_steps": wv}),
                                Some(p),
                            )
                        }
                    } else {
                        let lv = int_steps(l, "the total length", &mut notes);
                        if f == 0.0 {
                            make(
                                &format!("{tf}get_cosine_schedule_with_warmup"),
                                json!({"num_warmup_steps": wv, "num_training_steps": lv}),
                                Some(p),
                            )
                        } else {
                            make(
                                &format!("{tf}get_cosine_with_min_lr_schedule_with_warmup"),
                                json!({"num_warmup_steps": wv, "num_training_steps": lv, "min_lr_rate": ratio(f, p)}),
                                Some(p),
                            )
                        }
                    }
                }
                Library::Optax => {
                    if constant {
                        if w == 0.0 {
                            make("optax.constant_schedule", json!({"value": p}), None)
                        } else {
                            make(
                                "optax.warmup_constant_schedule",
                                json!({"init_value": s, "peak_value": p, "warmup_steps": steps(w)}),
                                None,
                            )
                        }
                    } else if w == 0.0 {
                        make(
                            "optax.cosine_decay_schedule",
                            json!({"init_value": p, "decay_steps": steps(l), "alpha": ratio(f, p)}),
                            None,
                        )
                    } else {
                        make(
                            "optax.warmup_cosine_decay_schedule",
                            json!({"init_value": s, "peak_value": p, "warmup_steps": steps(w), "decay_steps": steps(l), "end_value": f}),
                            None,
                        )
                    }
                }
                Library::Keras => {
                    let k = "keras.optimizers.schedules.";
                    if constant && w == 0.0 {
                        make(
                            &format!("{k}ExponentialDecay"),
                            json!({"initial_learning_rate": p, "decay_steps": 1, "decay_rate": 1.0}),
                            None,
                        )
                    } else if w == 0.0 {
                        make(
                            &format!("{k}CosineDecay"),
                            json!({"initial_learning_rate": p, "decay_steps": steps(l), "alpha": ratio(f, p)}),
                            None,
                        )
                    } else {
                        let decay = if constant { (n as f64).max(1.0) } else { l - w };
                        make(
                            &format!("{k}CosineDecay"),
                            json!({"initial_learning_rate": s, "decay_steps": steps(decay), "alpha": ratio(f, p), "warmup_target": p, "warmup_steps": steps(w)}),
                            None,
                        )
                    }
                }
            }
        }
        (
            Canon::Restarts {
                peak,
                floor,
                first,
                mult,
                decay,
                until,
            },
            _,
        ) => {
            let (p, f, t0, m, d) = (*peak, *floor, *first, *mult, *decay);
            // The cycles the source has within the run.
            let span = until.map_or(n as f64, |u| u.min(n as f64));
            let mut cycles = Vec::new();
            let mut covered = 0.0;
            let mut len = t0.max(1e-9);
            while (covered < span || cycles.is_empty()) && cycles.len() < 10_000 {
                cycles.push(len);
                covered += len;
                len *= m.max(1.0);
            }
            let count = cycles.len().max(1);
            match target {
                Library::Torch => {
                    if d != 1.0 {
                        notes.push("PyTorch has no peak decay per restart (pytorch#62640)".into());
                    }
                    if m.fract() != 0.0 || m < 1.0 {
                        notes.push(format!(
                            "T_mult must be an integer ≥ 1 in PyTorch, {} here",
                            py_repr(m)
                        ));
                    }
                    make(
                        &format!("{T}CosineAnnealingWarmRestarts"),
                        json!({"T_0": int_steps(t0, "T_0", &mut notes), "T_mult": (m.round() as i64).max(1), "eta_min": f}),
                        Some(p),
                    )
                }
                Library::Timm => make(
                    "timm.scheduler.CosineLRScheduler",
                    json!({"t_initial": steps(t0), "lr_min": f, "cycle_mul": m, "cycle_decay": d, "cycle_limit": count}),
                    Some(p),
                ),
                Library::Transformers => {
                    if m != 1.0 {
                        notes.push("transformers' restarts all have the same length (num_cycles equal cycles)".into());
                    }
                    if f != 0.0 {
                        notes.push(format!(
                            "transformers' restarts go down to 0, not to {}",
                            py_repr(f)
                        ));
                    }
                    if d != 1.0 {
                        notes.push("transformers has no peak decay per restart".into());
                    }
                    // Equal cycles of the first length, enough for the run.
                    let k = (span / t0.max(1e-9)).ceil().max(1.0);
                    make(
                        "transformers.optimization.get_cosine_with_hard_restarts_schedule_with_warmup",
                        json!({"num_warmup_steps": 0, "num_training_steps": int_steps(k * t0, "the run", &mut notes), "num_cycles": k}),
                        Some(p),
                    )
                }
                Library::Optax => {
                    let kwargs: Vec<Value> = cycles
                        .iter()
                        .enumerate()
                        .map(|(i, len)| {
                            let peak_i = p * d.powi(i as i32);
                            json!({"init_value": peak_i, "peak_value": peak_i, "warmup_steps": 0, "decay_steps": steps(*len), "end_value": f})
                        })
                        .collect();
                    make(
                        "optax.sgdr_schedule",
                        json!({"cosine_kwargs": kwargs}),
                        None,
                    )
                }
                Library::Keras => {
                    if d != 1.0 && f != 0.0 {
                        notes.push(
                            "Keras' m_mul decays only the part above alpha, not the whole peak"
                                .into(),
                        );
                    }
                    make(
                        "keras.optimizers.schedules.CosineDecayRestarts",
                        json!({"initial_learning_rate": p, "first_decay_steps": steps(t0), "t_mul": m, "m_mul": d, "alpha": ratio(f, p)}),
                        None,
                    )
                }
            }
        }
        (
            Canon::Step {
                lr,
                every,
                gamma,
                staircase,
            },
            _,
        ) => {
            let (p, s, g, stair) = (*lr, *every, *gamma, *staircase);
            match target {
                Library::Torch => {
                    if !stair && s != 1.0 {
                        // Continuous decay: the per-step factor.
                        make(
                            &format!("{T}ExponentialLR"),
                            json!({"gamma": g.powf(1.0 / s)}),
                            Some(p),
                        )
                    } else if s == 1.0 {
                        make(&format!("{T}ExponentialLR"), json!({"gamma": g}), Some(p))
                    } else {
                        make(
                            &format!("{T}StepLR"),
                            json!({"step_size": int_steps(s, "the step size", &mut notes), "gamma": g}),
                            Some(p),
                        )
                    }
                }
                Library::Optax => make(
                    "optax.exponential_decay",
                    json!({"init_value": p, "transition_steps": steps(s), "decay_rate": g, "staircase": stair && s != 1.0}),
                    None,
                ),
                Library::Keras => make(
                    "keras.optimizers.schedules.ExponentialDecay",
                    json!({"initial_learning_rate": p, "decay_steps": steps(s), "decay_rate": g, "staircase": stair && s != 1.0}),
                    None,
                ),
                Library::Timm | Library::Transformers => return None,
            }
        }
        (
            Canon::MultiStep {
                lr,
                milestones,
                gamma,
            },
            _,
        ) => {
            let (p, g) = (*lr, *gamma);
            match target {
                Library::Torch => make(
                    &format!("{T}MultiStepLR"),
                    json!({"milestones": milestones, "gamma": g}),
                    Some(p),
                ),
                Library::Optax => {
                    let mut scales = Map::new();
                    for m in milestones {
                        let count = milestones.iter().filter(|x| *x == m).count();
                        scales.insert(m.to_string(), json!(g.powi(count as i32)));
                    }
                    make(
                        "optax.piecewise_constant_schedule",
                        json!({"init_value": p, "boundaries_and_scales": scales}),
                        None,
                    )
                }
                Library::Keras => {
                    let mut boundaries = Vec::new();
                    let mut values = vec![p];
                    let mut k = 0;
                    for (i, m) in milestones.iter().enumerate() {
                        k += 1;
                        if milestones.get(i + 1) == Some(m) {
                            continue;
                        }
                        boundaries.push(m - 1);
                        values.push(p * g.powi(k));
                    }
                    make(
                        "keras.optimizers.schedules.PiecewiseConstantDecay",
                        json!({"boundaries": boundaries, "values": values}),
                        None,
                    )
                }
                Library::Timm | Library::Transformers => return None,
            }
        }
        (
            Canon::Polynomial {
                from,
                to,
                length,
                power,
            },
            _,
        ) => {
            let (a, b, l, pw) = (*from, *to, *length, *power);
            match target {
                Library::Torch => {
                    if pw == 1.0 {
                        let base = a.max(b);
                        let mut sf = ratio(a, base);
                        if sf <= 0.0 {
                            notes.push(format!("starts at 0 here, at lr/total_iters there (PyTorch's LinearLR needs start_factor > 0); {}", "a smaller start_factor comes closer"));
                            sf = 1.0 / l.max(1.0);
                        }
                        make(
                            &format!("{T}LinearLR"),
                            json!({"start_factor": sf, "end_factor": ratio(b, base), "total_iters": int_steps(l, "total_iters", &mut notes)}),
                            Some(base),
                        )
                    } else {
                        if b != 0.0 {
                            notes.push(format!(
                                "PyTorch's PolynomialLR decays to 0, not to {}",
                                py_repr(b)
                            ));
                        }
                        make(
                            &format!("{T}PolynomialLR"),
                            json!({"total_iters": int_steps(l, "total_iters", &mut notes), "power": pw}),
                            Some(a),
                        )
                    }
                }
                Library::Transformers => {
                    let lv = int_steps(l, "num_training_steps", &mut notes);
                    if pw == 1.0 && b == 0.0 {
                        make(
                            "transformers.optimization.get_linear_schedule_with_warmup",
                            json!({"num_warmup_steps": 0, "num_training_steps": lv}),
                            Some(a),
                        )
                    } else {
                        if b >= a {
                            notes.push(
                                "transformers' polynomial decay must end below where it starts"
                                    .into(),
                            );
                        }
                        make(
                            "transformers.optimization.get_polynomial_decay_schedule_with_warmup",
                            json!({"num_warmup_steps": 0, "num_training_steps": lv, "lr_end": b.min(a * 0.5), "power": pw}),
                            Some(a),
                        )
                    }
                }
                Library::Optax => {
                    if pw == 1.0 {
                        make(
                            "optax.linear_schedule",
                            json!({"init_value": a, "end_value": b, "transition_steps": steps(l)}),
                            None,
                        )
                    } else {
                        make(
                            "optax.polynomial_schedule",
                            json!({"init_value": a, "end_value": b, "power": pw, "transition_steps": steps(l)}),
                            None,
                        )
                    }
                }
                Library::Keras => make(
                    "keras.optimizers.schedules.PolynomialDecay",
                    json!({"initial_learning_rate": a, "decay_steps": steps(l), "end_learning_rate": b, "power": pw}),
                    None,
                ),
                Library::Timm => return None,
            }
        }
        (
            Canon::OneCycle {
                init,
                peak,
                end,
                peak_at,
                end_at,
            },
            _,
        ) => {
            let (i0, pk, e, pa, ea) = (*init, *peak, *end, *peak_at, *end_at);
            let div = ratio(pk, i0);
            let fdiv = ratio(i0, e);
            match target {
                Library::Torch => {
                    let total = ea + 1.0;
                    make(
                        &format!("{T}OneCycleLR"),
                        json!({"max_lr": pk, "total_steps": int_steps(total, "total_steps", &mut notes), "pct_start": (pa + 1.0) / total, "div_factor": div, "final_div_factor": fdiv}),
                        None,
                    )
                }
                Library::Optax => {
                    if pa.fract() != 0.0 {
                        notes.push(format!(
                            "PyTorch's peak falls between steps (step {}); optax's is on a step",
                            py_repr(pa)
                        ));
                    }
                    let peak_step = pa.round();
                    make(
                        "optax.cosine_onecycle_schedule",
                        json!({"transition_steps": steps(ea), "peak_value": pk, "pct_start": (peak_step + 0.5) / ea, "div_factor": div, "final_div_factor": fdiv}),
                        None,
                    )
                }
                _ => return None,
            }
        }
        (
            Canon::Wsd {
                peak,
                warmup,
                stable,
                decay,
                ratio: r,
                cosine,
            },
            _,
        ) => {
            let (p, w, s, d, r) = (*peak, *warmup, *stable, *decay, *r);
            match target {
                Library::Torch => {
                    let mut start = r;
                    if start <= 0.0 {
                        notes.push("warmup starts at 0 here, at lr/warmup there (PyTorch's LinearLR needs start_factor > 0; a smaller start_factor comes closer)".into());
                        start = 1.0 / w.max(1.0);
                    }
                    let warm = json!({"scheduler": format!("{T}LinearLR"), "params": {"start_factor": start, "end_factor": 1.0, "total_iters": int_steps(w, "the warmup", &mut notes)}});
                    let hold = json!({"scheduler": format!("{T}ConstantLR"), "params": {"factor": 1.0, "total_iters": int_steps(s, "the stable phase", &mut notes)}});
                    let fall = if *cosine {
                        json!({"scheduler": format!("{T}CosineAnnealingLR"), "params": {"T_max": int_steps(d, "the decay", &mut notes), "eta_min": r * p}})
                    } else {
                        json!({"scheduler": format!("{T}LinearLR"), "params": {"start_factor": 1.0, "end_factor": r, "total_iters": int_steps(d, "the decay", &mut notes)}})
                    };
                    make(
                        &format!("{T}SequentialLR"),
                        json!({"schedulers": [warm, hold, fall], "milestones": [steps(w), steps(w + s)]}),
                        Some(p),
                    )
                }
                Library::Transformers => make(
                    "transformers.optimization.get_wsd_schedule",
                    json!({"num_warmup_steps": int_steps(w, "the warmup", &mut notes), "num_stable_steps": int_steps(s, "the stable phase", &mut notes), "num_decay_steps": int_steps(d, "the decay", &mut notes), "min_lr_ratio": r, "decay_type": if *cosine { "cosine" } else { "linear" }}),
                    Some(p),
                ),
                _ => return None,
            }
        }
    };
    Some((spec, notes))
}

/// The family name of a canonical form, for messages.
fn family(canon: &Canon) -> &'static str {
    match canon {
        Canon::Cosine { floor, peak, .. } if floor == peak => "constant rate (optional warmup)",
        Canon::Cosine { .. } => "cosine decay",
        Canon::Restarts { .. } => "cosine with warm restarts",
        Canon::Step { .. } => "step / exponential decay",
        Canon::MultiStep { .. } => "multi-step decay",
        Canon::Polynomial { .. } => "polynomial / linear decay",
        Canon::OneCycle { .. } => "one-cycle",
        Canon::Wsd { .. } => "warmup-stable-decay",
    }
}

/// What a library's schedule of a family does after the canonical end, for the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    /// Holds the final value.
    Holds,
    /// The cosine goes on, periodic: the rate rises again.
    Rises,
    /// Drops to 0.
    Zero,
    /// Goes on with the same rule (no end).
    Continues,
    /// OneCycleLR: extrapolates one step, then raises.
    Raises,
}

fn after(library: Library, canon: &Canon) -> After {
    match canon {
        Canon::Cosine { floor, peak, .. } if floor == peak => After::Continues,
        Canon::Cosine { .. } => match library {
            Library::Torch | Library::Transformers => After::Rises,
            _ => After::Holds,
        },
        Canon::Wsd { cosine: true, .. } if library == Library::Torch => After::Rises,
        Canon::Wsd { .. } => After::Holds,
        Canon::Restarts { .. } => match library {
            Library::Torch | Library::Keras => After::Continues,
            Library::Transformers => After::Zero,
            _ => After::Holds,
        },
        Canon::Step { .. } | Canon::MultiStep { .. } | Canon::Polynomial { .. } => After::Continues,
        Canon::OneCycle { .. } if library == Library::Torch => After::Raises,
        Canon::OneCycle { .. } => After::Holds,
    }
}

/// Whether two libraries behave the same after the end: dropping to 0 is holding a floor of 0.
fn same_after(a: After, b: After, canon: &Canon) -> bool {
    let zero_floor = matches!(canon, Canon::Restarts { floor, .. } if *floor == 0.0);
    let norm = |x: After| {
        if zero_floor && x == After::Zero {
            After::Holds
        } else {
            x
        }
    };
    norm(a) == norm(b)
}

/// The step after which the canonical form's libraries may part (its end), or `None` for
/// families without one.
fn end_of(canon: &Canon, n: usize) -> Option<f64> {
    match canon {
        Canon::Cosine { floor, peak, .. } if floor == peak => None,
        Canon::Cosine { total, .. } => Some(*total),
        Canon::OneCycle { end_at, .. } => Some(*end_at),
        Canon::Wsd {
            warmup,
            stable,
            decay,
            ..
        } => Some(warmup + stable + decay),
        Canon::Restarts { until, .. } => until.filter(|u| *u < n as f64).map(|u| u - 1.0),
        _ => None,
    }
}

fn describe_after(a: After, library: Library, canon: &Canon) -> String {
    let who = library.title();
    match a {
        After::Rises => format!("{who} rises again (its cosine is periodic, not clamped)"),
        After::Zero => format!("{who} drops to 0"),
        After::Raises => {
            format!("{who} extrapolates one more step and then raises (stepped past total_steps)")
        }
        After::Continues => format!("{who} goes on"),
        After::Holds => match (canon, library) {
            (Canon::Cosine { .. }, Library::Optax) => {
                "optax holds at alpha · init_value (end_value)".into()
            }
            (Canon::Cosine { .. }, Library::Keras) => {
                "Keras holds at alpha · initial_learning_rate".into()
            }
            (Canon::Cosine { .. }, Library::Timm) => {
                "timm holds at lr_min (cycle_limit reached)".into()
            }
            _ => format!("{who} holds its final rate"),
        },
    }
}

/// Whether two rates are the same within the tolerance (see the module docs).
pub fn close(a: f64, b: f64, peak: f64, float32: bool) -> bool {
    if a == b {
        return true;
    }
    let d = (a - b).abs();
    if float32 {
        d <= 1e-6 * peak
    } else {
        d <= 1e-12 * a.abs().max(b.abs()) || d <= 1e-15 * peak
    }
}

/// Evaluates a spec over `n` steps; where the library raises at step k < n (OneCycleLR past
/// `total_steps`), the rates up to it and `true`.
fn rates(spec: &ScheduleSpec, n: usize) -> Result<(Vec<f64>, bool), ScheduleError> {
    match spec.evaluate(Some(n)) {
        Ok(ev) => Ok((ev.lr, false)),
        Err(ScheduleError::Raised { step, .. }) if step < n => {
            Ok((spec.evaluate(Some(step))?.lr, true))
        }
        Err(e) => Err(e),
    }
}

/// The spec in one line for a verdict: `name(k=v, ...)`.
fn short(spec: &ScheduleSpec) -> String {
    let name = spec.scheduler.rsplit('.').next().unwrap_or(&spec.scheduler);
    let args: Vec<String> = spec
        .params
        .iter()
        .map(|(k, v)| format!("{k}={}", super::snippet::py_literal(v, None)))
        .collect();
    format!("{name}({})", args.join(", "))
}

fn percent(v: f64) -> String {
    let r = round_sig(v, 2);
    if r == 0.0 {
        "0".into()
    } else {
        crate::fmt::short(r)
    }
}

/// Ports `spec` to `target`: the nearest schedule there and the verdict over `n` steps (the
/// spec's own length when it has `epochs` or `metrics` is not portable: see errors).
///
/// # Errors
/// - [`PortError::BadSpec`] when the spec does not evaluate (its reader's error);
/// - [`PortError::NoFamily`] when the target library has no schedule of the spec's family
///   (timm has no step decay, optax no warmup-stable-decay, only PyTorch has
///   ReduceLROnPlateau and CyclicLR, ...), or the spec is one Anneal's table does not read.
pub fn port(spec: &ScheduleSpec, target: Library, n: usize) -> Result<Ported, PortError> {
    spec.evaluate(Some(n.max(1))).map_err(PortError::BadSpec)?;
    let source = super::snippet::library_of(&spec.scheduler).ok_or_else(|| {
        PortError::BadSpec(ScheduleError::UnknownScheduler {
            name: spec.scheduler.clone(),
        })
    })?;
    if spec.epochs.is_some() || spec.metrics.is_some() {
        return Err(PortError::NoFamily {
            family: "explicit epochs / recorded metrics (ReduceLROnPlateau is PyTorch's only)"
                .into(),
            target,
        });
    }
    let Read { canon, note } =
        read(spec).map_err(|family| PortError::NoFamily { family, target })?;
    let (out, mut notes) = write(&canon, target, n).ok_or_else(|| PortError::NoFamily {
        family: family(&canon).to_string(),
        target,
    })?;
    if let Some(n) = note {
        notes.insert(0, n);
    }
    let float32 = source == Library::Keras || target == Library::Keras;
    let end = end_of(&canon, n);
    let (a_src, a_tgt) = (after(source, &canon), after(target, &canon));
    let same = same_after(a_src, a_tgt, &canon);
    let claim = Claim {
        exact: notes.is_empty(),
        through: if same { None } else { end },
        differ_after: !same && end.is_some(),
    };
    let verdict = compare(spec, &out, (source, target), &canon, n, float32, &notes)?;
    Ok(Ported {
        spec: out,
        verdict,
        claim,
    })
}

fn compare(
    a: &ScheduleSpec,
    b: &ScheduleSpec,
    (source, target): (Library, Library),
    canon: &Canon,
    n: usize,
    float32: bool,
    notes: &[String],
) -> Result<Verdict, PortError> {
    let (ra, raise_a) = rates(a, n).map_err(PortError::BadSpec)?;
    let (rb, raise_b) = rates(b, n).map_err(PortError::BadSpec)?;
    let m = ra.len().min(rb.len());
    let peak = ra.iter().chain(&rb).fold(0.0_f64, |p, v| p.max(v.abs()));
    let first_diff = (0..m).find(|&t| !close(ra[t], rb[t], peak, float32));
    let through = match first_diff {
        Some(0) => None,
        Some(k) => Some(k - 1),
        None => m.checked_sub(1),
    };
    let rel = |t: usize| {
        let d = (ra[t] - rb[t]).abs();
        if d == 0.0 {
            0.0
        } else {
            d / ra[t].abs().max(rb[t].abs())
        }
    };
    let max_relative = through.map_or(0.0, |k| (0..=k).map(rel).fold(0.0, f64::max));
    let (worst, worst_t) = (0..m)
        .map(|t| ((ra[t] - rb[t]).abs(), t))
        .fold((0.0, 0), |acc, x| if x.0 > acc.0 { x } else { acc });
    let pct = if peak > 0.0 {
        100.0 * worst / peak
    } else {
        0.0
    };
    let f32_note = if float32 {
        "; Keras computes in float32, so its own values differ from these f64 ones by float32 rounding (up to 1e-6 of the peak)"
    } else {
        ""
    };
    let src_name = source.title();
    let tgt_name = target.title();
    let raised = match (raise_a, raise_b) {
        (true, _) => Some(src_name),
        (_, true) => Some(tgt_name),
        _ => None,
    };
    let rel_text = format!(
        "largest relative difference {}",
        crate::fmt::short(round_sig(max_relative, 1))
    );
    let mut text = match (first_diff, through) {
        (None, Some(k)) if m == n => {
            format!("identical for t = 0..{} ({rel_text}){f32_note}", k)
        }
        (None, Some(k)) => format!(
            "identical for t = 0..{k} ({rel_text}){f32_note}; after that {} raises (stepped past total_steps)",
            raised.unwrap_or("one library")
        ),
        (Some(k), Some(last))
            if !notes.is_empty() && end_of(canon, n).is_none_or(|e| (k as f64) <= e) =>
        {
            format!(
                "no exact equivalent: nearest is {}, identical only for t ≤ {last}, largest difference {}% of the peak at t = {worst_t} ({}){f32_note}",
                short(b),
                percent(pct),
                notes.join("; ")
            )
        }
        (Some(k), Some(last)) => {
            let a_after = after(source, canon);
            let b_after = after(target, canon);
            let why = if !same_after(a_after, b_after, canon) {
                format!(
                    "{} and {}",
                    describe_after(a_after, source, canon),
                    describe_after(b_after, target, canon)
                )
            } else {
                "the two libraries' formulas part".into()
            };
            format!(
                "identical for t ≤ {last} ({rel_text}){f32_note}; after that {why} (largest difference {}% of the peak at t = {worst_t}, first at t = {k})",
                percent(pct)
            )
        }
        _ => {
            let why = if notes.is_empty() {
                format!("{src_name} and {tgt_name} compute this family differently")
            } else {
                notes.join("; ")
            };
            format!(
                "no exact equivalent: nearest is {}, largest difference {}% of the peak at t = {worst_t} ({why}){f32_note}",
                short(b),
                percent(pct)
            )
        }
    };
    let raises_described = first_diff.is_some()
        && (after(source, canon) == After::Raises || after(target, canon) == After::Raises);
    if m < n && first_diff.is_some() && !raises_described {
        if let Some(who) = raised {
            text.push_str(&format!(
                "; {who} raises at t = {m} (stepped past total_steps)"
            ));
        }
    }
    Ok(Verdict {
        text,
        n,
        identical_through: through,
        max_relative,
        max_percent: (pct, worst_t),
        float32,
    })
}
