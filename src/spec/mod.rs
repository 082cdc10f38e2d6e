//! [`ScheduleSpec`]: a schedule named exactly as its library names it, with that library's
//! keyword arguments, and its evaluation into a learning-rate sequence.
//!
//! ```json
//! {"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR",
//!  "params": {"T_max": 50, "eta_min": 0.001},
//!  "base_lr": 0.1}
//! ```
//! This is the shape of every golden case, so a golden case *is* a spec: other top-level keys
//! (`lr`, `protocol`, `note`, ...) are ignored. See DESIGN.md ("ScheduleSpec and the CLI
//! contract").
//!
//! Layering: `spec → schedule`. Each library has one file here that reads its kwargs (through
//! [`kwargs::Kwargs`], which rejects unknown and ill-typed arguments with the library's rule)
//! and builds the typed schedules of [`crate::schedule`].

pub mod describe;
pub mod keras;
pub mod kwargs;
pub mod optax;
pub mod port;
pub mod python;
pub mod snippet;
pub mod timm;
pub mod torch;
pub mod transformers;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::schedule::{Evaluation, ScheduleError};
use describe::Library;

/// The most rates [`ScheduleSpec::evaluate`] computes at once (80 MB of f64): a longer run is
/// rejected with an error naming `steps` instead of exhausting memory.
pub const MAX_STEPS: usize = 10_000_000;

/// A schedule as "library API path + keyword arguments" (DESIGN.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleSpec {
    /// The library's public API path, e.g. `torch.optim.lr_scheduler.CosineAnnealingLR`,
    /// `timm.scheduler.CosineLRScheduler`, `optax.cosine_decay_schedule`.
    pub scheduler: String,
    /// The keyword arguments, spelled as the library spells them.
    #[serde(default)]
    pub params: Map<String, Value>,
    /// The optimizer's learning rate (torch, timm, transformers). Ignored by optax and Keras,
    /// whose values live in `params`; there it may be a number, null or absent.
    #[serde(default)]
    pub base_lr: Option<f64>,
    /// Evaluate at these explicit epochs (PyTorch `step(epoch)` semantics); one rate per entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epochs: Option<Vec<f64>>,
    /// ReduceLROnPlateau: one metric per `step(metric)`; gives `len(metrics) + 1` rates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Vec<f64>>,
}

