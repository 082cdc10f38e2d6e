//! The one error type of the trainer.

use thiserror::Error;

/// Why a data set could not be loaded or prepared, a training configuration was rejected, or
/// the optimum could not be found.
///
/// Every variant names the offending field or value, so the CLI and the UI can say exactly
/// what is wrong (the CLI prints it as one `error: ...` line and exits with status 2).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TrainError {
    /// A configuration value or argument is out of range (e.g. `batch_size` = 0, `split` = 1.5,
    /// `momentum` = 1). `field` is spelled as the [`TrainConfig`](super::TrainConfig) field
    /// (or the [`prepare`](super::prepare) argument) it comes from.
    #[error("invalid `{field}` = {value}: {reason}")]
    Invalid {
        /// The field or argument, e.g. `batch_size`, `l2`, `momentum`, `split`, `epochs`.
        field: &'static str,
        /// The offending value, as text.
        value: String,
        /// The rule it breaks.
        reason: String,
    },
    /// A data set name the trainer does not ship ([`Dataset::NAMES`](super::Dataset::NAMES)
    /// lists the known ones).
    #[error("unknown dataset `{name}` (field `dataset`; known: {known})")]
    UnknownDataset {
        /// The name as given.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// A [`Dataset`](super::Dataset) whose contents are inconsistent (shape mismatch,
    /// non-finite feature, label other than 0/1, too few rows), or an embedded CSV file that
    /// cannot be parsed.
    #[error("dataset `{dataset}`: {reason}")]
    Data {
        /// The data set's name.
        dataset: String,
        /// What is wrong, with the row or column where there is one.
        reason: String,
    },
    /// Newton's method found no minimum of the objective (with `l2` = 0 on a linearly
    /// separable training split the objective has infimum 0 and no minimizer).
    #[error("invalid `l2` = {l2}: {reason}")]
    NoOptimum {
        /// The L2 strength the minimum was asked for.
        l2: f64,
        /// Why there is no minimum, or why the iteration stopped.
        reason: String,
    },
}

impl TrainError {
    /// Shorthand for [`TrainError::Invalid`].
    pub fn invalid(field: &'static str, value: impl ToString, reason: impl Into<String>) -> Self {
        TrainError::Invalid {
            field,
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}
