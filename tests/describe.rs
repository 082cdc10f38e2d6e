//! Every scheduler description against its kwargs reader (as egui_demo_lib tests every demo):
//! the descriptions in `anneal::spec::describe` are the page's controls, its URL, `anneal
//! list` and the snippets, so each one must say exactly what the reader (and through it, the
//! library) accepts. A description whose name, default, requiredness, choices or number type
//! drifts from its reader fails here, naming scheduler and kwarg.

use anneal::schedule::ScheduleError;
use anneal::spec::describe::{natural_length, BaseLr, Kind, Kwarg, Scheduler, Unit, SCHEDULERS};
use anneal::spec::{all_schedulers, ScheduleSpec};
use serde_json::{json, Value};

/// The order `anneal list` printed before the descriptions existed (the CLI contract): the
/// registry must keep it.
const LIST_ORDER: [&str; 43] = [
    "torch.optim.lr_scheduler.CosineAnnealingLR",
    "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts",
    "torch.optim.lr_scheduler.StepLR",
    "torch.optim.lr_scheduler.MultiStepLR",
    "torch.optim.lr_scheduler.ExponentialLR",
    "torch.optim.lr_scheduler.LinearLR",
    "torch.optim.lr_scheduler.ConstantLR",
    "torch.optim.lr_scheduler.PolynomialLR",
    "torch.optim.lr_scheduler.OneCycleLR",
    "torch.optim.lr_scheduler.CyclicLR",
    "torch.optim.lr_scheduler.SequentialLR",
    "torch.optim.lr_scheduler.ChainedScheduler",
    "torch.optim.lr_scheduler.ReduceLROnPlateau",
    "timm.scheduler.CosineLRScheduler",
    "transformers.optimization.get_constant_schedule",
    "transformers.optimization.get_constant_schedule_with_warmup",
    "transformers.optimization.get_linear_schedule_with_warmup",
    "transformers.optimization.get_cosine_schedule_with_warmup",
    "transformers.optimization.get_cosine_with_hard_restarts_schedule_with_warmup",
    "transformers.optimization.get_polynomial_decay_schedule_with_warmup",
    "transformers.optimization.get_inverse_sqrt_schedule",
    "transformers.optimization.get_cosine_with_min_lr_schedule_with_warmup",
    "transformers.optimization.get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
    "transformers.optimization.get_wsd_schedule",
    "optax.constant_schedule",
    "optax.cosine_decay_schedule",
    "optax.warmup_cosine_decay_schedule",
    "optax.sgdr_schedule",
    "optax.cosine_onecycle_schedule",
    "optax.linear_onecycle_schedule",
    "optax.exponential_decay",
    "optax.warmup_exponential_decay_schedule",
    "optax.piecewise_constant_schedule",
    "optax.piecewise_interpolate_schedule",
    "optax.polynomial_schedule",
    "optax.linear_schedule",
    "optax.warmup_constant_schedule",
    "keras.optimizers.schedules.CosineDecay",
    "keras.optimizers.schedules.CosineDecayRestarts",
    "keras.optimizers.schedules.ExponentialDecay",
    "keras.optimizers.schedules.PiecewiseConstantDecay",
    "keras.optimizers.schedules.PolynomialDecay",
    "keras.optimizers.schedules.InverseTimeDecay",
];

/// Rates evaluated when a schedule has no natural length: the page's default run of 100
/// epochs, stepped once per epoch or once per optimizer step (15 steps per epoch: 455
/// training samples in batches of 32).
const DEFAULT_EPOCHS: usize = 100;
const STEPS_PER_EPOCH: usize = 15;

/// A training-like metric for ReduceLROnPlateau (the only scheduler that needs one): falls,
/// then stalls long enough for the default patience to trigger reductions.
fn metrics(n: usize) -> Vec<f64> {
    (0..n.saturating_sub(1))
        .map(|k| {
            if k < 30 {
                1.0 / (1.0 + k as f64)
            } else {
                1.0 / 31.0
            }
        })
        .collect()
}

fn is_plateau(s: &Scheduler) -> bool {
    s.name() == "ReduceLROnPlateau"
}

/// The number of rates a test evaluates for `spec`: its natural length, else the page's
/// default run in the scheduler's usual unit.
fn length(s: &Scheduler, spec: &ScheduleSpec) -> usize {
    let default = match s.unit {
        Unit::Epoch => DEFAULT_EPOCHS,
        Unit::Step => DEFAULT_EPOCHS * STEPS_PER_EPOCH,
    };
    natural_length(spec).map_or(default, |n| n as usize)
}

/// Evaluates `spec` as the page would: `length` rates, with metrics for ReduceLROnPlateau.
fn eval(s: &Scheduler, spec: &ScheduleSpec) -> Result<Vec<f64>, ScheduleError> {
    let n = length(s, spec);
    let mut spec = spec.clone();
    if is_plateau(s) {
        spec.metrics = Some(metrics(n));
        spec.evaluate(None).map(|e| e.lr)
    } else {
        spec.evaluate(Some(n)).map(|e| e.lr)
    }
}

