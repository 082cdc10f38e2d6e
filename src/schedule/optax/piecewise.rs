//! `optax.piecewise_constant_schedule`, `optax.piecewise_interpolate_schedule` and the two
//! one-cycle schedules built on it, `optax.linear_onecycle_schedule` and
//! `optax.cosine_onecycle_schedule` (`optax/schedules/_schedule.py`).

use std::f64::consts::PI;

use super::finite;
use crate::schedule::{LearningRate, ScheduleError};

/// Sorts `(boundary, scale)` pairs by boundary (Python `sorted(dict.items())`) and checks the
/// scales are non-negative (optax raises `ValueError` otherwise).
fn sorted_scales(
    field: &str,
    who: &str,
    pairs: Vec<(f64, f64)>,
) -> Result<Vec<(f64, f64)>, ScheduleError> {
    let mut pairs = pairs;
    for (b, s) in &pairs {
        finite(field, *b)?;
        finite(field, *s)?;
        if *s < 0.0 {
            return Err(ScheduleError::invalid(
                field,
                format!("{{{b}: {s}}}"),
                format!("optax raises ValueError: `{who}` expects non-negative scale factors"),
            ));
        }
    }
    crate::sort::sort_by(&mut pairs, |a, b| {
        a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1))
    });
    Ok(pairs)
}

/// `optax.piecewise_constant_schedule(init_value, boundaries_and_scales=None)`.
///
/// `lr(count) = init_value · Π { scale_i : count >= boundary_i }`: the value changes **at** the
/// boundary (Keras' `PiecewiseConstantDecay` changes one step later). Scales multiply in
/// boundary order.
#[derive(Debug, Clone, PartialEq)]
pub struct PiecewiseConstantSchedule {
    init_value: f64,
    boundaries_and_scales: Vec<(f64, f64)>,
}

impl PiecewiseConstantSchedule {
    /// `optax.piecewise_constant_schedule`; `boundaries_and_scales` are `(step, scale)` pairs in
    /// any order (a Python dict `{step: scale}`); `None` or empty gives the constant `init_value`.
    ///
    /// # Errors
    /// A negative scale (optax raises `ValueError`), field `boundaries_and_scales`; any value
    /// not finite.
    pub fn new(
        init_value: f64,
        boundaries_and_scales: Option<Vec<(f64, f64)>>,
    ) -> Result<Self, ScheduleError> {
        finite("init_value", init_value)?;
        let pairs = sorted_scales(
            "boundaries_and_scales",
            "piecewise_constant_schedule",
            boundaries_and_scales.unwrap_or_default(),
        )?;
        Ok(PiecewiseConstantSchedule {
            init_value,
            boundaries_and_scales: pairs,
        })
    }

    /// The value at update count `count`.
    pub fn lr(&self, count: f64) -> LearningRate {
        let mut v = self.init_value;
        for &(threshold, scale) in &self.boundaries_and_scales {
            // optax: indicator = max(0, sign(threshold − count)); v·indicator + (1 − indicator)·scale·v
            if count >= threshold {
                v *= scale;
            }
        }
        v
    }
}

/// How `optax.piecewise_interpolate_schedule` moves between two accumulated values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterpolateType {
    /// `'linear'`: `(end − start)·pct + start`.
    Linear,
    /// `'cosine'`: `end + (start − end)/2 · (cos(π·pct) + 1)`.
    Cosine,
}

impl InterpolateType {
    fn interpolate(self, start: f64, end: f64, pct: f64) -> f64 {
        match self {
            InterpolateType::Linear => (end - start) * pct + start,
            InterpolateType::Cosine => {
                end + (start - end) / 2.0 * (crate::schedule::pymath::cos(PI * pct) + 1.0)
            }
        }
    }
}

/// `optax.piecewise_interpolate_schedule(interpolate_type, init_value, boundaries_and_scales=None)`.
///
/// With sorted boundaries `b_1 < … < b_k`, `bounds = [0, b_1, …, b_k]` and accumulated values
/// `values = cumprod([init_value, s_1, …, s_k])`: on `bounds[i] <= count < bounds[i+1]` the
/// value moves from `values[i]` to `values[i+1]` with
/// `pct = (count − bounds[i]) / max(bounds[i+1] − bounds[i], 1)`; from `count >= b_k` on it is
/// `values[k]`. It interpolates between the **accumulated** values, not between the scales.
///
/// Also the basis of `linear_onecycle_schedule` and `cosine_onecycle_schedule`
/// ([`Self::linear_onecycle`], [`Self::cosine_onecycle`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PiecewiseInterpolateSchedule {
    interpolate_type: InterpolateType,
    bounds: Vec<f64>,
    values: Vec<f64>,
}

