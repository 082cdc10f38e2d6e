//! `keras.optimizers.schedules.CosineDecay` and `CosineDecayRestarts`
//! (`keras/src/optimizers/schedules/learning_rate_schedule.py`).

use std::f64::consts::PI;

use super::{finite, positive_steps};
use crate::schedule::cycle::locate;
use crate::schedule::{LearningRate, Quirk, ScheduleError};

/// `CosineDecay(initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
/// warmup_target=None, warmup_steps=0)`.
///
/// - Without warmup (`warmup_target` is `None`; `warmup_steps` is then ignored):
///   `s = min(step, decay_steps)`,
///   `lr = initial_learning_rate · ((1 − alpha)·½(1 + cos(π·s/decay_steps)) + alpha)`.
/// - With warmup: `s = min(step, decay_steps + warmup_steps)`; for `s < warmup_steps`
///   `lr = (warmup_target − initial_learning_rate)·(s/warmup_steps) + initial_learning_rate`,
///   else `lr = warmup_target · ((1 − alpha)·½(1 + cos(π·(s − warmup_steps)/decay_steps)) + alpha)`.
///
/// **`decay_steps` excludes the warmup** (the opposite of optax): the floor
/// `alpha · warmup_target` is reached at `warmup_steps + decay_steps` and held. `alpha` is a
/// fraction (PITFALLS.md H2). A `warmup_target` below `initial_learning_rate` is accepted, as by
/// Keras (a decreasing "warmup", PITFALLS.md H3).
#[derive(Debug, Clone, PartialEq)]
pub struct CosineDecay {
    initial_learning_rate: f64,
    decay_steps: f64,
    alpha: f64,
    warmup_target: Option<f64>,
    warmup_steps: f64,
}

impl CosineDecay {
    /// `keras.optimizers.schedules.CosineDecay` (the `name` kwarg has no effect on values).
    ///
    /// # Errors
    /// - `decay_steps` <= 0: Keras raises `ValueError`;
    /// - any argument not finite.
    pub fn new(
        initial_learning_rate: f64,
        decay_steps: f64,
        alpha: f64,
        warmup_target: Option<f64>,
        warmup_steps: f64,
    ) -> Result<Self, ScheduleError> {
        finite("initial_learning_rate", initial_learning_rate)?;
        positive_steps("decay_steps", decay_steps)?;
        finite("alpha", alpha)?;
        if let Some(w) = warmup_target {
            finite("warmup_target", w)?;
        }
        finite("warmup_steps", warmup_steps)?;
        Ok(CosineDecay {
            initial_learning_rate,
            decay_steps,
            alpha,
            warmup_target,
            warmup_steps,
        })
    }

    fn decay(&self, step: f64, decay_from_lr: f64) -> f64 {
        let completed_fraction = step / self.decay_steps;
        let cosine_decayed = 0.5 * (1.0 + crate::schedule::pymath::cos(PI * completed_fraction));
        let decayed = (1.0 - self.alpha) * cosine_decayed + self.alpha;
        decay_from_lr * decayed
    }

    /// The learning rate at optimizer step `step`.
    pub fn lr(&self, step: f64) -> LearningRate {
        match self.warmup_target {
            None => self.decay(step.min(self.decay_steps), self.initial_learning_rate),
            Some(target) => {
                let s = step.min(self.decay_steps + self.warmup_steps);
                if s < self.warmup_steps {
                    let completed_fraction = s / self.warmup_steps;
                    (target - self.initial_learning_rate) * completed_fraction
                        + self.initial_learning_rate
                } else {
                    self.decay(s - self.warmup_steps, target)
                }
            }
        }
    }
}

/// `CosineDecayRestarts(initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
/// alpha=0.0, name="SGDRDecay")` (note the default `t_mul = 2.0`).
///
/// Cycle `i` lasts `first_decay_steps · t_mul^i` steps; within it, at fraction `f ∈ [0, 1)`:
/// `lr = initial_learning_rate · ((1 − alpha) · ½·m_mul^i·(1 + cos(π f)) + alpha)`.
/// **`m_mul` scales only the cosine part; the `alpha` floor is not decayed** (PITFALLS.md H1).
/// It never clamps: it cycles forever.
///
/// Keras finds `i` as `floor(log(1 − (step/first_decay_steps)·(1 − t_mul)) / log(t_mul))` in
/// float32 (by default); Anneal locates the cycle by summing the cycle lengths
/// ([`locate`], exact for integer-valued `first_decay_steps` and `t_mul`), and
/// [`Self::quirk`] reports the steps where the library's search gives another cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct CosineDecayRestarts {
    initial_learning_rate: f64,
    first_decay_steps: f64,
    t_mul: f64,
    m_mul: f64,
    alpha: f64,
}

