//! Reading `optax` schedules from a [`ScheduleSpec`].
//!
//! Names are optax's full API paths (`optax.cosine_decay_schedule`), kwargs are optax's own.
//! `spec.base_lr` is ignored: the values live in `params`. Step-count kwargs (`decay_steps`,
//! `transition_steps`, `warmup_steps`, `transition_begin`) accept any finite number, as the
//! library's arithmetic does. `boundaries_and_scales` is a JSON object with integer keys written
//! as strings (`{"10": 0.1}` for the Python dict `{10: 0.1}`). `sgdr_schedule` takes
//! `{"cosine_kwargs": [{...}, ...]}`, each object holding `warmup_cosine_decay_schedule`'s kwargs.

use serde_json::{Map, Value};

use super::kwargs::Kwargs;
use super::ScheduleSpec;
use crate::schedule::optax::{
    ConstantSchedule, CosineDecaySchedule, ExponentialDecay, InterpolateType,
    PiecewiseConstantSchedule, PiecewiseInterpolateSchedule, PolynomialSchedule, Schedule,
    SgdrSchedule, WarmupCosineDecaySchedule, WarmupExponentialDecaySchedule,
};
use crate::schedule::{Evaluation, ScheduleError};

/// Evaluates an `optax` spec over `n` steps: `lr[t] = schedule(t)` for `t = 0..n-1`.
///
/// # Errors
/// As [`build`].
pub fn evaluate(spec: &ScheduleSpec, n: usize) -> Result<Evaluation, ScheduleError> {
    let schedule = build(spec)?;
    Ok(Evaluation::from_lr(
        (0..n).map(|t| schedule.lr(t as f64)).collect(),
    ))
}

