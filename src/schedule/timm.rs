//! `timm` schedules: [`CosineLRScheduler`] (`timm/scheduler/cosine_lr.py` with the base class
//! in `timm/scheduler/scheduler.py`, huggingface/pytorch-image-models, timm 1.0.31).
//!
//! timm's schedulers are stateless: the training loop passes the epoch (`step(epoch)`) or the
//! update count (`step_update(num_updates)`) and the scheduler sets the rate for it, so the
//! schedule is a plain function of `t` (which may be fractional). `t_in_epochs` only chooses
//! which of the two calls is honoured; the rate as a function of its argument is the same.
//!
//! With `cycle_mul != 1`, timm finds the cycle with `floor(math.log(..))`, which lands in the
//! wrong cycle at some exact restart points (`t_initial = 1, cycle_mul = 3, t = 121` gives
//! `lr_min` instead of the restart). Anneal finds the cycle by summing cycle lengths
//! ([`super::cycle::locate`]) and reports timm's value beside it as a [`Quirk`].

use std::f64::consts::PI;

use super::cycle::locate;
use super::{Evaluation, LearningRate, Quirk, ScheduleError};

/// Beyond this many cycles the exact cycle search (a loop over cycles) is not attempted and
/// timm's own closed form is used as is (such schedules are never plotted).
const MAX_EXACT_CYCLES: f64 = 10_000.0;

/// The keyword arguments of `timm.scheduler.CosineLRScheduler` that shape the rate, with
/// timm's defaults (`Default`). Times (`t_initial`, `warmup_t`) are in the unit of `t`:
/// epochs when `t_in_epochs`, optimizer updates otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct CosineLRConfig {
    /// Length of the first cycle (required by timm; no default, here 1.0). Must be `> 0`.
    pub t_initial: f64,
    /// Absolute floor of every cycle (default 0). Must be `>= 0`; not decayed by `cycle_decay`.
    pub lr_min: f64,
    /// Growth factor of the cycle length (default 1). Anneal requires `>= 1`.
    pub cycle_mul: f64,
    /// Factor applied to the peak at every restart: cycle `i` peaks at `base_lr · cycle_decay^i`
    /// (default 1).
    pub cycle_decay: f64,
    /// Number of cycles run; from cycle `cycle_limit` on the rate is `lr_min` (default 1).
    pub cycle_limit: f64,
    /// Length of the linear warmup (default 0 = none). Must be `>= 0`.
    pub warmup_t: f64,
    /// Rate at `t = 0` of the warmup (default 0).
    pub warmup_lr_init: f64,
    /// If true the cosine clock starts after the warmup (`t − warmup_t`); otherwise the warmup
    /// overlays the first `warmup_t` units of the first cycle (default false).
    pub warmup_prefix: bool,
    /// true: `t` counts epochs (`step(epoch)`); false: updates (`step_update(n)`). Does not
    /// change the rate as a function of `t` (default true).
    pub t_in_epochs: bool,
    /// Exponent of k-decay (arXiv:2004.05909): the cosine argument is `π · t_cur^k / t_i^k`
    /// (default 1). Anneal requires `>= 0` (timm raises `ZeroDivisionError` at every restart
    /// for `k < 0`, since `0.0 ** k`).
    pub k_decay: f64,
}

impl Default for CosineLRConfig {
    fn default() -> Self {
        CosineLRConfig {
            t_initial: 1.0,
            lr_min: 0.0,
            cycle_mul: 1.0,
            cycle_decay: 1.0,
            cycle_limit: 1.0,
            warmup_t: 0.0,
            warmup_lr_init: 0.0,
            warmup_prefix: false,
            t_in_epochs: true,
            k_decay: 1.0,
        }
    }
}

