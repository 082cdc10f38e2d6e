//! The one error type of the schedule layer.

use thiserror::Error;

/// Why a schedule could not be built or evaluated.
///
/// Every variant names the offending field (a library keyword argument such as `T_mult`, or a
/// spec field such as `base_lr`, `epochs`, `steps`) so that the CLI and the UI can say exactly
/// what is wrong. The messages follow the library's own rule where it has one (PyTorch:
/// "Expected integer T_mult >= 1").
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ScheduleError {
    /// A value is present but not acceptable (wrong type, out of range, not finite...).
    #[error("invalid `{field}` = {value}: {reason}")]
    Invalid {
        /// The keyword argument or spec field, as the library spells it.
        field: String,
        /// The offending value, as text.
        value: String,
        /// The rule it breaks.
        reason: String,
    },
    /// A required keyword argument is absent.
    #[error("missing required parameter `{field}` for {scheduler}")]
    Missing {
        /// The keyword argument.
        field: String,
        /// The scheduler that requires it.
        scheduler: String,
    },
    /// A keyword argument the scheduler does not take.
    #[error("unknown parameter `{field}` for {scheduler}")]
    UnknownParam {
        /// The keyword argument.
        field: String,
        /// The scheduler that was asked for.
        scheduler: String,
    },
    /// A scheduler name Anneal does not know (`anneal list` prints the known ones).
    #[error(
        "unknown scheduler `{name}` (field `scheduler`; `anneal list` prints the supported names)"
    )]
    UnknownScheduler {
        /// The name as given.
        name: String,
    },
    /// The library itself raises while stepping (e.g. OneCycleLR stepped past `total_steps`,
    /// `ZeroDivisionError` for `T_max = 0`). `field` names the parameter that causes it.
    #[error("`{field}`: the library raises at step {step}: {message}")]
    Raised {
        /// The parameter responsible.
        field: String,
        /// The 0-based step (index into the learning-rate sequence) at which it raises.
        step: usize,
        /// What the library says.
        message: String,
    },
}

impl ScheduleError {
    /// The field (keyword argument or spec field) this error is about.
    pub fn field(&self) -> &str {
        match self {
            ScheduleError::Invalid { field, .. }
            | ScheduleError::Missing { field, .. }
            | ScheduleError::UnknownParam { field, .. }
            | ScheduleError::Raised { field, .. } => field,
            ScheduleError::UnknownScheduler { .. } => "scheduler",
        }
    }

    /// The same error inside a nested argument: its field becomes `{path}.{field}`, e.g.
    /// `schedulers[1].T_max` (a PyTorch sub-scheduler) or `cosine_kwargs[0].decay_steps`
    /// (an optax cycle), so the page can put the message on the nested control. An unknown
    /// scheduler name there becomes [`ScheduleError::Invalid`] on `{path}.scheduler`.
    pub fn nested(self, path: &str) -> Self {
        let field = |f: &str| format!("{path}.{f}");
        match self {
            ScheduleError::Invalid {
                field: f,
                value,
                reason,
            } => ScheduleError::Invalid {
                field: field(&f),
                value,
                reason,
            },
            ScheduleError::Missing {
                field: f,
                scheduler,
            } => ScheduleError::Missing {
                field: field(&f),
                scheduler,
            },
            ScheduleError::UnknownParam {
                field: f,
                scheduler,
            } => ScheduleError::UnknownParam {
                field: field(&f),
                scheduler,
            },
            ScheduleError::Raised {
                field: f,
                step,
                message,
            } => ScheduleError::Raised {
                field: field(&f),
                step,
                message,
            },
            ScheduleError::UnknownScheduler { name } => ScheduleError::Invalid {
                field: field("scheduler"),
                value: name,
                reason: "unknown scheduler (`anneal list` prints the supported names)".into(),
            },
        }
    }

    /// Shorthand for [`ScheduleError::Invalid`].
    pub fn invalid(
        field: impl Into<String>,
        value: impl ToString,
        reason: impl Into<String>,
    ) -> Self {
        ScheduleError::Invalid {
            field: field.into(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_errors_name_their_path() {
        let e = ScheduleError::invalid("T_max", -1, "must be positive").nested("schedulers[1]");
        assert_eq!(e.field(), "schedulers[1].T_max");
        let e = ScheduleError::Missing {
            field: "T_0".into(),
            scheduler: "x".into(),
        }
        .nested("schedulers[0]");
        assert_eq!(e.field(), "schedulers[0].T_0");
        let e = ScheduleError::UnknownScheduler {
            name: "nope".into(),
        }
        .nested("schedulers[2]");
        assert!(
            matches!(e, ScheduleError::Invalid { ref field, ref value, .. }
            if field == "schedulers[2].scheduler" && value == "nope")
        );
        let e = ScheduleError::Raised {
            field: "T_max".into(),
            step: 4,
            message: "m".into(),
        }
        .nested("schedulers[0]")
        .nested("outer");
        assert_eq!(e.field(), "outer.schedulers[0].T_max");
    }
}