/// Builds the optax schedule a spec names.
///
/// # Errors
/// - [`ScheduleError::UnknownScheduler`] for a name that is not a described `optax` one;
/// - a missing required kwarg, an unknown kwarg (a Python `TypeError`), an ill-typed one;
/// - every rule of the schedule constructors in [`crate::schedule::optax`], named by field
///   (inside `sgdr_schedule`, as `cosine_kwargs[i].field`).
pub fn build(spec: &ScheduleSpec) -> Result<Schedule, ScheduleError> {
    let name = spec.scheduler.as_str();
    let mut k = Kwargs::new(name, &spec.params);
    let schedule = match name {
        "optax.constant_schedule" => {
            let value = k.f64("value")?;
            k.finish()?;
            Schedule::Constant(ConstantSchedule::new(value)?)
        }
        "optax.cosine_decay_schedule" => {
            let init_value = k.f64("init_value")?;
            let decay_steps = k.f64("decay_steps")?;
            let alpha = k.f64_or("alpha", 0.0)?;
            let exponent = k.f64_or("exponent", 1.0)?;
            k.finish()?;
            Schedule::CosineDecay(CosineDecaySchedule::new(
                init_value,
                decay_steps,
                alpha,
                exponent,
            )?)
        }
        "optax.warmup_cosine_decay_schedule" => Schedule::WarmupCosineDecay(warmup_cosine(k)?),
        "optax.sgdr_schedule" => {
            let cycles = match k.raw("cosine_kwargs") {
                None => {
                    return Err(ScheduleError::Missing {
                        field: "cosine_kwargs".into(),
                        scheduler: name.into(),
                    })
                }
                Some(Value::Array(items)) => items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| sgdr_cycle(i, item))
                    .collect::<Result<Vec<_>, _>>()?,
                Some(other) => {
                    return Err(ScheduleError::invalid(
                        "cosine_kwargs",
                        other,
                        "expected a list of kwargs objects",
                    ))
                }
            };
            k.finish()?;
            Schedule::Sgdr(SgdrSchedule::new(cycles)?)
        }
        "optax.cosine_onecycle_schedule" => {
            let transition_steps = k.f64("transition_steps")?;
            let peak_value = k.f64("peak_value")?;
            let pct_start = k.f64_or("pct_start", 0.3)?;
            let div_factor = k.f64_or("div_factor", 25.0)?;
            let final_div_factor = k.f64_or("final_div_factor", 1e4)?;
            k.finish()?;
            Schedule::PiecewiseInterpolate(PiecewiseInterpolateSchedule::cosine_onecycle(
                transition_steps,
                peak_value,
                pct_start,
                div_factor,
                final_div_factor,
            )?)
        }
        "optax.linear_onecycle_schedule" => {
            let transition_steps = k.f64("transition_steps")?;
            let peak_value = k.f64("peak_value")?;
            let pct_start = k.f64_or("pct_start", 0.3)?;
            let pct_final = k.f64_or("pct_final", 0.85)?;
            let div_factor = k.f64_or("div_factor", 25.0)?;
            let final_div_factor = k.f64_or("final_div_factor", 1e4)?;
            k.finish()?;
            Schedule::PiecewiseInterpolate(PiecewiseInterpolateSchedule::linear_onecycle(
                transition_steps,
                peak_value,
                pct_start,
                pct_final,
                div_factor,
                final_div_factor,
            )?)
        }
        "optax.exponential_decay" => {
            let init_value = k.f64("init_value")?;
            let transition_steps = k.f64("transition_steps")?;
            let decay_rate = k.f64("decay_rate")?;
            let transition_begin = k.f64_or("transition_begin", 0.0)?;
            let staircase = k.bool_or("staircase", false)?;
            let end_value = k.opt_f64("end_value")?;
            k.finish()?;
            Schedule::ExponentialDecay(ExponentialDecay::new(
                init_value,
                transition_steps,
                decay_rate,
                transition_begin,
                staircase,
                end_value,
            )?)
        }
        "optax.warmup_exponential_decay_schedule" => {
            let init_value = k.f64("init_value")?;
            let peak_value = k.f64("peak_value")?;
            let warmup_steps = k.f64("warmup_steps")?;
            let transition_steps = k.f64("transition_steps")?;
            let decay_rate = k.f64("decay_rate")?;
            let transition_begin = k.f64_or("transition_begin", 0.0)?;
            let staircase = k.bool_or("staircase", false)?;
            let end_value = k.opt_f64("end_value")?;
            k.finish()?;
            Schedule::WarmupExponentialDecay(WarmupExponentialDecaySchedule::new(
                init_value,
                peak_value,
                warmup_steps,
                transition_steps,
                decay_rate,
                transition_begin,
                staircase,
                end_value,
            )?)
        }
        "optax.piecewise_constant_schedule" => {
            let init_value = k.f64("init_value")?;
            let pairs = boundaries_and_scales(&mut k)?;
            k.finish()?;
            Schedule::PiecewiseConstant(PiecewiseConstantSchedule::new(init_value, pairs)?)
        }
        "optax.piecewise_interpolate_schedule" => {
            let kind = match k.opt_str("interpolate_type")? {
                None => return Err(ScheduleError::Missing { field: "interpolate_type".into(), scheduler: name.into() }),
                Some("linear") => InterpolateType::Linear,
                Some("cosine") => InterpolateType::Cosine,
                Some(other) => {
                    return Err(ScheduleError::invalid(
                        "interpolate_type",
                        format!("{other:?}"),
                        "optax raises ValueError: `interpolate_type` must be either 'cosine' or 'linear'",
                    ))
                }
            };
            let init_value = k.f64("init_value")?;
            let pairs = boundaries_and_scales(&mut k)?;
            k.finish()?;
            Schedule::PiecewiseInterpolate(PiecewiseInterpolateSchedule::new(
                kind, init_value, pairs,
            )?)
        }
        "optax.polynomial_schedule" => {
            let init_value = k.f64("init_value")?;
            let end_value = k.f64("end_value")?;
            let power = k.f64("power")?;
            let transition_steps = k.f64("transition_steps")?;
            let transition_begin = k.f64_or("transition_begin", 0.0)?;
            k.finish()?;
            Schedule::Polynomial(PolynomialSchedule::new(
                init_value,
                end_value,
                power,
                transition_steps,
                transition_begin,
            )?)
        }
        "optax.linear_schedule" => {
            let init_value = k.f64("init_value")?;
            let end_value = k.f64("end_value")?;
            let transition_steps = k.f64("transition_steps")?;
            let transition_begin = k.f64_or("transition_begin", 0.0)?;
            k.finish()?;
            Schedule::Polynomial(PolynomialSchedule::linear(
                init_value,
                end_value,
                transition_steps,
                transition_begin,
            )?)
        }
        "optax.warmup_constant_schedule" => {
            let init_value = k.f64("init_value")?;
            let peak_value = k.f64("peak_value")?;
            let warmup_steps = k.f64("warmup_steps")?;
            k.finish()?;
            Schedule::Polynomial(PolynomialSchedule::warmup_constant(
                init_value,
                peak_value,
                warmup_steps,
            )?)
        }
        _ => {
            return Err(ScheduleError::UnknownScheduler {
                name: spec.scheduler.clone(),
            })
        }
    };
    Ok(schedule)
}

