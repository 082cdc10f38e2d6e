//! Reading Keras 3 schedules from a [`ScheduleSpec`].
//!
//! Names are full API paths (`keras.optimizers.schedules.CosineDecay`), kwargs are Keras' own;
//! the `name` kwarg is accepted (a string) and ignored. `spec.base_lr` is ignored: the values
//! live in `params`. Step counts (`decay_steps`, `first_decay_steps`, `warmup_steps`,
//! `boundaries`) accept any finite number, as the library's arithmetic does.

use super::kwargs::Kwargs;
use super::ScheduleSpec;
use crate::schedule::keras::{
    CosineDecay, CosineDecayRestarts, ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay,
    PolynomialDecay, Schedule,
};
use crate::schedule::{Evaluation, ScheduleError};

/// Evaluates a `keras` spec over `n` steps: `lr[t] = schedule(t)` for `t = 0..n-1`, with a
/// [`crate::schedule::Quirk`] at each step where Keras' float32 restart search lands in another
/// cycle (`CosineDecayRestarts` only).
///
/// # Errors
/// As [`build`].
pub fn evaluate(spec: &ScheduleSpec, n: usize) -> Result<Evaluation, ScheduleError> {
    let schedule = build(spec)?;
    let mut eval = Evaluation::from_lr((0..n).map(|t| schedule.lr(t as f64)).collect());
    eval.quirks = (0..n).filter_map(|t| schedule.quirk(t)).collect();
    Ok(eval)
}

