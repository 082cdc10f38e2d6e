//! Reading `timm` schedules from a [`ScheduleSpec`].
//!
//! `timm.scheduler.CosineLRScheduler` takes its kwargs under timm's names, with timm's defaults
//! (`timm/scheduler/cosine_lr.py`); `base_lr` is the optimizer's `lr`. The rates are for
//! `t = 0..n-1`, the argument of `step(epoch)` (`t_in_epochs = true`) or
//! `step_update(num_updates)` (`t_in_epochs = false`), or for each entry of the spec's `epochs`
//! (fractional values allowed: timm is stateless).

use super::kwargs::Kwargs;
use super::ScheduleSpec;
use crate::schedule::timm::{CosineLRConfig, CosineLRScheduler};
use crate::schedule::{Evaluation, ScheduleError};

/// Reads the kwargs of `timm.scheduler.CosineLRScheduler` and builds it.
///
/// Kwargs (timm defaults): `t_initial` (required), `lr_min=0`, `cycle_mul=1`,
/// `cycle_decay=1`, `cycle_limit=1`, `warmup_t=0`, `warmup_lr_init=0`, `warmup_prefix=false`,
/// `t_in_epochs=true`, `k_decay=1`, and, accepted without effect, `noise_pct=0.67`,
/// `noise_std=1.0`, `noise_seed=42`, `initialize=true`. Numbers may be JSON ints or floats
/// (timm does not check types).
///
/// # Errors
/// - `base_lr` missing or not finite;
/// - `noise_range_t` set (noise needs torch's RNG and is not reproduced);
/// - a kwarg of the wrong type, an unknown kwarg, or a value [`CosineLRScheduler::new`] rejects.
pub fn cosine_lr_scheduler(spec: &ScheduleSpec) -> Result<CosineLRScheduler, ScheduleError> {
    let base_lr = spec.require_base_lr()?;
    let mut k = Kwargs::new(&spec.scheduler, &spec.params);
    let d = CosineLRConfig::default();
    let config = CosineLRConfig {
        t_initial: k.f64("t_initial")?,
        lr_min: k.f64_or("lr_min", d.lr_min)?,
        cycle_mul: k.f64_or("cycle_mul", d.cycle_mul)?,
        cycle_decay: k.f64_or("cycle_decay", d.cycle_decay)?,
        cycle_limit: k.f64_or("cycle_limit", d.cycle_limit)?,
        warmup_t: k.f64_or("warmup_t", d.warmup_t)?,
        warmup_lr_init: k.f64_or("warmup_lr_init", d.warmup_lr_init)?,
        warmup_prefix: k.bool_or("warmup_prefix", d.warmup_prefix)?,
        t_in_epochs: k.bool_or("t_in_epochs", d.t_in_epochs)?,
        k_decay: k.f64_or("k_decay", d.k_decay)?,
    };
    if let Some(v) = k.raw("noise_range_t") {
        return Err(ScheduleError::invalid(
            "noise_range_t",
            v,
            "noise needs torch's RNG and is not reproduced (use null)",
        ));
    }
    k.f64_or("noise_pct", 0.67)?;
    k.f64_or("noise_std", 1.0)?;
    k.int_or("noise_seed", 42)?;
    k.bool_or("initialize", true)?;
    k.finish()?;
    CosineLRScheduler::new(base_lr, config)
}

/// Evaluates a `timm` spec over `n` steps (or at the spec's `epochs`).
///
/// # Errors
/// Any kwarg the library would reject, named; `metrics` given (timm's cosine ignores metrics,
/// so a metrics-driven length has no meaning here); an unknown scheduler name.
pub fn evaluate(spec: &ScheduleSpec, n: usize) -> Result<Evaluation, ScheduleError> {
    if spec.metrics.is_some() {
        return Err(ScheduleError::invalid(
            "metrics",
            "[...]",
            format!("{} takes no metrics; give steps or epochs", spec.scheduler),
        ));
    }
    match spec.scheduler.as_str() {
        "timm.scheduler.CosineLRScheduler" => {
            let s = cosine_lr_scheduler(spec)?;
            Ok(match &spec.epochs {
                Some(ts) => s.evaluate_at(ts),
                None => s.evaluate(n),
            })
        }
        _ => Err(ScheduleError::UnknownScheduler {
            name: spec.scheduler.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(params: serde_json::Value) -> ScheduleSpec {
        ScheduleSpec::from_json(
            &json!({"scheduler": "timm.scheduler.CosineLRScheduler", "params": params, "base_lr": 0.1})
                .to_string(),
        )
        .expect("spec")
    }

    #[test]
    fn reads_golden_style_kwargs() {
        // tests/data/timm.json case 0: t_initial 10, base 0.1 -> lr[0] = 0.1, lr[10] = 0.0 (cycle_limit 1).
        let s = spec(
            json!({"t_initial": 10, "lr_min": 0.0, "cycle_mul": 1.0, "cycle_decay": 1.0,
            "cycle_limit": 1, "warmup_t": 0, "warmup_lr_init": 0.0, "warmup_prefix": false,
            "k_decay": 1.0, "t_in_epochs": true}),
        );
        let ev = s.evaluate(Some(12)).unwrap();
        assert_eq!(ev.lr[0], 0.1);
        assert_eq!(ev.lr[10], 0.0);
    }

    #[test]
    fn noise_range_t_is_rejected_by_name() {
        let e = spec(json!({"t_initial": 10, "noise_range_t": [2, 5]}))
            .evaluate(Some(3))
            .unwrap_err();
        assert_eq!(e.field(), "noise_range_t");
        // null is the default and accepted, as are the other noise kwargs.
        let ok = spec(
            json!({"t_initial": 10, "noise_range_t": null, "noise_pct": 0.5,
            "noise_std": 2.0, "noise_seed": 1, "initialize": false}),
        );
        assert!(ok.evaluate(Some(3)).is_ok());
    }

    #[test]
    fn t_initial_is_required() {
        let e = spec(json!({})).evaluate(Some(3)).unwrap_err();
        assert!(matches!(e, ScheduleError::Missing { ref field, .. } if field == "t_initial"));
    }

    #[test]
    fn unknown_kwarg_is_named() {
        let e = spec(json!({"t_initial": 10, "T_max": 5}))
            .evaluate(Some(3))
            .unwrap_err();
        assert_eq!(e.field(), "T_max");
    }

    #[test]
    fn wrong_type_is_named() {
        let e = spec(json!({"t_initial": 10, "warmup_prefix": 1}))
            .evaluate(Some(3))
            .unwrap_err();
        assert_eq!(e.field(), "warmup_prefix");
    }

    #[test]
    fn base_lr_is_required() {
        let mut s = spec(json!({"t_initial": 10}));
        s.base_lr = None;
        assert_eq!(s.evaluate(Some(3)).unwrap_err().field(), "base_lr");
    }

    #[test]
    fn explicit_epochs_may_be_fractional() {
        let mut s = spec(json!({"t_initial": 10}));
        s.epochs = Some(vec![0.0, 5.0, 2.5]);
        let ev = s.evaluate(None).unwrap();
        assert_eq!(ev.lr.len(), 3);
        assert_eq!(ev.lr[0], 0.1);
        assert!((ev.lr[1] - 0.05).abs() < 1e-15);
    }

    #[test]
    fn metrics_are_rejected() {
        let mut s = spec(json!({"t_initial": 10}));
        s.metrics = Some(vec![1.0]);
        assert_eq!(s.evaluate(None).unwrap_err().field(), "metrics");
    }
}
