//! Reading `transformers` schedules from a [`ScheduleSpec`].
//!
//! Names are the factories' full paths in `src/transformers/optimization.py`; the kwargs are the
//! factories' own, without `optimizer` (its `lr` is the spec's `base_lr`, which is also
//! `optimizer.defaults["lr"]`). `last_epoch` is accepted only at its default -1 (resuming needs
//! `initial_lr` in the optimizer's param groups). Step counts are Python-strict integers.

use super::kwargs::Kwargs;
use super::ScheduleSpec;
use crate::schedule::transformers::{
    ConstantSchedule, ConstantWithWarmup, CosineWithHardRestarts, CosineWithMinLrWarmupLrRate,
    CosineWithWarmup, InverseSqrt, LinearWithWarmup, PolynomialDecay, TransformersSchedule, Wsd,
    WsdConfig, WsdShape,
};
use crate::schedule::{Evaluation, ScheduleError};

const CONSTANT: &str = "transformers.optimization.get_constant_schedule";
const CONSTANT_WARMUP: &str = "transformers.optimization.get_constant_schedule_with_warmup";
const LINEAR: &str = "transformers.optimization.get_linear_schedule_with_warmup";
const COSINE: &str = "transformers.optimization.get_cosine_schedule_with_warmup";
const HARD_RESTARTS: &str =
    "transformers.optimization.get_cosine_with_hard_restarts_schedule_with_warmup";
const POLYNOMIAL: &str = "transformers.optimization.get_polynomial_decay_schedule_with_warmup";
const INVERSE_SQRT: &str = "transformers.optimization.get_inverse_sqrt_schedule";
const COSINE_MIN_LR: &str = "transformers.optimization.get_cosine_with_min_lr_schedule_with_warmup";
const COSINE_MIN_LR_RATE: &str =
    "transformers.optimization.get_cosine_with_min_lr_schedule_with_warmup_lr_rate";
const WSD: &str = "transformers.optimization.get_wsd_schedule";

/// `last_epoch`: only the default -1 is reproduced.
fn last_epoch(k: &mut Kwargs<'_>) -> Result<(), ScheduleError> {
    match k.int_or("last_epoch", -1)? {
        -1 => Ok(()),
        other => Err(ScheduleError::invalid(
            "last_epoch",
            other,
            "only -1 is supported (resuming needs 'initial_lr' in the optimizer's param groups)",
        )),
    }
}

