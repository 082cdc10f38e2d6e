//! Property tests for the PyTorch dialect (`anneal::schedule::torch`, `anneal::spec::torch`):
//! 1. valid specs give finite rates within the schedule's documented bounds;
//! 2. arbitrary malformed params never panic (Ok or a typed error);
//! 3. CosineAnnealingWarmRestarts restarts land exactly on their integer boundaries.

use anneal::schedule::torch::{
    CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR, CyclicMode, ExponentialLR,
    OneCycleLR, StepLR,
};
use anneal::spec::describe::{of_library, Library};
use anneal::spec::ScheduleSpec;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn cfg() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

fn within(v: f64, lo: f64, hi: f64) -> bool {
    let tol = 1e-12 * lo.abs().max(hi.abs()).max(1e-300);
    v.is_finite() && v >= lo - tol && v <= hi + tol
}

proptest! {
    #![proptest_config(cfg())]

    /// CosineAnnealingLR, both forms: within [min(eta_min, base), max(eta_min, base)], also far
    /// past T_max (periodic).
    #[test]
    fn cosine_annealing_stays_between_eta_min_and_base(
        base in 0.0f64..10.0, eta_min in 0.0f64..10.0, t_max in 1i64..500, n in 1usize..1500,
    ) {
        let s = CosineAnnealingLR::new(base, t_max, eta_min).unwrap();
        let (lo, hi) = (base.min(eta_min), base.max(eta_min));
        let rec = s.recursive(n);
        prop_assert_eq!(rec.len(), n);
        // The recursion drifts (relative ~1e-12 after a few periods, reproduced by the same
        // formula in CPython), so its bound gets a drift allowance; the closed form is exact.
        let drift = 1e-9 * hi.max(1e-300);
        for (t, v) in rec.iter().enumerate() {
            prop_assert!(within(*v, lo - drift, hi + drift), "recursive t={} v={}", t, v);
            prop_assert!((v - s.closed_form(t as u64)).abs() <= drift, "drift t={}", t);
            prop_assert!(within(s.closed_form(t as u64), lo, hi), "closed t={}", t);
        }
    }

    /// CosineAnnealingWarmRestarts: integer and fractional forms within bounds.
    #[test]
    fn warm_restarts_stay_between_eta_min_and_base(
        base in 0.0f64..10.0, eta_min in 0.0f64..10.0, t_0 in 1i64..50, t_mult in 1i64..5,
        t in 0u64..5000, e in 0.0f64..5000.0,
    ) {
        let s = CosineAnnealingWarmRestarts::new(base, t_0, t_mult, eta_min).unwrap();
        let (lo, hi) = (base.min(eta_min), base.max(eta_min));
        prop_assert!(within(s.lr(t), lo, hi));
        prop_assert!(within(s.lr_at_epoch(e), lo, hi));
        prop_assert!(within(s.library_lr_at_epoch(e), lo, hi));
    }

    /// StepLR / ExponentialLR with 0 < gamma ≤ 1: finite, non-increasing, within (0, base].
    #[test]
    fn step_and_exponential_decay_monotonically(
        base in 1e-6f64..10.0, gamma in 0.01f64..=1.0, step_size in 1i64..50, n in 1usize..300,
    ) {
        for lrs in [StepLR::new(base, step_size, gamma).unwrap().lrs(n).unwrap(), ExponentialLR::new(base, gamma).unwrap().lrs(n)] {
            prop_assert_eq!(lrs.len(), n);
            prop_assert_eq!(lrs[0], base);
            for w in lrs.windows(2) {
                prop_assert!(w[1].is_finite() && w[1] >= 0.0 && w[1] <= w[0]);
            }
        }
    }

    /// OneCycleLR: within [min_lr, max_lr] up to total_steps − 1 (cos), momentum within
    /// [base_momentum, max_momentum]; one step past total_steps + 1 raises.
    #[test]
    fn one_cycle_stays_between_min_and_max(
        max_lr in 1e-4f64..10.0, total in 10u64..400, pct in 0.2f64..0.8, three in any::<bool>(),
    ) {
        let mut s = OneCycleLR::with_defaults(max_lr, total);
        s.pct_start = pct;
        s.three_phase = three;
        let ev = s.evaluate(total as usize).unwrap();
        let min_lr = max_lr / s.div_factor / s.final_div_factor;
        for v in &ev.lr {
            prop_assert!(within(*v, min_lr, max_lr), "{}", v);
        }
        for m in ev.momentum.unwrap() {
            prop_assert!(within(m, s.base_momentum, s.max_momentum), "{}", m);
        }
        prop_assert!(s.evaluate(total as usize + 2).is_err());
    }

    /// CyclicLR: within [base_lr, max_lr] for every mode, momentum within its bounds.
    #[test]
    fn cyclic_stays_between_base_and_max(
        lo in 0.0f64..1.0, span in 0.0f64..1.0, up in 1u32..30, down in 1u32..30,
        mode in 0u8..3, gamma in 0.9f64..=1.0, n in 1usize..400,
    ) {
        let mut s = CyclicLR::with_defaults(lo, lo + span);
        s.step_size_up = up as f64;
        s.step_size_down = Some(down as f64);
        s.gamma = gamma;
        s.mode = [CyclicMode::Triangular, CyclicMode::Triangular2, CyclicMode::ExpRange][mode as usize];
        let ev = s.evaluate(n).unwrap();
        for v in &ev.lr {
            prop_assert!(within(*v, lo, lo + span), "{}", v);
        }
        for m in ev.momentum.unwrap() {
            prop_assert!(within(m, s.base_momentum, s.max_momentum), "{}", m);
        }
    }

    /// CAWR restarts: at T_0·(T_mult^i − 1)/(T_mult − 1) (i·T_0 for T_mult = 1), T_cur = 0 and
    /// lr is PyTorch's formula at T_cur = 0, eta_min + (base − eta_min) — base_lr itself up to
    /// one rounding (the sum does not always round back to base, e.g. base 1e-6 with eta_min
    /// 7.9e-4: PyTorch gives the same value) — through lr(t) and lr_at_epoch(t as f64).
    #[test]
    fn warm_restarts_restart_exactly_on_boundaries(
        base in 1e-6f64..10.0, eta_min in 0.0f64..1e-3, t_0 in 1i64..40, t_mult in 1i64..11,
    ) {
        let s = CosineAnnealingWarmRestarts::new(base, t_0, t_mult, eta_min).unwrap();
        let (t_0, t_mult) = (t_0 as u64, t_mult as u64);
        let at_restart = eta_min + (base - eta_min);
        prop_assert!((at_restart - base).abs() <= f64::EPSILON * base.abs().max(eta_min));
        let mut start = 0u64;
        let mut len = t_0;
        for _ in 0..12 {
            if start > 1 << 40 {
                break;
            }
            prop_assert_eq!(s.lr(start), at_restart, "lr({})", start);
            prop_assert_eq!(s.lr_at_epoch(start as f64), at_restart, "lr_at_epoch({})", start);
            prop_assert_eq!(s.cycle(start).1, 0);
            start += len;
            len *= t_mult;
        }
    }
}

