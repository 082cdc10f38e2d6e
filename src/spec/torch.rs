//! Reading `torch` schedules from a [`ScheduleSpec`]: PyTorch's keyword
//! arguments with PyTorch's own validation (`torch/optim/lr_scheduler.py`, torch 2.15), then
//! evaluation through [`crate::schedule::torch`].
//!
//! - `base_lr` is the optimizer's lr (`SGD(lr=base_lr)`); required except for `OneCycleLR` and
//!   `CyclicLR`, which overwrite it with their own kwargs.
//! - `last_epoch` is accepted only as `-1` (Anneal evaluates from the start).
//! - `epochs` (explicit `step(epoch)`) is accepted by `CosineAnnealingWarmRestarts` (its own
//!   `step(epoch)`) and `CosineAnnealingLR` (PyTorch's deprecated epoch argument, which uses
//!   the closed form `_get_closed_form_lr`; compare the two forms with
//!   [`closed_vs_recursive`]); `metrics` by `ReduceLROnPlateau` only (where it is required).
//! - `SequentialLR` / `ChainedScheduler`: `params.schedulers` is a list of
//!   `{"scheduler": <full path>, "params": {...}}` sub-specs, all on the same optimizer (same
//!   `base_lr`); sub-schedulers may be any [`Chainable`] one.

use serde_json::{Map, Value};

use super::describe::{self, Library};
use super::kwargs::Kwargs;
use super::ScheduleSpec;
use crate::schedule::torch::{
    AnnealStrategy, Chainable, ChainedScheduler, ConstantLR, CosineAnnealingLR,
    CosineAnnealingWarmRestarts, CyclicLR, CyclicMode, ExponentialLR, LinearLR, MultiStepLR,
    OneCycleLR, PlateauMode, PolynomialLR, ReduceLROnPlateau, SequentialLR, StepLR, ThresholdMode,
};
use crate::schedule::{Evaluation, Quirk, ScheduleError};

const P: &str = "torch.optim.lr_scheduler.";

/// The short name (`StepLR`) of a described `torch` scheduler path; `None` for any other name.
fn torch_name(path: &str) -> Option<&str> {
    describe::find(path)
        .filter(|s| s.library == Library::Torch)
        .and_then(|_| path.strip_prefix(P))
}

/// Evaluates a `torch` spec over `n` steps (or one value per `epochs` entry, or
/// `len(metrics) + 1` values for ReduceLROnPlateau).
///
/// # Errors
/// - [`ScheduleError::UnknownScheduler`] for a name that is not a described `torch` one;
/// - [`ScheduleError::Missing`] / [`ScheduleError::Invalid`] / [`ScheduleError::UnknownParam`]
///   naming the kwarg PyTorch would reject (with PyTorch's message where it has one, e.g.
///   "Expected integer T_mult >= 1"), `base_lr`, `epochs` or `metrics`;
/// - [`ScheduleError::Raised`] where PyTorch raises while stepping (OneCycleLR past
///   `total_steps`, `ZeroDivisionError`s).
pub fn evaluate(spec: &ScheduleSpec, n: usize) -> Result<Evaluation, ScheduleError> {
    let name = spec.scheduler.as_str();
    let Some(short) = torch_name(name) else {
        return Err(ScheduleError::UnknownScheduler {
            name: name.to_string(),
        });
    };
    if spec.epochs.is_some()
        && !matches!(short, "CosineAnnealingWarmRestarts" | "CosineAnnealingLR")
    {
        return Err(ScheduleError::invalid(
            "epochs",
            "[...]",
            format!(
                "explicit epochs (step(epoch)) are supported for CosineAnnealingWarmRestarts and CosineAnnealingLR only, not {short}"
            ),
        ));
    }
    if spec.metrics.is_some() && short != "ReduceLROnPlateau" {
        return Err(ScheduleError::invalid(
            "metrics",
            "[...]",
            format!("metrics apply to ReduceLROnPlateau only, not {short}"),
        ));
    }
    let mut kw = Kwargs::new(name, &spec.params);
    match short {
        "ReduceLROnPlateau" => {
            let metrics = spec
                .metrics
                .as_deref()
                .ok_or_else(|| ScheduleError::Missing {
                    field: "metrics".into(),
                    scheduler: name.into(),
                })?;
            let s = plateau(&mut kw, optimizer_lr(spec)?)?;
            kw.finish()?;
            Ok(Evaluation::from_lr(s.lrs(metrics)))
        }
        "OneCycleLR" => {
            optional_optimizer_lr(spec)?;
            let s = one_cycle(&mut kw)?;
            kw.finish()?;
            s.evaluate(n)
        }
        "CyclicLR" => {
            optional_optimizer_lr(spec)?;
            let s = cyclic(&mut kw)?;
            kw.finish()?;
            s.evaluate(n)
        }
        "SequentialLR" => {
            let base = optimizer_lr(spec)?;
            let subs = sub_schedulers(&mut kw, base)?;
            let milestones =
                kw.opt_int_list("milestones")?
                    .ok_or_else(|| ScheduleError::Missing {
                        field: "milestones".into(),
                        scheduler: name.into(),
                    })?;
            last_epoch(&mut kw)?;
            kw.finish()?;
            Ok(Evaluation::from_lr(
                SequentialLR::new(base, subs, milestones)?.lrs(n)?,
            ))
        }
        "ChainedScheduler" => {
            let base = optimizer_lr(spec)?;
            let subs = sub_schedulers(&mut kw, base)?;
            kw.finish()?;
            Ok(Evaluation::from_lr(
                ChainedScheduler::new(base, subs)?.lrs(n)?,
            ))
        }
        "CosineAnnealingWarmRestarts" => {
            let base = optimizer_lr(spec)?;
            let s = warm_restarts(&mut kw, base)?;
            last_epoch(&mut kw)?;
            kw.finish()?;
            match &spec.epochs {
                Some(epochs) => Ok(warm_restarts_at_epochs(&s, epochs)),
                None => Ok(Evaluation::from_lr(s.lrs(n))),
            }
        }
        "CosineAnnealingLR" => {
            let base = optimizer_lr(spec)?;
            let t_max = kw.int("T_max")?;
            let eta_min = kw.f64_or("eta_min", 0.0)?;
            last_epoch(&mut kw)?;
            kw.finish()?;
            if let Some(epochs) = &spec.epochs {
                return cosine_closed_form(base, t_max, eta_min, epochs);
            }
            if t_max == 0 && n <= 1 {
                // PyTorch only raises at the first step() (ZeroDivisionError).
                return Ok(Evaluation::from_lr(vec![base; n]));
            }
            Ok(Evaluation::from_lr(
                CosineAnnealingLR::new(base, t_max, eta_min)?.try_recursive(n)?,
            ))
        }
        _ => {
            let base = optimizer_lr(spec)?;
            let s = chainable(short, &mut kw, base)?;
            last_epoch(&mut kw)?;
            kw.finish()?;
            Ok(Evaluation::from_lr(s.lrs(base, n)?))
        }
    }
}