impl PiecewiseInterpolateSchedule {
    /// `optax.piecewise_interpolate_schedule`; `boundaries_and_scales` as `(step, scale)` pairs
    /// in any order (a Python dict); `None` or empty gives `init_value` for `count >= 0`.
    ///
    /// # Errors
    /// A negative scale (optax raises `ValueError`), field `boundaries_and_scales`; any value
    /// not finite.
    pub fn new(
        interpolate_type: InterpolateType,
        init_value: f64,
        boundaries_and_scales: Option<Vec<(f64, f64)>>,
    ) -> Result<Self, ScheduleError> {
        finite("init_value", init_value)?;
        let pairs = sorted_scales(
            "boundaries_and_scales",
            "piecewise_interpolate_schedule",
            boundaries_and_scales.unwrap_or_default(),
        )?;
        let mut bounds = vec![0.0];
        let mut values = vec![init_value];
        let mut acc = init_value;
        for (b, s) in pairs {
            acc *= s;
            bounds.push(b);
            values.push(acc);
        }
        Ok(PiecewiseInterpolateSchedule {
            interpolate_type,
            bounds,
            values,
        })
    }

    /// `optax.linear_onecycle_schedule(transition_steps, peak_value, pct_start=0.3,
    /// pct_final=0.85, div_factor=25.0, final_div_factor=1e4)`: the linear piecewise schedule from
    /// `peak_value/div_factor` with the dict `{int(pct_start·T): div_factor,
    /// int(pct_final·T): 1/div_factor, T: 1/final_div_factor}` (a later entry with the same key
    /// replaces an earlier one, as in a Python dict literal). Three linear phases: up to the peak
    /// at `int(pct_start·T)`, back down to `peak/div` at `int(pct_final·T)`, then to
    /// `peak/(div·final_div)` at `T`, held after.
    ///
    /// # Errors
    /// - `transition_steps` <= 0: optax raises `ValueError`;
    /// - `div_factor` or `final_div_factor` = 0: Python raises `ZeroDivisionError`;
    /// - a negative scale (from a negative factor): `ValueError`, naming the factor;
    /// - any argument not finite.
    pub fn linear_onecycle(
        transition_steps: f64,
        peak_value: f64,
        pct_start: f64,
        pct_final: f64,
        div_factor: f64,
        final_div_factor: f64,
    ) -> Result<Self, ScheduleError> {
        finite("transition_steps", transition_steps)?;
        finite("pct_final", pct_final)?;
        let t = transition_steps;
        if !(pct_final * t).is_finite() {
            return Err(ScheduleError::invalid(
                "pct_final",
                pct_final,
                "int(pct_final * transition_steps) overflows",
            ));
        }
        let init = onecycle_checks(
            "linear",
            transition_steps,
            peak_value,
            pct_start,
            div_factor,
            final_div_factor,
        )?;
        let entries = python_dict(vec![
            ((pct_start * t).trunc(), div_factor, "div_factor"),
            ((pct_final * t).trunc(), 1.0 / div_factor, "div_factor"),
            (t, 1.0 / final_div_factor, "final_div_factor"),
        ])?;
        Self::new(InterpolateType::Linear, init, Some(entries))
    }

    /// `optax.cosine_onecycle_schedule(transition_steps, peak_value, pct_start=0.3,
    /// div_factor=25.0, final_div_factor=1e4)`: the cosine piecewise schedule from
    /// `peak_value/div_factor` with `{int(pct_start·T): div_factor,
    /// int(T): 1/(div_factor·final_div_factor)}`. The peak is at `int(pct_start·T)` (step 30 for
    /// T = 100; PyTorch's OneCycleLR peaks at 29), `peak/(div·final_div)` from `T` on, held.
    ///
    /// # Errors
    /// As [`Self::linear_onecycle`].
    pub fn cosine_onecycle(
        transition_steps: f64,
        peak_value: f64,
        pct_start: f64,
        div_factor: f64,
        final_div_factor: f64,
    ) -> Result<Self, ScheduleError> {
        let init = onecycle_checks(
            "cosine",
            transition_steps,
            peak_value,
            pct_start,
            div_factor,
            final_div_factor,
        )?;
        let t = transition_steps;
        let entries = python_dict(vec![
            ((pct_start * t).trunc(), div_factor, "div_factor"),
            (
                t.trunc(),
                1.0 / (div_factor * final_div_factor),
                "final_div_factor",
            ),
        ])?;
        Self::new(InterpolateType::Cosine, init, Some(entries))
    }