/// Reads the kwargs of the named factory and builds its schedule.
///
/// Kwargs (the library's defaults): constant: none; constant_with_warmup: `num_warmup_steps`;
/// linear: `num_warmup_steps, num_training_steps`; cosine: `+ num_cycles=0.5`; hard restarts:
/// `+ num_cycles=1`; polynomial: `+ lr_end=1e-7, power=1.0`; inverse_sqrt:
/// `num_warmup_steps, timescale=None`; cosine_with_min_lr: `+ num_cycles=0.5, min_lr=None,
/// min_lr_rate=None`; ..._lr_rate: `+ warmup_lr_rate=None`; wsd: `num_warmup_steps,
/// num_decay_steps, num_training_steps=None, num_stable_steps=None, warmup_type="linear",
/// decay_type="cosine", min_lr_ratio=0, num_cycles=0.5`. All accept `last_epoch=-1`.
///
/// # Errors
/// `base_lr` missing or not finite; a missing, ill-typed or unknown kwarg; the library's
/// ValueErrors (see the schedule types); an unknown scheduler name.
pub fn build(spec: &ScheduleSpec) -> Result<TransformersSchedule, ScheduleError> {
    let base_lr = spec.require_base_lr()?;
    let name = spec.scheduler.as_str();
    let mut k = Kwargs::new(&spec.scheduler, &spec.params);
    let schedule = match name {
        CONSTANT => TransformersSchedule::Constant(ConstantSchedule::new(base_lr)?),
        CONSTANT_WARMUP => {
            let w = k.int("num_warmup_steps")?;
            TransformersSchedule::ConstantWithWarmup(ConstantWithWarmup::new(base_lr, w)?)
        }
        LINEAR => {
            let w = k.int("num_warmup_steps")?;
            let n = k.int("num_training_steps")?;
            TransformersSchedule::Linear(LinearWithWarmup::new(base_lr, w, n)?)
        }
        COSINE => {
            let w = k.int("num_warmup_steps")?;
            let n = k.int("num_training_steps")?;
            let c = k.f64_or("num_cycles", 0.5)?;
            TransformersSchedule::Cosine(CosineWithWarmup::new(base_lr, w, n, c)?)
        }
        HARD_RESTARTS => {
            let w = k.int("num_warmup_steps")?;
            let n = k.int("num_training_steps")?;
            let c = k.f64_or("num_cycles", 1.0)?;
            TransformersSchedule::HardRestarts(CosineWithHardRestarts::new(base_lr, w, n, c)?)
        }
        POLYNOMIAL => {
            let w = k.int("num_warmup_steps")?;
            let n = k.int("num_training_steps")?;
            let lr_end = k.f64_or("lr_end", 1e-7)?;
            let power = k.f64_or("power", 1.0)?;
            TransformersSchedule::Polynomial(PolynomialDecay::new(base_lr, w, n, lr_end, power)?)
        }
        INVERSE_SQRT => {
            let w = k.int("num_warmup_steps")?;
            let timescale = k.opt_int("timescale")?;
            TransformersSchedule::InverseSqrt(InverseSqrt::new(base_lr, w, timescale)?)
        }
        COSINE_MIN_LR => {
            let w = k.int("num_warmup_steps")?;
            let n = k.int("num_training_steps")?;
            let c = k.f64_or("num_cycles", 0.5)?;
            let min_lr = k.opt_f64("min_lr")?;
            let min_lr_rate = k.opt_f64("min_lr_rate")?;
            TransformersSchedule::Cosine(CosineWithWarmup::with_min_lr(
                base_lr,
                w,
                n,
                c,
                min_lr,
                min_lr_rate,
            )?)
        }
        COSINE_MIN_LR_RATE => {
            let w = k.int("num_warmup_steps")?;
            let n = k.int("num_training_steps")?;
            let c = k.f64_or("num_cycles", 0.5)?;
            let min_lr = k.opt_f64("min_lr")?;
            let min_lr_rate = k.opt_f64("min_lr_rate")?;
            let warmup_lr_rate = k.opt_f64("warmup_lr_rate")?;
            TransformersSchedule::CosineLrRate(CosineWithMinLrWarmupLrRate::new(
                base_lr,
                w,
                n,
                c,
                min_lr,
                min_lr_rate,
                warmup_lr_rate,
            )?)
        }
        WSD => {
            let d = WsdConfig::default();
            let config = WsdConfig {
                num_warmup_steps: k.int("num_warmup_steps")?,
                num_decay_steps: k.int("num_decay_steps")?,
                num_training_steps: k.opt_int("num_training_steps")?,
                num_stable_steps: k.opt_int("num_stable_steps")?,
                warmup_type: WsdShape::parse(
                    "warmup_type",
                    k.choice_or("warmup_type", &WsdShape::NAMES, "linear")?,
                )?,
                decay_type: WsdShape::parse(
                    "decay_type",
                    k.choice_or("decay_type", &WsdShape::NAMES, "cosine")?,
                )?,
                min_lr_ratio: k.f64_or("min_lr_ratio", d.min_lr_ratio)?,
                num_cycles: k.f64_or("num_cycles", d.num_cycles)?,
            };
            TransformersSchedule::Wsd(Wsd::new(base_lr, config)?)
        }
        _ => {
            return Err(ScheduleError::UnknownScheduler {
                name: spec.scheduler.clone(),
            })
        }
    };
    last_epoch(&mut k)?;
    k.finish()?;
    Ok(schedule)
}