/// `CosineAnnealingLR` stepped with explicit epochs: `scheduler.step(e)` sets `last_epoch = e`
/// and applies the closed form (`_get_closed_form_lr`), one rate per entry of `epochs`.
///
/// # Errors
/// `T_max = 0`: [`ScheduleError::Raised`] at the first explicit step (`ZeroDivisionError`);
/// a negative `T_max` or non-finite value as [`CosineAnnealingLR::new`].
fn cosine_closed_form(
    base: f64,
    t_max: i64,
    eta_min: f64,
    epochs: &[f64],
) -> Result<Evaluation, ScheduleError> {
    if t_max == 0 {
        if epochs.is_empty() {
            return Ok(Evaluation::default());
        }
        return Err(ScheduleError::Raised {
            field: "T_max".into(),
            step: 0,
            message:
                "ZeroDivisionError: float division by zero (math.pi * epoch / T_max with T_max = 0)"
                    .into(),
        });
    }
    let s = CosineAnnealingLR::new(base, t_max, eta_min)?;
    Ok(Evaluation::from_lr(
        epochs.iter().map(|&e| s.closed_form_at(e)).collect(),
    ))
}

/// Where two rate sequences differ most: the step and `|a − b|` there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    /// 0-based step of the largest difference (the first one, on a tie).
    pub step: usize,
    /// `|a[step] − b[step]|`.
    pub abs: f64,
}

/// The largest `|a[t] − b[t]|` over the steps both sequences have; `None` when one is empty.
/// A NaN difference counts as the largest (so a broken sequence is never hidden).
pub fn largest_difference(a: &[f64], b: &[f64]) -> Option<Difference> {
    let mut best: Option<Difference> = None;
    for (step, (x, y)) in a.iter().zip(b).enumerate() {
        let abs = (x - y).abs();
        let better = match best {
            None => true,
            Some(d) => !d.abs.is_nan() && (abs.is_nan() || abs > d.abs),
        };
        if better {
            best = Some(Difference { step, abs });
        }
    }
    best
}

/// PyTorch's two forms of one `CosineAnnealingLR` over a run (see [`closed_vs_recursive`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ClosedVsRecursive {
    /// The chainable form: plain `scheduler.step()` after each step (what training uses).
    pub recursive: Vec<f64>,
    /// The closed form: `scheduler.step(t)` for t = 0..n-1 (the deprecated epoch argument).
    pub closed: Vec<f64>,
    /// Where they differ most (`None` for `n = 0`).
    pub largest: Option<Difference>,
}

/// The recursive and closed forms of a `CosineAnnealingLR` spec over `n` steps, and their
/// largest difference: a few ulps with nothing else touching the lr (golden/README.md: 4.3e-16
/// for T_max = 10, lr 0.1 over 31 steps). Both go through [`ScheduleSpec::evaluate`], the
/// recursive one with `steps = n`, the closed one with `epochs = [0, 1, …, n − 1]`; the spec's
/// own `epochs` is ignored.
///
/// # Errors
/// `scheduler` not `torch.optim.lr_scheduler.CosineAnnealingLR`; any error of either
/// evaluation.
pub fn closed_vs_recursive(
    spec: &ScheduleSpec,
    n: usize,
) -> Result<ClosedVsRecursive, ScheduleError> {
    if spec.scheduler != format!("{P}CosineAnnealingLR") {
        return Err(ScheduleError::invalid(
            "scheduler",
            &spec.scheduler,
            "closed vs recursive forms are compared for torch.optim.lr_scheduler.CosineAnnealingLR",
        ));
    }
    let recursive = ScheduleSpec {
        epochs: None,
        ..spec.clone()
    }
    .evaluate(Some(n))?
    .lr;
    let closed = ScheduleSpec {
        epochs: Some((0..n).map(|t| t as f64).collect()),
        ..spec.clone()
    }
    .evaluate(None)?
    .lr;
    let largest = largest_difference(&recursive, &closed);
    Ok(ClosedVsRecursive {
        recursive,
        closed,
        largest,
    })
}