/// Reads `warmup_cosine_decay_schedule`'s kwargs (also each cycle of `sgdr_schedule`).
fn warmup_cosine(mut k: Kwargs<'_>) -> Result<WarmupCosineDecaySchedule, ScheduleError> {
    let init_value = k.f64("init_value")?;
    let peak_value = k.f64("peak_value")?;
    let warmup_steps = k.f64("warmup_steps")?;
    let decay_steps = k.f64("decay_steps")?;
    let end_value = k.f64_or("end_value", 0.0)?;
    let exponent = k.f64_or("exponent", 1.0)?;
    k.finish()?;
    WarmupCosineDecaySchedule::new(
        init_value,
        peak_value,
        warmup_steps,
        decay_steps,
        end_value,
        exponent,
    )
}

/// One entry of `sgdr_schedule`'s `cosine_kwargs`; errors name `cosine_kwargs[i].field`.
fn sgdr_cycle(i: usize, item: &Value) -> Result<WarmupCosineDecaySchedule, ScheduleError> {
    let Value::Object(map) = item else {
        return Err(ScheduleError::invalid(
            format!("cosine_kwargs[{i}]"),
            item,
            "expected an object of warmup_cosine_decay_schedule kwargs",
        ));
    };
    warmup_cosine(Kwargs::new("optax.warmup_cosine_decay_schedule", map))
        .map_err(|e| e.nested(&format!("cosine_kwargs[{i}]")))
}