/// The rates as bits, so that equality is bit for bit (and NaN equals NaN).
fn bits(r: Result<Vec<f64>, ScheduleError>) -> Result<Vec<u64>, ScheduleError> {
    r.map(|v| v.into_iter().map(f64::to_bits).collect())
}

fn with(spec: &ScheduleSpec, key: &str, value: Value) -> ScheduleSpec {
    let mut spec = spec.clone();
    spec.params.insert(key.to_string(), value);
    spec
}

fn without(spec: &ScheduleSpec, key: &str) -> ScheduleSpec {
    let mut spec = spec.clone();
    spec.params.remove(key);
    spec
}

/// A value for `k` in the spec under test: its start value, else its non-null default, else
/// the slider's minimum.
fn some_value(k: &Kwarg) -> Value {
    k.start_value()
        .or_else(|| k.default_value().filter(|v| !v.is_null()))
        .unwrap_or_else(|| match k.kind {
            Kind::Int { min, .. } => json!(min),
            Kind::Float { min, .. } => json!(min),
            _ => Value::Null,
        })
}

/// The spec in which a strictness check of `k` is meaningful: OneCycleLR reads `epochs` and
/// `steps_per_epoch` only when `total_steps` is None (as PyTorch does).
fn strict_base(s: &Scheduler, k: &Kwarg) -> ScheduleSpec {
    let spec = s.default_spec();
    if s.name() == "OneCycleLR" && matches!(k.name, "epochs" | "steps_per_epoch") {
        let spec = without(&spec, "total_steps");
        return with(
            &with(&spec, "epochs", json!(10)),
            "steps_per_epoch",
            json!(150),
        );
    }
    spec
}

#[test]
fn the_registry_keeps_the_list_order() {
    assert_eq!(all_schedulers(), LIST_ORDER.to_vec());
    let paths: Vec<&str> = SCHEDULERS.iter().map(|s| s.path).collect();
    assert_eq!(paths, LIST_ORDER.to_vec());
}

#[test]
fn every_default_spec_evaluates_to_finite_rates() {
    for s in SCHEDULERS {
        let spec = s.default_spec();
        let rates = eval(s, &spec).unwrap_or_else(|e| panic!("{}: {e}", s.path));
        assert_eq!(rates.len(), length(s, &spec), "{}", s.path);
        assert!(rates.iter().all(|r| r.is_finite()), "{}: {rates:?}", s.path);
        // A good picture: the rate moves (every described schedule is more than a constant
        // at its example, except the constant ones).
        let constant = s.name().contains("constant_schedule") && !s.name().contains("warmup");
        if !constant {
            assert!(
                rates.iter().any(|r| *r != rates[0]),
                "{}: the default spec is flat at {}",
                s.path,
                rates[0]
            );
        }
    }
}

#[test]
fn every_described_kwarg_is_accepted_and_an_undescribed_one_is_not() {
    for s in SCHEDULERS {
        let base = s.default_spec();
        for k in s.kwargs {
            let spec = with(&base, k.name, some_value(k));
            if let Err(e) = eval(s, &spec) {
                assert!(
                    !matches!(e, ScheduleError::UnknownParam { .. }),
                    "{}: described kwarg {} is unknown to the reader: {e}",
                    s.path,
                    k.name
                );
            }
        }
        let spec = with(&base, "not_a_kwarg", json!(1));
        match eval(s, &spec) {
            Err(ScheduleError::UnknownParam { field, .. }) => {
                assert_eq!(field, "not_a_kwarg", "{}", s.path)
            }
            other => panic!("{}: an undescribed kwarg gave {other:?}", s.path),
        }
    }
}