/// The `ReduceLROnPlateau` a spec describes, for a caller that steps it with live metrics (the
/// trainer's `PlateauRates`): PyTorch's kwargs and rules as [`evaluate`] reads them, without
/// needing `metrics` (a spec's `metrics`, if any, are left to the caller).
///
/// # Errors
/// `scheduler` when the spec is not `torch.optim.lr_scheduler.ReduceLROnPlateau`; otherwise
/// the errors [`evaluate`] gives for that scheduler's kwargs and `base_lr`, and `epochs`
/// given.
pub fn reduce_lr_on_plateau(spec: &ScheduleSpec) -> Result<ReduceLROnPlateau, ScheduleError> {
    let name = spec.scheduler.as_str();
    if name != "torch.optim.lr_scheduler.ReduceLROnPlateau" {
        return Err(ScheduleError::invalid(
            "scheduler",
            name,
            "expected torch.optim.lr_scheduler.ReduceLROnPlateau",
        ));
    }
    if spec.epochs.is_some() {
        return Err(ScheduleError::invalid(
            "epochs",
            "[...]",
            "explicit epochs (step(epoch)) are supported for CosineAnnealingWarmRestarts only, not ReduceLROnPlateau",
        ));
    }
    let mut kw = Kwargs::new(name, &spec.params);
    let s = plateau(&mut kw, optimizer_lr(spec)?)?;
    kw.finish()?;
    Ok(s)
}

/// The optimizer's lr: required, finite, and ≥ 0 (`torch.optim.SGD`/`Adam` raise
/// "Invalid learning rate" for a negative one).
fn optimizer_lr(spec: &ScheduleSpec) -> Result<f64, ScheduleError> {
    let v = spec.require_base_lr()?;
    if v < 0.0 {
        return Err(ScheduleError::invalid(
            "base_lr",
            v,
            format!("Invalid learning rate: {v} (torch.optim.SGD)"),
        ));
    }
    Ok(v)
}

/// OneCycleLR and CyclicLR overwrite the optimizer's lr, so `base_lr` may be absent; if given it
/// must still be a valid optimizer lr.
fn optional_optimizer_lr(spec: &ScheduleSpec) -> Result<(), ScheduleError> {
    if spec.base_lr.is_some() {
        optimizer_lr(spec)?;
    }
    Ok(())
}

/// `last_epoch`: only the default `-1` (no resuming).
fn last_epoch<'a>(kw: &mut Kwargs<'a>) -> Result<(), ScheduleError> {
    match kw.opt_int("last_epoch")? {
        None | Some(-1) => Ok(()),
        Some(v) => Err(ScheduleError::invalid(
            "last_epoch",
            v,
            "Anneal evaluates schedules from the start: only last_epoch = -1 is supported",
        )),
    }
}

/// An integer kwarg with PyTorch's own message when it is not an integer.
fn torch_int<'a>(
    kw: &mut Kwargs<'a>,
    key: &'a str,
    default: Option<i64>,
    message: &str,
) -> Result<Option<i64>, ScheduleError> {
    match kw.opt_int(key) {
        Ok(v) => Ok(v.or(default)),
        Err(ScheduleError::Invalid { field, value, .. }) => Err(ScheduleError::Invalid {
            reason: format!("{message}, but got {value}"),
            field,
            value,
        }),
        Err(e) => Err(e),
    }
}

/// A float kwarg that PyTorch also accepts as a one-element list (one per param group).
fn group_f64<'a>(kw: &mut Kwargs<'a>, key: &'a str) -> Result<Option<f64>, ScheduleError> {
    match kw.raw(key) {
        Some(Value::Array(items)) => {
            if items.len() != 1 {
                return Err(ScheduleError::invalid(
                    key,
                    Value::Array(items.clone()),
                    format!("{key} must have the same length as optimizer.param_groups (1)"),
                ));
            }
            match items
                .first()
                .and_then(Value::as_f64)
                .filter(|v| v.is_finite())
            {
                Some(v) => Ok(Some(v)),
                None => Err(ScheduleError::invalid(
                    key,
                    Value::Array(items.clone()),
                    "expected a finite number",
                )),
            }
        }
        Some(Value::Number(n)) => match n.as_f64().filter(|v| v.is_finite()) {
            Some(v) => Ok(Some(v)),
            None => Err(ScheduleError::invalid(key, n, "must be a finite number")),
        },
        Some(other) => Err(ScheduleError::invalid(key, other, "expected a number")),
        None => Ok(None),
    }
}

fn warm_restarts<'a>(
    kw: &mut Kwargs<'a>,
    base: f64,
) -> Result<CosineAnnealingWarmRestarts, ScheduleError> {
    let t_0 = torch_int(kw, "T_0", None, "Expected positive integer T_0")?.ok_or_else(|| {
        ScheduleError::Missing {
            field: "T_0".into(),
            scheduler: kw.scheduler().into(),
        }
    })?;
    let t_mult = torch_int(kw, "T_mult", Some(1), "Expected integer T_mult >= 1")?.unwrap_or(1);
    let eta_min = kw.f64_or("eta_min", 0.0)?;
    CosineAnnealingWarmRestarts::new(base, t_0, t_mult, eta_min)
}