    /// The value at update count `count`.
    pub fn lr(&self, count: f64) -> LearningRate {
        let mut out = 0.0;
        for (b, v) in self.bounds.windows(2).zip(self.values.windows(2)) {
            if let ([lo, hi], [start, end]) = (b, v) {
                if *lo <= count && count < *hi {
                    let pct = (count - lo) / (hi - lo).max(1.0);
                    out += self.interpolate_type.interpolate(*start, *end, pct);
                }
            }
        }
        match (self.bounds.last(), self.values.last()) {
            (Some(&b), Some(&v)) if b <= count => out + v,
            _ => out,
        }
    }
}

/// The checks both one-cycle schedules make, in Python's evaluation order; returns
/// `peak_value / div_factor`.
fn onecycle_checks(
    kind: &str,
    transition_steps: f64,
    peak_value: f64,
    pct_start: f64,
    div_factor: f64,
    final_div_factor: f64,
) -> Result<f64, ScheduleError> {
    finite("transition_steps", transition_steps)?;
    finite("peak_value", peak_value)?;
    finite("pct_start", pct_start)?;
    finite("div_factor", div_factor)?;
    finite("final_div_factor", final_div_factor)?;
    if transition_steps <= 0.0 {
        return Err(ScheduleError::invalid(
            "transition_steps",
            transition_steps,
            format!("optax raises ValueError: a {kind} onecycle schedule was set with a non-positive `transition_steps`"),
        ));
    }
    if !(pct_start * transition_steps).is_finite() {
        return Err(ScheduleError::invalid(
            "pct_start",
            pct_start,
            "int(pct_start * transition_steps) overflows",
        ));
    }
    if div_factor == 0.0 {
        return Err(ScheduleError::invalid(
            "div_factor",
            div_factor,
            "Python raises ZeroDivisionError (peak_value / div_factor)",
        ));
    }
    if final_div_factor == 0.0 {
        return Err(ScheduleError::invalid(
            "final_div_factor",
            final_div_factor,
            "Python raises ZeroDivisionError",
        ));
    }
    Ok(peak_value / div_factor)
}