/// `timm.scheduler.CosineLRScheduler`: SGDR cosine with restarts (arXiv:1608.03983), linear
/// warmup, growing cycles, peak decay and k-decay, as `CosineLRScheduler._get_lr(t)` computes it.
///
/// For `t < warmup_t`: `lr = warmup_lr_init + t · (base_lr − warmup_lr_init) / warmup_t`
/// (`base_lr` itself is never output by the warmup). Otherwise, with `t ← t − warmup_t` if
/// `warmup_prefix`, cycle `i` of length `t_i = t_initial · cycle_mul^i` containing `t` at
/// offset `t_cur`:
///
/// `lr = lr_min + ½ (base_lr · cycle_decay^i − lr_min) (1 + cos(π · t_cur^k / t_i^k))` if
/// `i < cycle_limit`, else `lr_min`.
///
/// Units: `t` is the argument of `step(epoch)` / `step_update(num_updates)`, counted from 0,
/// possibly fractional. Source: `timm/scheduler/cosine_lr.py`.
#[derive(Debug, Clone, PartialEq)]
pub struct CosineLRScheduler {
    /// The optimizer's learning rate (`initial_lr` of the param group).
    pub base_lr: f64,
    /// The shaping kwargs.
    pub config: CosineLRConfig,
}

/// Where `t` falls after the warmup: cycle index, cycle length, offset in the cycle.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cycle {
    index: f64,
    t_i: f64,
    t_cur: f64,
}

/// Python's float floor division `a // b` (CPython `float_divmod`), exact for finite operands.
fn py_floordiv(a: f64, b: f64) -> f64 {
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div != 0.0 {
        let mut fl = div.floor();
        if div - fl > 0.5 {
            fl += 1.0;
        }
        fl
    } else {
        0.0_f64.copysign(a / b)
    }
}

impl CosineLRScheduler {
    /// Builds the schedule.
    ///
    /// # Errors
    /// [`ScheduleError::Invalid`] naming the field when:
    /// - `base_lr` or any config value is not finite;
    /// - `t_initial <= 0` or `lr_min < 0` (timm's own `assert`s);
    /// - `cycle_mul < 1` (timm's `math.log` raises once cycles shrink away; Anneal's rule);
    /// - `warmup_t < 0` or `k_decay < 0` (Anneal's rules; see the fields).
    pub fn new(base_lr: f64, config: CosineLRConfig) -> Result<Self, ScheduleError> {
        let c = &config;
        let finite = [
            ("base_lr", base_lr),
            ("t_initial", c.t_initial),
            ("lr_min", c.lr_min),
            ("cycle_mul", c.cycle_mul),
            ("cycle_decay", c.cycle_decay),
            ("cycle_limit", c.cycle_limit),
            ("warmup_t", c.warmup_t),
            ("warmup_lr_init", c.warmup_lr_init),
            ("k_decay", c.k_decay),
        ];
        if let Some((field, v)) = finite.iter().find(|(_, v)| !v.is_finite()) {
            return Err(ScheduleError::invalid(*field, v, "must be a finite number"));
        }
        if c.t_initial <= 0.0 {
            return Err(ScheduleError::invalid(
                "t_initial",
                c.t_initial,
                "timm asserts t_initial > 0",
            ));
        }
        if c.lr_min < 0.0 {
            return Err(ScheduleError::invalid(
                "lr_min",
                c.lr_min,
                "timm asserts lr_min >= 0",
            ));
        }
        if c.cycle_mul < 1.0 {
            return Err(ScheduleError::invalid(
                "cycle_mul",
                c.cycle_mul,
                "must be >= 1 (with shrinking cycles timm's math.log raises ValueError after a finite time)",
            ));
        }
        if c.warmup_t < 0.0 {
            return Err(ScheduleError::invalid(
                "warmup_t",
                c.warmup_t,
                "a warmup length must be >= 0",
            ));
        }
        if c.k_decay < 0.0 {
            return Err(ScheduleError::invalid(
                "k_decay",
                c.k_decay,
                "must be >= 0 (timm raises ZeroDivisionError at every restart, 0.0 ** k_decay)",
            ));
        }
        Ok(CosineLRScheduler { base_lr, config })
    }

