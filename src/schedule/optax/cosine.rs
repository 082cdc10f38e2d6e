//! `optax.cosine_decay_schedule`, `optax.warmup_cosine_decay_schedule`, `optax.sgdr_schedule`
//! (`optax/schedules/_schedule.py`, joined with `optax/schedules/_join.py`).

use std::f64::consts::PI;

use super::{finite, PolynomialSchedule};
use crate::schedule::{LearningRate, ScheduleError};

/// `optax.cosine_decay_schedule(init_value, decay_steps, alpha=0.0, exponent=1.0)`.
///
/// `c = min(count, decay_steps)`, `cos_d = ½(1 + cos(π·c/decay_steps))`,
/// `lr = init_value · ((1 − alpha)·cos_d^exponent + alpha)`.
/// `alpha` is a **ratio** (the floor is `alpha·init_value`), reached at `count = decay_steps` and
/// **held** afterwards (PITFALLS.md G2). `exponent` warps the cosine before the floor is mixed in.
#[derive(Debug, Clone, PartialEq)]
pub struct CosineDecaySchedule {
    init_value: f64,
    decay_steps: f64,
    alpha: f64,
    exponent: f64,
}

impl CosineDecaySchedule {
    /// `optax.cosine_decay_schedule`.
    ///
    /// # Errors
    /// - `decay_steps` <= 0: optax raises `ValueError` ("The cosine_decay_schedule requires
    ///   positive decay_steps");
    /// - `exponent` < 0 (Anneal-only check: `0^exponent` is inf at `count = decay_steps`);
    /// - any argument not finite.
    pub fn new(
        init_value: f64,
        decay_steps: f64,
        alpha: f64,
        exponent: f64,
    ) -> Result<Self, ScheduleError> {
        finite("init_value", init_value)?;
        finite("decay_steps", decay_steps)?;
        finite("alpha", alpha)?;
        finite("exponent", exponent)?;
        if decay_steps <= 0.0 {
            return Err(ScheduleError::invalid(
                "decay_steps",
                decay_steps,
                "optax raises ValueError: the cosine_decay_schedule requires positive decay_steps",
            ));
        }
        if exponent < 0.0 {
            return Err(ScheduleError::invalid(
                "exponent",
                exponent,
                "a negative exponent makes optax return inf at the end of the decay (0^exponent)",
            ));
        }
        Ok(CosineDecaySchedule {
            init_value,
            decay_steps,
            alpha,
            exponent,
        })
    }

    /// The length of the decay, in updates.
    pub fn decay_steps(&self) -> f64 {
        self.decay_steps
    }

    /// The value at update count `count`.
    pub fn lr(&self, count: f64) -> LearningRate {
        let c = count.min(self.decay_steps);
        let cosine_decay = 0.5 * (1.0 + crate::schedule::pymath::cos(PI * c / self.decay_steps));
        let decayed = (1.0 - self.alpha)
            * crate::schedule::pymath::pow(cosine_decay, self.exponent)
            + self.alpha;
        self.init_value * decayed
    }
}

/// `optax.warmup_cosine_decay_schedule(init_value, peak_value, warmup_steps, decay_steps,
/// end_value=0.0, exponent=1.0)`.
///
/// `join_schedules([linear(init_value → peak_value over warmup_steps),
/// cosine_decay(peak_value, decay_steps − warmup_steps, alpha = end_value/peak_value (0 when
/// peak_value = 0), exponent)], [warmup_steps])`.
/// **`decay_steps` is the total length including the warmup** (PITFALLS.md G1): `end_value`
/// (absolute) is reached exactly at `count = decay_steps` and held.
#[derive(Debug, Clone, PartialEq)]
pub struct WarmupCosineDecaySchedule {
    warmup: PolynomialSchedule,
    decay: CosineDecaySchedule,
    warmup_steps: f64,
    decay_steps: f64,
}