impl CosineDecayRestarts {
    /// `keras.optimizers.schedules.CosineDecayRestarts` (the `name` kwarg has no effect).
    ///
    /// # Errors
    /// - `first_decay_steps` <= 0: Keras raises `ValueError`;
    /// - `t_mul` < 1 (Anneal-only check): with shrinking cycles the library's `log` of a
    ///   negative number returns NaN once the geometric series' finite total
    ///   `first_decay_steps/(1 − t_mul)` is passed (and for `t_mul <= 0` from the start);
    /// - any argument not finite.
    pub fn new(
        initial_learning_rate: f64,
        first_decay_steps: f64,
        t_mul: f64,
        m_mul: f64,
        alpha: f64,
    ) -> Result<Self, ScheduleError> {
        finite("initial_learning_rate", initial_learning_rate)?;
        positive_steps("first_decay_steps", first_decay_steps)?;
        finite("t_mul", t_mul)?;
        finite("m_mul", m_mul)?;
        finite("alpha", alpha)?;
        if t_mul < 1.0 {
            return Err(ScheduleError::invalid(
                "t_mul",
                t_mul,
                "t_mul must be >= 1: with shrinking cycles keras returns NaN (log of a negative number) \
                 once the cycles' finite total length is passed",
            ));
        }
        Ok(CosineDecayRestarts {
            initial_learning_rate,
            first_decay_steps,
            t_mul,
            m_mul,
            alpha,
        })
    }

    /// The value in cycle `i` at fraction `f` of it (Keras' formula, in f64).
    fn value(&self, i: f64, fraction: f64) -> f64 {
        let m_fac = crate::schedule::pymath::pow(self.m_mul, i);
        let cosine_decayed = 0.5 * m_fac * (1.0 + crate::schedule::pymath::cos(PI * fraction));
        let decayed = (1.0 - self.alpha) * cosine_decayed + self.alpha;
        self.initial_learning_rate * decayed
    }

    /// The learning rate at optimizer step `step` (`step ≥ 0`), with the exact cycle.
    pub fn lr(&self, step: f64) -> LearningRate {
        let p = locate(step, self.first_decay_steps, self.t_mul);
        self.value(f64::from(p.index), p.t_cur / p.t_i)
    }

    /// The cycle index Keras computes at `step` in float32 (its default dtype):
    /// `floor(f)` when `t_mul == 1`, else `floor(log(1 − f·(1 − t_mul)) / log(t_mul))` with
    /// `f = step/first_decay_steps`. Rust's f32 `ln` stands in for XLA's float32 `log`; the two
    /// can differ in the last bit, so this is a faithful but not bit-guaranteed imitation.
    pub fn library_cycle_index(&self, step: f64) -> f64 {
        let f = (step as f32) / (self.first_decay_steps as f32);
        let t_mul = self.t_mul as f32;
        let i = if t_mul == 1.0 {
            f.floor()
        } else {
            ((1.0f32 - f * (1.0f32 - t_mul)).ln() / t_mul.ln()).floor()
        };
        f64::from(i)
    }