/// Reads `boundaries_and_scales`: `null`/absent → `None`; a JSON object whose keys are integer
/// steps written as strings (`{"10": 0.1}`) and whose values are finite numbers.
fn boundaries_and_scales<'a>(k: &mut Kwargs<'a>) -> Result<Option<Vec<(f64, f64)>>, ScheduleError> {
    const FIELD: &str = "boundaries_and_scales";
    let map: &Map<String, Value> = match k.raw(FIELD) {
        None => return Ok(None),
        Some(Value::Object(map)) => map,
        Some(other) => {
            return Err(ScheduleError::invalid(
                FIELD,
                other,
                "expected an object {\"step\": scale, ...}",
            ));
        }
    };
    let mut pairs: Vec<(f64, f64)> = Vec::with_capacity(map.len());
    let mut seen: Vec<i64> = Vec::with_capacity(map.len());
    for (key, value) in map {
        let step: i64 = key.parse().map_err(|_| {
            ScheduleError::invalid(
                FIELD,
                format!("{key:?}"),
                "keys must be integer step counts (the Python dict's int keys)",
            )
        })?;
        if step.unsigned_abs() > (1u64 << 53) {
            return Err(ScheduleError::invalid(
                FIELD,
                key,
                "step count out of range",
            ));
        }
        if seen.contains(&step) {
            return Err(ScheduleError::invalid(
                FIELD,
                key,
                "the same step appears twice (a Python dict has unique keys)",
            ));
        }
        seen.push(step);
        let scale = value
            .as_f64()
            .filter(|s| s.is_finite())
            .ok_or_else(|| ScheduleError::invalid(FIELD, value, "scales must be finite numbers"))?;
        pairs.push((step as f64, scale));
    }
    Ok(Some(pairs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(v: Value) -> ScheduleSpec {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn every_name_is_buildable() {
        // Minimal valid kwargs per scheduler; `base_lr` is ignored (number, null or absent).
        let cases = [
            json!({"scheduler": "optax.constant_schedule", "params": {"value": 0.1}, "base_lr": null}),
            json!({"scheduler": "optax.cosine_decay_schedule", "params": {"init_value": 0.1, "decay_steps": 10}}),
            json!({"scheduler": "optax.warmup_cosine_decay_schedule", "params": {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 2, "decay_steps": 10}}),
            json!({"scheduler": "optax.sgdr_schedule", "params": {"cosine_kwargs": [{"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 2, "decay_steps": 10}]}}),
            json!({"scheduler": "optax.cosine_onecycle_schedule", "params": {"transition_steps": 10, "peak_value": 0.1}}),
            json!({"scheduler": "optax.linear_onecycle_schedule", "params": {"transition_steps": 10, "peak_value": 0.1}}),
            json!({"scheduler": "optax.exponential_decay", "params": {"init_value": 0.1, "transition_steps": 10, "decay_rate": 0.5}}),
            json!({"scheduler": "optax.warmup_exponential_decay_schedule", "params": {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 2, "transition_steps": 10, "decay_rate": 0.5}}),
            json!({"scheduler": "optax.piecewise_constant_schedule", "params": {"init_value": 0.1}}),
            json!({"scheduler": "optax.piecewise_interpolate_schedule", "params": {"interpolate_type": "cosine", "init_value": 0.1, "boundaries_and_scales": {"5": 0.5}}}),
            json!({"scheduler": "optax.polynomial_schedule", "params": {"init_value": 0.1, "end_value": 0.0, "power": 2, "transition_steps": 10}}),
            json!({"scheduler": "optax.linear_schedule", "params": {"init_value": 0.1, "end_value": 0.0, "transition_steps": 10}}),
            json!({"scheduler": "optax.warmup_constant_schedule", "params": {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 10}, "base_lr": 0.5}),
        ];
        assert_eq!(
            cases.len(),
            crate::spec::describe::of_library(crate::spec::describe::Library::Optax).count()
        );
        for c in cases {
            let s = spec(c.clone());
            let ev = s.evaluate(Some(20)).unwrap_or_else(|e| panic!("{c}: {e}"));
            assert_eq!(ev.lr.len(), 20);
            assert!(ev.lr.iter().all(|v| v.is_finite()), "{c}");
        }
    }

    #[test]
    fn unknown_kwarg_is_named() {
        let s = spec(
            json!({"scheduler": "optax.cosine_decay_schedule", "params": {"init_value": 0.1, "decay_steps": 10, "eta_min": 0}}),
        );
        assert_eq!(s.evaluate(Some(3)).unwrap_err().field(), "eta_min");
    }

    #[test]
    fn sgdr_errors_name_the_cycle() {
        let s = spec(
            json!({"scheduler": "optax.sgdr_schedule", "params": {"cosine_kwargs": [
            {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 2, "decay_steps": 10},
            {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 10, "decay_steps": 10}]}}),
        );
        assert_eq!(
            s.evaluate(Some(3)).unwrap_err().field(),
            "cosine_kwargs[1].decay_steps"
        );
        let s = spec(
            json!({"scheduler": "optax.sgdr_schedule", "params": {"cosine_kwargs": [{"init_value": 0.0}]}}),
        );
        assert_eq!(
            s.evaluate(Some(3)).unwrap_err().field(),
            "cosine_kwargs[0].peak_value"
        );
        let s = spec(json!({"scheduler": "optax.sgdr_schedule", "params": {"cosine_kwargs": []}}));
        assert!(matches!(
            s.evaluate(Some(3)),
            Err(ScheduleError::Raised { step: 0, .. })
        ));
    }

    #[test]
    fn boundaries_and_scales_keys_must_be_integers() {
        let s = spec(
            json!({"scheduler": "optax.piecewise_constant_schedule", "params": {"init_value": 0.1, "boundaries_and_scales": {"ten": 0.1}}}),
        );
        assert_eq!(
            s.evaluate(Some(3)).unwrap_err().field(),
            "boundaries_and_scales"
        );
        let s = spec(
            json!({"scheduler": "optax.piecewise_constant_schedule", "params": {"init_value": 0.1, "boundaries_and_scales": {"10": 0.1, "010": 0.5}}}),
        );
        assert_eq!(
            s.evaluate(Some(3)).unwrap_err().field(),
            "boundaries_and_scales"
        );
    }

    #[test]
    fn interpolate_type_is_checked() {
        let s = spec(
            json!({"scheduler": "optax.piecewise_interpolate_schedule", "params": {"interpolate_type": "cubic", "init_value": 0.1}}),
        );
        assert_eq!(s.evaluate(Some(3)).unwrap_err().field(), "interpolate_type");
    }
}