impl WarmupCosineDecaySchedule {
    /// `optax.warmup_cosine_decay_schedule`.
    ///
    /// # Errors
    /// - `decay_steps` <= `warmup_steps`: the inner cosine gets `decay_steps − warmup_steps <= 0`
    ///   and optax raises `ValueError` (the edge case `decay_steps == warmup_steps` included);
    /// - `exponent` < 0 (as [`CosineDecaySchedule::new`]);
    /// - `end_value / peak_value` not finite (`end_value` named), any argument not finite.
    pub fn new(
        init_value: f64,
        peak_value: f64,
        warmup_steps: f64,
        decay_steps: f64,
        end_value: f64,
        exponent: f64,
    ) -> Result<Self, ScheduleError> {
        finite("peak_value", peak_value)?;
        finite("warmup_steps", warmup_steps)?;
        finite("decay_steps", decay_steps)?;
        finite("end_value", end_value)?;
        let alpha = if peak_value == 0.0 {
            0.0
        } else {
            end_value / peak_value
        };
        if !alpha.is_finite() {
            return Err(ScheduleError::invalid(
                "end_value",
                end_value,
                "end_value / peak_value overflows",
            ));
        }
        let warmup = PolynomialSchedule::linear(init_value, peak_value, warmup_steps, 0.0)?;
        let decay = CosineDecaySchedule::new(peak_value, decay_steps - warmup_steps, alpha, exponent).map_err(|e| {
            if e.field() == "decay_steps" {
                ScheduleError::invalid(
                    "decay_steps",
                    decay_steps,
                    format!(
                        "decay_steps includes the warmup and must exceed warmup_steps = {warmup_steps}; \
                         optax raises ValueError (cosine decay over decay_steps - warmup_steps = {})",
                        decay_steps - warmup_steps
                    ),
                )
            } else {
                e
            }
        })?;
        Ok(WarmupCosineDecaySchedule {
            warmup,
            decay,
            warmup_steps,
            decay_steps,
        })
    }

    /// The total length (warmup included), in updates: the `decay_steps` kwarg.
    pub fn decay_steps(&self) -> f64 {
        self.decay_steps
    }

    /// The value at update count `count`.
    pub fn lr(&self, count: f64) -> LearningRate {
        if count < self.warmup_steps {
            self.warmup.lr(count)
        } else {
            self.decay.lr(count - self.warmup_steps)
        }
    }
}

/// `optax.sgdr_schedule(cosine_kwargs)`: each dict of `cosine_kwargs` is passed to
/// `warmup_cosine_decay_schedule`, and the cycles are joined at the cumulative sums of their
/// `decay_steps` (the last sum is not a boundary: the last cycle holds its `end_value`).
/// Each cycle sees its own local count starting at 0. Restart decay, period growth and
/// re-warmup are expressed by listing the cycles explicitly (SEMANTICS.md §4).
#[derive(Debug, Clone, PartialEq)]
pub struct SgdrSchedule {
    first: WarmupCosineDecaySchedule,
    /// The later cycles, each with the count at which it starts.
    rest: Vec<(f64, WarmupCosineDecaySchedule)>,
}

impl SgdrSchedule {
    /// `optax.sgdr_schedule` from already-built cycles (in order).
    ///
    /// # Errors
    /// An empty list: optax builds the schedule but `join_schedules` raises `IndexError` on the
    /// first call ([`ScheduleError::Raised`] at step 0, field `cosine_kwargs`).
    pub fn new(cycles: Vec<WarmupCosineDecaySchedule>) -> Result<Self, ScheduleError> {
        let mut cycles = cycles.into_iter();
        let Some(first) = cycles.next() else {
            return Err(ScheduleError::Raised {
                field: "cosine_kwargs".into(),
                step: 0,
                message: "IndexError: list index out of range (no cycles to join)".into(),
            });
        };
        let mut step = first.decay_steps();
        let mut rest = Vec::new();
        for cycle in cycles {
            let start = step;
            step += cycle.decay_steps();
            rest.push((start, cycle));
        }
        Ok(SgdrSchedule { first, rest })
    }

    /// The restart points (cumulative `decay_steps`, the last one excluded), in updates.
    pub fn boundaries(&self) -> Vec<f64> {
        self.rest.iter().map(|(b, _)| *b).collect()
    }