    /// A [`Quirk`] at integer step `step` when Keras' float32 `floor(log(..))` puts the step in
    /// a different cycle than the exact one (typically at a restart point, where the library
    /// then returns the end of the previous cycle instead of the restart). The library's value is
    /// Keras' formula with its cycle index (evaluated in f64). `None` where both agree.
    pub fn quirk(&self, step: usize) -> Option<Quirk> {
        let t = step as f64;
        let exact = locate(t, self.first_decay_steps, self.t_mul);
        let i_lib = self.library_cycle_index(t);
        if i_lib == f64::from(exact.index) {
            return None;
        }
        let f = t / self.first_decay_steps;
        let fraction = if self.t_mul as f32 == 1.0 {
            f - i_lib
        } else {
            let sum_r =
                (1.0 - crate::schedule::pymath::pow(self.t_mul, i_lib)) / (1.0 - self.t_mul);
            (f - sum_r) / crate::schedule::pymath::pow(self.t_mul, i_lib)
        };
        Some(Quirk {
            step,
            library_value: self.value(i_lib, fraction),
            correct_value: self.lr(t),
            message: format!(
                "keras CosineDecayRestarts at step {step}: float32 floor(log(1 - f*(1 - t_mul)) / log(t_mul)) = {i_lib} \
                 puts the step in cycle {i_lib}; the exact cycle is {}",
                exact.index
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_decay_without_warmup() {
        let s = CosineDecay::new(0.1, 100.0, 0.0, None, 0.0).unwrap();
        assert_eq!(s.lr(0.0), 0.1);
        // golden/README.md (keras): CosineDecay(0.1, 100) at t = 99 is 2.467198171342e-05 from
        // an f64 formula (keras' float32 prints 2.467334343236871e-05).
        assert!((s.lr(99.0) - 2.467198171342e-05).abs() < 1e-16);
        assert_eq!(s.lr(100.0), s.lr(150.0));
    }

    #[test]
    fn alpha_is_a_fraction() {
        // PITFALLS.md H2: CosineDecay(lr0, decay_steps, alpha=a) ends at a·lr0.
        let s = CosineDecay::new(0.2, 10.0, 0.1, None, 0.0).unwrap();
        assert!((s.lr(10.0) - 0.02).abs() < 1e-17);
    }

    #[test]
    fn warmup_excludes_decay_steps() {
        // SEMANTICS.md §5: initial 0, target 1, warmup 10, decay_steps 100, alpha 0.1:
        // step 100 → 0.122 (not yet at the floor), floor 0.1 reached at step 110.
        let s = CosineDecay::new(0.0, 100.0, 0.1, Some(1.0), 10.0).unwrap();
        assert!((s.lr(100.0) - 0.122).abs() < 5e-4, "{}", s.lr(100.0));
        assert!((s.lr(110.0) - 0.1).abs() < 1e-16);
        assert_eq!(s.lr(110.0), s.lr(500.0));
        assert_eq!(s.lr(10.0), 1.0);
        // golden/README.md: keras' linear warmup (warmup 10, 0 → 0.1) gives 0.010000000000000002 at step 1.
        let g = CosineDecay::new(0.0, 100.0, 0.0, Some(0.1), 10.0).unwrap();
        assert_eq!(g.lr(1.0), 0.010000000000000002);
    }

    #[test]
    fn warmup_steps_ignored_without_target() {
        let a = CosineDecay::new(0.1, 100.0, 0.0, None, 10.0).unwrap();
        let b = CosineDecay::new(0.1, 100.0, 0.0, None, 0.0).unwrap();
        assert_eq!(a.lr(5.0), b.lr(5.0));
    }

    #[test]
    fn cosine_decay_steps_must_be_positive() {
        assert_eq!(
            CosineDecay::new(0.1, 0.0, 0.0, None, 0.0)
                .unwrap_err()
                .field(),
            "decay_steps"
        );
    }

    #[test]
    fn h1_m_mul_does_not_scale_the_floor() {
        // PITFALLS.md H1 / SEMANTICS.md §5: CosineDecayRestarts(1.0, 10, t_mul=2, m_mul=0.5,
        // alpha=0.1): peaks 1.0, 0.55, 0.325, 0.2125 at steps 0, 10, 30, 70; troughs → 0.1.
        let s = CosineDecayRestarts::new(1.0, 10.0, 2.0, 0.5, 0.1).unwrap();
        for (t, want) in [(0.0, 1.0), (10.0, 0.55), (30.0, 0.325), (70.0, 0.2125)] {
            assert!((s.lr(t) - want).abs() < 1e-15, "t = {t}: {}", s.lr(t));
        }
        assert!((s.lr(9.999999) - 0.1).abs() < 1e-9);
        assert!(s.lr(69.0) > 0.1 && s.lr(69.0) < 0.1005);
    }

    #[test]
    fn restart_at_121_for_t_mul_3() {
        // golden/README.md (keras): CosineDecayRestarts with t_mul=3 restarts correctly at
        // t=121 (1.0). The exact cycle gives it, and keras' float32 search agrees (no quirk).
        let s = CosineDecayRestarts::new(1.0, 1.0, 3.0, 1.0, 0.0).unwrap();
        assert_eq!(s.lr(121.0), 1.0);
        assert_eq!(s.library_cycle_index(121.0), 5.0);
        assert!(s.quirk(121).is_none());
    }

    #[test]
    fn quirk_reports_a_misplaced_cycle() {
        // first_decay_steps 16, t_mul 2.75: cycles of 16, 44, 121 end exactly at step 181. In
        // float32, log(1 + 11.3125·1.75)/log(2.75) floors to 2 (found by scanning integer
        // first_decay_steps ≤ 50 and t_mul = k/4 with Rust's f32 ln), so keras would return the
        // end of cycle 2 (the floor alpha·initial = 0) where the exact restart gives 1.0.
        let s = CosineDecayRestarts::new(1.0, 16.0, 2.75, 1.0, 0.0).unwrap();
        assert_eq!(s.library_cycle_index(181.0), 2.0);
        let q = s.quirk(181).expect("a quirk at the restart");
        assert_eq!((q.step, q.correct_value), (181, 1.0));
        assert!(q.library_value.abs() < 1e-12, "{}", q.library_value);
        assert!(s.quirk(180).is_none() && s.quirk(182).is_none());
    }

    #[test]
    fn restarts_validation() {
        assert_eq!(
            CosineDecayRestarts::new(0.1, 0.0, 2.0, 1.0, 0.0)
                .unwrap_err()
                .field(),
            "first_decay_steps"
        );
        assert_eq!(
            CosineDecayRestarts::new(0.1, 10.0, 0.5, 1.0, 0.0)
                .unwrap_err()
                .field(),
            "t_mul"
        );
        assert_eq!(
            CosineDecayRestarts::new(0.1, 10.0, 2.0, f64::NAN, 0.0)
                .unwrap_err()
                .field(),
            "m_mul"
        );
    }
}
