//! Property tests for the optax and Keras dialects, through the same spec path as `anneal eval`:
//! - valid specs give finite rates within each schedule's documented range;
//! - arbitrary malformed params for every optax and Keras scheduler name never panic (the
//!   evaluation is `Ok` with one rate per step, or a typed error);
//! - Keras `CosineDecayRestarts` with integer `first_decay_steps` and integer `t_mul` restarts
//!   exactly at the integer boundaries, where `lr = initial·(m_mul^i·(1 − alpha) + alpha)`.

use anneal::spec::describe::{of_library, Library};
use anneal::spec::ScheduleSpec;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn spec(scheduler: &str, params: Value) -> ScheduleSpec {
    serde_json::from_value(json!({"scheduler": scheduler, "params": params})).expect("spec")
}

/// A valid spec with the closed range `[lo, hi]` its rates must stay in.
#[derive(Debug, Clone)]
struct Bounded {
    spec: ScheduleSpec,
    lo: f64,
    hi: f64,
}

fn bounded(scheduler: &str, params: Value, lo: f64, hi: f64) -> Bounded {
    Bounded {
        spec: spec(scheduler, params),
        lo,
        hi,
    }
}

fn optax_valid() -> impl Strategy<Value = Bounded> {
    let lr = 1e-4..1.0f64;
    let frac = 0.0..=1.0f64;
    prop_oneof![
        lr.clone().prop_map(|v| bounded("optax.constant_schedule", json!({"value": v}), v, v)),
        (lr.clone(), 1u32..500, frac.clone(), 0.0..3.0f64).prop_map(|(init, d, alpha, exponent)| bounded(
            "optax.cosine_decay_schedule",
            json!({"init_value": init, "decay_steps": d, "alpha": alpha, "exponent": exponent}),
            alpha * init,
            init
        )),
        (lr.clone(), frac.clone(), frac.clone(), 0u32..100, 1u32..500, 0.0..3.0f64).prop_map(
            |(peak, a, b, w, d, exponent)| {
                let (init, end) = (a * peak, b * peak);
                bounded(
                    "optax.warmup_cosine_decay_schedule",
                    json!({"init_value": init, "peak_value": peak, "warmup_steps": w,
                           "decay_steps": w + d, "end_value": end, "exponent": exponent}),
                    init.min(end),
                    peak,
                )
            }
        ),
        prop::collection::vec((lr.clone(), frac.clone(), 0u32..20, 1u32..200), 1..5).prop_map(|cycles| {
            let kwargs: Vec<Value> = cycles
                .iter()
                .map(|(peak, a, w, d)| {
                    json!({"init_value": a * peak, "peak_value": peak, "warmup_steps": w,
                           "decay_steps": w + d, "end_value": a * peak})
                })
                .collect();
            let lo = cycles.iter().map(|(p, a, _, _)| a * p).fold(f64::INFINITY, f64::min);
            let hi = cycles.iter().map(|(p, _, _, _)| *p).fold(0.0, f64::max);
            bounded("optax.sgdr_schedule", json!({"cosine_kwargs": kwargs}), lo, hi)
        }),
        (1u32..1000, lr.clone(), 0.0..1.0f64, 1.0..100.0f64, 1.0..1e5f64).prop_map(|(t, peak, pct, div, fdiv)| bounded(
            "optax.cosine_onecycle_schedule",
            json!({"transition_steps": t, "peak_value": peak, "pct_start": pct,
                   "div_factor": div, "final_div_factor": fdiv}),
            0.0,
            peak
        )),
        (1u32..1000, lr.clone(), 0.0..0.5f64, 0.5..1.0f64, 1.0..100.0f64, 1.0..1e5f64).prop_map(
            |(t, peak, ps, pf, div, fdiv)| bounded(
                "optax.linear_onecycle_schedule",
                json!({"transition_steps": t, "peak_value": peak, "pct_start": ps, "pct_final": pf,
                       "div_factor": div, "final_div_factor": fdiv}),
                0.0,
                peak
            )
        ),
        (lr.clone(), -5i32..300, 0.0..=1.0f64, -5i32..50, any::<bool>(), prop::option::of(frac.clone())).prop_map(
            |(init, t, rate, begin, staircase, end)| {
                let end_value = end.map(|e| e * init);
                bounded(
                    "optax.exponential_decay",
                    json!({"init_value": init, "transition_steps": t, "decay_rate": rate,
                           "transition_begin": begin, "staircase": staircase, "end_value": end_value}),
                    0.0,
                    init
                )
            }
        ),
        (lr.clone(), frac.clone(), 0u32..50, 1u32..100, 0.0..=1.0f64, any::<bool>()).prop_map(
            |(peak, a, w, t, rate, staircase)| bounded(
                "optax.warmup_exponential_decay_schedule",
                json!({"init_value": a * peak, "peak_value": peak, "warmup_steps": w,
                       "transition_steps": t, "decay_rate": rate, "staircase": staircase}),
                0.0,
                peak
            )
        ),
        (lr.clone(), prop::collection::btree_map(0u32..2000, frac.clone(), 0..5)).prop_map(|(init, bs)| {
            let obj: Map<String, Value> = bs.iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
            bounded("optax.piecewise_constant_schedule", json!({"init_value": init, "boundaries_and_scales": obj}), 0.0, init)
        }),
        (lr.clone(), any::<bool>(), prop::collection::btree_map(0u32..2000, 0.0..2.0f64, 0..5)).prop_map(
            |(init, cos, bs)| {
                let obj: Map<String, Value> = bs.iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
                let mut acc = init;
                let (mut lo, mut hi) = (init, init);
                for s in bs.values() {
                    acc *= s;
                    lo = lo.min(acc);
                    hi = hi.max(acc);
                }
                let kind = if cos { "cosine" } else { "linear" };
                bounded(
                    "optax.piecewise_interpolate_schedule",
                    json!({"interpolate_type": kind, "init_value": init, "boundaries_and_scales": obj}),
                    lo,
                    hi,
                )
            }
        ),
        (lr.clone(), frac.clone(), 0.0..4.0f64, -5i32..500, -5i32..50).prop_map(|(init, e, power, t, begin)| bounded(
            "optax.polynomial_schedule",
            json!({"init_value": init, "end_value": e * init, "power": power,
                   "transition_steps": t, "transition_begin": begin}),
            e * init,
            init
        )),
        (lr.clone(), frac.clone(), -5i32..500).prop_map(|(init, e, t)| bounded(
            "optax.linear_schedule",
            json!({"init_value": init, "end_value": e * init, "transition_steps": t}),
            e * init,
            init
        )),
        (lr, frac, -5i32..500).prop_map(|(peak, a, w)| bounded(
            "optax.warmup_constant_schedule",
            json!({"init_value": a * peak, "peak_value": peak, "warmup_steps": w}),
            a * peak,
            peak
        )),
    ]
}