#[test]
fn an_explicit_default_gives_the_same_rates_as_none() {
    let mut checked = 0;
    for s in SCHEDULERS {
        let base = s.default_spec();
        for k in s.kwargs {
            let Some(default) = k.default_value() else {
                continue;
            };
            let left_out = bits(eval(s, &without(&base, k.name)));
            let explicit = bits(eval(s, &with(&base, k.name, default.clone())));
            assert_eq!(
                explicit, left_out,
                "{}: {} = {default} is not the reader's default",
                s.path, k.name
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} defaults checked");
}

#[test]
fn a_missing_required_kwarg_is_named() {
    for s in SCHEDULERS {
        for k in s.kwargs.iter().filter(|k| k.required()) {
            let spec = without(&s.default_spec(), k.name);
            match eval(s, &spec) {
                Err(ScheduleError::Missing { field, .. }) => {
                    assert_eq!(field, k.name, "{}", s.path)
                }
                other => panic!(
                    "{}: without required {} the reader gave {other:?}",
                    s.path, k.name
                ),
            }
        }
    }
}

#[test]
fn base_lr_is_used_as_described() {
    for s in SCHEDULERS {
        let spec = s.default_spec();
        match s.base_lr {
            BaseLr::Required => {
                let e = eval(
                    s,
                    &ScheduleSpec {
                        base_lr: None,
                        ..spec
                    },
                )
                .expect_err(&format!("{}: evaluates without base_lr", s.path));
                assert_eq!(e.field(), "base_lr", "{}", s.path);
            }
            BaseLr::Overwritten | BaseLr::Unused => {
                let none = bits(eval(
                    s,
                    &ScheduleSpec {
                        base_lr: None,
                        ..spec.clone()
                    },
                ));
                let some = bits(eval(
                    s,
                    &ScheduleSpec {
                        base_lr: Some(0.5),
                        ..spec
                    },
                ));
                assert!(none.is_ok(), "{}: {none:?}", s.path);
                assert_eq!(none, some, "{}: base_lr changed the rates", s.path);
            }
        }
    }
}

#[test]
fn every_choice_is_accepted_and_another_string_is_not() {
    let mut checked = 0;
    for s in SCHEDULERS {
        let base = s.default_spec();
        for k in s.kwargs.iter().filter(|k| k.control) {
            let Kind::Choice(choices) = k.kind else {
                continue;
            };
            for c in choices {
                let spec = with(&base, k.name, json!(c));
                assert!(
                    eval(s, &spec).is_ok(),
                    "{}: {} = {c:?} rejected: {:?}",
                    s.path,
                    k.name,
                    eval(s, &spec)
                );
            }
            let e = eval(s, &with(&base, k.name, json!("not-a-choice")))
                .expect_err(&format!("{}: {} took any string", s.path, k.name));
            assert_eq!(e.field(), k.name, "{}", s.path);
            checked += 1;
        }
    }
    assert!(checked >= 7, "{checked} choice kwargs checked");
}

#[test]
fn strict_numbers_reject_the_other_type_and_lenient_ones_accept_it() {
    let (mut strict, mut lenient) = (0, 0);
    for s in SCHEDULERS {
        for k in s.kwargs {
            let base = strict_base(s, k);
            let v = some_value(k);
            match (k.kind, k.strict) {
                (Kind::Int { .. }, true) => {
                    let Some(i) = v.as_i64() else { continue };
                    let e = eval(s, &with(&base, k.name, json!(i as f64)))
                        .expect_err(&format!("{}: {} accepted {}.0", s.path, k.name, i));
                    assert_eq!(e.field(), k.name, "{}", s.path);
                    strict += 1;
                }
                (Kind::Float { .. }, true) => {
                    let Some(x) = v.as_f64() else { continue };
                    let e = eval(s, &with(&base, k.name, json!(x.floor() as i64)))
                        .expect_err(&format!("{}: {} accepted an int", s.path, k.name));
                    assert_eq!(e.field(), k.name, "{}", s.path);
                    strict += 1;
                }
                (Kind::IntList, true) => {
                    let Some(items) = v.as_array() else { continue };
                    let floats: Vec<Value> = items
                        .iter()
                        .map(|i| json!(i.as_f64().unwrap_or(0.0)))
                        .collect();
                    let e = eval(s, &with(&base, k.name, Value::Array(floats)))
                        .expect_err(&format!("{}: {} accepted floats", s.path, k.name));
                    assert_eq!(e.field(), k.name, "{}", s.path);
                    strict += 1;
                }
                (Kind::Int { .. }, false) => {
                    // The library only computes with it: 10.0 gives the rates of 10.
                    let Some(i) = v.as_i64() else { continue };
                    let as_int = bits(eval(s, &with(&base, k.name, json!(i))));
                    let as_float = bits(eval(s, &with(&base, k.name, json!(i as f64))));
                    assert!(as_int.is_ok(), "{}: {} = {i}: {as_int:?}", s.path, k.name);
                    assert_eq!(as_float, as_int, "{}: {} = {i}.0", s.path, k.name);
                    lenient += 1;
                }
                _ => {}
            }
        }
    }
    assert!(
        strict >= 20 && lenient >= 20,
        "{strict} strict, {lenient} lenient checked"
    );
}

#[test]
fn hidden_kwargs_are_the_ones_that_change_nothing_or_only_take_their_default() {
    // `control: false` means: accepted at its default (checked above) and not worth a
    // control. Every hidden kwarg that takes a value other than its default either is rejected
    // (last_epoch, noise_range_t, scale_fn) or leaves the rates alone (name, t_in_epochs,
    // noise_*, initialize, scale_mode).
    for s in SCHEDULERS {
        let base = s.default_spec();
        let reference = bits(eval(s, &base));
        for k in s.kwargs.iter().filter(|k| !k.control) {
            let other = match k.kind {
                Kind::Int { .. } => json!(3),
                Kind::Float { .. } => json!(0.5),
                Kind::Bool => json!(!k.default_value().and_then(|d| d.as_bool()).unwrap_or(false)),
                Kind::Text => json!("another name"),
                Kind::Choice(c) => json!(c[c.len() - 1]),
                Kind::FloatList => json!([1.0, 2.0]),
                Kind::Callable => json!("lambda x: 1.0"),
                _ => continue,
            };
            match bits(eval(s, &with(&base, k.name, other.clone()))) {
                Err(e) => assert_eq!(e.field(), k.name, "{}: {}", s.path, k.name),
                rates => assert_eq!(rates, reference, "{}: {} = {other}", s.path, k.name),
            }
        }
    }
}