    /// Start of the warmup's linear ramp as timm computes it: `warmup_steps = (base − init) / warmup_t`.
    fn warmup_lr(&self, t: f64) -> f64 {
        let c = &self.config;
        let step = (self.base_lr - c.warmup_lr_init) / c.warmup_t;
        c.warmup_lr_init + t * step
    }

    /// The cosine clock: `t` shifted by the warmup when `warmup_prefix`.
    fn clock(&self, t: f64) -> f64 {
        if self.config.warmup_prefix {
            t - self.config.warmup_t
        } else {
            t
        }
    }

    /// timm's cycle, computed as `_get_lr` does (float log for `cycle_mul != 1`).
    fn library_cycle(&self, t: f64) -> Cycle {
        let c = &self.config;
        if c.cycle_mul != 1.0 {
            let arg = 1.0 - t / c.t_initial * (1.0 - c.cycle_mul);
            // math.log(x, base), the same bits natively and in wasm.
            let index = crate::schedule::pymath::log_base(arg, c.cycle_mul).floor();
            let t_i = crate::schedule::pymath::pow(c.cycle_mul, index) * c.t_initial;
            let t_cur = t
                - (1.0 - crate::schedule::pymath::pow(c.cycle_mul, index)) / (1.0 - c.cycle_mul)
                    * c.t_initial;
            Cycle { index, t_i, t_cur }
        } else {
            let index = py_floordiv(t, c.t_initial);
            Cycle {
                index,
                t_i: c.t_initial,
                t_cur: t - c.t_initial * index,
            }
        }
    }

    /// The rate inside the cosine phase, given the cycle (timm's expression, term for term).
    fn cosine_lr(&self, cy: Cycle) -> f64 {
        let c = &self.config;
        if cy.index < c.cycle_limit {
            let lr_max = self.base_lr * crate::schedule::pymath::pow(c.cycle_decay, cy.index);
            let k = c.k_decay;
            c.lr_min
                + 0.5
                    * (lr_max - c.lr_min)
                    * (1.0
                        + crate::schedule::pymath::cos(
                            PI * crate::schedule::pymath::pow(cy.t_cur, k)
                                / crate::schedule::pymath::pow(cy.t_i, k),
                        ))
        } else {
            c.lr_min
        }
    }

    /// Both values at `t`: `(correct, library, Some((library cycle, exact cycle)))` where the
    /// library's cycle is not the exact one (a different index, or the same index with a
    /// negative offset from the rounded closed-form start).
    fn both(&self, t: f64) -> (f64, f64, Option<(Cycle, Cycle)>) {
        let t = if t.is_nan() || t < 0.0 { 0.0 } else { t };
        if t < self.config.warmup_t {
            let v = self.warmup_lr(t);
            return (v, v, None);
        }
        let tc = self.clock(t);
        let lib = self.library_cycle(tc);
        let lib_value = self.cosine_lr(lib);
        let c = &self.config;
        let searchable = lib.index.abs() <= MAX_EXACT_CYCLES; // false for NaN too
        if c.cycle_mul == 1.0 || !searchable {
            return (lib_value, lib_value, None);
        }
        let pos = locate(tc, c.t_initial, c.cycle_mul);
        let exact = Cycle {
            index: f64::from(pos.index),
            t_i: pos.t_i,
            t_cur: pos.t_cur,
        };
        if exact.index == lib.index && lib.t_cur >= 0.0 {
            (lib_value, lib_value, None)
        } else {
            (self.cosine_lr(exact), lib_value, Some((lib, exact)))
        }
    }

    /// The correct learning rate at `t` (epochs or updates, counted from 0, may be
    /// fractional; negative or NaN `t` is taken as 0). The cycle is found by summing cycle
    /// lengths, so restarts with integer `t_initial` and `cycle_mul` land exactly on their
    /// boundaries. Equal to timm's value except at the points reported by [`Self::evaluate_at`].
    pub fn lr(&self, t: f64) -> LearningRate {
        self.both(t).0
    }