/// One value per explicit epoch, with a [`Quirk`] wherever PyTorch's float-log run location
/// gives something else.
fn warm_restarts_at_epochs(s: &CosineAnnealingWarmRestarts, epochs: &[f64]) -> Evaluation {
    let mut ev = Evaluation::default();
    for (step, &e) in epochs.iter().enumerate() {
        let correct = s.lr_at_epoch(e);
        let library = s.library_lr_at_epoch(e);
        ev.lr.push(correct);
        if library.to_bits() != correct.to_bits() {
            let (t_cur, t_i) = s.library_position(e);
            ev.quirks.push(Quirk {
                step,
                library_value: library,
                correct_value: correct,
                message: format!(
                    "torch CosineAnnealingWarmRestarts.step({e:?}): int(math.log({x:?}, {m})) puts epoch {e} in the \
                     wrong cycle (T_cur = {t_cur}, T_i = {t_i}); the exact restart gives {correct}",
                    x = e / s.T_0 as f64 * (s.T_mult - 1) as f64 + 1.0,
                    m = s.T_mult,
                ),
            });
        }
    }
    ev
}

/// Reads one of the [`Chainable`] schedulers (except its `last_epoch`, read by the caller).
/// A scheduler that cannot be composed is refused naming `scheduler` (a sub-spec's field).
fn chainable<'a>(short: &str, kw: &mut Kwargs<'a>, base: f64) -> Result<Chainable, ScheduleError> {
    let missing = |field: &str, kw: &Kwargs<'_>| ScheduleError::Missing {
        field: field.into(),
        scheduler: kw.scheduler().into(),
    };
    Ok(match short {
        "StepLR" => {
            let step_size = kw.int("step_size")?;
            Chainable::Step(StepLR::new(base, step_size, kw.f64_or("gamma", 0.1)?)?)
        }
        "MultiStepLR" => {
            let milestones = kw.opt_int_list("milestones")?.ok_or_else(|| missing("milestones", kw))?;
            Chainable::MultiStep(MultiStepLR::new(base, milestones, kw.f64_or("gamma", 0.1)?)?)
        }
        "ConstantLR" => {
            let factor = kw.f64_or("factor", 1.0 / 3.0)?;
            Chainable::Constant(ConstantLR::new(base, factor, kw.int_or("total_iters", 5)?)?)
        }
        "LinearLR" => {
            let start = kw.f64_or("start_factor", 1.0 / 3.0)?;
            let end = kw.f64_or("end_factor", 1.0)?;
            Chainable::Linear(LinearLR::new(base, start, end, kw.int_or("total_iters", 5)?)?)
        }
        "ExponentialLR" => Chainable::Exponential(ExponentialLR::new(base, kw.f64("gamma")?)?),
        "PolynomialLR" => {
            let total_iters = kw.int_or("total_iters", 5)?;
            Chainable::Polynomial(PolynomialLR::new(base, total_iters, kw.f64_or("power", 1.0)?)?)
        }
        "CosineAnnealingLR" => {
            let t_max = kw.int("T_max")?;
            Chainable::CosineAnnealing(CosineAnnealingLR::new(base, t_max, kw.f64_or("eta_min", 0.0)?)?)
        }
        "CosineAnnealingWarmRestarts" => Chainable::WarmRestarts(warm_restarts(kw, base)?),
        "ReduceLROnPlateau" => {
            return Err(ScheduleError::invalid(
                "scheduler",
                "ReduceLROnPlateau",
                "SequentialLR/ChainedScheduler do not support `ReduceLROnPlateau` scheduler as it requires \
                 additional kwargs to be specified when calling `step`",
            ))
        }
        other => {
            return Err(ScheduleError::invalid(
                "scheduler",
                other,
                "Anneal composes only StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR, \
                 CosineAnnealingLR and CosineAnnealingWarmRestarts",
            ))
        }
    })
}

/// `params.schedulers`: a list of `{"scheduler", "params"}` sub-specs (emptiness is the
/// composition's own rule). Every error inside entry `i` names its path, `schedulers[i].T_max`,
/// `schedulers[i].scheduler`, ... (see [`ScheduleError::nested`]).
fn sub_schedulers<'a>(kw: &mut Kwargs<'a>, base: f64) -> Result<Vec<Chainable>, ScheduleError> {
    let scheduler = kw.scheduler().to_string();
    let items = match kw.raw("schedulers") {
        None => {
            return Err(ScheduleError::Missing {
                field: "schedulers".into(),
                scheduler,
            })
        }
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(ScheduleError::invalid(
                "schedulers",
                other,
                "expected a list of {scheduler, params} objects",
            ))
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = format!("schedulers[{i}]");
            if !item.is_object() {
                return Err(ScheduleError::invalid(
                    path,
                    item,
                    "expected a {scheduler, params} object",
                ));
            }
            sub_scheduler(item, &scheduler, base).map_err(|e| e.nested(&path))
        })
        .collect()
}