/// A random JSON value: numbers of every kind (incl. huge and negative), bools, strings,
/// nulls, lists and small objects.
fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..3000).prop_map(|v| json!(v)),
        any::<i64>().prop_map(|v| json!(v)),
        (-10.0f64..10.0).prop_map(|v| json!(v)),
        prop_oneof![
            Just(0.0),
            Just(1e308),
            Just(-1e308),
            Just(5e-324),
            Just(1.0),
            Just(2.0),
            Just(0.5)
        ]
        .prop_map(|v| json!(v)),
        "[a-z_]{0,8}".prop_map(Value::String),
        prop_oneof![
            Just("cos"),
            Just("linear"),
            Just("min"),
            Just("max"),
            Just("abs"),
            Just("rel"),
            Just("triangular2"),
            Just("exp_range")
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const KEYS: &[&str] = &[
    "T_max",
    "eta_min",
    "T_0",
    "T_mult",
    "step_size",
    "gamma",
    "milestones",
    "factor",
    "total_iters",
    "start_factor",
    "end_factor",
    "power",
    "max_lr",
    "total_steps",
    "epochs",
    "steps_per_epoch",
    "pct_start",
    "anneal_strategy",
    "cycle_momentum",
    "base_momentum",
    "max_momentum",
    "div_factor",
    "final_div_factor",
    "three_phase",
    "base_lr",
    "step_size_up",
    "step_size_down",
    "mode",
    "scale_fn",
    "scale_mode",
    "patience",
    "threshold",
    "threshold_mode",
    "cooldown",
    "min_lr",
    "eps",
    "last_epoch",
    "schedulers",
    "bogus",
];

/// Every described torch scheduler path.
fn torch_names() -> Vec<&'static str> {
    of_library(Library::Torch).map(|s| s.path).collect()
}