/// Evaluates a `transformers` spec over `n` steps (rates of optimizer steps `0..n`).
///
/// # Errors
/// Any kwarg the library would reject, named; [`ScheduleError::Raised`] where the library
/// raises while stepping; `epochs` or `metrics` given (these factories are stepped without
/// arguments).
pub fn evaluate(spec: &ScheduleSpec, n: usize) -> Result<Evaluation, ScheduleError> {
    if spec.epochs.is_some() {
        return Err(ScheduleError::invalid(
            "epochs",
            "[...]",
            format!(
                "{} is stepped once per optimizer step; give steps instead",
                spec.scheduler
            ),
        ));
    }
    if spec.metrics.is_some() {
        return Err(ScheduleError::invalid(
            "metrics",
            "[...]",
            format!("{} takes no metrics; give steps instead", spec.scheduler),
        ));
    }
    build(spec)?.evaluate(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn spec(name: &str, params: Value) -> ScheduleSpec {
        ScheduleSpec::from_json(
            &json!({"scheduler": name, "params": params, "base_lr": 0.1}).to_string(),
        )
        .expect("spec")
    }

    fn err_field(name: &str, params: Value) -> String {
        spec(name, params)
            .evaluate(Some(5))
            .unwrap_err()
            .field()
            .to_string()
    }

    #[test]
    fn every_name_builds_with_minimal_kwargs() {
        let minimal = [
            (CONSTANT, json!({})),
            (CONSTANT_WARMUP, json!({"num_warmup_steps": 2})),
            (
                LINEAR,
                json!({"num_warmup_steps": 2, "num_training_steps": 10}),
            ),
            (
                COSINE,
                json!({"num_warmup_steps": 2, "num_training_steps": 10}),
            ),
            (
                HARD_RESTARTS,
                json!({"num_warmup_steps": 2, "num_training_steps": 10}),
            ),
            (
                POLYNOMIAL,
                json!({"num_warmup_steps": 2, "num_training_steps": 10}),
            ),
            (INVERSE_SQRT, json!({"num_warmup_steps": 2})),
            (
                COSINE_MIN_LR,
                json!({"num_warmup_steps": 2, "num_training_steps": 10, "min_lr_rate": 0.1}),
            ),
            (
                COSINE_MIN_LR_RATE,
                json!({"num_warmup_steps": 2, "num_training_steps": 10, "min_lr": 0.01}),
            ),
            (
                WSD,
                json!({"num_warmup_steps": 2, "num_decay_steps": 3, "num_stable_steps": 4}),
            ),
        ];
        assert_eq!(
            minimal.len(),
            crate::spec::describe::of_library(crate::spec::describe::Library::Transformers).count()
        );
        for (name, params) in minimal {
            let ev = spec(name, params)
                .evaluate(Some(12))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(ev.lr.len(), 12, "{name}");
        }
    }

    #[test]
    fn missing_required_kwarg_is_named() {
        assert_eq!(
            err_field(LINEAR, json!({"num_warmup_steps": 2})),
            "num_training_steps"
        );
    }

    #[test]
    fn unknown_kwarg_is_named() {
        assert_eq!(
            err_field(CONSTANT, json!({"num_warmup_steps": 2})),
            "num_warmup_steps"
        );
        assert_eq!(
            err_field(
                COSINE,
                json!({"num_warmup_steps": 2, "num_training_steps": 9, "optimizer": 1})
            ),
            "optimizer"
        );
    }

    #[test]
    fn step_counts_are_python_ints() {
        assert_eq!(
            err_field(
                COSINE,
                json!({"num_warmup_steps": 2.0, "num_training_steps": 9})
            ),
            "num_warmup_steps"
        );
    }

    #[test]
    fn polynomial_lr_end_rule() {
        // transformers: ValueError "lr_end (..) must be smaller than initial lr (..)".
        assert_eq!(
            err_field(
                POLYNOMIAL,
                json!({"num_warmup_steps": 0, "num_training_steps": 9, "lr_end": 0.5})
            ),
            "lr_end"
        );
    }

    #[test]
    fn min_lr_rules() {
        assert_eq!(
            err_field(
                COSINE_MIN_LR,
                json!({"num_warmup_steps": 0, "num_training_steps": 9})
            ),
            "min_lr_rate"
        );
        assert_eq!(
            err_field(
                COSINE_MIN_LR,
                json!({"num_warmup_steps": 0, "num_training_steps": 9, "min_lr": 0.0, "min_lr_rate": 0.0})
            ),
            "min_lr"
        );
    }

    #[test]
    fn wsd_rules() {
        assert_eq!(
            err_field(WSD, json!({"num_warmup_steps": 1, "num_decay_steps": 1})),
            "num_training_steps"
        );
        assert_eq!(
            err_field(
                WSD,
                json!({"num_warmup_steps": 1, "num_decay_steps": 1, "num_stable_steps": 1, "warmup_type": "exp"})
            ),
            "warmup_type"
        );
        assert_eq!(
            err_field(
                WSD,
                json!({"num_warmup_steps": 1, "num_decay_steps": 1, "num_stable_steps": 1, "decay_type": 3})
            ),
            "decay_type"
        );
    }

    #[test]
    fn last_epoch_only_default() {
        assert!(spec(CONSTANT, json!({"last_epoch": -1}))
            .evaluate(Some(2))
            .is_ok());
        assert_eq!(err_field(CONSTANT, json!({"last_epoch": 5})), "last_epoch");
    }

    #[test]
    fn raising_step_is_reported() {
        let e = spec(
            POLYNOMIAL,
            json!({"num_warmup_steps": 3, "num_training_steps": 3}),
        )
        .evaluate(Some(5))
        .unwrap_err();
        assert!(
            matches!(e, ScheduleError::Raised { ref field, step: 3, .. } if field == "num_training_steps")
        );
        // Stopping before step 3 is fine, as in the library.
        assert!(spec(
            POLYNOMIAL,
            json!({"num_warmup_steps": 3, "num_training_steps": 3})
        )
        .evaluate(Some(3))
        .is_ok());
    }

    #[test]
    fn epochs_and_metrics_are_rejected() {
        let mut s = spec(CONSTANT, json!({}));
        s.epochs = Some(vec![0.0]);
        assert_eq!(s.evaluate(None).unwrap_err().field(), "epochs");
        let mut s = spec(CONSTANT, json!({}));
        s.metrics = Some(vec![0.0]);
        assert_eq!(s.evaluate(None).unwrap_err().field(), "metrics");
    }
}