/// One entry of `schedulers`; its errors name fields relative to the entry (the caller adds
/// `schedulers[i].`).
fn sub_scheduler(item: &Value, outer: &str, base: f64) -> Result<Chainable, ScheduleError> {
    let empty = Map::new();
    let obj = item.as_object().unwrap_or(&empty);
    let mut entry = Kwargs::new(outer, obj);
    let name = entry
        .opt_str("scheduler")?
        .ok_or_else(|| ScheduleError::Missing {
            field: "scheduler".into(),
            scheduler: outer.into(),
        })?;
    let params = match entry.raw("params") {
        None => &empty,
        Some(Value::Object(m)) => m,
        Some(other) => {
            return Err(ScheduleError::invalid(
                "params",
                other,
                "expected an object of kwargs",
            ))
        }
    };
    entry.finish()?;
    let Some(short) = torch_name(name) else {
        return Err(ScheduleError::UnknownScheduler {
            name: name.to_string(),
        });
    };
    let mut sub = Kwargs::new(name, params);
    let c = chainable(short, &mut sub, base)?;
    last_epoch(&mut sub)?;
    sub.finish()?;
    Ok(c)
}

fn one_cycle<'a>(kw: &mut Kwargs<'a>) -> Result<OneCycleLR, ScheduleError> {
    let scheduler = kw.scheduler().to_string();
    let max_lr = group_f64(kw, "max_lr")?.ok_or_else(|| ScheduleError::Missing {
        field: "max_lr".into(),
        scheduler: scheduler.clone(),
    })?;
    let total_steps = match torch_int(
        kw,
        "total_steps",
        None,
        "Expected positive integer total_steps",
    )? {
        Some(t) => {
            // epochs / steps_per_epoch are ignored when total_steps is given.
            let _ = kw.raw("epochs");
            let _ = kw.raw("steps_per_epoch");
            if t <= 0 {
                return Err(ScheduleError::invalid(
                    "total_steps",
                    t,
                    format!("Expected positive integer total_steps, but got {t}"),
                ));
            }
            t as u64
        }
        None => {
            let epochs = torch_int(kw, "epochs", None, "Expected positive integer epochs")?;
            let spe = torch_int(
                kw,
                "steps_per_epoch",
                None,
                "Expected positive integer steps_per_epoch",
            )?;
            match (epochs, spe) {
                (Some(e), Some(s)) => {
                    if e <= 0 {
                        return Err(ScheduleError::invalid("epochs", e, format!("Expected positive integer epochs, but got {e}")));
                    }
                    if s <= 0 {
                        return Err(ScheduleError::invalid(
                            "steps_per_epoch",
                            s,
                            format!("Expected positive integer steps_per_epoch, but got {s}"),
                        ));
                    }
                    (e as u64)
                        .checked_mul(s as u64)
                        .ok_or_else(|| ScheduleError::invalid("steps_per_epoch", s, "epochs * steps_per_epoch overflows"))?
                }
                _ => {
                    return Err(ScheduleError::Missing { field: "total_steps".into(), scheduler: format!(
                        "{scheduler} (You must define either total_steps OR (epochs AND steps_per_epoch))"
                    ) })
                }
            }
        }
    };
    let pct_start = match kw.raw("pct_start") {
        None => 0.3,
        Some(Value::Number(n)) if n.is_f64() => n.as_f64().unwrap_or(f64::NAN),
        Some(other) => {
            return Err(ScheduleError::invalid(
                "pct_start",
                other,
                format!("Expected float between 0 and 1 pct_start, but got {other}"),
            ))
        }
    };
    let anneal_strategy = match kw.choice_or("anneal_strategy", &["cos", "linear"], "cos")? {
        "linear" => AnnealStrategy::Linear,
        _ => AnnealStrategy::Cos,
    };
    let s = OneCycleLR {
        max_lr,
        total_steps,
        pct_start,
        anneal_strategy,
        cycle_momentum: kw.bool_or("cycle_momentum", true)?,
        base_momentum: group_f64(kw, "base_momentum")?.unwrap_or(0.85),
        max_momentum: group_f64(kw, "max_momentum")?.unwrap_or(0.95),
        div_factor: kw.f64_or("div_factor", 25.0)?,
        final_div_factor: kw.f64_or("final_div_factor", 1e4)?,
        three_phase: kw.bool_or("three_phase", false)?,
    };
    last_epoch(kw)?;
    s.validate()?;
    Ok(s)
}

fn cyclic<'a>(kw: &mut Kwargs<'a>) -> Result<CyclicLR, ScheduleError> {
    let scheduler = kw.scheduler().to_string();
    let base_lr = group_f64(kw, "base_lr")?.ok_or_else(|| ScheduleError::Missing {
        field: "base_lr".into(),
        scheduler: scheduler.clone(),
    })?;
    let max_lr = group_f64(kw, "max_lr")?.ok_or_else(|| ScheduleError::Missing {
        field: "max_lr".into(),
        scheduler,
    })?;
    let step_size_up = kw.f64_or("step_size_up", 2000.0)?;
    let step_size_down = kw.opt_f64("step_size_down")?;
    let mode = match kw.choice_or(
        "mode",
        &["triangular", "triangular2", "exp_range"],
        "triangular",
    )? {
        "triangular2" => CyclicMode::Triangular2,
        "exp_range" => CyclicMode::ExpRange,
        _ => CyclicMode::Triangular,
    };
    let gamma = kw.f64_or("gamma", 1.0)?;
    if let Some(v) = kw.raw("scale_fn") {
        return Err(ScheduleError::invalid(
            "scale_fn",
            v,
            "a Python callable; Anneal supports the built-in modes only",
        ));
    }
    // scale_mode is overwritten by the built-in mode when scale_fn is None.
    let _ = kw.opt_str("scale_mode")?;
    let s = CyclicLR {
        base_lr,
        max_lr,
        step_size_up,
        step_size_down,
        mode,
        gamma,
        cycle_momentum: kw.bool_or("cycle_momentum", true)?,
        base_momentum: group_f64(kw, "base_momentum")?.unwrap_or(0.8),
        max_momentum: group_f64(kw, "max_momentum")?.unwrap_or(0.9),
    };
    last_epoch(kw)?;
    Ok(s)
}