fn arb_params() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((prop::sample::select(KEYS), arb_value()), 0..8)
        .prop_map(|kv| kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn arb_sub_specs() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(torch_names()), arb_params()), 0..3).prop_map(
        |subs| {
            Value::Array(
                subs.into_iter()
                    .map(|(name, p)| json!({"scheduler": name, "params": p}))
                    .collect(),
            )
        },
    )
}

fn arb_base_lr() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        (0.0f64..1.0).prop_map(Some),
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-1.0),
            Just(1e308),
            Just(0.0),
            Just(-0.0)
        ]
        .prop_map(Some),
    ]
}

proptest! {
    #![proptest_config(cfg())]

    /// Malformed params for every torch scheduler never panic.
    #[test]
    fn malformed_specs_never_panic(
        name in prop::sample::select(torch_names()), mut params in arb_params(), subs in arb_sub_specs(),
        with_subs in any::<bool>(), base_lr in arb_base_lr(), steps in 0usize..2000,
        epochs in prop::option::of(prop::collection::vec(0.0f64..3000.0, 0..20)),
        metrics in prop::option::of(prop::collection::vec(-10.0f64..10.0, 0..20)),
    ) {
        if with_subs {
            params.insert("schedulers".into(), subs);
            params.insert("milestones".into(), json!([steps / 3]));
        }
        let spec = ScheduleSpec { scheduler: name.to_string(), params, base_lr, epochs, metrics };
        let implied = spec.implied_len();
        let steps = if implied.is_some() { None } else { Some(steps) };
        match spec.evaluate(steps) {
            Ok(ev) => prop_assert_eq!(ev.lr.len(), implied.or(steps).unwrap_or(0)),
            Err(e) => prop_assert!(!e.field().is_empty()),
        }
    }

    /// Well-formed kwargs with extreme values never panic either.
    #[test]
    fn extreme_valid_shapes_never_panic(
        name in prop::sample::select(torch_names()), int in any::<i64>(), x in any::<f64>(), steps in 0usize..2000,
    ) {
        let x = if x.is_finite() { x } else { 1e300 };
        let params = json!({
            "T_max": int, "eta_min": x, "T_0": int, "T_mult": int, "step_size": int, "gamma": x, "milestones": [int, int],
            "factor": x, "total_iters": int, "start_factor": x, "end_factor": x, "power": x, "max_lr": x,
            "total_steps": int, "pct_start": x, "div_factor": x, "final_div_factor": x, "base_lr": x,
            "step_size_up": x, "step_size_down": x, "patience": int, "threshold": x, "cooldown": int, "min_lr": x, "eps": x,
        });
        let Value::Object(all) = params else { unreachable!() };
        // Keep only some kwargs so that unknown-kwarg errors do not hide the arithmetic.
        let keep: Map<String, Value> = all.into_iter().filter(|(k, _)| {
            let h = k.bytes().fold(int as u64, |a, b| a.wrapping_mul(31).wrapping_add(b as u64));
            h % 3 != 0
        }).collect();
        let spec = ScheduleSpec { scheduler: name.to_string(), params: keep, base_lr: Some(x.abs()), epochs: None, metrics: Some(vec![x; 5]) };
        let _ = spec.evaluate(None);
        let spec = ScheduleSpec { metrics: None, ..spec };
        let _ = spec.evaluate(Some(steps));
    }
}