impl ScheduleSpec {
    /// Parses a spec from JSON text.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] naming the field serde could not read (or `spec` when the
    /// text is not a JSON object).
    pub fn from_json(text: &str) -> Result<Self, ScheduleError> {
        let spec_error = |reason: String| ScheduleError::Invalid {
            field: "spec".into(),
            value: "(JSON)".into(),
            reason,
        };
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| spec_error(format!("not valid JSON: {e}")))?;
        if !value.is_object() {
            return Err(spec_error(
                "expected a JSON object {\"scheduler\": ..., \"params\": {...}}".into(),
            ));
        }
        ScheduleSpec::deserialize(&value).map_err(|e| ScheduleError::Invalid {
            field: Self::field_at_fault(&value),
            value: "(JSON)".into(),
            reason: e.to_string(),
        })
    }

    /// The field (or list entry, `epochs[3]`) that keeps a JSON object from being a spec: the
    /// first top-level key whose value has the wrong type, else `scheduler` when it is missing
    /// (serde's message says which and why).
    fn field_at_fault(value: &Value) -> String {
        let Some(object) = value.as_object() else {
            return "spec".into();
        };
        let numbers = |key: &str, v: &Value| -> Option<String> {
            match v {
                Value::Null => None,
                Value::Array(items) => items
                    .iter()
                    .position(|x| !x.is_number())
                    .map(|i| format!("{key}[{i}]")),
                _ => Some(key.into()),
            }
        };
        for (key, v) in object {
            let bad = match key.as_str() {
                "scheduler" => (!v.is_string()).then(|| key.clone()),
                "params" => (!v.is_object()).then(|| key.clone()),
                "base_lr" => (!v.is_number() && !v.is_null()).then(|| key.clone()),
                "epochs" | "metrics" => numbers(key, v),
                _ => None,
            };
            if let Some(field) = bad {
                return field;
            }
        }
        if object.contains_key("scheduler") {
            "spec".into()
        } else {
            "scheduler".into()
        }
    }

    /// The number of rates this spec yields without a `--steps` count: `len(epochs)`, or
    /// `len(metrics) + 1`; `None` when neither is given.
    pub fn implied_len(&self) -> Option<usize> {
        match (&self.epochs, &self.metrics) {
            (Some(e), _) => Some(e.len()),
            (None, Some(m)) => Some(m.len() + 1),
            (None, None) => None,
        }
    }

    /// Evaluates the schedule: `steps` rates for t = 0..steps-1, or one per entry of
    /// `epochs`, or `len(metrics) + 1` for ReduceLROnPlateau.
    ///
    /// # Errors
    /// - `steps`: missing when the spec implies no length, or different from the implied one.
    /// - `scheduler`: a name not in [`describe::SCHEDULERS`] ([`ScheduleError::UnknownScheduler`]);
    ///   a described name goes to its library's reader ([`describe::Scheduler::library`]).
    /// - any kwarg the library would reject, named as the library names it.
    pub fn evaluate(&self, steps: Option<usize>) -> Result<Evaluation, ScheduleError> {
        let n = match (steps, self.implied_len()) {
            (Some(s), Some(implied)) if s != implied => {
                return Err(ScheduleError::invalid(
                    "steps",
                    s,
                    format!("the spec's epochs/metrics imply {implied} values"),
                ))
            }
            (Some(s), _) => s,
            (None, Some(implied)) => implied,
            (None, None) => {
                return Err(ScheduleError::invalid(
                    "steps",
                    "(none)",
                    "the number of steps (`anneal eval --steps N`) is required unless the spec has `epochs` or `metrics`",
                ))
            }
        };
        if n > MAX_STEPS {
            return Err(ScheduleError::invalid(
                "steps",
                n,
                format!("at most {MAX_STEPS} rates are computed at once"),
            ));
        }
        if let Some(epochs) = &self.epochs {
            if let Some(bad) = epochs.iter().find(|e| !e.is_finite() || **e < 0.0) {
                return Err(ScheduleError::invalid(
                    "epochs",
                    bad,
                    "epochs must be finite and >= 0",
                ));
            }
        }
        if let Some(metrics) = &self.metrics {
            if let Some(bad) = metrics.iter().find(|m| m.is_nan()) {
                return Err(ScheduleError::invalid(
                    "metrics",
                    bad,
                    "metrics must not be NaN",
                ));
            }
        }
        let Some(description) = describe::find(&self.scheduler) else {
            return Err(ScheduleError::UnknownScheduler {
                name: self.scheduler.clone(),
            });
        };
        match description.library {
            Library::Torch => torch::evaluate(self, n),
            Library::Timm => timm::evaluate(self, n),
            Library::Transformers => transformers::evaluate(self, n),
            Library::Optax => optax::evaluate(self, n),
            Library::Keras => keras::evaluate(self, n),
        }
    }

    /// The optimizer learning rate, required for torch, timm and transformers schedules.
    ///
    /// # Errors
    /// `base_lr` missing or not finite.
    pub fn require_base_lr(&self) -> Result<f64, ScheduleError> {
        match self.base_lr {
            None => Err(ScheduleError::Missing {
                field: "base_lr".into(),
                scheduler: self.scheduler.clone(),
            }),
            Some(v) if !v.is_finite() => {
                Err(ScheduleError::invalid("base_lr", v, "must be finite"))
            }
            Some(v) => Ok(v),
        }
    }
}

/// Every scheduler name Anneal supports, in the order `anneal list` prints them: the paths of
/// [`describe::SCHEDULERS`].
pub fn all_schedulers() -> Vec<&'static str> {
    describe::SCHEDULERS.iter().map(|s| s.path).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_to_the_exact_double() {
        // A golden case's Python repr must come back as the same bits (tests/data/README.md).
        // serde_json's default float parser is off by one ulp here; `float_roundtrip` is not.
        let spec = ScheduleSpec::from_json(
            r#"{"scheduler": "x", "base_lr": 0.09755282581475769, "params": {"eta_min": 0.09755282581475769}}"#,
        )
        .unwrap();
        assert_eq!(
            spec.base_lr.map(f64::to_bits),
            Some(0.09755282581475769f64.to_bits())
        );
        assert_eq!(spec.params["eta_min"].as_f64(), Some(0.09755282581475769));
    }
}