fn plateau<'a>(kw: &mut Kwargs<'a>, base: f64) -> Result<ReduceLROnPlateau, ScheduleError> {
    let mode = match kw.choice_or("mode", &["min", "max"], "min")? {
        "max" => PlateauMode::Max,
        _ => PlateauMode::Min,
    };
    let threshold_mode = match kw.choice_or("threshold_mode", &["rel", "abs"], "rel")? {
        "abs" => ThresholdMode::Abs,
        _ => ThresholdMode::Rel,
    };
    let s = ReduceLROnPlateau {
        base_lr: base,
        mode,
        factor: kw.f64_or("factor", 0.1)?,
        patience: kw.int_or("patience", 10)?,
        threshold: kw.f64_or("threshold", 1e-4)?,
        threshold_mode,
        cooldown: kw.int_or("cooldown", 0)?,
        min_lr: group_f64(kw, "min_lr")?.unwrap_or(0.0),
        eps: kw.f64_or("eps", 1e-8)?,
    };
    s.validate()?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(v: Value) -> ScheduleSpec {
        serde_json::from_value(v).unwrap()
    }

    fn err(v: Value, n: usize) -> ScheduleError {
        spec(v).evaluate(Some(n)).unwrap_err()
    }

    #[test]
    fn t_mult_float_is_rejected_with_torch_message() {
        let e = err(
            json!({"scheduler": format!("{P}CosineAnnealingWarmRestarts"), "params": {"T_0": 5, "T_mult": 2.0}, "base_lr": 0.1}),
            5,
        );
        assert_eq!(e.field(), "T_mult");
        assert!(
            e.to_string().contains("Expected integer T_mult >= 1"),
            "{e}"
        );
    }

    #[test]
    fn t_mult_zero_is_rejected() {
        let e = err(
            json!({"scheduler": format!("{P}CosineAnnealingWarmRestarts"), "params": {"T_0": 5, "T_mult": 0}, "base_lr": 0.1}),
            5,
        );
        assert!(
            e.to_string().contains("Expected integer T_mult >= 1"),
            "{e}"
        );
    }

    #[test]
    fn t_0_must_be_positive_int() {
        for t0 in [json!(0), json!(2.5), json!(-1)] {
            let e = err(
                json!({"scheduler": format!("{P}CosineAnnealingWarmRestarts"), "params": {"T_0": t0}, "base_lr": 0.1}),
                5,
            );
            assert_eq!(e.field(), "T_0");
        }
    }

    #[test]
    fn total_steps_must_be_positive_int() {
        for t in [json!(0), json!(100.0), json!(-5)] {
            let e = err(
                json!({"scheduler": format!("{P}OneCycleLR"), "params": {"max_lr": 0.1, "total_steps": t}}),
                5,
            );
            assert_eq!(e.field(), "total_steps");
        }
    }

    #[test]
    fn one_cycle_needs_total_steps_or_epochs_and_steps_per_epoch() {
        let e = err(
            json!({"scheduler": format!("{P}OneCycleLR"), "params": {"max_lr": 0.1, "epochs": 3}}),
            5,
        );
        assert_eq!(e.field(), "total_steps");
        let ok = spec(
            json!({"scheduler": format!("{P}OneCycleLR"), "params": {"max_lr": 0.1, "epochs": 2, "steps_per_epoch": 5}}),
        );
        assert_eq!(ok.evaluate(Some(11)).unwrap().lr.len(), 11);
        assert!(matches!(
            ok.evaluate(Some(12)),
            Err(ScheduleError::Raised { step: 11, .. })
        ));
    }

    #[test]
    fn pct_start_must_be_a_float() {
        let e = err(
            json!({"scheduler": format!("{P}OneCycleLR"), "params": {"max_lr": 0.1, "total_steps": 10, "pct_start": 1}}),
            5,
        );
        assert_eq!(e.field(), "pct_start");
    }

    #[test]
    fn unknown_kwarg_is_named() {
        let e = err(
            json!({"scheduler": format!("{P}CosineAnnealingLR"), "params": {"T_max": 5, "eta_mn": 0.0}, "base_lr": 0.1}),
            5,
        );
        assert!(matches!(e, ScheduleError::UnknownParam { ref field, .. } if field == "eta_mn"));
    }

    #[test]
    fn base_lr_is_required_and_non_negative() {
        let e = err(
            json!({"scheduler": format!("{P}StepLR"), "params": {"step_size": 5}}),
            5,
        );
        assert_eq!(e.field(), "base_lr");
        let e = err(
            json!({"scheduler": format!("{P}StepLR"), "params": {"step_size": 5}, "base_lr": -0.1}),
            5,
        );
        assert_eq!(e.field(), "base_lr");
    }

    #[test]
    fn last_epoch_other_than_minus_one_is_rejected() {
        let e = err(
            json!({"scheduler": format!("{P}StepLR"), "params": {"step_size": 5, "last_epoch": 3}, "base_lr": 0.1}),
            5,
        );
        assert_eq!(e.field(), "last_epoch");
        assert!(spec(json!({"scheduler": format!("{P}StepLR"), "params": {"step_size": 5, "last_epoch": -1}, "base_lr": 0.1}))
            .evaluate(Some(3))
            .is_ok());
    }

    #[test]
    fn plateau_requires_metrics() {
        let e = err(
            json!({"scheduler": format!("{P}ReduceLROnPlateau"), "base_lr": 0.1}),
            5,
        );
        assert_eq!(e.field(), "metrics");
    }

    #[test]
    fn plateau_reader_needs_no_metrics_and_matches_evaluate() {
        let s = spec(
            json!({"scheduler": format!("{P}ReduceLROnPlateau"), "base_lr": 0.1,
            "params": {"patience": 0, "factor": 0.5}, "metrics": [3.0, 3.0, 2.0]}),
        );
        let p = reduce_lr_on_plateau(&s).unwrap();
        assert_eq!(
            p.lrs(&[3.0, 3.0, 2.0]),
            s.evaluate(None).unwrap().lr,
            "same kwargs as evaluate"
        );
        let mut s = s;
        s.params.insert("patience".into(), json!("x"));
        assert_eq!(reduce_lr_on_plateau(&s).unwrap_err().field(), "patience");
        s.scheduler = format!("{P}StepLR");
        assert_eq!(reduce_lr_on_plateau(&s).unwrap_err().field(), "scheduler");
    }

    #[test]
    fn cosine_with_epochs_is_the_closed_form() {
        let s = spec(
            json!({"scheduler": format!("{P}CosineAnnealingLR"), "params": {"T_max": 50}, "base_lr": 0.1,
            "epochs": [0.0, 5.0, 5.5, 100.0]}),
        );
        let ev = s.evaluate(None).unwrap();
        // golden/README.md: step 5 closed 0.09755282581475769; periodic: 0.1 again at 2·T_max.
        assert_eq!(ev.lr[0], 0.1);
        assert_eq!(ev.lr[1], 0.09755282581475769);
        assert!(ev.lr[2] < ev.lr[1]);
        assert_eq!(ev.lr[3], 0.1);
        let zero = spec(
            json!({"scheduler": format!("{P}CosineAnnealingLR"), "params": {"T_max": 0}, "base_lr": 0.1, "epochs": [0.0]}),
        );
        assert!(matches!(
            zero.evaluate(None),
            Err(ScheduleError::Raised { ref field, step: 0, .. }) if field == "T_max"
        ));
    }

    #[test]
    fn closed_vs_recursive_reports_the_largest_difference() {
        // golden/README.md: T_max=10, lr 0.1, step 20: recursive 0.10000000000000044, closed 0.1.
        let s = spec(
            json!({"scheduler": format!("{P}CosineAnnealingLR"), "params": {"T_max": 10}, "base_lr": 0.1}),
        );
        let c = closed_vs_recursive(&s, 31).unwrap();
        assert_eq!((c.recursive.len(), c.closed.len()), (31, 31));
        assert_eq!(c.recursive[20], 0.10000000000000044);
        assert_eq!(c.closed[20], 0.1);
        let d = c.largest.unwrap();
        assert_eq!(d.abs, 4.3021142204224816e-16); // max_abs_diff_recursive_vs_closed_form
        assert_eq!(d.abs, (c.recursive[d.step] - c.closed[d.step]).abs());
        assert_eq!(closed_vs_recursive(&s, 0).unwrap().largest, None);
        let other = spec(
            json!({"scheduler": format!("{P}StepLR"), "params": {"step_size": 3}, "base_lr": 0.1}),
        );
        assert_eq!(
            closed_vs_recursive(&other, 5).unwrap_err().field(),
            "scheduler"
        );
    }

    #[test]
    fn largest_difference_never_hides_nan() {
        assert_eq!(largest_difference(&[], &[1.0]), None);
        let d = largest_difference(&[1.0, 2.0, 3.0], &[1.0, 2.5, 2.0]).unwrap();
        assert_eq!((d.step, d.abs), (2, 1.0));
        let d = largest_difference(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 0.0]).unwrap();
        assert_eq!(d.step, 1);
        assert!(d.abs.is_nan());
    }

    #[test]
    fn epochs_only_for_the_two_cosines() {
        let e = err(
            json!({"scheduler": format!("{P}StepLR"), "params": {"step_size": 5}, "base_lr": 0.1, "epochs": [0.0, 1.0]}),
            2,
        );
        assert_eq!(e.field(), "epochs");
    }

    #[test]
    fn plateau_is_refused_inside_sequential() {
        let e = err(
            json!({"scheduler": format!("{P}SequentialLR"), "base_lr": 0.1, "params": {"milestones": [2], "schedulers": [
                {"scheduler": format!("{P}ExponentialLR"), "params": {"gamma": 0.9}},
                {"scheduler": format!("{P}ReduceLROnPlateau"), "params": {}}]}}),
            5,
        );
        assert_eq!(e.field(), "schedulers[1].scheduler");
    }

    /// A SequentialLR / ChainedScheduler spec with these sub-scheduler entries.
    fn composed(kind: &str, subs: Value) -> ScheduleSpec {
        let n = subs.as_array().map_or(0, Vec::len);
        let mut params = json!({"schedulers": subs});
        if kind == "SequentialLR" {
            params["milestones"] = json!((1..n).map(|k| 3 * k).collect::<Vec<_>>());
        }
        spec(json!({"scheduler": format!("{P}{kind}"), "params": params, "base_lr": 0.1}))
    }

    #[test]
    fn errors_inside_sub_schedulers_name_their_path() {
        let cos =
            |params: Value| json!({"scheduler": format!("{P}CosineAnnealingLR"), "params": params});
        let exp = json!({"scheduler": format!("{P}ExponentialLR"), "params": {"gamma": 0.9}});
        for kind in ["SequentialLR", "ChainedScheduler"] {
            let field = |subs: Value| {
                composed(kind, subs)
                    .evaluate(Some(8))
                    .unwrap_err()
                    .field()
                    .to_string()
            };
            // Missing, ill-typed, unknown kwargs and bad values, each on its entry.
            assert_eq!(
                field(json!([exp, cos(json!({}))])),
                "schedulers[1].T_max",
                "{kind}"
            );
            assert_eq!(
                field(json!([cos(json!({"T_max": 2.0}))])),
                "schedulers[0].T_max",
                "{kind}"
            );
            assert_eq!(
                field(json!([exp, cos(json!({"T_max": 5, "eta_mn": 0}))])),
                "schedulers[1].eta_mn"
            );
            assert_eq!(
                field(json!([cos(json!({"T_max": -5})), exp])),
                "schedulers[0].T_max"
            );
            assert_eq!(
                field(
                    json!([exp, {"scheduler": format!("{P}CosineAnnealingWarmRestarts"), "params": {"T_0": 5, "T_mult": 0}}])
                ),
                "schedulers[1].T_mult"
            );
            assert_eq!(
                field(
                    json!([exp, {"scheduler": format!("{P}ExponentialLR"), "params": {"gamma": 0.9, "last_epoch": 2}}])
                ),
                "schedulers[1].last_epoch"
            );
            // The entry itself: its scheduler name, its shape, its keys.
            assert_eq!(
                field(json!([exp, {"scheduler": "torch.optim.lr_scheduler.Nope"}])),
                "schedulers[1].scheduler"
            );
            assert_eq!(
                field(
                    json!([{"scheduler": format!("{P}OneCycleLR"), "params": {"max_lr": 0.1}}, exp])
                ),
                "schedulers[0].scheduler"
            );
            assert_eq!(
                field(json!([exp, {"params": {}}])),
                "schedulers[1].scheduler"
            );
            assert_eq!(field(json!([exp, 3])), "schedulers[1]");
            assert_eq!(
                field(json!([{"scheduler": format!("{P}ExponentialLR"), "params": 3}, exp])),
                "schedulers[0].params"
            );
            assert_eq!(
                field(
                    json!([exp, {"scheduler": format!("{P}ExponentialLR"), "params": {"gamma": 0.9}, "lr": 1}])
                ),
                "schedulers[1].lr"
            );
        }
    }

    #[test]
    fn raises_inside_sub_schedulers_name_their_path() {
        // ConstantLR(factor=0) divides by factor when it ends (ZeroDivisionError at total_iters).
        let constant = json!({"scheduler": format!("{P}ConstantLR"), "params": {"factor": 0.0, "total_iters": 2}});
        let exp = json!({"scheduler": format!("{P}ExponentialLR"), "params": {"gamma": 0.9}});
        let e = composed("ChainedScheduler", json!([exp, constant]))
            .evaluate(Some(5))
            .unwrap_err();
        assert!(
            matches!(e, ScheduleError::Raised { ref field, step: 2, .. } if field == "schedulers[1].factor"),
            "{e:?}"
        );
        // T_max = 0: PyTorch raises at the sub-scheduler's first step().
        let zero = json!({"scheduler": format!("{P}CosineAnnealingLR"), "params": {"T_max": 0}});
        let e = composed("SequentialLR", json!([exp, zero]))
            .evaluate(Some(6))
            .unwrap_err();
        assert_eq!(e.field(), "schedulers[1].T_max");
    }

    #[test]
    fn float_log_quirk_is_reported_at_epoch_121() {
        // SEMANTICS.md §1.2: T_0=1, T_mult=3, step(121) gives 0.0 in torch, the exact restart 1.0.
        let s = spec(
            json!({"scheduler": format!("{P}CosineAnnealingWarmRestarts"), "params": {"T_0": 1, "T_mult": 3},
            "base_lr": 1.0, "epochs": [120.5, 121.0]}),
        );
        let ev = s.evaluate(None).unwrap();
        assert_eq!(ev.lr[1], 1.0);
        assert_eq!(ev.quirks.len(), 1);
        assert_eq!((ev.quirks[0].step, ev.quirks[0].library_value), (1, 0.0));
    }

    #[test]
    fn every_name_is_dispatched() {
        for name in describe::of_library(Library::Torch).map(|s| s.path) {
            let e =
                spec(json!({"scheduler": name, "params": {}, "base_lr": 0.1})).evaluate(Some(3));
            assert!(
                !matches!(e, Err(ScheduleError::UnknownScheduler { .. })),
                "{name}"
            );
        }
    }
}