    /// The value at update count `count`.
    pub fn lr(&self, count: f64) -> LearningRate {
        let mut out = self.first.lr(count);
        for (boundary, cycle) in &self.rest {
            if count >= *boundary {
                out = cycle.lr(count - boundary);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_decay_is_clamped_after_decay_steps() {
        // PITFALLS.md G2: returns alpha·init for all count > decay_steps.
        let s = CosineDecaySchedule::new(0.1, 50.0, 0.1, 1.0).unwrap();
        assert_eq!(s.lr(0.0), 0.1);
        assert!((s.lr(50.0) - 0.01).abs() < 1e-17);
        assert_eq!(s.lr(50.0), s.lr(500.0));
    }

    #[test]
    fn exponent_warps_before_the_floor() {
        // SEMANTICS.md §4: exponent 2 at mid-decay gives 0.25 instead of 0.5.
        let s = CosineDecaySchedule::new(1.0, 100.0, 0.0, 2.0).unwrap();
        assert!((s.lr(50.0) - 0.25).abs() < 1e-15);
    }

    #[test]
    fn warmup_cosine_example_from_semantics() {
        // SEMANTICS.md §4: init 0, peak 1, warmup 10, decay_steps 100, end 0.1:
        // 0, 0.5 (5), 1.0 (10), 0.55 (55), 0.1 (100), 0.1 after.
        let s = WarmupCosineDecaySchedule::new(0.0, 1.0, 10.0, 100.0, 0.1, 1.0).unwrap();
        for (t, want) in [
            (0.0, 0.0),
            (5.0, 0.5),
            (10.0, 1.0),
            (55.0, 0.55),
            (100.0, 0.1),
            (150.0, 0.1),
        ] {
            assert!((s.lr(t) - want).abs() < 1e-15, "t = {t}: {}", s.lr(t));
        }
    }

    #[test]
    fn g1_floor_reached_early_when_warmup_subtracted() {
        // PITFALLS.md G1: total 1000, warmup 100, decay_steps passed as 1000 − 100 − 100 = 800:
        // the floor is reached at step 800 (not 1000) and held.
        let s = WarmupCosineDecaySchedule::new(0.0, 1.0, 100.0, 800.0, 0.0, 1.0).unwrap();
        assert_eq!(s.lr(800.0), 0.0);
        assert_eq!(s.lr(999.0), 0.0);
        assert!(s.lr(799.0) > 0.0);
    }

    #[test]
    fn cosine_decay_steps_must_be_positive() {
        assert_eq!(
            CosineDecaySchedule::new(0.1, 0.0, 0.0, 1.0)
                .unwrap_err()
                .field(),
            "decay_steps"
        );
        assert_eq!(
            CosineDecaySchedule::new(0.1, -5.0, 0.0, 1.0)
                .unwrap_err()
                .field(),
            "decay_steps"
        );
    }

    #[test]
    fn negative_exponent_is_rejected() {
        assert_eq!(
            CosineDecaySchedule::new(0.1, 10.0, 0.0, -1.0)
                .unwrap_err()
                .field(),
            "exponent"
        );
    }

    #[test]
    fn warmup_equal_to_decay_steps_is_rejected() {
        // optax PR #1413 edge case: decay_steps == warmup_steps → inner decay_steps 0 → ValueError.
        let e = WarmupCosineDecaySchedule::new(0.0, 0.1, 10.0, 10.0, 0.0, 1.0).unwrap_err();
        assert_eq!(e.field(), "decay_steps");
    }

    #[test]
    fn zero_peak_gives_zero_alpha() {
        let s = WarmupCosineDecaySchedule::new(0.0, 0.0, 5.0, 10.0, 0.3, 1.0).unwrap();
        assert_eq!(s.lr(10.0), 0.0);
    }

    #[test]
    fn sgdr_joins_cycles_at_cumulative_decay_steps() {
        let c1 = WarmupCosineDecaySchedule::new(0.0, 0.1, 5.0, 20.0, 0.0, 1.0).unwrap();
        let c2 = WarmupCosineDecaySchedule::new(0.0, 0.05, 5.0, 40.0, 0.001, 1.0).unwrap();
        let s = SgdrSchedule::new(vec![c1.clone(), c2.clone()]).unwrap();
        assert_eq!(s.boundaries(), vec![20.0]);
        assert_eq!(s.lr(19.0), c1.lr(19.0));
        assert_eq!(s.lr(20.0), c2.lr(0.0));
        assert_eq!(s.lr(100.0), c2.lr(80.0));
    }

    #[test]
    fn sgdr_needs_a_cycle() {
        assert_eq!(
            SgdrSchedule::new(vec![]).unwrap_err().field(),
            "cosine_kwargs"
        );
    }
}
