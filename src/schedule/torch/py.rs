//! Python float semantics that PyTorch's scheduler arithmetic relies on.
//!
//! `torch/optim/lr_scheduler.py` computes every learning rate with Python floats (IEEE-754
//! binary64, the same as Rust's `f64`), so plain `+ - * /` and `math.cos`/`math.log` (libm)
//! give the same bits. What differs is *failure*: Python raises where IEEE-754 would return
//! `inf`/`NaN` for `x / 0.0`, `0.0 ** -1`, `2.0 ** 2000`, `math.cos(inf)`, `math.floor(inf)`.
//! These helpers reproduce those exceptions as [`PyError`], so Anneal reports
//! [`ScheduleError::Raised`](crate::schedule::ScheduleError::Raised) exactly where PyTorch raises.

/// An exception Python would raise, with the keyword argument responsible for it.
#[derive(Debug, Clone, PartialEq)]
pub struct PyError {
    /// The keyword argument whose value leads to the exception (e.g. `factor` for
    /// `1.0 / factor` with `factor = 0`).
    pub field: &'static str,
    /// Python's message, e.g. `ZeroDivisionError: float division by zero`.
    pub message: String,
}

impl PyError {
    /// A `ZeroDivisionError` blamed on `field`.
    pub fn zero_division(field: &'static str) -> Self {
        PyError {
            field,
            message: "ZeroDivisionError: float division by zero".into(),
        }
    }

    /// Turns the exception into [`ScheduleError::Raised`](crate::schedule::ScheduleError::Raised)
    /// at 0-based step `step` of the learning-rate sequence.
    pub fn at(self, step: usize) -> crate::schedule::ScheduleError {
        crate::schedule::ScheduleError::Raised {
            field: self.field.into(),
            step,
            message: self.message,
        }
    }
}

/// Python `a / b` on floats: `ZeroDivisionError` when `b == 0`.
///
/// # Errors
/// [`PyError`] blamed on `field` when `b` is zero.
pub fn div(a: f64, b: f64, field: &'static str) -> Result<f64, PyError> {
    if b == 0.0 {
        Err(PyError::zero_division(field))
    } else {
        Ok(a / b)
    }
}

/// Python `x ** y` on floats (`float.__pow__`, which calls C `pow`).
///
/// # Errors
/// Blamed on `field`: `ZeroDivisionError` for `0.0 ** negative`; a complex result for a
/// negative base and a non-integer exponent (Python returns a `complex`, which no optimizer
/// accepts as a learning rate); `OverflowError` when finite inputs give an infinite result.
pub fn pow(x: f64, y: f64, field: &'static str) -> Result<f64, PyError> {
    if x == 0.0 && y < 0.0 {
        return Err(PyError {
            field,
            message: "ZeroDivisionError: 0.0 cannot be raised to a negative power".into(),
        });
    }
    if x < 0.0 && y.is_finite() && y.fract() != 0.0 {
        return Err(PyError {
            field,
            message: format!("TypeError: {x} ** {y} is a complex number, not a learning rate"),
        });
    }
    let r = crate::schedule::pymath::pow(x, y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(PyError {
            field,
            message: "OverflowError: (34, 'Numerical result out of range')".into(),
        });
    }
    Ok(r)
}

/// Python `math.cos(x)`: `ValueError: math domain error` for infinite `x`.
///
/// # Errors
/// [`PyError`] blamed on `field` for an infinite argument.
pub fn cos(x: f64, field: &'static str) -> Result<f64, PyError> {
    if x.is_infinite() {
        Err(PyError {
            field,
            message: "ValueError: math domain error".into(),
        })
    } else {
        Ok(crate::schedule::pymath::cos(x))
    }
}

/// Python `math.floor(x)` as a float: `OverflowError`/`ValueError` for infinite or NaN `x`.
///
/// # Errors
/// [`PyError`] blamed on `field` for a non-finite argument.
pub fn floor(x: f64, field: &'static str) -> Result<f64, PyError> {
    if x.is_finite() {
        Ok(x.floor())
    } else {
        Err(PyError {
            field,
            message: format!("OverflowError: cannot convert float {x} to integer"),
        })
    }
}

/// Python `math.log(x, base)` for positive floats: `log(x) / log(base)`, two logs and one
/// division as CPython's `math_log_impl` computes it, with the same logarithm on every
/// platform ([`crate::schedule::pymath`]; the page in wasm and the CLI agree).
pub fn log(x: f64, base: f64) -> f64 {
    crate::schedule::pymath::log_base(x, base)
}

/// Python `bisect.bisect_right(a, x)`, the same binary search (also on unsorted lists,
/// where it gives the same answer as Python).
pub fn bisect_right(a: &[i64], x: i64) -> usize {
    let (mut lo, mut hi) = (0usize, a.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match a.get(mid) {
            Some(v) if x < *v => hi = mid,
            _ => lo = mid + 1,
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_exceptions_are_reproduced() {
        assert!(div(1.0, 0.0, "factor").is_err());
        assert!(pow(0.0, -1.0, "power").is_err());
        assert!(pow(2.0, 2000.0, "gamma").is_err());
        assert!(pow(-8.0, 0.5, "power").is_err());
        assert_eq!(pow(0.0, 0.0, "power"), Ok(1.0));
        assert!(cos(f64::INFINITY, "T_max").is_err());
        assert!(floor(f64::INFINITY, "step_size_up").is_err());
    }

    #[test]
    fn float_log_matches_cpython() {
        // CPython 3.11: math.log(243, 3) == 4.999999999999999 and math.log(1000, 10) ==
        // 2.9999999999999996 (the SEMANTICS.md §1.2 float-log restart points).
        assert!(log(243.0, 3.0) < 5.0);
        assert!(log(1000.0, 10.0) < 3.0);
        assert_eq!(log(9.0, 3.0), 2.0);
    }

    #[test]
    fn bisect_right_matches_python() {
        assert_eq!(bisect_right(&[5], 5), 1);
        assert_eq!(bisect_right(&[5], 4), 0);
        assert_eq!(bisect_right(&[5, 10], 10), 2);
        assert_eq!(bisect_right(&[], 3), 0);
    }
}