    /// What timm itself returns at `t` (`CosineLRScheduler._get_lr(t)[0]`), with its
    /// `floor(math.log(..))` cycle. NaN where timm would raise (a negative `t_cur` raised to
    /// a fractional `k_decay`).
    pub fn library_lr(&self, t: f64) -> LearningRate {
        self.both(t).1
    }

    /// Evaluates at each of `ts` (index = position in `ts`), with a [`Quirk`] wherever timm's
    /// float-log cycle differs from the exact one and so gives another value.
    pub fn evaluate_at(&self, ts: &[f64]) -> Evaluation {
        let mut ev = Evaluation::default();
        for (step, &t) in ts.iter().enumerate() {
            let (correct, library, cycles) = self.both(t);
            ev.lr.push(correct);
            if let Some((lib, exact)) = cycles {
                let same = correct == library || (correct.is_nan() && library.is_nan());
                if !same {
                    let c = &self.config;
                    let tc = self.clock(t);
                    let raises = if library.is_nan() {
                        " (timm raises TypeError there: a negative t_curr ** k_decay is complex in Python)"
                    } else {
                        ""
                    };
                    ev.quirks.push(Quirk {
                        step,
                        library_value: library,
                        correct_value: correct,
                        message: format!(
                            "timm CosineLRScheduler._get_lr({t}): floor(math.log({}, {})) = {} puts t at t_curr = {} of that cycle{raises}; the exact cycle is {} at t_cur = {}",
                            1.0 - tc / c.t_initial * (1.0 - c.cycle_mul),
                            c.cycle_mul,
                            lib.index,
                            lib.t_cur,
                            exact.index,
                            exact.t_cur
                        ),
                    });
                }
            }
        }
        ev
    }

