//! Property tests for the timm and transformers dialects, through the same spec path as
//! `anneal eval`:
//! - valid specs give finite rates within the documented bounds;
//! - arbitrary malformed kwargs (random keys, values and types, odd `base_lr`, up to ~2000
//!   steps) never panic: every scheduler name answers `Ok` (with the right length) or a typed
//!   error that names a field;
//! - timm restarts with integer `t_initial` and integer `cycle_mul` land exactly on their
//!   integer boundaries (`lr == base_lr · cycle_decay^i` there, with `lr_min = 0`, no warmup).

use anneal::schedule::ScheduleError;
use anneal::spec::describe::{of_library, Library};
use anneal::spec::ScheduleSpec;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn make_spec(scheduler: &str, params: Value, base_lr: Option<f64>) -> ScheduleSpec {
    let params = match params {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    ScheduleSpec {
        scheduler: scheduler.to_string(),
        params,
        base_lr,
        epochs: None,
        metrics: None,
    }
}

fn names() -> Vec<&'static str> {
    [Library::Timm, Library::Transformers]
        .into_iter()
        .flat_map(of_library)
        .map(|s| s.path)
        .collect()
}

/// Every kwarg name either library takes, plus a few that neither does.
const KEYS: &[&str] = &[
    "t_initial",
    "lr_min",
    "cycle_mul",
    "cycle_decay",
    "cycle_limit",
    "warmup_t",
    "warmup_lr_init",
    "warmup_prefix",
    "t_in_epochs",
    "k_decay",
    "noise_range_t",
    "noise_pct",
    "noise_std",
    "noise_seed",
    "initialize",
    "num_warmup_steps",
    "num_training_steps",
    "num_cycles",
    "lr_end",
    "power",
    "timescale",
    "min_lr",
    "min_lr_rate",
    "warmup_lr_rate",
    "num_decay_steps",
    "num_stable_steps",
    "warmup_type",
    "decay_type",
    "min_lr_ratio",
    "last_epoch",
    "optimizer",
    "T_max",
    "",
];

fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-3i64..40).prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // non-finite become null, as in JSON
        (-5.0f64..50.0).prop_map(Value::from),
        prop::sample::select(vec!["linear", "cosine", "1-sqrt", "", "exp"]).prop_map(Value::from),
        prop::collection::vec(-3i64..10, 0..3).prop_map(|v| json!(v)),
        Just(json!({"a": 1})),
    ]
}

fn any_params() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        prop::sample::select(KEYS.to_vec()).prop_map(String::from),
        "[a-z_]{1,10}"
    ];
    prop::collection::btree_map(key, any_value(), 0..9)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

fn any_base_lr() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        any::<f64>().prop_map(Some),
        (-1.0f64..1.0).prop_map(Some),
        Just(Some(0.0))
    ]
}