fn keras_valid() -> impl Strategy<Value = Bounded> {
    let lr = 1e-4..1.0f64;
    let frac = 0.0..=1.0f64;
    prop_oneof![
        (lr.clone(), 1u32..500, frac.clone(), prop::option::of(lr.clone()), 0u32..100).prop_map(
            |(init, d, alpha, target, w)| {
                let top = target.unwrap_or(init);
                bounded(
                    "keras.optimizers.schedules.CosineDecay",
                    json!({"initial_learning_rate": init, "decay_steps": d, "alpha": alpha,
                           "warmup_target": target, "warmup_steps": w, "name": "cd"}),
                    (alpha * top).min(init),
                    init.max(top),
                )
            }
        ),
        (lr.clone(), 1u32..100, 1.0..3.0f64, frac.clone(), frac.clone()).prop_map(|(init, first, t_mul, m_mul, alpha)| bounded(
            "keras.optimizers.schedules.CosineDecayRestarts",
            json!({"initial_learning_rate": init, "first_decay_steps": first, "t_mul": t_mul,
                   "m_mul": m_mul, "alpha": alpha}),
            alpha * init,
            init
        )),
        (lr.clone(), 1u32..100, 0.5..=1.0f64, any::<bool>()).prop_map(|(init, d, rate, staircase)| bounded(
            "keras.optimizers.schedules.ExponentialDecay",
            json!({"initial_learning_rate": init, "decay_steps": d, "decay_rate": rate, "staircase": staircase}),
            0.0,
            init
        )),
        (lr.clone(), 1u32..100, 0.0..5.0f64, any::<bool>()).prop_map(|(init, d, rate, staircase)| bounded(
            "keras.optimizers.schedules.InverseTimeDecay",
            json!({"initial_learning_rate": init, "decay_steps": d, "decay_rate": rate, "staircase": staircase}),
            0.0,
            init
        )),
        (lr.clone(), 1u32..300, frac, 0.0..4.0f64, any::<bool>()).prop_map(|(init, d, e, power, cycle)| bounded(
            "keras.optimizers.schedules.PolynomialDecay",
            json!({"initial_learning_rate": init, "decay_steps": d, "end_learning_rate": e * init,
                   "power": power, "cycle": cycle}),
            e * init,
            init
        )),
        prop::collection::btree_map(0u32..2000, lr, 2..6).prop_map(|m| {
            let mut boundaries: Vec<u32> = m.keys().copied().collect();
            let values: Vec<f64> = m.values().copied().collect();
            boundaries.pop();
            let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = values.iter().copied().fold(0.0, f64::max);
            bounded(
                "keras.optimizers.schedules.PiecewiseConstantDecay",
                json!({"boundaries": boundaries, "values": values}),
                lo,
                hi,
            )
        }),
    ]
}

