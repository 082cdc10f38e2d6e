//! Reading a library's keyword arguments from a JSON object, with that library's type rules.
//!
//! [`Kwargs`] hands out each argument once and, in [`Kwargs::finish`], rejects any argument
//! that was never asked for (an unknown kwarg is a `TypeError` in Python). Every error names
//! the field.

use serde_json::{Map, Value};

use crate::schedule::ScheduleError;

/// A cursor over one scheduler's kwargs.
pub struct Kwargs<'a> {
    scheduler: &'a str,
    map: &'a Map<String, Value>,
    used: Vec<&'a str>,
}

impl<'a> Kwargs<'a> {
    /// Starts reading `map` as the kwargs of `scheduler` (used in error messages).
    pub fn new(scheduler: &'a str, map: &'a Map<String, Value>) -> Self {
        Kwargs {
            scheduler,
            map,
            used: Vec::new(),
        }
    }

    /// The scheduler name these kwargs belong to.
    pub fn scheduler(&self) -> &str {
        self.scheduler
    }

    /// The raw value of `key` (marking it as used); `None` when absent or JSON `null`.
    pub fn raw(&mut self, key: &'a str) -> Option<&'a Value> {
        self.used.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn missing(&self, key: &str) -> ScheduleError {
        ScheduleError::Missing {
            field: key.into(),
            scheduler: self.scheduler.into(),
        }
    }

    /// An optional real number (JSON int or float; Python bools are not accepted). Must be finite.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] when present but not a finite number.
    pub fn opt_f64(&mut self, key: &'a str) -> Result<Option<f64>, ScheduleError> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::Number(n)) => {
                let v = n.as_f64().unwrap_or(f64::NAN);
                if v.is_finite() {
                    Ok(Some(v))
                } else {
                    Err(ScheduleError::invalid(key, n, "must be a finite number"))
                }
            }
            Some(other) => Err(ScheduleError::invalid(key, other, "expected a number")),
        }
    }

    /// A real number with a default.
    ///
    /// # Errors
    /// As [`Kwargs::opt_f64`].
    pub fn f64_or(&mut self, key: &'a str, default: f64) -> Result<f64, ScheduleError> {
        Ok(self.opt_f64(key)?.unwrap_or(default))
    }

    /// A required real number.
    ///
    /// # Errors
    /// [`ScheduleError::Missing`] when absent; otherwise as [`Kwargs::opt_f64`].
    pub fn f64(&mut self, key: &'a str) -> Result<f64, ScheduleError> {
        self.opt_f64(key)?.ok_or_else(|| self.missing(key))
    }

    /// An optional integer, Python-strict: `2.0` is rejected (PyTorch checks
    /// `isinstance(x, int)`). Negative values are allowed here; range checks are the caller's.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] when present but not a JSON integer.
    pub fn opt_int(&mut self, key: &'a str) -> Result<Option<i64>, ScheduleError> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(v) => Ok(Some(v)),
                None => Err(ScheduleError::invalid(key, n, "expected an integer")),
            },
            Some(other) => Err(ScheduleError::invalid(key, other, "expected an integer")),
        }
    }

    /// An integer with a default (Python-strict, see [`Kwargs::opt_int`]).
    ///
    /// # Errors
    /// As [`Kwargs::opt_int`].
    pub fn int_or(&mut self, key: &'a str, default: i64) -> Result<i64, ScheduleError> {
        Ok(self.opt_int(key)?.unwrap_or(default))
    }

    /// A required integer (Python-strict).
    ///
    /// # Errors
    /// [`ScheduleError::Missing`] when absent; otherwise as [`Kwargs::opt_int`].
    pub fn int(&mut self, key: &'a str) -> Result<i64, ScheduleError> {
        self.opt_int(key)?.ok_or_else(|| self.missing(key))
    }

    /// An optional boolean.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] when present but not a JSON boolean.
    pub fn opt_bool(&mut self, key: &'a str) -> Result<Option<bool>, ScheduleError> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(ScheduleError::invalid(key, other, "expected true or false")),
        }
    }

    /// A boolean with a default.
    ///
    /// # Errors
    /// As [`Kwargs::opt_bool`].
    pub fn bool_or(&mut self, key: &'a str, default: bool) -> Result<bool, ScheduleError> {
        Ok(self.opt_bool(key)?.unwrap_or(default))
    }

    /// An optional string.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] when present but not a JSON string.
    pub fn opt_str(&mut self, key: &'a str) -> Result<Option<&'a str>, ScheduleError> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(ScheduleError::invalid(key, other, "expected a string")),
        }
    }

    /// A string that must be one of `choices`, with a default.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] listing the choices.
    pub fn choice_or(
        &mut self,
        key: &'a str,
        choices: &[&'static str],
        default: &'static str,
    ) -> Result<&'static str, ScheduleError> {
        match self.opt_str(key)? {
            None => Ok(default),
            Some(s) => choices.iter().copied().find(|c| *c == s).ok_or_else(|| {
                ScheduleError::invalid(
                    key,
                    format!("{s:?}"),
                    format!("expected one of {choices:?}"),
                )
            }),
        }
    }

    /// An optional list of real numbers.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] when not a list of finite numbers.
    pub fn opt_f64_list(&mut self, key: &'a str) -> Result<Option<Vec<f64>>, ScheduleError> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_f64().filter(|x| x.is_finite()).ok_or_else(|| {
                        ScheduleError::invalid(key, v, "expected a list of finite numbers")
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(other) => Err(ScheduleError::invalid(
                key,
                other,
                "expected a list of numbers",
            )),
        }
    }

    /// An optional list of integers (Python-strict).
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] when not a list of integers.
    pub fn opt_int_list(&mut self, key: &'a str) -> Result<Option<Vec<i64>>, ScheduleError> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_i64().ok_or_else(|| {
                        ScheduleError::invalid(key, v, "expected a list of integers")
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(other) => Err(ScheduleError::invalid(
                key,
                other,
                "expected a list of integers",
            )),
        }
    }

    /// Ends reading: any kwarg that was never asked for is an error, as a Python `TypeError`.
    ///
    /// # Errors
    /// [`ScheduleError::UnknownParam`] naming the first unknown kwarg (in key order).
    pub fn finish(self) -> Result<(), ScheduleError> {
        match self.map.keys().find(|k| !self.used.contains(&k.as_str())) {
            Some(k) => Err(ScheduleError::UnknownParam {
                field: k.clone(),
                scheduler: self.scheduler.into(),
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn integers_are_python_strict() {
        let m = map(json!({"T_mult": 2.0, "T_0": 5}));
        let mut k = Kwargs::new("X", &m);
        assert_eq!(k.int("T_0"), Ok(5));
        assert!(
            matches!(k.int("T_mult"), Err(ScheduleError::Invalid { ref field, .. }) if field == "T_mult")
        );
    }

    #[test]
    fn unknown_kwargs_are_named() {
        let m = map(json!({"T_max": 5, "eta_mn": 0.1}));
        let mut k = Kwargs::new("CosineAnnealingLR", &m);
        k.int("T_max").unwrap();
        let _ = k.opt_f64("eta_min");
        assert_eq!(k.finish().unwrap_err().field(), "eta_mn");
    }

    #[test]
    fn missing_required_is_named() {
        let m = Map::new();
        let mut k = Kwargs::new("X", &m);
        assert!(
            matches!(k.f64("gamma"), Err(ScheduleError::Missing { ref field, .. }) if field == "gamma")
        );
    }
}