    /// Evaluates at `t = 0, 1, …, n − 1` (see [`Self::evaluate_at`]).
    pub fn evaluate(&self, n: usize) -> Evaluation {
        let ts: Vec<f64> = (0..n).map(|t| t as f64).collect();
        self.evaluate_at(&ts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::abs_diff_eq;

    fn sched(base: f64, config: CosineLRConfig) -> CosineLRScheduler {
        CosineLRScheduler::new(base, config).expect("valid")
    }

    #[test]
    fn warmup_overlays_cosine_without_prefix() {
        // golden/README.md (timm): warmup_t=3, init 1e-5, base 0.1, t_initial 10:
        // 1e-05, 0.03334000000000001, 0.06667000000000001; prefix=False t=3 -> 0.07938926261462366.
        let c = CosineLRConfig {
            t_initial: 10.0,
            warmup_t: 3.0,
            warmup_lr_init: 1e-5,
            ..Default::default()
        };
        let s = sched(0.1, c);
        assert_eq!(s.lr(0.0), 1e-5);
        assert_eq!(s.lr(1.0), 0.03334000000000001);
        assert_eq!(s.lr(2.0), 0.06667000000000001);
        assert!(abs_diff_eq!(
            s.lr(3.0),
            0.07938926261462366,
            epsilon = 1e-17
        ));
    }

    #[test]
    fn warmup_prefix_shifts_the_cosine() {
        // golden/README.md (timm): warmup_prefix=True, t=3 gives the base 0.1.
        let c = CosineLRConfig {
            t_initial: 10.0,
            warmup_t: 3.0,
            warmup_lr_init: 1e-5,
            warmup_prefix: true,
            ..Default::default()
        };
        assert_eq!(sched(0.1, c).lr(3.0), 0.1);
    }

    #[test]
    fn k_decay_two_at_half_cycle() {
        // SEMANTICS.md §2: k=2 at half-cycle gives 0.854·Δ instead of 0.5·Δ
        // (½(1 + cos(π/4)) = 0.8535533905932737).
        let c = CosineLRConfig {
            t_initial: 10.0,
            k_decay: 2.0,
            ..Default::default()
        };
        assert!(abs_diff_eq!(
            sched(1.0, c.clone()).lr(5.0),
            0.5 * (1.0 + crate::schedule::pymath::cos(PI / 4.0)),
            epsilon = 1e-15
        ));
        let c1 = CosineLRConfig { k_decay: 1.0, ..c };
        assert!(abs_diff_eq!(sched(1.0, c1).lr(5.0), 0.5, epsilon = 1e-15));
    }

    #[test]
    fn clamped_after_cycle_limit_and_peak_decays() {
        // SEMANTICS.md §2: lr_max = base·cycle_decay^i; lr_min (absolute) from cycle cycle_limit on.
        let c = CosineLRConfig {
            t_initial: 10.0,
            lr_min: 0.001,
            cycle_decay: 0.5,
            cycle_limit: 3.0,
            ..Default::default()
        };
        let s = sched(0.1, c);
        assert_eq!(s.lr(0.0), 0.1);
        assert_eq!(s.lr(10.0), 0.001 + 0.5 * (0.05 - 0.001) * 2.0);
        assert_eq!(s.lr(20.0), 0.001 + 0.5 * (0.025 - 0.001) * 2.0);
        assert_eq!(s.lr(30.0), 0.001);
        assert_eq!(s.lr(1000.0), 0.001);
    }

    #[test]
    fn float_log_restart_is_a_quirk() {
        // SEMANTICS.md §2 / golden/README.md (timm): t_initial=1, cycle_mul=3, t=121 gives lr_min
        // (0.0) in timm instead of the restart; Python: math.log(243, 3) = 4.999999999999999.
        let c = CosineLRConfig {
            t_initial: 1.0,
            cycle_mul: 3.0,
            cycle_limit: 100.0,
            ..Default::default()
        };
        let s = sched(1.0, c);
        assert_eq!(s.lr(121.0), 1.0);
        assert_eq!(s.library_lr(121.0), 0.0);
        let ev = s.evaluate(122);
        assert_eq!(ev.quirks.len(), 1);
        let q = &ev.quirks[0];
        assert_eq!((q.step, q.library_value, q.correct_value), (121, 0.0, 1.0));
        // The other restarts 1, 4, 13, 40 agree with timm.
        for t in [1.0, 4.0, 13.0, 40.0] {
            assert_eq!(s.lr(t), 1.0, "t = {t}");
            assert_eq!(s.library_lr(t), 1.0, "t = {t}");
        }
    }

    #[test]
    fn rounded_closed_form_start_is_a_quirk() {
        // t_initial 10, cycle_mul 1.1: the cycle 3 starts at 10 + 11 + 12.1 summed in f64, which
        // equals 662 · 0.05; timm's closed form (1 − 1.1³)/(1 − 1.1)·10 rounds above it, so its
        // t_curr is −7.1e-15 and t_curr ** 1.5 is complex in Python (TypeError in math.cos).
        let c = CosineLRConfig {
            t_initial: 10.0,
            cycle_mul: 1.1,
            cycle_limit: 10.0,
            k_decay: 1.5,
            ..Default::default()
        };
        let s = sched(1.0, c);
        let t = 662.0 * 0.05;
        assert_eq!(s.lr(t), 1.0);
        assert!(s.library_lr(t).is_nan());
        let ev = s.evaluate_at(&[t]);
        assert_eq!(ev.quirks.len(), 1);
        assert!(ev.quirks[0].message.contains("TypeError"));
    }

    #[test]
    fn fractional_t_inside_growing_cycles() {
        // cycle_mul 2, t_initial 5: cycles [0,5), [5,15); t = 5.25 is 0.25 into a 10-long cycle.
        let c = CosineLRConfig {
            t_initial: 5.0,
            cycle_mul: 2.0,
            cycle_limit: 10.0,
            ..Default::default()
        };
        let s = sched(1.0, c);
        assert!(abs_diff_eq!(
            s.lr(5.25),
            0.5 * (1.0 + crate::schedule::pymath::cos(PI * 0.25 / 10.0)),
            epsilon = 1e-15
        ));
        assert!(abs_diff_eq!(
            s.lr(4.75),
            0.5 * (1.0 + crate::schedule::pymath::cos(PI * 4.75 / 5.0)),
            epsilon = 1e-15
        ));
    }

    #[test]
    fn pitfall_f1_prefix_false_never_hits_base() {
        // PITFALLS.md F1: base 1e-3, lr_min 1e-5, warmup_lr_init 1e-5, warmup_t 20, t_initial 300:
        // prefix=False: t=19 -> 9.505e-4, t=20 -> 9.892e-4, t=299 -> ~1e-5;
        // prefix=True, t_initial=300: t=20 -> 1e-3, t=299 -> 2.19e-5.
        let c = CosineLRConfig {
            t_initial: 300.0,
            lr_min: 1e-5,
            warmup_t: 20.0,
            warmup_lr_init: 1e-5,
            ..Default::default()
        };
        let s = sched(1e-3, c.clone());
        assert!(abs_diff_eq!(s.lr(19.0), 9.505e-4, epsilon = 5e-8)); // within half a unit of the last printed digit
        assert!(abs_diff_eq!(s.lr(20.0), 9.892e-4, epsilon = 5e-8));
        assert!(abs_diff_eq!(s.lr(299.0), 1e-5, epsilon = 1e-7));
        let p = sched(
            1e-3,
            CosineLRConfig {
                warmup_prefix: true,
                ..c
            },
        );
        assert_eq!(p.lr(20.0), 1e-3);
        assert!(abs_diff_eq!(p.lr(299.0), 2.19e-5, epsilon = 5e-8));
    }

    #[test]
    fn pitfall_f2_prefix_misses_lr_min() {
        // PITFALLS.md F2: base 1e-4, lr_min 1e-7, warmup 1e-7, warmup_t 100, prefix, t_initial 500:
        // epoch 499 -> ~9.82e-6.
        let c = CosineLRConfig {
            t_initial: 500.0,
            lr_min: 1e-7,
            warmup_t: 100.0,
            warmup_lr_init: 1e-7,
            warmup_prefix: true,
            ..Default::default()
        };
        assert!(abs_diff_eq!(
            sched(1e-4, c).lr(499.0),
            9.82e-6,
            epsilon = 5e-9
        ));
    }

    #[test]
    fn python_floor_division() {
        assert_eq!(py_floordiv(79.0, 10.0), 7.0);
        assert_eq!(py_floordiv(3.0, 0.1), 29.0); // Python: 3.0 // 0.1 == 29.0
        assert_eq!(py_floordiv(-1.0, 10.0), -1.0);
    }

    #[test]
    fn rejects_non_positive_t_initial() {
        let e = CosineLRScheduler::new(
            0.1,
            CosineLRConfig {
                t_initial: 0.0,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.field(), "t_initial");
    }

    #[test]
    fn rejects_negative_lr_min() {
        let e = CosineLRScheduler::new(
            0.1,
            CosineLRConfig {
                lr_min: -1e-3,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.field(), "lr_min");
    }

    #[test]
    fn rejects_shrinking_cycles() {
        let e = CosineLRScheduler::new(
            0.1,
            CosineLRConfig {
                cycle_mul: 0.5,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.field(), "cycle_mul");
    }

    #[test]
    fn rejects_negative_warmup_t() {
        let e = CosineLRScheduler::new(
            0.1,
            CosineLRConfig {
                warmup_t: -1.0,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.field(), "warmup_t");
    }

    #[test]
    fn rejects_negative_k_decay() {
        let e = CosineLRScheduler::new(
            0.1,
            CosineLRConfig {
                k_decay: -1.0,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.field(), "k_decay");
    }

    #[test]
    fn rejects_non_finite_values() {
        let e = CosineLRScheduler::new(f64::NAN, CosineLRConfig::default()).unwrap_err();
        assert_eq!(e.field(), "base_lr");
        let e = CosineLRScheduler::new(
            0.1,
            CosineLRConfig {
                cycle_decay: f64::INFINITY,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.field(), "cycle_decay");
    }
}