fn check_bounded(b: &Bounded, steps: usize) -> Result<(), TestCaseError> {
    let ev = b
        .spec
        .evaluate(Some(steps))
        .map_err(|e| TestCaseError::fail(format!("{:?}: {e}", b.spec)))?;
    prop_assert_eq!(ev.lr.len(), steps);
    let eps = 1e-12 * b.hi.abs().max(b.lo.abs()).max(1e-300);
    for (t, v) in ev.lr.iter().enumerate() {
        prop_assert!(v.is_finite(), "{:?} step {}: {}", b.spec, t, v);
        prop_assert!(
            *v >= b.lo - eps && *v <= b.hi + eps,
            "{:?} step {}: {} not in [{}, {}]",
            b.spec,
            t,
            v,
            b.lo,
            b.hi
        );
    }
    Ok(())
}

/// Any JSON value a user might type: numbers of every sign and size, bools, strings, lists,
/// objects (including lists of objects, the shape of `cosine_kwargs`).
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-2000i64..2000).prop_map(|v| json!(v)),
        prop_oneof![
            Just(0.0f64),
            Just(-0.0),
            Just(1e-300),
            Just(1e300),
            Just(-1e300),
            -10.0..10.0f64
        ]
        .prop_map(|v| json!(v)),
        any::<i64>().prop_map(|v| json!(v)),
        any::<u64>().prop_map(|v| json!(v)),
        "[a-z0-9_.-]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(prop_oneof!["-?[0-9]{1,4}", "[a-z_]{1,12}"], inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every kwarg name any optax or Keras scheduler takes, plus a few foreign ones.
const KWARG_NAMES: &[&str] = &[
    "value",
    "init_value",
    "peak_value",
    "end_value",
    "decay_steps",
    "alpha",
    "exponent",
    "warmup_steps",
    "cosine_kwargs",
    "transition_steps",
    "pct_start",
    "pct_final",
    "div_factor",
    "final_div_factor",
    "decay_rate",
    "transition_begin",
    "staircase",
    "boundaries_and_scales",
    "interpolate_type",
    "power",
    "initial_learning_rate",
    "first_decay_steps",
    "t_mul",
    "m_mul",
    "warmup_target",
    "name",
    "end_learning_rate",
    "cycle",
    "boundaries",
    "values",
    "T_max",
    "eta_min",
    "lr",
];

fn malformed_params() -> impl Strategy<Value = Map<String, Value>> {
    let key = prop_oneof![4 => prop::sample::select(KWARG_NAMES).prop_map(str::to_string), 1 => "[a-zA-Z_]{1,10}"];
    prop::collection::btree_map(key, arbitrary_json(), 0..8).prop_map(|m| m.into_iter().collect())
}

fn all_names() -> Vec<&'static str> {
    [Library::Optax, Library::Keras]
        .into_iter()
        .flat_map(of_library)
        .map(|s| s.path)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn optax_valid_specs_are_finite_and_bounded(b in optax_valid(), steps in 1usize..600) {
        check_bounded(&b, steps)?;
    }

    #[test]
    fn keras_valid_specs_are_finite_and_bounded(b in keras_valid(), steps in 1usize..600) {
        check_bounded(&b, steps)?;
    }

    #[test]
    fn malformed_params_never_panic(
        name in prop::sample::select(all_names()),
        params in malformed_params(),
        base_lr in prop::option::of(-1.0..1.0f64),
        steps in 0usize..2000,
    ) {
        let spec = ScheduleSpec { scheduler: name.to_string(), params, base_lr, epochs: None, metrics: None };
        if let Ok(ev) = spec.evaluate(Some(steps)) {
            prop_assert_eq!(ev.lr.len(), steps);
        }
    }

    #[test]
    fn keras_restarts_land_on_integer_boundaries(
        init in 1e-3..1.0f64,
        first in 1u64..60,
        t_mul in 1u64..5,
        m_mul in 0.0..=1.0f64,
        alpha in 0.0..=1.0f64,
    ) {
        let s = spec("keras.optimizers.schedules.CosineDecayRestarts", json!({
            "initial_learning_rate": init, "first_decay_steps": first, "t_mul": t_mul as f64,
            "m_mul": m_mul, "alpha": alpha}));
        let ev = s.evaluate(Some(2000)).expect("valid");
        let (mut start, mut len, mut i) = (0u64, first, 0i32);
        while start < 2000 {
            let want = init * (m_mul.powi(i) * (1.0 - alpha) + alpha);
            let got = ev.lr[start as usize];
            prop_assert!((got - want).abs() <= 1e-12 * want.abs().max(1e-300),
                "restart {} at step {}: got {}, want {}", i, start, got, want);
            start += len;
            len *= t_mul;
            i += 1;
        }
    }
}