/// Builds a Python dict literal `{k1: v1, k2: v2, ...}` (a repeated key keeps the last value)
/// and applies optax's non-negative-scale check, naming the factor that produced a bad scale.
fn python_dict(entries: Vec<(f64, f64, &'static str)>) -> Result<Vec<(f64, f64)>, ScheduleError> {
    let mut dict: Vec<(f64, f64, &'static str)> = Vec::new();
    for (k, v, field) in entries {
        match dict.iter_mut().find(|(key, _, _)| *key == k) {
            Some(slot) => {
                slot.1 = v;
                slot.2 = field;
            }
            None => dict.push((k, v, field)),
        }
    }
    for (k, v, field) in &dict {
        if !v.is_finite() || *v < 0.0 {
            return Err(ScheduleError::invalid(
                *field,
                format!("scale {v} at step {k}"),
                "optax raises ValueError: `piecewise_interpolate_schedule` expects non-negative scale factors",
            ));
        }
    }
    Ok(dict.into_iter().map(|(k, v, _)| (k, v)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piecewise_constant_changes_at_the_boundary() {
        // optax docstring: {100: 0.1, 200: 0.01} from 1.0 → 1.0 (50), 0.1 (150), 0.001 (250).
        let s =
            PiecewiseConstantSchedule::new(1.0, Some(vec![(200.0, 0.01), (100.0, 0.1)])).unwrap();
        assert_eq!(s.lr(50.0), 1.0);
        assert_eq!(s.lr(99.0), 1.0);
        assert_eq!(s.lr(100.0), 0.1);
        assert!((s.lr(250.0) - 0.001).abs() < 1e-18);
        // golden/README.md (optax): init 0.1, {10: 0.1}: step 10 gives 0.010000000000000002.
        let g = PiecewiseConstantSchedule::new(0.1, Some(vec![(10.0, 0.1)])).unwrap();
        assert_eq!(g.lr(10.0), 0.010000000000000002);
    }

    #[test]
    fn piecewise_constant_without_boundaries_is_constant() {
        let s = PiecewiseConstantSchedule::new(0.3, None).unwrap();
        assert_eq!(s.lr(1e6), 0.3);
    }

    #[test]
    fn piecewise_constant_rejects_negative_scales() {
        let e = PiecewiseConstantSchedule::new(1.0, Some(vec![(5.0, -0.1)])).unwrap_err();
        assert_eq!(e.field(), "boundaries_and_scales");
    }

    #[test]
    fn piecewise_interpolate_docstring_example() {
        // optax docstring: linear, init 1.0, {4: 0.1, 8: 0.01}:
        // steps 0, 2, 4, 6, 8, 10 → 1.0, 0.55, 0.1, 0.0505, 0.001, 0.001.
        let s = PiecewiseInterpolateSchedule::new(
            InterpolateType::Linear,
            1.0,
            Some(vec![(4.0, 0.1), (8.0, 0.01)]),
        )
        .unwrap();
        for (t, want) in [
            (0.0, 1.0),
            (2.0, 0.55),
            (4.0, 0.1),
            (6.0, 0.0505),
            (8.0, 0.001),
            (10.0, 0.001),
        ] {
            assert!((s.lr(t) - want).abs() < 1e-15, "t = {t}: {}", s.lr(t));
        }
    }

    #[test]
    fn piecewise_interpolate_rejects_negative_scales() {
        let e = PiecewiseInterpolateSchedule::new(
            InterpolateType::Cosine,
            1.0,
            Some(vec![(5.0, -1.0)]),
        )
        .unwrap_err();
        assert_eq!(e.field(), "boundaries_and_scales");
    }

    #[test]
    fn cosine_onecycle_peaks_at_int_pct_start_times_t() {
        // golden/README.md (optax): cosine_onecycle_schedule(0.3, 100) peaks at step 30;
        // step 100 gives 4e-07 (= 0.1/25/1e4 with the defaults), held.
        let s = PiecewiseInterpolateSchedule::cosine_onecycle(100.0, 0.1, 0.3, 25.0, 1e4).unwrap();
        assert!((s.lr(30.0) - 0.1).abs() < 1e-16);
        assert!(s.lr(29.0) < s.lr(30.0) && s.lr(31.0) < s.lr(30.0));
        assert!((s.lr(0.0) - 0.004).abs() < 1e-17);
        assert!((s.lr(100.0) - 4e-7).abs() < 1e-20);
        assert_eq!(s.lr(100.0), s.lr(1000.0));
    }

    #[test]
    fn linear_onecycle_three_phases() {
        let s = PiecewiseInterpolateSchedule::linear_onecycle(100.0, 0.1, 0.3, 0.85, 25.0, 1e4)
            .unwrap();
        assert!((s.lr(30.0) - 0.1).abs() < 1e-16);
        assert!((s.lr(85.0) - 0.004).abs() < 1e-17);
        assert!((s.lr(100.0) - 4e-7).abs() < 1e-20);
    }

    #[test]
    fn onecycle_colliding_keys_keep_the_last_value() {
        // pct_start = 1: {int(T): div, int(T): 1/(div·final)} is one dict entry, the last.
        let s = PiecewiseInterpolateSchedule::cosine_onecycle(10.0, 1.0, 1.0, 10.0, 100.0).unwrap();
        assert!((s.lr(10.0) - 1e-4).abs() < 1e-18);
    }

    #[test]
    fn onecycle_validation() {
        assert_eq!(
            PiecewiseInterpolateSchedule::cosine_onecycle(0.0, 0.1, 0.3, 25.0, 1e4)
                .unwrap_err()
                .field(),
            "transition_steps"
        );
        assert_eq!(
            PiecewiseInterpolateSchedule::linear_onecycle(-1.0, 0.1, 0.3, 0.85, 25.0, 1e4)
                .unwrap_err()
                .field(),
            "transition_steps"
        );
        assert_eq!(
            PiecewiseInterpolateSchedule::cosine_onecycle(100.0, 0.1, 0.3, 0.0, 1e4)
                .unwrap_err()
                .field(),
            "div_factor"
        );
        assert_eq!(
            PiecewiseInterpolateSchedule::linear_onecycle(100.0, 0.1, 0.3, 0.85, 25.0, 0.0)
                .unwrap_err()
                .field(),
            "final_div_factor"
        );
        assert_eq!(
            PiecewiseInterpolateSchedule::linear_onecycle(100.0, 0.1, 0.3, 0.85, -25.0, 1e4)
                .unwrap_err()
                .field(),
            "div_factor"
        );
        assert_eq!(
            PiecewiseInterpolateSchedule::cosine_onecycle(100.0, 0.1, 0.3, 25.0, -1e4)
                .unwrap_err()
                .field(),
            "final_div_factor"
        );
    }
}