/// A field name must be non-empty for every error except an unknown scheduler.
fn names_a_field(e: &ScheduleError) -> bool {
    !e.field().is_empty() || matches!(e, ScheduleError::UnknownParam { .. })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn malformed_specs_never_panic(
        which in 0usize..64,
        params in any_params(),
        base_lr in any_base_lr(),
        steps in 0usize..2000,
    ) {
        let all = names();
        let name = all[which % all.len()];
        let s = make_spec(name, params, base_lr);
        match s.evaluate(Some(steps)) {
            Ok(ev) => prop_assert_eq!(ev.lr.len(), steps),
            Err(e) => prop_assert!(names_a_field(&e), "{e}"),
        }
    }

    #[test]
    fn valid_timm_specs_are_finite_and_bounded(
        base in 1e-6f64..10.0,
        t_initial in prop_oneof![(1i64..100).prop_map(|v| v as f64), 0.5f64..100.0],
        lr_min_frac in 0.0f64..2.0,
        cycle_mul in prop_oneof![Just(1.0), (1i64..5).prop_map(|v| v as f64), 1.0f64..4.0],
        cycle_decay in 0.0f64..=1.0,
        cycle_limit in 0i64..10,
        warmup_t in 0i64..20,
        warmup_frac in 0.0f64..=1.0,
        warmup_prefix: bool,
        k_decay in 0.0f64..3.0,
        steps in 1usize..2000,
    ) {
        let lr_min = lr_min_frac * base * 0.1;
        let warmup_lr_init = warmup_frac * base;
        let s = make_spec("timm.scheduler.CosineLRScheduler", json!({
            "t_initial": t_initial, "lr_min": lr_min, "cycle_mul": cycle_mul,
            "cycle_decay": cycle_decay, "cycle_limit": cycle_limit, "warmup_t": warmup_t,
            "warmup_lr_init": warmup_lr_init, "warmup_prefix": warmup_prefix, "k_decay": k_decay,
        }), Some(base));
        let ev = s.evaluate(Some(steps)).expect("valid spec");
        // Warmup stays in [warmup_lr_init, base]; each cosine cycle in
        // [min(lr_min, peak), max(lr_min, peak)] with peak = base·cycle_decay^i ∈ [0, base].
        let hi = base.max(lr_min).max(warmup_lr_init) * (1.0 + 1e-12);
        for (t, lr) in ev.lr.iter().enumerate() {
            prop_assert!(lr.is_finite(), "t = {}: {}", t, lr);
            prop_assert!(*lr >= 0.0 && *lr <= hi, "t = {}: {} not in [0, {}]", t, lr, hi);
        }
        for q in &ev.quirks {
            prop_assert_eq!(q.correct_value, ev.lr[q.step]);
            prop_assert!(q.library_value != q.correct_value);
        }
    }

    #[test]
    fn timm_integer_restarts_land_exactly(
        base in 1e-4f64..10.0,
        t_initial in 1u64..20,
        cycle_mul in 1u64..6,
        cycle_decay in 0.9f64..=1.0,
        k_decay in 0.1f64..3.0,
    ) {
        let steps = 2000usize;
        let s = make_spec("timm.scheduler.CosineLRScheduler", json!({
            "t_initial": t_initial, "cycle_mul": cycle_mul, "cycle_decay": cycle_decay,
            "cycle_limit": 100_000, "k_decay": k_decay,
        }), Some(base));
        let ev = s.evaluate(Some(steps)).expect("valid spec");
        let (mut start, mut len, mut i) = (0u64, t_initial, 0i32);
        while (start as usize) < steps {
            // timm: lr_max = base · cycle_decay ** i (Python float ** int is C pow, which
            // Anneal computes as `pymath::pow` on every platform).
            let want = base * anneal::schedule::pymath::pow(cycle_decay, f64::from(i));
            let got = ev.lr[start as usize];
            prop_assert!(got == want, "restart {} at t = {}: {} != {}", i, start, got, want);
            start += len;
            len *= cycle_mul;
            i += 1;
        }
    }

    #[test]
    fn valid_transformers_specs_are_finite_and_bounded(
        which in 0usize..10,
        base in 1e-6f64..10.0,
        w in 0i64..50,
        n_extra in 0i64..500,
        num_cycles in 0.0f64..5.0,
        rate in 0.0f64..=1.0,
        power in 0.0f64..4.0,
        timescale in prop::option::of(1i64..1000),
        d in 0i64..300,
        shapes in (0usize..3, 0usize..3),
        steps in 1usize..2000,
    ) {
        let names: Vec<&str> = of_library(Library::Transformers).map(|s| s.path).collect();
        let name = names[which % names.len()];
        let n = w + n_extra + 1; // > W, so the polynomial decay never divides by zero
        let shape = ["linear", "cosine", "1-sqrt"];
        let params = match name.rsplit('.').next().unwrap_or("") {
            "get_constant_schedule" => json!({}),
            "get_constant_schedule_with_warmup" => json!({"num_warmup_steps": w}),
            "get_linear_schedule_with_warmup" => json!({"num_warmup_steps": w, "num_training_steps": n}),
            "get_cosine_schedule_with_warmup" | "get_cosine_with_hard_restarts_schedule_with_warmup" =>
                json!({"num_warmup_steps": w, "num_training_steps": n, "num_cycles": num_cycles}),
            "get_polynomial_decay_schedule_with_warmup" =>
                json!({"num_warmup_steps": w, "num_training_steps": n, "lr_end": rate * base * 0.999, "power": power}),
            "get_inverse_sqrt_schedule" => json!({"num_warmup_steps": w, "timescale": timescale}),
            "get_cosine_with_min_lr_schedule_with_warmup" =>
                json!({"num_warmup_steps": w, "num_training_steps": n, "num_cycles": num_cycles, "min_lr_rate": rate}),
            "get_cosine_with_min_lr_schedule_with_warmup_lr_rate" =>
                json!({"num_warmup_steps": w, "num_training_steps": n, "num_cycles": num_cycles,
                       "min_lr": rate * base, "warmup_lr_rate": rate}),
            _ => json!({"num_warmup_steps": w, "num_decay_steps": d, "num_training_steps": n + d,
                        "warmup_type": shape[shapes.0], "decay_type": shape[shapes.1],
                        "min_lr_ratio": rate, "num_cycles": num_cycles}),
        };
        let s = make_spec(name, params, Some(base));
        let ev = s.evaluate(Some(steps)).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Every factory's factor lies in [0, 1] for these ranges: lr ∈ [0, base_lr].
        for (t, lr) in ev.lr.iter().enumerate() {
            prop_assert!(lr.is_finite(), "{} step {}: {}", name, t, lr);
            prop_assert!(*lr >= 0.0 && *lr <= base * (1.0 + 1e-12), "{} step {}: {} not in [0, {}]", name, t, lr, base);
        }
    }
}