/// Builds the Keras schedule a spec names.
///
/// # Errors
/// - [`ScheduleError::UnknownScheduler`] for a name that is not a described `keras` one;
/// - a missing required kwarg, an unknown kwarg (a Python `TypeError`), an ill-typed one;
/// - every rule of the schedule constructors in [`crate::schedule::keras`], named by field.
pub fn build(spec: &ScheduleSpec) -> Result<Schedule, ScheduleError> {
    let name = spec.scheduler.as_str();
    let mut k = Kwargs::new(name, &spec.params);
    let schedule = match name {
        "keras.optimizers.schedules.CosineDecay" => {
            let initial_learning_rate = k.f64("initial_learning_rate")?;
            let decay_steps = k.f64("decay_steps")?;
            let alpha = k.f64_or("alpha", 0.0)?;
            k.opt_str("name")?;
            let warmup_target = k.opt_f64("warmup_target")?;
            let warmup_steps = k.f64_or("warmup_steps", 0.0)?;
            k.finish()?;
            Schedule::CosineDecay(CosineDecay::new(
                initial_learning_rate,
                decay_steps,
                alpha,
                warmup_target,
                warmup_steps,
            )?)
        }
        "keras.optimizers.schedules.CosineDecayRestarts" => {
            let initial_learning_rate = k.f64("initial_learning_rate")?;
            let first_decay_steps = k.f64("first_decay_steps")?;
            let t_mul = k.f64_or("t_mul", 2.0)?;
            let m_mul = k.f64_or("m_mul", 1.0)?;
            let alpha = k.f64_or("alpha", 0.0)?;
            k.opt_str("name")?;
            k.finish()?;
            Schedule::CosineDecayRestarts(CosineDecayRestarts::new(
                initial_learning_rate,
                first_decay_steps,
                t_mul,
                m_mul,
                alpha,
            )?)
        }
        "keras.optimizers.schedules.ExponentialDecay" => {
            let initial_learning_rate = k.f64("initial_learning_rate")?;
            let decay_steps = k.f64("decay_steps")?;
            let decay_rate = k.f64("decay_rate")?;
            let staircase = k.bool_or("staircase", false)?;
            k.opt_str("name")?;
            k.finish()?;
            Schedule::ExponentialDecay(ExponentialDecay::new(
                initial_learning_rate,
                decay_steps,
                decay_rate,
                staircase,
            )?)
        }
        "keras.optimizers.schedules.InverseTimeDecay" => {
            let initial_learning_rate = k.f64("initial_learning_rate")?;
            let decay_steps = k.f64("decay_steps")?;
            let decay_rate = k.f64("decay_rate")?;
            let staircase = k.bool_or("staircase", false)?;
            k.opt_str("name")?;
            k.finish()?;
            Schedule::InverseTimeDecay(InverseTimeDecay::new(
                initial_learning_rate,
                decay_steps,
                decay_rate,
                staircase,
            )?)
        }
        "keras.optimizers.schedules.PolynomialDecay" => {
            let initial_learning_rate = k.f64("initial_learning_rate")?;
            let decay_steps = k.f64("decay_steps")?;
            let end_learning_rate = k.f64_or("end_learning_rate", 0.0001)?;
            let power = k.f64_or("power", 1.0)?;
            let cycle = k.bool_or("cycle", false)?;
            k.opt_str("name")?;
            k.finish()?;
            Schedule::PolynomialDecay(PolynomialDecay::new(
                initial_learning_rate,
                decay_steps,
                end_learning_rate,
                power,
                cycle,
            )?)
        }
        "keras.optimizers.schedules.PiecewiseConstantDecay" => {
            let boundaries =
                k.opt_f64_list("boundaries")?
                    .ok_or_else(|| ScheduleError::Missing {
                        field: "boundaries".into(),
                        scheduler: name.into(),
                    })?;
            let values = k
                .opt_f64_list("values")?
                .ok_or_else(|| ScheduleError::Missing {
                    field: "values".into(),
                    scheduler: name.into(),
                })?;
            k.opt_str("name")?;
            k.finish()?;
            Schedule::PiecewiseConstantDecay(PiecewiseConstantDecay::new(boundaries, values)?)
        }
        _ => {
            return Err(ScheduleError::UnknownScheduler {
                name: spec.scheduler.clone(),
            })
        }
    };
    Ok(schedule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn spec(v: Value) -> ScheduleSpec {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn every_name_is_buildable_and_name_is_ignored() {
        let cases = [
            json!({"scheduler": "keras.optimizers.schedules.CosineDecay", "params": {"initial_learning_rate": 0.1, "decay_steps": 10, "name": "x"}}),
            json!({"scheduler": "keras.optimizers.schedules.CosineDecayRestarts", "params": {"initial_learning_rate": 0.1, "first_decay_steps": 10}, "base_lr": null}),
            json!({"scheduler": "keras.optimizers.schedules.ExponentialDecay", "params": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9}}),
            json!({"scheduler": "keras.optimizers.schedules.PiecewiseConstantDecay", "params": {"boundaries": [5], "values": [0.1, 0.01]}}),
            json!({"scheduler": "keras.optimizers.schedules.PolynomialDecay", "params": {"initial_learning_rate": 0.1, "decay_steps": 10}, "base_lr": 3.0}),
            json!({"scheduler": "keras.optimizers.schedules.InverseTimeDecay", "params": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}}),
        ];
        assert_eq!(
            cases.len(),
            crate::spec::describe::of_library(crate::spec::describe::Library::Keras).count()
        );
        for c in cases {
            let ev = spec(c.clone())
                .evaluate(Some(30))
                .unwrap_or_else(|e| panic!("{c}: {e}"));
            assert_eq!(ev.lr.len(), 30);
            assert!(ev.lr.iter().all(|v| v.is_finite()), "{c}");
        }
    }

    #[test]
    fn restarts_default_t_mul_is_two() {
        // SEMANTICS.md §5: default t_mul = 2.0, so with first_decay_steps 10 restarts at 10, 30.
        let ev = spec(
            json!({"scheduler": "keras.optimizers.schedules.CosineDecayRestarts",
            "params": {"initial_learning_rate": 1.0, "first_decay_steps": 10}}),
        )
        .evaluate(Some(31))
        .unwrap();
        assert_eq!((ev.lr[10], ev.lr[30]), (1.0, 1.0));
        assert!(ev.lr[20] < 1.0);
    }

    #[test]
    fn missing_and_unknown_kwargs_are_named() {
        let s = spec(
            json!({"scheduler": "keras.optimizers.schedules.PiecewiseConstantDecay", "params": {"values": [1.0]}}),
        );
        assert_eq!(s.evaluate(Some(3)).unwrap_err().field(), "boundaries");
        let s = spec(
            json!({"scheduler": "keras.optimizers.schedules.CosineDecay", "params": {"initial_learning_rate": 0.1, "decay_steps": 10, "T_max": 3}}),
        );
        assert_eq!(s.evaluate(Some(3)).unwrap_err().field(), "T_max");
        let s = spec(
            json!({"scheduler": "keras.optimizers.schedules.CosineDecay", "params": {"initial_learning_rate": 0.1, "decay_steps": 10, "name": 3}}),
        );
        assert_eq!(s.evaluate(Some(3)).unwrap_err().field(), "name");
    }
}
